/**
 * Small planar geometry on rings in the local metric frame (metres), shared by the wall inference steps.
 */
import type { BoxSearch } from './seg-grid.ts';

/** Signed area (m², positive counter-clockwise) of an open ring. */
export function ringArea(xs: number[], ys: number[]): number {
  let a = 0;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) a += xs[j] * ys[i] - xs[i] * ys[j];
  return a / 2;
}

export function ringPerimeter(xs: number[], ys: number[]): number {
  let p = 0;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) p += Math.hypot(xs[i] - xs[j], ys[i] - ys[j]);
  return p;
}

/** No two non-adjacent edges of the ring cross or touch. O(n²): shrunk faces have tens of corners. */
export function ringIsSimple(xs: number[], ys: number[]): boolean {
  const n = xs.length;
  if (n > 4000) return false;
  for (let i = 0; i < n; i++) {
    const i2 = (i + 1) % n;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const j2 = (j + 1) % n;
      if (segmentsCross(xs[i], ys[i], xs[i2], ys[i2], xs[j], ys[j], xs[j2], ys[j2])) return false;
    }
  }
  return true;
}

export function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy),
    o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay),
    o4 = orient(cx, cy, dx, dy, bx, by);
  return ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0));
}
export const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/**
 * The sign of pointSegmentDistance(...) − r, to the last bit, without the slow Math.hypot when the squared
 * distance is clearly beyond r (by a relative 1e-6, far above the rounding of either): 1 when farther, −1 when
 * closer, 0 when equal. Shared by closerThan and fartherThan.
 */
function distanceSign(px: number, py: number, ax: number, ay: number, bx: number, by: number, r: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = px - ax - t * dx,
    ey = py - ay - t * dy;
  // For r < 0 every distance is farther, as the exact comparison below also says.
  if (ex * ex + ey * ey > r * r * (1 + 1e-6)) return 1;
  const d = Math.hypot(ex, ey);
  return d < r ? -1 : d > r ? 1 : 0;
}

/** pointSegmentDistance(...) < r, to the last bit, with Math.hypot only near the boundary (distanceSign). */
export function closerThan(px: number, py: number, ax: number, ay: number, bx: number, by: number, r: number): boolean {
  return distanceSign(px, py, ax, ay, bx, by, r) < 0;
}

/** Even-odd point in ring. */
export function pointInRing(px: number, py: number, xs: number[], ys: number[]): boolean {
  let inside = false;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
    if (ys[i] > py !== ys[j] > py && px < ((xs[j] - xs[i]) * (py - ys[i])) / (ys[j] - ys[i]) + xs[i]) inside = !inside;
  }
  return inside;
}

/** [minX, minY, maxX, maxY] of a ring's corners. */
export function ringBounds(xs: number[], ys: number[]): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    x0 = Math.min(x0, xs[i]);
    x1 = Math.max(x1, xs[i]);
    y0 = Math.min(y0, ys[i]);
    y1 = Math.max(y1, ys[i]);
  }
  return [x0, y0, x1, y1];
}

/**
 * Any point of `within` (a range search over px, py) strictly inside the ring and further than `depth` metres from
 * its boundary; the search allocates nothing, and a point stops being tested at its first wall within reach.
 * The answer does not depend on the order of the search's hits.
 */
export function anyInside(
  within: BoxSearch,
  px: ArrayLike<number>,
  py: ArrayLike<number>,
  xs: number[],
  ys: number[],
  depth: number,
): boolean {
  const [x0, y0, x1, y1] = ringBounds(xs, ys);
  const r = Math.max(depth, 0.01);
  const n = within.search(x0, y0, x1, y1);
  points: for (let q = 0; q < n; q++) {
    const id = within.ids[q];
    if (!pointInRing(px[id], py[id], xs, ys)) continue;
    // Deeper than r ⇔ further than r from every wall (a NaN distance, as in min(), makes it fail).
    for (let i = 0, j = xs.length - 1; i < xs.length; j = i++)
      if (!fartherThan(px[id], py[id], xs[j], ys[j], xs[i], ys[i], r)) continue points;
    return true;
  }
  return false;
}

/** pointSegmentDistance(...) > r, to the last bit, with Math.hypot only near the boundary (distanceSign). */
export function fartherThan(px: number, py: number, ax: number, ay: number, bx: number, by: number, r: number): boolean {
  return distanceSign(px, py, ax, ay, bx, by, r) > 0;
}

export const round7 = (x: number) => Math.round(x * 1e7) / 1e7;
export const round2 = (x: number) => Math.round(x * 100) / 100;
