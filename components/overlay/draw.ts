/**
 * Canvas drawing of cameras, their coverage by tier, and a density layer at low zoom. Everything goes
 * through the one projection path (lib/sites/projection.ts); the context is scaled by the device pixel
 * ratio so all numbers here are CSS px. Shapes are batched by style: a few fills per frame, whatever the
 * number of cameras (the full redraw budget is 8 ms for all of Toulouse, see docs/overlay.md).
 */
import { metresPerCssPixel, projectPoints, type MapFrame } from '../../lib/sites/projection.ts';
import type { Settings } from '../../lib/settings.ts';
import type { CameraKind } from '../../lib/cameras/types.ts';
import type { CameraSet } from './camera-set.ts';
import { maskCanvas, maskTierMap, type WallMask } from './walls-mask.ts';

/** Below this zoom single cameras are clutter: the density layer (if on) replaces symbols and cones. */
export const HEAT_BELOW_ZOOM = 15;
/** Side of a density cell, CSS px. */
export const HEAT_CELL_PX = 32;
/** Density cells with at least this many cameras show their count. */
export const HEAT_LABEL_MIN = 10;
/** Length of a direction tick, CSS px. */
export const TICK_PX = 14;

/** The subset of CanvasRenderingContext2D the overlay uses (a recording stub can stand in for tests). */
export type Canvas2D = Pick<
  CanvasRenderingContext2D,
  | 'setTransform' | 'clearRect' | 'beginPath' | 'moveTo' | 'lineTo' | 'arc' | 'rect' | 'closePath' | 'fill' | 'stroke'
  | 'fillText'
> & {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
};

export const COLOURS = {
  /** Coverage of cameras that film people, by tier [identification, recognition, observation]. */
  people: ['rgba(200, 16, 46, 0.24)', 'rgba(230, 57, 70, 0.16)', 'rgba(244, 140, 6, 0.12)'],
  /** Coverage of ALPR and speed cameras (they film vehicles). */
  vehicles: ['rgba(29, 78, 216, 0.22)', 'rgba(59, 130, 246, 0.15)', 'rgba(96, 165, 250, 0.10)'],
  publicCamera: '#c8102e',
  privateCamera: '#7b2cbf',
  vehicleCamera: '#1d4ed8',
  outline: '#ffffff',
  heat: ['rgba(250, 204, 21, 0.65)', 'rgba(249, 115, 22, 0.7)', 'rgba(220, 38, 38, 0.72)', 'rgba(127, 29, 29, 0.78)'],
} as const;

export type DrawMode = 'symbols' | 'heat' | 'dots' | 'none';

export interface DrawResult {
  mode: DrawMode;
  /** Indices (into the set) of cameras drawn inside the container; their positions are in `set.xy`. */
  drawn: Int32Array;
}

const RAD = Math.PI / 180;

/**
 * Clears and redraws the whole canvas for `frame`. `dpr` = device pixels per CSS px; the canvas is
 * `frame.width × dpr` by `frame.height × dpr` device px.
 */
/**
 * A lower-resolution canvas for the coverage layer. Cones are soft translucent areas, and filling them is
 * the bulk of a redraw on a CPU-rasterised canvas (cost ∝ pixels covered): at half the CSS resolution it is
 * about four times cheaper, and one scaled copy puts it on the main canvas.
 */
export interface CoverageLayer {
  ctx: Canvas2D;
  canvas: CanvasImageSource & { width: number; height: number };
  /** Device px of the coverage canvas per CSS px (0.5 = half resolution). */
  scale: number;
  /** The layer's pixels, reused between redraws while the size stays the same. */
  image?: ImageData;
  /**
   * False when the layer is its own element under the main canvas (scaled up and made translucent by CSS,
   * i.e. by the compositor, off the main thread); true to copy it onto the main canvas here.
   */
  composite: boolean;
}

/**
 * Opaque tier colours for the coverage layer: tiers are painted observation → recognition →
 * identification, so each pixel keeps the best tier that reaches it (a union per tier, no darkening where
 * cones overlap), and the layer is composited once at COVERAGE_ALPHA.
 */
export const TIER_COLOURS = {
  people: ['#b5002a', '#e63946', '#f48c06'],
  vehicles: ['#1d4ed8', '#3b82f6', '#93c5fd'],
} as const;
export const COVERAGE_ALPHA = 0.3;

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
  const mode: DrawMode = lowZoom ? (layers.heat ? 'heat' : layers.cameras ? 'dots' : 'none') : layers.cameras || layers.coverage ? 'symbols' : 'none';

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
        main.drawImage(coverageLayer.canvas, 0, 0, coverageLayer.canvas.width / coverageLayer.scale, coverageLayer.canvas.height / coverageLayer.scale);
        main.globalAlpha = 1;
      }
    } else {
      drawCoverage(ctx, frame, set);
      if (walls && 'drawImage' in ctx) maskCanvas(ctx as unknown as CanvasRenderingContext2D, frame, walls);
    }
  }
  if (layers.cameras) drawSymbols(ctx, set, drawn, sprites, dpr);
  return { mode, drawn: layers.cameras ? drawn : new Int32Array(0) };
}

/** Coverage: one path per tier and audience, so overlapping cones merge instead of darkening. */
function drawCoverage(ctx: Canvas2D, frame: MapFrame, set: CameraSet): void {
  const n = set.cameras.length;
  // Metres → CSS px varies with latitude only; one factor per camera is exact enough (< 0.01 % over 200 m).
  for (let audience = 0; audience < 2; audience++) {
    const palette = audience === 0 ? COLOURS.people : COLOURS.vehicles;
    for (let tier = 2; tier >= 0; tier--) {
      ctx.beginPath();
      let any = false;
      for (let i = 0; i < n; i++) {
        if (set.vehicle[i] !== audience) continue;
        const cov = set.coverage[i];
        const r = cov.radii[tier] / metresPerCssPixel(set.lats[i], frame.zoom);
        if (!(r >= 0.5)) continue;
        const x = set.xy[2 * i];
        const y = set.xy[2 * i + 1];
        if (x < -r || y < -r || x > frame.width + r || y > frame.height + r) continue;
        any = true;
        if (cov.sectors === 'disc') {
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, 2 * Math.PI);
        } else {
          for (const s of cov.sectors) {
            // Bearings are clockwise from north; canvas angles clockwise from east (y grows downwards).
            const a0 = (s.centre - s.width / 2 - 90) * RAD;
            const a1 = (s.centre + s.width / 2 - 90) * RAD;
            ctx.moveTo(x, y);
            ctx.arc(x, y, r, a0, a1);
            ctx.closePath();
          }
        }
      }
      if (any) {
        ctx.fillStyle = palette[tier];
        ctx.fill();
      }
    }
  }
}

/**
 * The coverage layer as a tier map (see TIER_COLOURS), rasterised in JavaScript into one ImageData and put
 * on the layer canvas in one call. Why not canvas paths or bitmaps: thousands of overlapping discs cost
 * thousands of fill/drawImage calls (≈3 µs each on a CPU canvas, 20+ ms per view in central Toulouse),
 * whereas filling row spans of a Uint32Array costs per pixel covered.
 */
function drawTierMap(layer: CoverageLayer, frame: MapFrame, set: CameraSet, walls?: WallMask | null): void {
  const { ctx, canvas, scale } = layer;
  const c2d = ctx as unknown as CanvasRenderingContext2D;
  if (!layer.image || layer.image.width !== canvas.width || layer.image.height !== canvas.height) {
    layer.image = c2d.createImageData(canvas.width, canvas.height);
  }
  const image = layer.image;
  const pixels = new Uint32Array(image.data.buffer);
  pixels.fill(0);
  rasteriseTierMap(pixels, image.width, image.height, frame, set, scale);
  if (walls) maskTierMap(pixels, image.width, image.height, frame, walls, scale);
  c2d.putImageData(image, 0, 0);
}

/** Packs #rrggbb as an opaque ImageData pixel (little-endian RGBA bytes). */
function packColour(hex: string): number {
  const v = parseInt(hex.slice(1), 16);
  return ((0xff << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

const PACKED = {
  people: TIER_COLOURS.people.map(packColour),
  vehicles: TIER_COLOURS.vehicles.map(packColour),
};

/**
 * Paints the tier map into `pixels` (`width × height`, one uint32 RGBA per pixel) for a canvas at `scale`
 * device px per CSS px of `frame`: observation first, then recognition, then identification, so each pixel
 * keeps the best tier that reaches it. A pixel is covered when its centre is inside the disc or sector.
 */
export function rasteriseTierMap(pixels: Uint32Array, width: number, height: number, frame: MapFrame, set: CameraSet, scale: number): void {
  const n = set.cameras.length;
  for (let tier = 2; tier >= 0; tier--) {
    for (let audience = 0; audience < 2; audience++) {
      const colour = (audience === 0 ? PACKED.people : PACKED.vehicles)[tier];
      for (let i = 0; i < n; i++) {
        if (set.vehicle[i] !== audience) continue;
        const cov = set.coverage[i];
        const r = (cov.radii[tier] / metresPerCssPixel(set.lats[i], frame.zoom)) * scale;
        if (!(r >= 0.5)) continue;
        const cx = set.xy[2 * i] * scale;
        const cy = set.xy[2 * i + 1] * scale;
        if (cx < -r || cy < -r || cx > width + r || cy > height + r) continue;
        const y0 = Math.max(0, Math.ceil(cy - r - 0.5));
        const y1 = Math.min(height - 1, Math.floor(cy + r - 0.5));
        const sectors = cov.sectors === 'disc' ? null : cov.sectors;
        for (let y = y0; y <= y1; y++) {
          const dy = y + 0.5 - cy;
          const half = Math.sqrt(Math.max(0, r * r - dy * dy));
          const x0 = Math.max(0, Math.ceil(cx - half - 0.5));
          const x1 = Math.min(width - 1, Math.floor(cx + half - 0.5));
          if (x1 < x0) continue;
          const row = y * width;
          if (!sectors) {
            pixels.fill(colour, row + x0, row + x1 + 1);
            continue;
          }
          for (let x = x0; x <= x1; x++) {
            // Bearing of the pixel from the camera, clockwise from north (screen y grows southwards).
            const bearing = (Math.atan2(x + 0.5 - cx, -dy) * 180) / Math.PI;
            for (const s of sectors) {
              const off = Math.abs(((bearing - s.centre + 540) % 360) - 180);
              if (off <= s.width / 2) {
                pixels[row + x] = colour;
                break;
              }
            }
          }
        }
      }
    }
  }
}

export type Shape = 'circle' | 'dome' | 'ptz' | 'square' | 'triangle' | 'ring';
const SHAPES: Record<CameraKind, Shape> = { fixed: 'circle', dome: 'dome', ptz: 'ptz', alpr: 'square', speed: 'triangle', unknown: 'ring' };

function colourOf(set: CameraSet, i: number): string {
  if (set.vehicle[i]) return COLOURS.vehicleCamera;
  return set.privateOperator[i] ? COLOURS.privateCamera : COLOURS.publicCamera;
}

/**
 * Pre-rendered symbols, one small bitmap per (shape, colour) at the device pixel ratio. Blitting a bitmap
 * is several times cheaper than filling and stroking a path per camera when the canvas is rasterised on
 * the CPU (measured: 1,500 symbols 73 ms as paths, 17 ms as bitmaps, Chromium without GPU).
 */
export interface SymbolSprites {
  dpr: number;
  get(shape: Shape, colour: string): CanvasImageSource;
}

/** Sprite side, CSS px: the largest symbol (radius 6 + 1.5 px outline) fits with a pixel to spare. */
export const SPRITE_PX = 16;

export function createSymbolSprites(makeCanvas: (width: number, height: number) => HTMLCanvasElement | OffscreenCanvas, dpr: number): SymbolSprites {
  const cache = new Map<string, CanvasImageSource>();
  return {
    dpr,
    get(shape, colour) {
      const key = `${shape}|${colour}`;
      let image = cache.get(key);
      if (!image) {
        const side = Math.ceil(SPRITE_PX * dpr);
        const canvas = makeCanvas(side, side);
        const ctx = canvas.getContext('2d') as unknown as Canvas2D | null;
        if (ctx) {
          ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
          paintSymbols(ctx, shape, colour, [SPRITE_PX / 2, SPRITE_PX / 2]);
        }
        image = canvas as CanvasImageSource;
        cache.set(key, image);
      }
      return image;
    },
  };
}

/** Camera symbols by kind, with a tick per known direction. Batched by (colour, shape). */
function drawSymbols(ctx: Canvas2D, set: CameraSet, drawn: Int32Array, sprites: SymbolSprites | undefined, dpr: number): void {
  const groups = new Map<string, number[]>();
  for (const i of drawn) {
    const key = `${colourOf(set, i)}|${SHAPES[set.cameras[i].kind] ?? 'ring'}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  // Direction ticks first, under the symbols.
  ctx.lineWidth = 2;
  for (const [key, idx] of groups) {
    ctx.beginPath();
    let any = false;
    for (const i of idx) {
      const cov = set.coverage[i];
      if (cov.sectors === 'disc') continue;
      const x = set.xy[2 * i];
      const y = set.xy[2 * i + 1];
      for (const s of cov.sectors) {
        ctx.moveTo(x, y);
        ctx.lineTo(x + TICK_PX * Math.sin(s.centre * RAD), y - TICK_PX * Math.cos(s.centre * RAD));
        any = true;
      }
    }
    if (any) {
      ctx.strokeStyle = key.split('|')[0];
      ctx.stroke();
    }
  }
  for (const [key, idx] of groups) {
    const [colour, shape] = key.split('|') as [string, Shape];
    if (sprites && sprites.dpr === dpr && 'drawImage' in ctx) {
      const image = sprites.get(shape, colour);
      const half = SPRITE_PX / 2;
      for (const i of idx) {
        // Snap to device pixels so the bitmap is copied 1:1 (≤ 0.5 device px from the exact point).
        const x = Math.round((set.xy[2 * i] - half) * dpr) / dpr;
        const y = Math.round((set.xy[2 * i + 1] - half) * dpr) / dpr;
        (ctx as unknown as CanvasRenderingContext2D).drawImage(image, x, y, SPRITE_PX, SPRITE_PX);
      }
    } else {
      const points: Array<[number, number]> = [];
      for (const i of idx) points.push([set.xy[2 * i], set.xy[2 * i + 1]]);
      paintSymbols(ctx, shape, colour, ...points);
    }
  }
}

/** Fills and outlines `shape` at each point in one batch (also used to paint the sprites). */
function paintSymbols(ctx: Canvas2D, shape: Shape, colour: string, ...points: Array<[number, number]>): void {
  ctx.beginPath();
  for (const [x, y] of points) addShape(ctx, shape, x, y);
  ctx.fillStyle = shape === 'ring' ? COLOURS.outline : colour;
  ctx.fill();
  ctx.lineWidth = shape === 'ring' ? 2.5 : 1.5;
  ctx.strokeStyle = shape === 'ring' ? colour : COLOURS.outline;
  ctx.stroke();
  if (shape === 'dome' || shape === 'ptz') {
    // The dome's lens (a white dot) or the PTZ's cross, so kinds differ without colour.
    ctx.beginPath();
    for (const [x, y] of points) {
      if (shape === 'dome') {
        ctx.moveTo(x + 2, y);
        ctx.arc(x, y, 2, 0, 2 * Math.PI);
      } else {
        ctx.moveTo(x - 3, y);
        ctx.lineTo(x + 3, y);
        ctx.moveTo(x, y - 3);
        ctx.lineTo(x, y + 3);
      }
    }
    if (shape === 'dome') {
      ctx.fillStyle = COLOURS.outline;
      ctx.fill();
    } else {
      ctx.strokeStyle = COLOURS.outline;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
  }
}

function addShape(ctx: Canvas2D, shape: Shape, x: number, y: number): void {
  switch (shape) {
    case 'square':
      ctx.rect(x - 4.5, y - 4.5, 9, 9);
      return;
    case 'triangle':
      ctx.moveTo(x, y - 6);
      ctx.lineTo(x + 5.5, y + 4);
      ctx.lineTo(x - 5.5, y + 4);
      ctx.closePath();
      return;
    case 'dome':
    case 'ptz':
      ctx.moveTo(x + 6, y);
      ctx.arc(x, y, 6, 0, 2 * Math.PI);
      return;
    default:
      ctx.moveTo(x + 4.5, y);
      ctx.arc(x, y, 4.5, 0, 2 * Math.PI);
  }
}

function drawDots(ctx: Canvas2D, set: CameraSet, drawn: Int32Array): void {
  const byColour = new Map<string, number[]>();
  for (const i of drawn) {
    const c = colourOf(set, i);
    let g = byColour.get(c);
    if (!g) byColour.set(c, (g = []));
    g.push(i);
  }
  for (const [colour, idx] of byColour) {
    ctx.beginPath();
    for (const i of idx) {
      ctx.moveTo(set.xy[2 * i] + 2.5, set.xy[2 * i + 1]);
      ctx.arc(set.xy[2 * i], set.xy[2 * i + 1], 2.5, 0, 2 * Math.PI);
    }
    ctx.fillStyle = colour;
    ctx.fill();
  }
}

/**
 * Density: cameras binned in HEAT_CELL_PX cells of the world-pixel grid (so cells do not shimmer while
 * panning), one disc per cell at the cell's mean position, sized and coloured by count.
 */
export function binDensity(frame: MapFrame, set: CameraSet, drawn: Int32Array): Array<{ x: number; y: number; count: number }> {
  const cells = new Map<number, { x: number; y: number; count: number }>();
  const offX = frame.left - Math.floor(frame.left / HEAT_CELL_PX) * HEAT_CELL_PX;
  const offY = frame.top - Math.floor(frame.top / HEAT_CELL_PX) * HEAT_CELL_PX;
  const cols = Math.ceil((frame.width + offX) / HEAT_CELL_PX) + 1;
  for (const i of drawn) {
    const x = set.xy[2 * i];
    const y = set.xy[2 * i + 1];
    const key = Math.floor((y + offY) / HEAT_CELL_PX) * cols + Math.floor((x + offX) / HEAT_CELL_PX);
    const c = cells.get(key);
    if (c) {
      c.x += x;
      c.y += y;
      c.count++;
    } else cells.set(key, { x, y, count: 1 });
  }
  return Array.from(cells.values(), (c) => ({ x: c.x / c.count, y: c.y / c.count, count: c.count }));
}

function drawDensity(ctx: Canvas2D, frame: MapFrame, set: CameraSet, drawn: Int32Array): void {
  const cells = binDensity(frame, set, drawn);
  const buckets: Array<typeof cells> = [[], [], [], []];
  for (const c of cells) buckets[c.count === 1 ? 0 : c.count < 5 ? 1 : c.count < 16 ? 2 : 3].push(c);
  buckets.forEach((bucket, b) => {
    if (bucket.length === 0) return;
    ctx.beginPath();
    for (const c of bucket) {
      const r = Math.min(HEAT_CELL_PX * 0.7, 5 + 3 * Math.log2(c.count));
      ctx.moveTo(c.x + r, c.y);
      ctx.arc(c.x, c.y, r, 0, 2 * Math.PI);
    }
    ctx.fillStyle = COLOURS.heat[b];
    ctx.fill();
  });
  ctx.font = 'bold 10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#ffffff';
  // Labels only where they matter: text is the slowest thing to rasterise on a CPU canvas.
  for (const c of cells) if (c.count >= HEAT_LABEL_MIN) ctx.fillText(String(c.count), c.x, c.y);
}
