/**
 * The coverage layer stops at walls (lib/walls, docs/overlay.md "Walls"): after the tier map is painted,
 * every pixel whose centre lies inside a wall ring of the view (an inferred solid block or a mapped
 * building) is cleared. Scanline fill per ring (each ring even-odd on its own, so overlapping rings never
 * cancel), in the same pixel-centre rule as the tier map. Cost ∝ wall pixels in view, a few ms at most.
 */
import { projectPoints, type MapFrame } from '../../lib/sites/projection.ts';
import type { WallSource } from '../../lib/walls/index.ts';
import type { SightLines } from './sight-lines.ts';

export interface WallMask {
  source: WallSource;
  /** Ring corners, degrees, all rings one after another. */
  lons: Float64Array;
  lats: Float64Array;
  /** Ring r is corners starts[r] .. starts[r + 1] - 1 (open rings). */
  starts: Int32Array;
  /** Scratch: projected corners, CSS px of the frame. */
  xy: Float64Array;
  /** Each camera's line of sight past these walls (sight-lines.ts), when the feed keeps one. */
  sight?: SightLines;
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
  for (let r = 0; r < rings; r++) fillRing(pixels, width, height, xy, mask.starts[r], mask.starts[r + 1], 0);
}

/** Scratch for fillRing: per edge its first and last row, x at the first row's centre, dx per row. */
let edgeRow0 = new Int32Array(256);
let edgeRow1 = new Int32Array(256);
let edgeX = new Float64Array(256);
let edgeDx = new Float64Array(256);
let order = new Int32Array(256);
let active = new Int32Array(256);
let rowXs = new Float64Array(256);

/**
 * Sets to `colour` every pixel of `pixels` (`width × height`) whose centre is inside the ring of corners
 * a .. b - 1 of `xy` (device px, x then y; open ring, even-odd). Scanline fill with an active edge list:
 * per row only the edges that cross it, so a ring of hundreds of corners costs about its height, not
 * height × corners. Shared by the wall mask and the line-of-sight tier map.
 */
export function fillRing(pixels: Uint32Array, width: number, height: number, xy: Float64Array, a: number, b: number, colour: number): void {
  const n = b - a;
  if (edgeRow0.length < n) {
    const size = 2 * n;
    edgeRow0 = new Int32Array(size);
    edgeRow1 = new Int32Array(size);
    edgeX = new Float64Array(size);
    edgeDx = new Float64Array(size);
    order = new Int32Array(size);
    active = new Int32Array(size);
    rowXs = new Float64Array(size);
  }
  // The edges that cross a row centre inside the canvas: row y when ymin ≤ y + 0.5 < ymax.
  let m = 0;
  let last = -1;
  for (let k = a, j = b - 1; k < b; j = k++) {
    let x0 = xy[2 * j];
    let y0 = xy[2 * j + 1];
    let x1 = xy[2 * k];
    let y1 = xy[2 * k + 1];
    if (y0 === y1) continue;
    if (y0 > y1) {
      const tx = x0;
      const ty = y0;
      x0 = x1;
      y0 = y1;
      x1 = tx;
      y1 = ty;
    }
    const r0 = Math.max(0, Math.ceil(y0 - 0.5));
    const r1 = Math.min(height - 1, Math.ceil(y1 - 0.5) - 1);
    if (r1 < r0) continue;
    const dx = (x1 - x0) / (y1 - y0);
    edgeRow0[m] = r0;
    edgeRow1[m] = r1;
    edgeX[m] = x0 + (r0 + 0.5 - y0) * dx;
    edgeDx[m] = dx;
    if (r1 > last) last = r1;
    // Insertion by first row (a ring's edges come in runs of rising or falling rows).
    let q = m++;
    while (q > 0 && edgeRow0[order[q - 1]] > r0) {
      order[q] = order[q - 1];
      q--;
    }
    order[q] = m - 1;
  }
  if (m < 2) return;
  const byRow = order;
  let next = 0;
  let nActive = 0;
  for (let y = edgeRow0[byRow[0]]; y <= last; y++) {
    while (next < m && edgeRow0[byRow[next]] === y) active[nActive++] = byRow[next++];
    let c = 0;
    let keep = 0;
    for (let i = 0; i < nActive; i++) {
      const e = active[i];
      if (edgeRow1[e] < y) continue; // ended above this row
      active[keep++] = e;
      const v = edgeX[e] + (y - edgeRow0[e]) * edgeDx[e];
      let q = c++;
      while (q > 0 && rowXs[q - 1] > v) {
        rowXs[q] = rowXs[q - 1];
        q--;
      }
      rowXs[q] = v;
    }
    nActive = keep;
    const row = y * width;
    for (let i = 0; i + 1 < c; i += 2) {
      const x0 = Math.max(0, Math.ceil(rowXs[i] - 0.5));
      const x1 = Math.min(width - 1, Math.ceil(rowXs[i + 1] - 0.5) - 1);
      if (x1 >= x0) pixels.fill(colour, row + x0, row + x1 + 1);
    }
    if (nActive === 0 && next < m) y = edgeRow0[byRow[next]] - 1;
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
