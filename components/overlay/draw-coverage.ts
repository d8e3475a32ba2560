/**
 * The coverage layer: cones by tier, either as canvas paths (`drawCoverage`, the fallback for contexts
 * without `drawImage`) or as a tier map rasterised in JavaScript on its own low-resolution canvas.
 */
import { metresPerCssPixel, type MapFrame } from '../../lib/sites/projection.ts';
import type { CameraSet } from './camera-set.ts';
import { COLOURS, RAD, TIER_COLOURS, type Canvas2D } from './draw-style.ts';
import { toFrame, type SightLines } from './sight-lines.ts';
import { fillRing, maskTierMap, type WallMask } from './walls-mask.ts';

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

/** Scratch for projected line-of-sight rings. */
let ringXy = new Float64Array(512);

/** A line-of-sight ring (world units) in `ringXy`, CSS px of `frame` × `scale`; returns its corner count. */
function projectRing(frame: MapFrame, world: Float64Array, scale: number): number {
  if (ringXy.length < world.length) ringXy = new Float64Array(2 * world.length);
  toFrame(world, frame, scale, ringXy);
  return world.length / 2;
}

/**
 * Coverage: one path per tier and audience, so overlapping cones merge instead of darkening. With `sight`,
 * a camera with walls within reach draws its line-of-sight rings instead of its disc or wedge.
 */
export function drawCoverage(ctx: Canvas2D, frame: MapFrame, set: CameraSet, sight?: SightLines | null): void {
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
        const rings = sight?.of(set, i)?.[tier];
        if (rings) {
          for (const ring of rings) {
            const m = projectRing(frame, ring, 1);
            for (let k = 0; k < m; k++) (k === 0 ? ctx.moveTo : ctx.lineTo).call(ctx, ringXy[2 * k], ringXy[2 * k + 1]);
            ctx.closePath();
          }
        } else if (cov.sectors === 'disc') {
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
export function drawTierMap(layer: CoverageLayer, frame: MapFrame, set: CameraSet, walls?: WallMask | null): void {
  const { ctx, canvas, scale } = layer;
  const c2d = ctx as unknown as CanvasRenderingContext2D;
  if (!layer.image || layer.image.width !== canvas.width || layer.image.height !== canvas.height) {
    layer.image = c2d.createImageData(canvas.width, canvas.height);
  }
  const image = layer.image;
  const pixels = new Uint32Array(image.data.buffer);
  pixels.fill(0);
  rasteriseTierMap(pixels, image.width, image.height, frame, set, scale, walls?.sight);
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
 * keeps the best tier that reaches it. A pixel is covered when its centre is inside the disc or sector, or,
 * with `sight` and walls within the camera's reach, inside its line-of-sight rings at that tier.
 */
export function rasteriseTierMap(
  pixels: Uint32Array,
  width: number,
  height: number,
  frame: MapFrame,
  set: CameraSet,
  scale: number,
  sight?: SightLines | null,
): void {
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
        const rings = sight?.of(set, i)?.[tier];
        if (rings) {
          for (const ring of rings) {
            const m = projectRing(frame, ring, scale);
            fillRing(pixels, width, height, ringXy, 0, m, colour);
          }
          continue;
        }
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
