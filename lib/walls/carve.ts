/**
 * The fallback for a face the mitred inset cannot shrink cleanly (inset.ts): the face minus a corridor around
 * every street near it, on a fine grid. Streets inside the face — a dead end, a courtyard path, a component
 * that touches no boundary — are cut out with their width, instead of dropping or opening the whole block.
 *
 * A cell is free when it lies inside the face and every point of it is further than the street's half-width
 * plus the simplification tolerance from every street (cell centre beyond r + half-diagonal + tolerance), so
 * the simplified outline of a free region still keeps the half-width from every street. Each 4-connected free
 * region gives one ring: its outer boundary along cell edges (a hole — a courtyard ringed by its own path — is
 * filled: the occlusion engine only sees wall edges, so the courtyard's paths stay hidden from the cameras
 * outside either way), simplified (Douglas–Peucker). Polygon clipping (turf/polyclip) gave the same walls but
 * took minutes on a city; the grid is linear in the face's area.
 */
import { pointSegmentDistance, ringBounds } from './geometry.ts';

/** Grid cell (metres). */
export const CARVE_CELL_M = 0.5;
/** Faces whose bounding box holds more cells than this are not carved (4 ha at 0.5 m is 160,000 cells). */
const MAX_CELLS = 400_000;

export interface Segments {
  x1: number[];
  y1: number[];
  x2: number[];
  y2: number[];
  /** Half-width of each segment (metres). */
  r: number[];
}

/**
 * Open counter-clockwise rings of the face (xs, ys: open ring, metres) minus the corridors of the given
 * segments. [] when nothing is left, or the face is too big for the grid.
 */
/**
 * The grid's buffers, kept from one face to the next by a caller that carves many faces (wall inference):
 * allocating three grids per face was most of the carving's garbage.
 */
export class CarveScratch {
  free = new Uint8Array(0);
  label = new Int32Array(0);
  stack = new Int32Array(0);

  /** Buffers for `cells` cells: free cleared, labels -1. */
  take(cells: number): void {
    if (this.free.length < cells) {
      const size = Math.max(cells, 2 * this.free.length);
      this.free = new Uint8Array(size);
      this.label = new Int32Array(size);
      this.stack = new Int32Array(2 * size + 1);
    } else this.free.fill(0, 0, cells);
    this.label.fill(-1, 0, cells);
  }
}

export function carveFace(
  xs: number[],
  ys: number[],
  segs: Segments,
  scratch: CarveScratch = new CarveScratch(),
): Array<{ x: number[]; y: number[] }> {
  const c = CARVE_CELL_M;
  const tol = c;
  const margin = c * Math.SQRT1_2 + tol;
  const [x0, y0, x1, y1] = ringBounds(xs, ys);
  const W = Math.ceil((x1 - x0) / c) + 1,
    H = Math.ceil((y1 - y0) / c) + 1;
  if (!(W * H <= MAX_CELLS)) return [];
  scratch.take(W * H);
  // One function per step: a cold process optimises each loop on its own (one long function was deoptimised
  // at each step it had no type feedback for yet).
  markInside(xs, ys, scratch.free, x0, y0, W, H);
  clearCorridors(segs, scratch.free, x0, y0, W, H, margin);
  return freeRegions(scratch, x0, y0, W, H, tol);
}

/** 1. Cells inside the face (even-odd along each row through the cell centres) set in `free`. */
function markInside(xs: number[], ys: number[], free: Uint8Array, x0: number, y0: number, W: number, H: number): void {
  const c = CARVE_CELL_M;
  const cy = (j: number) => y0 + (j + 0.5) * c;
  const cross: number[] = [];
  const n = xs.length;
  for (let j = 0; j < H; j++) {
    const y = cy(j);
    cross.length = 0;
    for (let a = 0, b = n - 1; a < n; b = a++) {
      if (ys[a] > y !== ys[b] > y) cross.push(xs[a] + ((y - ys[a]) * (xs[b] - xs[a])) / (ys[b] - ys[a]));
    }
    cross.sort((p, q) => p - q);
    for (let k = 0; k + 1 < cross.length; k += 2) {
      const i0 = Math.max(0, Math.ceil((cross[k] - x0) / c - 0.5));
      const i1 = Math.min(W - 1, Math.floor((cross[k + 1] - x0) / c - 0.5));
      if (i0 <= i1) free.fill(1, j * W + i0, j * W + i1 + 1);
    }
  }
}

/** 2. Cells near a street cleared in `free`. */
function clearCorridors(segs: Segments, free: Uint8Array, x0: number, y0: number, W: number, H: number, margin: number): void {
  const c = CARVE_CELL_M;
  const cy = (j: number) => y0 + (j + 0.5) * c;
  // Each corridor (a convex stadium) meets a row in one interval of x.
  for (let s = 0; s < segs.r.length; s++) {
    const R = segs.r[s] + margin;
    const ax = segs.x1[s],
      ay = segs.y1[s],
      bx = segs.x2[s],
      by = segs.y2[s];
    const j0 = Math.max(0, Math.floor((Math.min(ay, by) - R - y0) / c - 0.5));
    const j1 = Math.min(H - 1, Math.ceil((Math.max(ay, by) + R - y0) / c - 0.5));
    for (let j = j0; j <= j1; j++) {
      const y = cy(j);
      stadiumRow(ax, ay, bx, by, R, y);
      const lo = ROW[0],
        hi = ROW[1];
      if (!(lo <= hi)) continue;
      const i0 = Math.max(0, Math.ceil((lo - x0) / c - 0.5));
      const i1 = Math.min(W - 1, Math.floor((hi - x0) / c - 0.5));
      if (i0 <= i1) free.fill(0, j * W + i0, j * W + i1 + 1);
    }
  }
}

/** 3. Each 4-connected free region: its outer boundary, simplified. */
function freeRegions(
  scratch: CarveScratch,
  x0: number,
  y0: number,
  W: number,
  H: number,
  tol: number,
): Array<{ x: number[]; y: number[] }> {
  const c = CARVE_CELL_M;
  const { free, label, stack } = scratch;
  const rings: Array<{ x: number[]; y: number[] }> = [];
  let regions = 0;
  // The next free cell not yet in a region (flood clears `free` as it labels), found by the typed array's own
  // search: a cell-by-cell scan ran in the interpreter for most of a cold run.
  for (let start = free.indexOf(1); start !== -1 && start < W * H; start = free.indexOf(1, start + 1)) {
    const id = regions++;
    flood(free, label, stack, W, H, start, id);
    // `start` is the region's lowest-leftmost cell: its bottom edge is on the outer boundary.
    const corners = traceOuter(label, W, H, id, start % W, Math.floor(start / W));
    if (corners.length < 6) continue;
    const px: number[] = [],
      py: number[] = [];
    for (let k = 0; k < corners.length; k += 2) {
      px.push(x0 + corners[k] * c);
      py.push(y0 + corners[k + 1] * c);
    }
    const keep = simplifyRing(px, py, tol);
    if (keep.length >= 3) rings.push({ x: keep.map((k) => px[k]), y: keep.map((k) => py[k]) });
  }
  return rings;
}

/**
 * Labels `id` on the 4-connected free cells reachable from `start`, and clears them from `free` (its only reader
 * after this step is the search for the next region). A scanline fill: each run of free cells along a row is
 * found and filled by the typed arrays' own lastIndexOf / indexOf / fill, and the rows above and below get one
 * seed per free run beside it. A cell-by-cell fill ran in the interpreter through most of a cold process (up
 * to 270,000 cells a face); these builtins are native code from the start. `stack` holds 2 × W × H + 1 cells
 * (a cell is pushed at most once from the row below and once from the row above).
 */
export function flood(free: Uint8Array, label: Int32Array, stack: Int32Array, W: number, H: number, start: number, id: number): void {
  let top = 0;
  stack[top++] = start;
  while (top > 0) {
    const k = stack[--top];
    if (free[k] === 0) continue; // filled since it was pushed
    const row = k - (k % W);
    const end = row + W;
    const a = row + free.subarray(row, k).lastIndexOf(0) + 1;
    const right = free.subarray(k, end).indexOf(0);
    const b = right === -1 ? end : k + right;
    free.fill(0, a, b);
    label.fill(id, a, b);
    if (row > 0) top = pushRuns(free, stack, top, a - W, b - W);
    if (end < W * H) top = pushRuns(free, stack, top, a + W, b + W);
  }
}

/** Pushes the first cell of each run of free cells in [lo, hi) onto the stack; returns the new top. */
function pushRuns(free: Uint8Array, stack: Int32Array, top: number, lo: number, hi: number): number {
  const cells = free.subarray(lo, hi);
  for (let p = cells.indexOf(1); p !== -1; ) {
    stack[top++] = lo + p;
    const q = cells.indexOf(0, p);
    if (q === -1) break;
    p = cells.indexOf(1, q);
  }
  return top;
}

/** The x interval where the horizontal line at y is within R of the segment A–B, in ROW (empty: lo > hi). */
const ROW = new Float64Array(2);
function stadiumRow(ax: number, ay: number, bx: number, by: number, R: number, y: number): void {
  let lo = Infinity,
    hi = -Infinity;
  // The two end discs.
  let dy = y - ay;
  if (Math.abs(dy) <= R) {
    const h = Math.sqrt(R * R - dy * dy);
    lo = ax - h;
    hi = ax + h;
  }
  dy = y - by;
  if (Math.abs(dy) <= R) {
    const h = Math.sqrt(R * R - dy * dy);
    if (bx - h < lo) lo = bx - h;
    if (bx + h > hi) hi = bx + h;
  }
  // The band 0 ≤ u·(P − A) ≤ L, |n·(P − A)| ≤ R restricted to the line: two slabs in x.
  const L = Math.hypot(bx - ax, by - ay);
  if (L > 0) {
    const ux = (bx - ax) / L,
      uy = (by - ay) / L;
    let a = -Infinity,
      b = Infinity;
    // along(x) = ux·(x − ax) + uy·(y − ay) ∈ [0, L]
    const m1 = uy * (y - ay);
    if (Math.abs(ux) < 1e-12) {
      if (m1 < 0 || m1 > L) a = Infinity;
    } else {
      const t1 = ax - m1 / ux,
        t2 = ax + (L - m1) / ux;
      a = Math.max(a, Math.min(t1, t2));
      b = Math.min(b, Math.max(t1, t2));
    }
    // across(x) = −uy·(x − ax) + ux·(y − ay) ∈ [−R, R]
    const m2 = ux * (y - ay);
    if (Math.abs(uy) < 1e-12) {
      if (m2 < -R || m2 > R) a = Infinity;
    } else {
      const t1 = ax + (m2 + R) / uy,
        t2 = ax + (m2 - R) / uy;
      a = Math.max(a, Math.min(t1, t2));
      b = Math.min(b, Math.max(t1, t2));
    }
    if (a <= b) {
      if (a < lo) lo = a;
      if (b > hi) hi = b;
    }
  }
  ROW[0] = lo;
  ROW[1] = hi;
}

/**
 * Corners (grid vertex i, j pairs) of the outer boundary of region `id`, counter-clockwise, starting at the
 * bottom-left corner of cell (i0, j0). At a vertex where two cells of the region touch only diagonally the
 * walk turns left, so 4-connected regions stay apart.
 */
/** Steps along directions 0 (+x), 1 (+y), 2 (−x), 3 (−y); the turns tried at each vertex: left, straight, right. */
const DX = [1, 0, -1, 0],
  DY = [0, 1, 0, -1],
  TURNS = [1, 0, 3];
function traceOuter(label: Int32Array, W: number, H: number, id: number, i0: number, j0: number): number[] {
  const inR = (i: number, j: number) => i >= 0 && j >= 0 && i < W && j < H && label[j * W + i] === id;
  // Out-edge from vertex (i, j) in direction d (0 +x, 1 +y, 2 −x, 3 −y), region on the left.
  const has = (i: number, j: number, d: number) => {
    if (d === 0) return inR(i, j) && !inR(i, j - 1);
    if (d === 1) return inR(i - 1, j) && !inR(i, j);
    if (d === 2) return inR(i - 1, j - 1) && !inR(i - 1, j);
    return inR(i, j - 1) && !inR(i - 1, j - 1);
  };
  const out: number[] = [];
  let i = i0,
    j = j0,
    d = 0;
  const limit = 4 * W * H + 8;
  for (let step = 0; step < limit; step++) {
    i += DX[d];
    j += DY[d];
    let nd = -1;
    for (let q = 0; q < 3; q++) {
      const t = TURNS[q];
      if (has(i, j, (d + t) & 3)) {
        nd = (d + t) & 3;
        break;
      }
    }
    if (nd === -1) return [];
    if (nd !== d) out.push(i, j);
    d = nd;
    if (i === i0 && j === j0 && d === 0) return out;
  }
  return [];
}

/** Indices of the corners a closed ring keeps under Douglas–Peucker with tolerance `tol`. */
function simplifyRing(xs: number[], ys: number[], tol: number): number[] {
  const n = xs.length;
  // Split at corner 0 and the corner furthest from it.
  let far = 0,
    best = -1;
  for (let k = 1; k < n; k++) {
    const d = Math.hypot(xs[k] - xs[0], ys[k] - ys[0]);
    if (d > best) (best = d), (far = k);
  }
  const keep = new Uint8Array(n);
  keep[0] = keep[far] = 1;
  const dp = (a: number, b: number) => {
    // Corners strictly between a and b (b may wrap to n = 0).
    const stack = [a, b];
    while (stack.length) {
      const e = stack.pop()!,
        s = stack.pop()!;
      const ex = xs[e % n],
        ey = ys[e % n];
      let worst = -1,
        wk = -1;
      for (let k = s + 1; k < e; k++) {
        const d = pointSegmentDistance(xs[k], ys[k], xs[s], ys[s], ex, ey);
        if (d > worst) (worst = d), (wk = k);
      }
      if (worst > tol) {
        keep[wk] = 1;
        stack.push(s, wk, wk, e);
      }
    }
  };
  dp(0, far);
  dp(far, n);
  const idx: number[] = [];
  for (let k = 0; k < n; k++) if (keep[k]) idx.push(k);
  return idx;
}
