/**
 * Canvas drawing of cameras, their coverage by tier, and a density layer at low zoom. Everything goes
 * through the one projection path (lib/sites/projection.ts); the context is scaled by the device pixel
 * ratio so all numbers here are CSS px. Shapes are batched by style: a few fills per frame, whatever the
 * number of cameras (the full redraw budget is 8 ms for all of Toulouse, see docs/overlay.md).
 */
import { projectPoints, type MapFrame } from '../../lib/sites/projection.ts';
import type { Settings } from '../../lib/settings.ts';
import type { CameraSet } from './camera-set.ts';
import { maskCanvas, type WallMask } from './walls-mask.ts';
import { COVERAGE_ALPHA, type Canvas2D } from './draw-style.ts';
import { drawCoverage, drawTierMap, type CoverageLayer } from './draw-coverage.ts';
import { drawSymbols, type SymbolSprites } from './draw-symbols.ts';
import { drawDensity, drawDots } from './draw-density.ts';

/** Below this zoom single cameras are clutter: the density layer (if on) replaces symbols and cones. */
export const HEAT_BELOW_ZOOM = 15;

export type DrawMode = 'symbols' | 'heat' | 'dots' | 'none';

export interface DrawResult {
  mode: DrawMode;
  /** Indices (into the set) of cameras drawn inside the container; their positions are in `set.xy`. */
  drawn: Int32Array;
}

/**
 * Clears and redraws the whole canvas for `frame`. `dpr` = device pixels per CSS px; the canvas is
 * `frame.width × dpr` by `frame.height × dpr` device px.
 */
export function drawOverlay(
  ctx: Canvas2D,
  frame: MapFrame,
  set: CameraSet,
  layers: Settings['layers'],
  dpr: number,
  sprites?: SymbolSprites,
  coverageLayer?: CoverageLayer,
  /** Walls in view (walls-mask.ts): coverage is not drawn inside them. */
  walls?: WallMask | null,
): DrawResult {
  // Line of sight starts its budget (and forgets what the last redraw left pending) on every redraw, whatever
  // the mode: a density or dots frame draws no coverage, so leaves nothing pending.
  walls?.sight?.beginFrame();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, frame.width, frame.height);
  if (coverageLayer) {
    const { ctx: cctx, canvas, scale } = coverageLayer;
    const w = Math.ceil(frame.width * scale);
    const h = Math.ceil(frame.height * scale);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    cctx.setTransform(1, 0, 0, 1, 0, 0);
    cctx.clearRect(0, 0, w, h);
  }
  const n = set.cameras.length;
  if (n === 0) return { mode: 'none', drawn: new Int32Array(0) };
  projectPoints(frame, set.lons, set.lats, set.xy);

  const lowZoom = frame.zoom < HEAT_BELOW_ZOOM;
  const mode: DrawMode = lowZoom
    ? layers.heat
      ? 'heat'
      : layers.cameras
        ? 'dots'
        : 'none'
    : layers.cameras || layers.coverage
      ? 'symbols'
      : 'none';

  // Cameras inside the container (symbols, dots and density use only these).
  const inside = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = set.xy[2 * i];
    const y = set.xy[2 * i + 1];
    if (x >= 0 && y >= 0 && x <= frame.width && y <= frame.height) inside[count++] = i;
  }
  const drawn = inside.subarray(0, count);
  if (mode === 'none') return { mode, drawn: new Int32Array(0) };

  if (mode === 'heat') {
    drawDensity(ctx, frame, set, drawn);
    return { mode, drawn };
  }
  if (mode === 'dots') {
    drawDots(ctx, set, drawn);
    return { mode, drawn };
  }
  if (layers.coverage) {
    if (coverageLayer && 'drawImage' in ctx) {
      drawTierMap(coverageLayer, frame, set, walls);
      if (coverageLayer.composite) {
        const main = ctx as unknown as CanvasRenderingContext2D;
        main.globalAlpha = COVERAGE_ALPHA;
        main.drawImage(
          coverageLayer.canvas,
          0,
          0,
          coverageLayer.canvas.width / coverageLayer.scale,
          coverageLayer.canvas.height / coverageLayer.scale,
        );
        main.globalAlpha = 1;
      }
    } else {
      drawCoverage(ctx, frame, set, walls?.sight);
      if (walls && 'drawImage' in ctx) maskCanvas(ctx as unknown as CanvasRenderingContext2D, frame, walls);
    }
  }
  if (layers.cameras) drawSymbols(ctx, set, drawn, sprites, dpr);
  return { mode, drawn: layers.cameras ? drawn : new Int32Array(0) };
}
