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
import type { BuildingIndex } from './buildings.ts';

/** Arc samples: one chord per this many radians (3°: a chord strays < 0.14 % of the radius from the arc). */
const ARC_STEP = (3 * Math.PI) / 180;
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
  const ids = b.index.search(cx - m, cy - m, cx + m, cy + m);
  const segs = new Float64Array(4 * ids.length);
  let n = 0;
  for (const w of ids) {
    const px = f.x(b.walls[4 * w]);
    const py = f.y(b.walls[4 * w + 1]);
    const qx = f.x(b.walls[4 * w + 2]);
    const qy = f.y(b.walls[4 * w + 3]);
    if (px * qy - py * qx === 0) continue; // in line with the camera: hides nothing (clipShadow)
    const d = distanceToSegment(px, py, qx, qy);
    if (d < tolerance || d >= radius) continue;
    segs.set([px, py, qx, qy], 4 * n++);
  }
  return n ? { frame: f, segs, count: n } : null;
}

/**
 * The parts of a camera's coverage within `radius` it sees past `near`: one ring per sector (each starting
 * at the camera), or one ring for a disc. Rings are star-shaped around the camera.
 */
export function visibilityRings(near: NearWalls, radius: number, sectors: CameraCoverage['sectors']): SightRing[] {
  if (sectors === 'disc') return [sweep(near, radius, 0, TAU, false)];
  return sectors.map((s) => {
    if (s.width >= 360) return sweep(near, radius, 0, TAU, false);
    // Bearings run clockwise from north; sweep angles counter-clockwise from east.
    const a0 = ((90 - (s.centre + s.width / 2)) * Math.PI) / 180;
    return sweep(near, radius, a0, a0 + (s.width * Math.PI) / 180, true);
  });
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

function sweep(near: NearWalls, radius: number, start: number, end: number, wedge: boolean): SightRing {
  const { segs, count, frame } = near;
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
  const r2 = radius * radius;
  for (let w = 0; w < count; w++) {
    const px = segs[4 * w];
    const py = segs[4 * w + 1];
    const qx = segs[4 * w + 2];
    const qy = segs[4 * w + 3];
    add(Math.atan2(py, px));
    add(Math.atan2(qy, qx));
    // Where the wall crosses the circle: |P + u(Q − P)|² = r².
    const wx = qx - px;
    const wy = qy - py;
    const A = wx * wx + wy * wy;
    const B = 2 * (px * wx + py * wy);
    const C = px * px + py * py - r2;
    const disc = B * B - 4 * A * C;
    if (A > 0 && disc > 0) {
      const sq = Math.sqrt(disc);
      for (const u of [(-B - sq) / (2 * A), (-B + sq) / (2 * A)]) {
        if (u > 0 && u < 1) add(Math.atan2(py + u * wy, px + u * wx));
      }
    }
  }
  // Where two walls cross (overlapping buildings): the nearest wall may change there.
  for (let v = 0; v < count; v++) {
    const ax = segs[4 * v];
    const ay = segs[4 * v + 1];
    const ex = segs[4 * v + 2] - ax;
    const ey = segs[4 * v + 3] - ay;
    for (let w = v + 1; w < count; w++) {
      const bx = segs[4 * w];
      const by = segs[4 * w + 1];
      const fx = segs[4 * w + 2] - bx;
      const fy = segs[4 * w + 3] - by;
      const den = ex * fy - ey * fx;
      if (den === 0) continue;
      const u = ((bx - ax) * fy - (by - ay) * fx) / den;
      const s = ((bx - ax) * ey - (by - ay) * ex) / den;
      if (u > 0 && u < 1 && s > 0 && s < 1) add(Math.atan2(ay + u * ey, ax + u * ex));
    }
  }
  angles.push(start, end);
  angles.sort((a, b) => a - b);
  // The nearest wall over each interval between critical angles (-1: none, the arc).
  const n = angles.length - 1;
  const wallOf = new Int32Array(n);
  for (let k = 0; k < n; k++)
    wallOf[k] = angles[k + 1] - angles[k] < 1e-12 ? -2 : nearestAt(segs, count, radius, (angles[k] + angles[k + 1]) / 2);
  const xs: number[] = [];
  const ys: number[] = [];
  if (wedge) xs.push(0), ys.push(0);
  const corner = (a: number, wall: number) => {
    const dx = Math.cos(a);
    const dy = Math.sin(a);
    const r = wall < 0 ? radius : hit(segs, wall, dx, dy, false);
    xs.push(r * dx);
    ys.push(r * dy);
  };
  let prev = -3;
  for (let k = 0; k < n; k++) {
    const wall = wallOf[k];
    if (wall === -2) continue; // empty interval
    let next = -3;
    for (let j = k + 1; j < n; j++) {
      if (wallOf[j] !== -2) {
        next = wallOf[j];
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

function nearestAt(segs: Float64Array, count: number, radius: number, m: number): number {
  const mx = Math.cos(m);
  const my = Math.sin(m);
  let best = radius;
  let wall = -1;
  for (let w = 0; w < count; w++) {
    const t = hit(segs, w, mx, my, true);
    if (t < best) {
      best = t;
      wall = w;
    }
  }
  return wall;
}
