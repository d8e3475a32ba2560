/**
 * Line of sight as polygons, for drawing (docs/overlay.md "Walls"): what a camera sees within one radius,
 * past the walls of a BuildingIndex, by an exact angular sweep. The same rule as the exposure engine
 * (scorer.ts, clipShadow): a point is hidden when the segment from the camera to it crosses a wall, except
 * walls closer to the camera than the mount tolerance (the wall it hangs on) and walls in line with it.
 *
 * Sweep: the critical angles are the wall ends, the points where a wall crosses the circle, the wedge's
 * edges and arc samples. Between two consecutive critical angles the nearest wall (or the circle) does
 * not change, so the boundary there is one straight piece of that wall (exact) or one arc chord. Cost per
 * camera O(k²) for k walls within the radius, no polygon clipping library.
 */
import { LocalFrame } from '../geo/index.ts';
import { distanceToSegment } from '../geo/segment.ts';
import type { CameraCoverage } from '../cameras/coverage.ts';
import { WALL_UNITS_PER_DEGREE, wallsInBox, type BuildingIndex } from './buildings.ts';

/** Arc samples: one chord per this many radians (6°: a chord strays < 0.14 % of the radius from the arc, 14 cm at 100 m). */
const ARC_STEP = (6 * Math.PI) / 180;
const TAU = 2 * Math.PI;

/** One visibility polygon: an open ring, corners in degrees. */
export interface SightRing {
  lons: Float64Array;
  lats: Float64Array;
}

/** The walls near one camera, in metres around it (x east, y north): 4 numbers per wall. */
export interface NearWalls {
  frame: LocalFrame;
  segs: Float64Array;
  count: number;
}

/**
 * The walls that can hide something within `radius` of (lon, lat): near enough, not the wall the camera
 * hangs on (closer than `tolerance`), not in line with the camera. Null when there are none (the camera then
 * sees its whole disc or wedge).
 */
export function wallsNear(
  lon: number,
  lat: number,
  radius: number,
  b: BuildingIndex | null | undefined,
  tolerance: number,
): NearWalls | null {
  if (!b?.index || !(radius > 0)) return null;
  const f = new LocalFrame(lon, lat);
  const bf = b.frame;
  const cx = bf.x(lon);
  const cy = bf.y(lat);
  const m = radius * 1.02 + 1;
  const ids = wallsInBox(b, cx - m, cy - m, cx + m, cy + m);
  const segs = new Float64Array(4 * ids.length);
  let n = 0;
  for (const w of ids) {
    const px = f.x(b.walls[4 * w] / WALL_UNITS_PER_DEGREE);
    const py = f.y(b.walls[4 * w + 1] / WALL_UNITS_PER_DEGREE);
    const qx = f.x(b.walls[4 * w + 2] / WALL_UNITS_PER_DEGREE);
    const qy = f.y(b.walls[4 * w + 3] / WALL_UNITS_PER_DEGREE);
    if (px * qy - py * qx === 0) continue; // in line with the camera: hides nothing (clipShadow)
    const d = distanceToSegment(px, py, qx, qy);
    if (d < tolerance || d >= radius) continue;
    segs.set([px, py, qx, qy], 4 * n++);
  }
  return n ? { frame: f, segs, count: n } : null;
}

/**
 * The parts of a camera's coverage it sees past `near`, for each radius of `radii` (ascending or not; the
 * walls must have been gathered for the largest): per radius, one ring per sector (each starting at the
 * camera), or one ring for a disc. Rings are star-shaped around the camera.
 */
export function visibilityRings(near: NearWalls, radii: readonly number[], sectors: CameraCoverage['sectors']): SightRing[][] {
  const bins = angleBins(near);
  const pieces =
    sectors === 'disc'
      ? [sweep(near, bins, radii, 0, TAU, false)]
      : sectors.map((s) => {
          if (s.width >= 360) return sweep(near, bins, radii, 0, TAU, false);
          // Bearings run clockwise from north; sweep angles counter-clockwise from east.
          const a0 = ((90 - (s.centre + s.width / 2)) * Math.PI) / 180;
          return sweep(near, bins, radii, a0, a0 + (s.width * Math.PI) / 180, true);
        });
  return radii.map((_, t) => pieces.map((p) => p[t]));
}

/** Angle bins (1°): the walls whose angular span meets each bin (CSR), so a ray tests only those. */
const BINS = 360;
interface Bins {
  start: Int32Array;
  ids: Int32Array;
}

function angleBins(near: NearWalls): Bins {
  const { segs, count } = near;
  const lo = new Int32Array(count);
  const hi = new Int32Array(count);
  const start = new Int32Array(BINS + 1);
  for (let w = 0; w < count; w++) {
    const a = Math.atan2(segs[4 * w + 1], segs[4 * w]);
    let d = Math.atan2(segs[4 * w + 3], segs[4 * w + 2]) - a;
    if (d > Math.PI) d -= TAU;
    if (d < -Math.PI) d += TAU;
    // The span is under π (no wall passes through the camera); pad by a hair against rounding.
    const from = (d >= 0 ? a : a + d) - 1e-9;
    lo[w] = Math.floor((from / TAU) * BINS);
    hi[w] = Math.floor(((from + Math.abs(d) + 2e-9) / TAU) * BINS);
    for (let b = lo[w]; b <= hi[w]; b++) start[(((b % BINS) + BINS) % BINS) + 1]++;
  }
  for (let b = 0; b < BINS; b++) start[b + 1] += start[b];
  const fill = start.slice(0, BINS);
  const ids = new Int32Array(start[BINS]);
  for (let w = 0; w < count; w++) for (let b = lo[w]; b <= hi[w]; b++) ids[fill[((b % BINS) + BINS) % BINS]++] = w;
  return { start, ids };
}

/** Distance along the ray at angle `a` to wall `w`'s line, or Infinity when the ray misses the wall. */
function hit(segs: Float64Array, w: number, dx: number, dy: number, clamp: boolean): number {
  const px = segs[4 * w];
  const py = segs[4 * w + 1];
  const wx = segs[4 * w + 2] - px;
  const wy = segs[4 * w + 3] - py;
  const den = dx * wy - dy * wx;
  if (den === 0) return Infinity;
  const t = (px * wy - py * wx) / den;
  if (!clamp) return t > 0 ? t : Infinity;
  const u = (px * dy - py * dx) / den;
  return t > 0 && u >= 0 && u <= 1 ? t : Infinity;
}

/** Per radius, the ring of the sweep from angle `start` to `end` (radians, counter-clockwise from east). */
function sweep(near: NearWalls, bins: Bins, radii: readonly number[], start: number, end: number, wedge: boolean): SightRing[] {
  const { segs, count, frame } = near;
  const radius = Math.max(...radii);
  const norm = (a: number) => {
    let v = (a - start) % TAU;
    if (v < 0) v += TAU;
    return start + v;
  };
  const angles: number[] = [];
  const add = (a: number) => {
    const v = norm(a);
    if (v > start && v < end) angles.push(v);
  };
  for (let a = start + ARC_STEP; a < end; a += ARC_STEP) angles.push(a);
  for (let w = 0; w < count; w++) {
    const px = segs[4 * w];
    const py = segs[4 * w + 1];
    const qx = segs[4 * w + 2];
    const qy = segs[4 * w + 3];
    add(Math.atan2(py, px));
    add(Math.atan2(qy, qx));
    // Where the wall crosses each circle: |P + u(Q − P)|² = r².
    const wx = qx - px;
    const wy = qy - py;
    const A = wx * wx + wy * wy;
    const B = 2 * (px * wx + py * wy);
    for (const r of radii) {
      const disc = B * B - 4 * A * (px * px + py * py - r * r);
      if (!(A > 0 && disc > 0)) continue;
      const sq = Math.sqrt(disc);
      const u0 = (-B - sq) / (2 * A);
      const u1 = (-B + sq) / (2 * A);
      if (u0 > 0 && u0 < 1) add(Math.atan2(py + u0 * wy, px + u0 * wx));
      if (u1 > 0 && u1 < 1) add(Math.atan2(py + u1 * wy, px + u1 * wx));
    }
  }
  // Where two walls cross (overlapping buildings): the nearest wall may change there. Walls in order of
  // their west end; a pair is tested only when their x extents overlap (sort and prune).
  const byWest = Array.from({ length: count }, (_, w) => w).sort(
    (v, w) => Math.min(segs[4 * v], segs[4 * v + 2]) - Math.min(segs[4 * w], segs[4 * w + 2]),
  );
  for (let i = 0; i < count; i++) {
    const v = byWest[i];
    const ax = segs[4 * v];
    const ay = segs[4 * v + 1];
    const ex = segs[4 * v + 2] - ax;
    const ey = segs[4 * v + 3] - ay;
    const east = Math.max(ax, ax + ex);
    for (let j = i + 1; j < count; j++) {
      const w = byWest[j];
      const bx = segs[4 * w];
      const fx = segs[4 * w + 2] - bx;
      if (Math.min(bx, bx + fx) > east) break;
      const by = segs[4 * w + 1];
      const fy = segs[4 * w + 3] - by;
      if (Math.max(ay, ay + ey) < Math.min(by, by + fy) || Math.max(by, by + fy) < Math.min(ay, ay + ey)) continue;
      const den = ex * fy - ey * fx;
      if (den === 0) continue;
      const u = ((bx - ax) * fy - (by - ay) * fx) / den;
      const t = ((bx - ax) * ey - (by - ay) * ex) / den;
      if (u > 0 && u < 1 && t > 0 && t < 1) add(Math.atan2(ay + u * ey, ax + u * ex));
    }
  }
  angles.push(start, end);
  angles.sort((a, b) => a - b);
  // The nearest wall over each interval between critical angles (-1: none within the largest radius;
  // -2: an empty interval), and its distance at the interval's middle.
  const n = angles.length - 1;
  const wallOf = new Int32Array(n);
  const mid = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (angles[k + 1] - angles[k] < 1e-12) {
      wallOf[k] = -2;
      continue;
    }
    const m = (angles[k] + angles[k + 1]) / 2;
    const mx = Math.cos(m);
    const my = Math.sin(m);
    let best = radius;
    let wall = -1;
    const bin = (((Math.floor((m / TAU) * BINS) % BINS) + BINS) % BINS) | 0;
    for (let q = bins.start[bin]; q < bins.start[bin + 1]; q++) {
      const w = bins.ids[q];
      const t = hit(segs, w, mx, my, true);
      if (t < best) {
        best = t;
        wall = w;
      }
    }
    wallOf[k] = wall;
    mid[k] = best;
  }
  return radii.map((r) => ring(angles, wallOf, mid, segs, r, wedge, frame));
}

/** The ring at radius `r`: a wall piece where the nearest wall is closer than `r`, an arc chord elsewhere. */
function ring(
  angles: number[],
  wallOf: Int32Array,
  mid: Float64Array,
  segs: Float64Array,
  r: number,
  wedge: boolean,
  frame: LocalFrame,
): SightRing {
  const n = wallOf.length;
  const at = (k: number) => (wallOf[k] >= 0 && mid[k] < r ? wallOf[k] : wallOf[k] === -2 ? -2 : -1);
  const xs: number[] = [];
  const ys: number[] = [];
  if (wedge) xs.push(0), ys.push(0);
  const corner = (a: number, wall: number) => {
    const dx = Math.cos(a);
    const dy = Math.sin(a);
    const d = wall < 0 ? r : hit(segs, wall, dx, dy, false);
    xs.push(d * dx);
    ys.push(d * dy);
  };
  let prev = -3;
  for (let k = 0; k < n; k++) {
    const wall = at(k);
    if (wall === -2) continue;
    let next = -3;
    for (let j = k + 1; j < n; j++) {
      const v = at(j);
      if (v !== -2) {
        next = v;
        break;
      }
    }
    // Start corner, unless it continues the same wall (a hidden wall end in between: collinear).
    if (!(wall >= 0 && wall === prev)) corner(angles[k], wall);
    // End corner where the boundary changes (the next arc piece or the same wall carries on otherwise).
    if (next === -3 || (next !== wall && !(wall < 0 && next < 0))) corner(angles[k + 1], wall);
    prev = wall;
  }
  const lons = new Float64Array(xs.length);
  const lats = new Float64Array(ys.length);
  for (let i = 0; i < xs.length; i++) {
    lons[i] = frame.lon(xs[i]);
    lats[i] = frame.lat(ys[i]);
  }
  return { lons, lats };
}
