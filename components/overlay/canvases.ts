/**
 * The overlay's three canvases, bottom to top: the coverage tier map, the planner's layers, the camera
 * symbols. They share one CSS box, CANVAS_MARGIN_PX bigger than the map container on every side, and one
 * CSS transform; this module is the one place that knows that margin.
 *
 * Transform or redraw: a full redraw costs milliseconds (rasterising hundreds of translucent cones); moving
 * a bitmap costs nothing on the compositor. So while the map moves, the last drawing is only translated
 * (pans) or scaled (zoom animations) with a CSS transform — exact, because a Web Mercator frame change at
 * fixed zoom is a translation and a zoom change a scaling. The margin keeps pans from uncovering blank
 * edges; a full redraw happens when the margin runs out, when the zoom settles at a new level, and once the
 * map is idle.
 */
import type { Settings } from '../../lib/settings.ts';
import type { MapFrame } from '../../lib/sites/projection.ts';
import type { CameraSet } from './camera-set.ts';
import { drawOverlay, type DrawMode } from './draw.ts';
import type { CoverageLayer } from './draw-coverage.ts';
import { COVERAGE_ALPHA } from './draw-style.ts';
import { createSymbolSprites, type SymbolSprites } from './draw-symbols.ts';
import { drawPlannerLayers, type DrawnRoutes, type OverlayPlannerMap } from './planner-layer.ts';
import type { WallMask } from './walls-mask.ts';

/** Resolution of the coverage layer, device px per CSS px (see CoverageLayer in draw-coverage.ts). */
export const COVERAGE_SCALE = 0.5;
/** The canvases extend this far beyond the map container on every side, CSS px. */
export const CANVAS_MARGIN_PX = 160;

/** The frame the canvases cover: the container's frame grown by CANVAS_MARGIN_PX on every side. */
export function withMargin(frame: MapFrame): MapFrame {
  const m = CANVAS_MARGIN_PX;
  return { zoom: frame.zoom, left: frame.left - m, top: frame.top - m, width: frame.width + 2 * m, height: frame.height + 2 * m };
}

export class OverlayCanvases {
  /** The camera symbols (and the coverage, when the context cannot draw the tier map on its own canvas). */
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D | null;
  /** Routes, area and the user's cameras: a canvas between the coverage and the camera symbols. */
  readonly plannerCanvas: HTMLCanvasElement;
  private readonly plannerCtx: CanvasRenderingContext2D | null;
  /**
   * The coverage tier map is its own canvas under the symbols: the compositor scales it up and applies its
   * opacity, so a redraw never copies it on the main thread.
   */
  readonly coverageCanvas: HTMLCanvasElement;
  readonly coverageLayer: CoverageLayer | null = null;
  /** False while the canvases are hidden (no view, or the user moving a map we cannot follow). */
  visible = false;
  /** True while the canvases show an older drawing moved by a CSS transform. */
  transformed = false;
  /** The frame of the last full redraw, and what it was drawn with. */
  drawnFrame: MapFrame | null = null;
  private drawnDpr = 0;
  private drawnSetVersion = -1;
  private drawKey = '';
  private sprites: SymbolSprites | null = null;

  constructor(private readonly doc: Document) {
    this.plannerCanvas = doc.createElement('canvas');
    this.plannerCanvas.className = 'planner';
    this.plannerCanvas.setAttribute('aria-hidden', 'true');
    this.plannerCtx = this.plannerCanvas.getContext('2d');
    this.canvas = doc.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.ctx = this.canvas.getContext('2d');
    this.coverageCanvas = doc.createElement('canvas');
    this.coverageCanvas.className = 'coverage';
    this.coverageCanvas.setAttribute('aria-hidden', 'true');
    this.coverageCanvas.style.opacity = String(COVERAGE_ALPHA);
    const coverageCtx = this.coverageCanvas.getContext('2d');
    if (coverageCtx) this.coverageLayer = { ctx: coverageCtx, canvas: this.coverageCanvas, scale: COVERAGE_SCALE, composite: false };
  }

  /** The next `changed` is true whatever the frame (settings changed, canvases hidden). */
  invalidate(): void {
    this.drawKey = '';
  }

  /** The overlay turned off: clear every canvas and forget the last drawing. */
  clear(): void {
    this.drawKey = '';
    this.drawnFrame = null;
    this.ctx?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.coverageLayer?.ctx.clearRect(0, 0, this.coverageCanvas.width, this.coverageCanvas.height);
    this.plannerCtx?.clearRect(0, 0, this.plannerCanvas.width, this.plannerCanvas.height);
  }

  /** Hides the canvases; true if they were visible. */
  hide(): boolean {
    const was = this.visible;
    if (was) {
      this.style((st) => (st.visibility = 'hidden'));
      this.visible = false;
    }
    this.drawKey = '';
    return was;
  }

  show(): void {
    if (this.visible) return;
    this.style((st) => (st.visibility = ''));
    this.visible = true;
  }

  /** False when the canvases already show `frame` with the same set at the same pixel ratio (and not `force`). */
  changed(frame: MapFrame, dpr: number, setVersion: number, force: boolean): boolean {
    const key = `${frame.zoom},${frame.left},${frame.top},${frame.width},${frame.height},${dpr},${setVersion}`;
    if (!force && key === this.drawKey) return false;
    this.drawKey = key;
    return true;
  }

  /**
   * Moves the last drawing onto `frame` with a CSS transform when that is exact (same size, pixel ratio and
   * set; same zoom, or a zoom animation) and still covers the container. False: a full redraw is needed.
   */
  move(frame: MapFrame, dpr: number, setVersion: number, animating: boolean): boolean {
    const d = this.drawnFrame;
    if (!d || d.width !== frame.width || d.height !== frame.height || this.drawnDpr !== dpr || this.drawnSetVersion !== setVersion)
      return false;
    const s = 2 ** (frame.zoom - d.zoom);
    if (s !== 1 && !animating) return false;
    const m = CANVAS_MARGIN_PX;
    // Canvas pixel q (CSS) showed container point q − m of frame d; now it must land on s·(q − m + d.left) − frame.left.
    const tx = s * (d.left - m) - frame.left + m;
    const ty = s * (d.top - m) - frame.top + m;
    const covers =
      tx - m <= 0 &&
      ty - m <= 0 &&
      tx - m + s * (frame.width + 2 * m) >= frame.width &&
      ty - m + s * (frame.height + 2 * m) >= frame.height;
    if (!covers) return false;
    const transform = s === 1 ? `translate(${tx}px, ${ty}px)` : `translate(${tx}px, ${ty}px) scale(${s})`;
    this.style((st) => (st.transform = transform));
    this.transformed = true;
    return true;
  }

  /**
   * Sizes the canvases for `frame` (plus margins), drops any transform, and draws the cameras. Null when the
   * canvas has no 2D context. `drawn` holds the cameras drawn anywhere on the canvas, positions in canvas
   * CSS px (`toContainer` brings them into the container).
   */
  redraw(
    frame: MapFrame,
    dpr: number,
    setVersion: number,
    set: CameraSet | null,
    layers: Settings['layers'],
    walls: WallMask | null,
  ): { mode: DrawMode; drawn: Int32Array; ms: number } | null {
    const m = CANVAS_MARGIN_PX;
    const big = withMargin(frame);
    const cw = Math.round(big.width * dpr);
    const ch = Math.round(big.height * dpr);
    if (this.canvas.width !== cw || this.canvas.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
      this.plannerCanvas.width = cw;
      this.plannerCanvas.height = ch;
      this.style((st) => {
        st.width = `${big.width}px`;
        st.height = `${big.height}px`;
        st.left = `${-m}px`;
        st.top = `${-m}px`;
      });
    }
    this.style((st) => (st.transform = ''));
    this.transformed = false;
    this.drawnFrame = frame;
    this.drawnDpr = dpr;
    this.drawnSetVersion = setVersion;
    if (!this.ctx) return null;
    const t0 = performance.now();
    let mode: DrawMode = 'none';
    let drawn: Int32Array = new Int32Array(0);
    if (set) {
      const r = drawOverlay(this.ctx, big, set, layers, dpr, this.spritesFor(dpr), this.coverageLayer ?? undefined, walls);
      mode = r.mode;
      drawn = r.drawn;
    } else {
      this.ctx.setTransform(1, 0, 0, 1, 0, 0);
      this.ctx.clearRect(0, 0, cw, ch);
    }
    return { mode, drawn, ms: performance.now() - t0 };
  }

  /**
   * Moves the positions (`set.xy`) of the cameras `redraw` drew from canvas to container CSS px, and returns
   * those inside the container itself.
   */
  toContainer(set: CameraSet | null, drawn: Int32Array, frame: MapFrame): Int32Array {
    const m = CANVAS_MARGIN_PX;
    const inside: number[] = [];
    if (set) {
      const xy = set.xy;
      for (const i of drawn) {
        xy[2 * i] -= m;
        xy[2 * i + 1] -= m;
        if (xy[2 * i] >= 0 && xy[2 * i + 1] >= 0 && xy[2 * i] <= frame.width && xy[2 * i + 1] <= frame.height) inside.push(i);
      }
    }
    return Int32Array.from(inside);
  }

  /**
   * Redraws the planner canvas for the frame the canvases were last fully drawn at: whatever CSS transform
   * they carry now applies to it too, so routes stay exactly on the camera symbols' projection. `map` null:
   * nothing to draw (layer off or empty). Returns the routes drawn (container CSS px), or null without a context.
   */
  drawPlanner(map: OverlayPlannerMap | null): DrawnRoutes | null {
    const ctx = this.plannerCtx;
    const d = this.drawnFrame;
    if (!ctx) return null;
    if (!d || !map) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this.plannerCanvas.width, this.plannerCanvas.height);
      return [];
    }
    const m = CANVAS_MARGIN_PX;
    const drawn = drawPlannerLayers(ctx, withMargin(d), map.layers, this.drawnDpr || 1, map.highlighted);
    // Container CSS px of the frame drawn (the canvas starts `m` before the container).
    return drawn.map((r) => ({
      ...r,
      points: r.points.map(([lon, lat, x, y]) => [lon, lat, round3(x - m), round3(y - m)] as [number, number, number, number]),
    }));
  }

  spritesFor(dpr: number): SymbolSprites {
    if (!this.sprites || this.sprites.dpr !== dpr) {
      const doc = this.doc;
      this.sprites = createSymbolSprites((w, h) => Object.assign(doc.createElement('canvas'), { width: w, height: h }), dpr);
    }
    return this.sprites;
  }

  /** All three canvases move together (same CSS box, same transform). */
  private style(apply: (style: CSSStyleDeclaration) => void): void {
    apply(this.canvas.style);
    apply(this.plannerCanvas.style);
    apply(this.coverageCanvas.style);
  }
}

export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
