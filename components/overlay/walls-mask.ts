/**
 * The coverage layer stops at walls (lib/walls, docs/overlay.md "Walls"): after the tier map is painted,
 * every pixel whose centre lies inside a wall ring of the view (an inferred solid block or a mapped
 * building) is cleared. Scanline fill per ring (each ring even-odd on its own, so overlapping rings never
 * cancel), in the same pixel-centre rule as the tier map. Cost ∝ wall pixels in view, a few ms at most.
 */
import { projectPoints, type MapFrame } from '../../lib/sites/projection.ts';
import type { WallSource } from '../../lib/walls/index.ts';

export interface WallMask {
  source: WallSource;
  /** Ring corners, degrees, all rings one after another. */
  lons: Float64Array;
  lats: Float64Array;
  /** Ring r is corners starts[r] .. starts[r + 1] - 1 (open rings). */
  starts: Int32Array;
  /** Scratch: projected corners, CSS px of the frame. */
  xy: Float64Array;
}

/** Flat [lon, lat, …] open rings (the `walls/inBBox` answer) → a mask. Malformed rings are skipped. */
export function buildWallMask(source: WallSource, rings: readonly (readonly number[])[]): WallMask {
  const good = rings.filter(
    (r) => Array.isArray(r) && r.length >= 6 && r.length % 2 === 0 && r.every((v) => typeof v === 'number' && Number.isFinite(v)),
  );
  const total = good.reduce((s, r) => s + r.length / 2, 0);
  const lons = new Float64Array(total);
  const lats = new Float64Array(total);
  const starts = new Int32Array(good.length + 1);
  let k = 0;
  good.forEach((r, i) => {
    starts[i] = k;
    for (let j = 0; j < r.length; j += 2) {
      lons[k] = r[j];
      lats[k] = r[j + 1];
      k++;
    }
  });
  starts[good.length] = k;
  return { source, lons, lats, starts, xy: new Float64Array(2 * total) };
}

/**
 * Clears (sets to 0) every pixel of `pixels` (`width × height`, a canvas at `scale` device px per CSS px of
 * `frame`) whose centre is inside one of the mask's rings.
 */
export function maskTierMap(pixels: Uint32Array, width: number, height: number, frame: MapFrame, mask: WallMask, scale: number): void {
  const rings = mask.starts.length - 1;
  if (rings <= 0) return;
  projectPoints(frame, mask.lons, mask.lats, mask.xy);
  const xy = mask.xy;
  for (let k = 0; k < xy.length; k++) xy[k] *= scale;
  const xs = new Float64Array(64);
  for (let r = 0; r < rings; r++) {
    const a = mask.starts[r];
    const b = mask.starts[r + 1];
    let minY = Infinity,
      maxY = -Infinity,
      minX = Infinity,
      maxX = -Infinity;
    for (let k = a; k < b; k++) {
      const x = xy[2 * k];
      const y = xy[2 * k + 1];
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
    }
    if (maxY < 0 || minY > height || maxX < 0 || minX > width) continue;
    const y0 = Math.max(0, Math.ceil(minY - 0.5));
    const y1 = Math.min(height - 1, Math.floor(maxY - 0.5));
    let buf = b - a > xs.length ? new Float64Array(b - a) : xs;
    for (let y = y0; y <= y1; y++) {
      const yc = y + 0.5;
      let n = 0;
      for (let k = a, j = b - 1; k < b; j = k++) {
        const yi = xy[2 * k + 1];
        const yj = xy[2 * j + 1];
        if (yi > yc !== yj > yc) {
          const xi = xy[2 * k];
          const v = xi + ((yc - yi) * (xy[2 * j] - xi)) / (yj - yi);
          // Insertion sort: a row crosses a block's outline a handful of times.
          let m = n++;
          while (m > 0 && buf[m - 1] > v) {
            buf[m] = buf[m - 1];
            m--;
          }
          buf[m] = v;
        }
      }
      const row = y * width;
      for (let i = 0; i + 1 < n; i += 2) {
        const x0 = Math.max(0, Math.ceil(buf[i] - 0.5));
        const x1 = Math.min(width - 1, Math.ceil(buf[i + 1] - 0.5) - 1);
        if (x1 >= x0) pixels.fill(0, row + x0, row + x1 + 1);
      }
    }
    buf = xs;
  }
}

/** The same cut on a path-drawn coverage (no tier-map layer): erase the rings from what is drawn so far. */
export function maskCanvas(ctx: CanvasRenderingContext2D, frame: MapFrame, mask: WallMask): void {
  const rings = mask.starts.length - 1;
  if (rings <= 0) return;
  projectPoints(frame, mask.lons, mask.lats, mask.xy);
  const xy = mask.xy;
  ctx.save();
  ctx.globalCompositeOperation = 'destination-out';
  ctx.fillStyle = '#000';
  for (let r = 0; r < rings; r++) {
    ctx.beginPath();
    for (let k = mask.starts[r]; k < mask.starts[r + 1]; k++)
      (k === mask.starts[r] ? ctx.moveTo : ctx.lineTo).call(ctx, xy[2 * k], xy[2 * k + 1]);
    ctx.closePath();
    ctx.fill('evenodd');
  }
  ctx.restore();
}
