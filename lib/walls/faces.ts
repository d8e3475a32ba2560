/**
 * Step 2 of wall inference: the bounded faces of the planar street graph (the blocks between streets), by a
 * face walk with the interior on the left. Half-edges are sorted by angle around each vertex (ties broken by
 * the far end: deterministic), and each face is rotated to start at its smallest vertex.
 */
import type { PlanarStreets } from './planar.ts';

/** A bounded face in the local frame: corners, and per boundary edge its half-width and pedestrian flag. */
export interface RawFace {
  xs: number[];
  ys: number[];
  /**
   * A Float64Array: plain arrays of the whole-metre half-widths held small integers, widened ones doubles, and
   * the inset was deoptimised by the two kinds.
   */
  hw: Float64Array;
  ped: boolean[];
  /** Area (m², positive: counter-clockwise). */
  area: number;
  verts: number[];
}

/**
 * Every bounded face (positive area) of the planar streets, each rotated to its smallest (x, y) vertex, handed
 * to `visit` as soon as it is walked (in the walk's order); returns how many. The caller keeps what it needs of
 * each face: ten thousand faces held in one array all outlived the young generation and were copied by the
 * garbage collector twice over (a sixth of the cold wall step).
 */
export function walkFaces(planar: PlanarStreets, visit: (face: RawFace) => void): number {
  const { vx, vy, ea, eb, ehw, eped } = planar;
  const ne = ea.length;
  // One function per phase (the half-edges around each vertex, sorted; then the walk): a cold process optimises
  // each loop on its own, where one long function was deoptimised at each loop it had no feedback for yet.
  const { deg, out } = halfEdgesAround(vx.length, ea, eb);
  const angle = halfEdgeAngles(vx, vy, ea, eb);
  const pos = sortAround(vx, vy, ea, eb, deg, out, angle);
  const origin = (h: number) => (h & 1 ? eb[h >> 1] : ea[h >> 1]);
  const dest = (h: number) => (h & 1 ? ea[h >> 1] : eb[h >> 1]);
  const next = (h: number) => {
    const v = dest(h);
    const d = deg[v + 1] - deg[v];
    const k = pos[h ^ 1];
    return out[deg[v] + ((k - 1 + d) % d)];
  };

  const visited = new Uint8Array(2 * ne);
  let faces = 0;
  let walk = new Int32Array(64); // the half-edges of the face being walked, reused
  for (let h0 = 0; h0 < 2 * ne; h0++) {
    if (visited[h0]) continue;
    let m = 0;
    let h = h0;
    let area = 0;
    let guard = 0;
    do {
      visited[h] = 1;
      const u = origin(h),
        v = dest(h);
      if (m === walk.length) {
        const bigger = new Int32Array(2 * m);
        bigger.set(walk);
        walk = bigger;
      }
      walk[m++] = h;
      area += vx[u] * vy[v] - vx[v] * vy[u];
      h = next(h);
      if (++guard > 2 * ne) break; // cannot happen (next is a permutation); a guard against a hang all the same
    } while (h !== h0);
    area /= 2;
    if (!(area > 1e-6)) continue;
    // Start at the smallest (x, y) vertex: the same face whatever edge the walk began on.
    let best = 0;
    for (let i = 1; i < m; i++) {
      const a = origin(walk[i]),
        b = origin(walk[best]);
      if (vx[a] < vx[b] || (vx[a] === vx[b] && vy[a] < vy[b])) best = i;
    }
    const xs: number[] = [],
      ys: number[] = [],
      hw = new Float64Array(m),
      ped: boolean[] = [],
      verts: number[] = [];
    for (let i = 0; i < m; i++) {
      const he = walk[(best + i) % m];
      const u = origin(he);
      verts.push(u);
      xs.push(vx[u]);
      ys.push(vy[u]);
      hw[i] = ehw[he >> 1];
      ped.push(eped[he >> 1] === 1);
    }
    faces++;
    visit({ xs, ys, hw, ped, area, verts });
  }
  return faces;
}

/** The half-edges out of each vertex (CSR: deg offsets, out half-edge ids; 2k runs ea → eb, 2k + 1 back). */
function halfEdgesAround(nv: number, ea: Int32Array, eb: Int32Array): { deg: Int32Array; out: Int32Array } {
  const ne = ea.length;
  const deg = new Int32Array(nv + 1);
  for (let k = 0; k < ne; k++) {
    deg[ea[k] + 1]++;
    deg[eb[k] + 1]++;
  }
  for (let v = 0; v < nv; v++) deg[v + 1] += deg[v];
  const out = new Int32Array(2 * ne);
  const fill = deg.slice(0, nv);
  for (let k = 0; k < ne; k++) {
    out[fill[ea[k]]++] = 2 * k; // ea → eb
    out[fill[eb[k]]++] = 2 * k + 1; // eb → ea
  }
  return { deg, out };
}

/** Each half-edge's direction (radians). */
function halfEdgeAngles(vx: Float64Array, vy: Float64Array, ea: Int32Array, eb: Int32Array): Float64Array {
  const angle = new Float64Array(2 * ea.length);
  for (let h = 0; h < 2 * ea.length; h++) {
    const u = h & 1 ? eb[h >> 1] : ea[h >> 1],
      v = h & 1 ? ea[h >> 1] : eb[h >> 1];
    angle[h] = Math.atan2(vy[v] - vy[u], vx[v] - vx[u]);
  }
  return angle;
}

/**
 * Sorts each vertex's half-edges by angle (ties broken by the far end: deterministic), in place; returns each
 * half-edge's position around its vertex.
 */
function sortAround(
  vx: Float64Array,
  vy: Float64Array,
  ea: Int32Array,
  eb: Int32Array,
  deg: Int32Array,
  out: Int32Array,
  angle: Float64Array,
): Int32Array {
  const dest = (h: number) => (h & 1 ? ea[h >> 1] : eb[h >> 1]);
  function halfEdgeAfter(p: number, q: number): boolean {
    const d = angle[p] - angle[q] || vx[dest(p)] - vx[dest(q)] || vy[dest(p)] - vy[dest(q)];
    return d > 0;
  }
  const pos = new Int32Array(out.length);
  for (let v = 0; v + 1 < deg.length; v++) {
    // Insertion sort in place: a vertex has a handful of half-edges.
    const a = deg[v],
      z = deg[v + 1];
    for (let i = a + 1; i < z; i++) {
      const h = out[i];
      let k = i - 1;
      while (k >= a && halfEdgeAfter(out[k], h)) {
        out[k + 1] = out[k];
        k--;
      }
      out[k + 1] = h;
    }
    for (let i = a; i < z; i++) pos[out[i]] = i - a;
  }
  return pos;
}
