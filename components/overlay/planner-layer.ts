/**
 * The planner on a host map page: `OverlayPlannerMap` implements the panel's `PlannerMap` over the overlay's
 * own projection (lib/sites/projection.ts — the same view → world pixel → container pixel path the camera
 * symbols take), and `drawPlannerLayers` draws routes, the area and its report, and the user's cameras on
 * the overlay's planner canvas.
 *
 * Clicks belong to the host site: the map gives the panel a click only while the panel waits for one
 * (`setPicking`), and only one; the controller then puts a click-catching layer over the map for that
 * click (Escape cancels) and removes it right after.
 */
import type { LonLat } from '../../lib/geo/index.ts';
import { fitView, type Padding } from '../../lib/sites/fit.ts';
import { containerPoint, lonLatAt, metresPerCssPixel, type MapFrame } from '../../lib/sites/projection.ts';
import {
  BEST_EXIT_COLOUR,
  EMPTY_LAYERS,
  MARKER_COLOURS,
  pointAlong,
  ROUTE_COLOURS,
  ROUTE_DASHES,
  ROUTE_LABEL_AT,
  TIER_COLOURS,
  waysOutForDrawing,
  type PickRequest,
  type PlannerLayers,
  type PlannerMap,
} from '../planner/map.ts';

/** What the overlay controller lends the planner map. */
export interface PlannerHost {
  /** The frame the map shows now (null while the view is unknown or unsupported). */
  frame(): MapFrame | null;
  /** The planner's layers changed: redraw the planner canvas. */
  layersChanged(): void;
  /** The panel waits for one click (or no longer): show or remove the click-catching layer. */
  pickingChanged(pick: PickRequest | null): void;
  /** Optional: asks the host map to show this view (fragment-driven sites); false when it cannot. */
  moveTo?(centre: LonLat, zoom: number): boolean;
  /** Optional: CSS px of the map covered on each side by the overlay's own panel (kept clear of routes). */
  covered?(): Padding;
  /**
   * Optional: CSS px the overlay's legend takes from the bottom of the map, when it stands over the map's lower
   * half (0 otherwise): a route framed there would end under it.
   */
  legendBottom?(): number;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

export class OverlayPlannerMap implements PlannerMap {
  layers: PlannerLayers = { ...EMPTY_LAYERS };
  /** The camera the user asked to see (ringed on the map). */
  highlighted: { id: string; at: LonLat; label: string } | null = null;
  pick: PickRequest | null = null;
  private readonly handlers = new Set<(at: LonLat) => void>();

  constructor(private readonly host: PlannerHost) {}

  project(lon: number, lat: number): [number, number] | null {
    const f = this.host.frame();
    return f ? containerPoint(f, lon, lat) : null;
  }

  /**
   * Where the "…at map centre" buttons place a point and the crosshair marks it, container CSS px: the
   * centre of the part of the map the open planner panel leaves visible (the whole map's centre when the
   * panel is closed). On a narrow map the map's own centre is under the panel, where the person cannot see
   * the point land. Null while the view is unknown.
   */
  centrePoint(): [number, number] | null {
    const f = this.host.frame();
    if (!f) return null;
    const c = this.host.covered?.() ?? { left: 0, top: 0, right: 0, bottom: 0 };
    const w = Math.max(0, f.width - c.left - c.right);
    const h = Math.max(0, f.height - c.top - c.bottom);
    return [c.left + w / 2, c.top + h / 2];
  }

  centre(): LonLat {
    const f = this.host.frame();
    const p = this.centrePoint();
    if (!f || !p) return [0, 0];
    const [lon, lat] = lonLatAt(f, p[0], p[1]);
    return [round6(lon), round6(lat)];
  }

  onClick(handler: (at: LonLat) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  setLayers(layers: PlannerLayers): void {
    this.layers = layers;
    this.host.layersChanged();
  }

  showCamera(camera: { id: string; at: LonLat; label: string }): void {
    // The host map is the site's: the overlay cannot move it, so it rings the camera where it is.
    this.highlighted = camera;
    this.host.layersChanged();
  }

  /**
   * Brings a new route into view: when some of its points are off the map (or under the planner panel's
   * margin, or under the legend), asks the host to move to the view that frames them all — on sites that follow their address
   * fragment; elsewhere the map stays where the user left it.
   */
  reveal(points: LonLat[]): void {
    const f = this.host.frame();
    if (!f || !points.length || !this.host.moveTo) return;
    const margin = 24;
    const covered = this.host.covered?.() ?? { left: 0, top: 0, right: 0, bottom: 0 };
    const c = { ...covered, bottom: Math.max(covered.bottom, this.host.legendBottom?.() ?? 0) };
    const inside = points.every((p) => {
      const [x, y] = containerPoint(f, p[0], p[1]);
      return x >= c.left + margin && y >= c.top + margin && x <= f.width - c.right - margin && y <= f.height - c.bottom - margin;
    });
    if (inside) return;
    const pad = { left: c.left + 48, top: c.top + 48, right: c.right + 48, bottom: c.bottom + 48 };
    const view = fitView(points, f.width, f.height, pad, Math.max(13, Math.min(18, Math.floor(f.zoom))));
    if (view) this.host.moveTo(view.centre, view.zoom);
  }

  setPicking(pick: PickRequest | null): void {
    this.pick = pick;
    this.host.pickingChanged(pick);
  }

  /**
   * One click at container CSS px (x, y) while picking: gives its lon/lat (rounded to 1e-6°, the share
   * link's precision) to the panel, then stops picking whatever the panel does next.
   * Returns false when no pick was pending or the view is unknown.
   */
  clickAt(x: number, y: number): boolean {
    const f = this.host.frame();
    if (!this.pick || !f) return false;
    const [lon, lat] = lonLatAt(f, x, y);
    const at: LonLat = [round6(lon), round6(lat)];
    this.pick = null;
    this.host.pickingChanged(null);
    for (const h of [...this.handlers]) h(at);
    return true;
  }

  /** Escape: the panel forgets what it was waiting for. */
  cancelPick(): void {
    const p = this.pick;
    this.pick = null;
    this.host.pickingChanged(null);
    p?.cancel();
  }
}

/** Routes' drawn vertices, container CSS px (test builds compare them with the host map's projection). */
export type DrawnRoutes = Array<{ name: string; emphasis: boolean; points: Array<[lon: number, lat: number, x: number, y: number]> }>;

const AREA_COLOUR = '#1565c0';
const USER_CAMERA_COLOUR = '#6a1b9a';

/**
 * Draws the planner's layers on `ctx` (a canvas covering `frame`, device px = CSS px × dpr), clearing it
 * first. Order, bottom to top: area, ways out, blind spots, routes (the emphasised one last), report
 * cameras, the user's cameras, the highlighted camera, start/via/destination markers.
 * Returns the routes' vertices in `frame` CSS px.
 */
export function drawPlannerLayers(
  ctx: CanvasRenderingContext2D,
  frame: MapFrame,
  layers: PlannerLayers,
  dpr: number,
  highlighted: { at: LonLat; label: string } | null,
): DrawnRoutes {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const px = (p: LonLat) => containerPoint(frame, p[0], p[1]);
  const path = (line: LonLat[], close = false) => {
    ctx.beginPath();
    line.forEach((p, i) => {
      const [x, y] = px(p);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    if (close) ctx.closePath();
  };
  const stroke = (colour: string, width: number, dash: number[] = [], alpha = 1) => {
    ctx.globalAlpha = alpha;
    ctx.setLineDash(dash);
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
  };
  const dot = (p: LonLat, r: number, fill: string, edge = '#fff', edgeWidth = 2) => {
    const [x, y] = px(p);
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.strokeStyle = edge;
    ctx.lineWidth = edgeWidth;
    ctx.stroke();
  };

  const a = layers.area;
  if (a) {
    ctx.fillStyle = 'rgba(21, 101, 192, 0.10)';
    if (a.polygon) {
      ctx.beginPath();
      for (const ring of a.polygon) {
        ring.forEach((p, i) => {
          const [x, y] = px(p);
          if (i === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        });
        ctx.closePath();
      }
      ctx.fill('evenodd');
      stroke('#fff', 5, [], 0.9);
      stroke(AREA_COLOUR, 2.5);
    } else if (a.kind === 'circle' && a.points[0]) {
      const [x, y] = px(a.points[0]);
      const r = (a.radiusMetres ?? 200) / metresPerCssPixel(a.points[0][1], frame.zoom);
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fill();
      stroke(AREA_COLOUR, 2.5, [7, 5]);
    } else if (a.kind === 'polygon' && a.points.length >= 3) {
      path(a.points, true);
      ctx.fill();
      stroke(AREA_COLOUR, 2.5, [7, 5]);
    } else if (a.points.length >= 2) {
      path(a.points);
      stroke(AREA_COLOUR, 3, [7, 5]);
    }
    for (const p of a.points) dot(p, 4, AREA_COLOUR);
  }

  // The best way out last, on top of the others.
  const ways = waysOutForDrawing(layers.waysOut);
  for (const w of ways) {
    path(w.coordinates);
    stroke('#fff', w.best ? 10 : 7, [], 0.9);
    stroke(w.best ? BEST_EXIT_COLOUR : '#263238', w.best ? 6 : 3, w.best ? [] : [6, 5]);
  }
  for (const line of layers.blindSpots) {
    path(line);
    stroke('#fff', 9, [], 0.9);
    stroke('#0d47a1', 5, [8, 5]);
  }

  const drawn: DrawnRoutes = [];
  // The emphasised route last, on top, with a white casing: it must read over dense coverage shading.
  const ordered = [...layers.routes].sort((x, y) => Number(x.emphasis) - Number(y.emphasis));
  for (const r of ordered) {
    if (r.coordinates.length < 2) continue;
    path(r.coordinates);
    stroke('#fff', r.emphasis ? 12 : 9, [], r.emphasis ? 0.95 : 0.85);
    stroke(ROUTE_COLOURS[r.name], r.emphasis ? 7 : 5, ROUTE_DASHES[r.name], r.emphasis ? 1 : 0.9);
    drawn.push({
      name: r.name,
      emphasis: r.emphasis,
      points: r.coordinates.map((p) => {
        const [x, y] = px(p);
        return [p[0], p[1], x, y];
      }),
    });
  }

  for (const [a, b] of layers.connectors ?? []) {
    path([a, b]);
    stroke('#fff', 5, [], 0.8);
    stroke('#263238', 2, [2, 5]);
  }

  // Text labels with a white halo: route names along the routes, directions at the ways' ends.
  const label = (at: LonLat, text: string, border: string) => {
    const [x, y] = px(at);
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const w = ctx.measureText(text).width + 8;
    ctx.fillStyle = 'rgba(255,255,255,0.95)';
    ctx.fillRect(x - w / 2, y - 9, w, 18);
    ctx.strokeStyle = border;
    ctx.lineWidth = 2;
    ctx.strokeRect(x - w / 2, y - 9, w, 18);
    ctx.fillStyle = '#1a1a1a';
    ctx.fillText(text, x, y + 0.5);
  };
  for (const r of layers.routes) {
    const at = r.label ? pointAlong(r.coordinates, ROUTE_LABEL_AT[r.name]) : null;
    if (at && r.label) label(at, r.label, ROUTE_COLOURS[r.name]);
  }
  for (const w of ways) {
    const end = w.coordinates[w.coordinates.length - 1];
    if (w.label && end) label(end, w.best ? `★ ${w.label}` : w.label, w.best ? BEST_EXIT_COLOUR : '#455a64');
  }

  for (const c of layers.cameras) dot(c.at, 6, TIER_COLOURS[c.tier], '#000', 1);

  for (const c of layers.userCameras) {
    const [x, y] = px(c.at);
    for (const d of c.directions) {
      const rad = (d * Math.PI) / 180;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + Math.sin(rad) * 22, y - Math.cos(rad) * 22);
      stroke(USER_CAMERA_COLOUR, 3);
    }
    dot(c.at, 7, USER_CAMERA_COLOUR);
  }

  if (highlighted) {
    const [x, y] = px(highlighted.at);
    ctx.beginPath();
    ctx.arc(x, y, 14, 0, Math.PI * 2);
    stroke('#fff', 7, [], 0.9);
    stroke(USER_CAMERA_COLOUR, 4);
  }

  let viaN = 0;
  ctx.font = 'bold 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const m of layers.markers) {
    const text = m.role === 'from' ? 'A' : m.role === 'to' ? 'B' : String(++viaN);
    dot(m.at, 11, MARKER_COLOURS[m.role], '#fff', 2.5);
    const [x, y] = px(m.at);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, x, y + 0.5);
  }
  return drawn;
}
