/**
 * Test builds only (`OverlayEnv.debug`): what the overlay drew, written as JSON on the shadow host
 * (`data-angle-mort`) for the browser tests, and a timed full redraw on request (`angle-mort-bench` →
 * `data-angle-mort-bench`, the performance figures in docs/overlay.md). Release builds never call these.
 */
import type { Settings } from '../../lib/settings.ts';
import type { MapFrame } from '../../lib/sites/projection.ts';
import type { CssRect } from '../../lib/sites/types.ts';
import type { CameraSet } from './camera-set.ts';
import { round3, withMargin, type OverlayCanvases } from './canvases.ts';
import { drawOverlay, type DrawMode } from './draw.ts';
import type { DrawnRoutes, OverlayPlannerMap } from './planner-layer.ts';
import type { WallMask } from './walls-mask.ts';

/** What the overlay shows now, as the controller knows it. */
export interface DebugState {
  site: string;
  active: boolean;
  noMap: boolean;
  /** Active and the canvases visible. */
  visible: boolean;
  status: string | null;
  mode: DrawMode;
  frame: MapFrame | null;
  rect: CssRect | null;
  set: CameraSet | null;
  /** Cameras drawn inside the container (indices into `set`, positions in `set.xy`, container CSS px). */
  drawnIdx: Int32Array;
  truncated: boolean;
  stats: object;
  plannerMap: OverlayPlannerMap | undefined;
  routesLayer: boolean;
  drawnRoutes: DrawnRoutes;
}

/**
 * Listens for the test pages' requests: a timed redraw (`bench`), a fresh copy of the counters (`stats`), and a
 * route timed through the planner panel's own path (`route`: the request JSON in `data-angle-mort-route-ask`,
 * the answer's time in `data-angle-mort-route`; scripts/bench-cold-start-overlay.ts).
 */
export function listenForDebug(host: HTMLElement, bench: () => void, stats: () => void, route?: (ask: string) => void): void {
  if (route) host.addEventListener('angle-mort-route', () => route(host.dataset.angleMortRouteAsk ?? ''));
  // Test builds: a page can ask for a timed full redraw (the performance figures in docs/overlay.md).
  host.addEventListener('angle-mort-bench', bench);
  // …and a fresh copy of the counters, to prove that nothing ran while the overlay was off.
  host.addEventListener('angle-mort-stats', stats);
}

export function writeDebugRecord(host: HTMLElement, s: DebugState, dpr: number): void {
  const set = s.set;
  // [id, lon, lat, x, y]: container CSS px of each drawn camera, for the alignment tests.
  const drawn: Array<[string, number, number, number, number]> = [];
  if (set && s.visible) {
    for (const i of s.drawnIdx) drawn.push([set.cameras[i].id, set.lons[i], set.lats[i], round3(set.xy[2 * i]), round3(set.xy[2 * i + 1])]);
  }
  host.dataset.angleMort = JSON.stringify({
    site: s.site,
    active: s.active,
    noMap: s.noMap,
    visible: s.visible,
    status: s.status,
    mode: s.mode,
    frame: s.frame,
    rect: s.rect,
    dpr,
    cameraCount: set?.cameras.length ?? 0,
    truncated: s.truncated,
    stats: s.stats,
    drawn,
    planner: {
      picking: s.plannerMap?.pick ? s.plannerMap.pick.prompt : null,
      routesLayer: s.routesLayer,
      // [lon, lat, x, y] per drawn vertex, container CSS px, for the alignment tests.
      routes: s.visible ? s.drawnRoutes : [],
      // [role, lon, lat] per start, destination and via marker.
      markers: s.plannerMap?.layers.markers.map((m) => [m.role, m.at[0], m.at[1]]) ?? [],
      area: s.plannerMap?.layers.area?.kind ?? null,
      areaPolygon: Boolean(s.plannerMap?.layers.area?.polygon),
    },
  });
}

/**
 * Times `runs` full redraws of `frame` (canvas of container + margins, device px), with all layers and with
 * each layer alone, so the figures say where the time goes. Null without a 2D context.
 */
export function benchmarkRedraw(
  canvases: OverlayCanvases,
  frame: MapFrame,
  set: CameraSet,
  layers: Settings['layers'],
  dpr: number,
  walls: WallMask | null,
  drawnCount: number,
): object | null {
  const ctx = canvases.ctx;
  if (!ctx) return null;
  const big = withMargin(frame);
  const runs = 40;
  const time = (layers: Settings['layers']) => {
    const times: number[] = [];
    for (let k = 0; k < runs; k++) {
      const t0 = performance.now();
      drawOverlay(ctx, big, set, layers, dpr, canvases.spritesFor(dpr), canvases.coverageLayer ?? undefined, walls);
      // Reading one pixel forces the canvas to rasterise now, so the time includes the pixels, not just the calls.
      ctx.getImageData(0, 0, 1, 1);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { median: times[runs >> 1], p95: times[Math.floor(runs * 0.95)], max: times[runs - 1] };
  };
  return {
    runs,
    cameras: set.cameras.length,
    drawn: drawnCount,
    canvas: [canvases.canvas.width, canvases.canvas.height],
    all: time(layers),
    coverageOnly: time({ ...layers, cameras: false }),
    camerasOnly: time({ ...layers, coverage: false }),
  };
}
