/**
 * The search's per-node record layout and its lower bound on the cost still to walk ("potential"): the
 * larger of the straight line and the landmark (ALT) bound, for one point, in one α's costs. Shared by the
 * one-way A* (search.ts) and the bidirectional search (bidirectional.ts).
 */
import type { LocalFrame } from '../geo/index.ts';
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED, type WalkGraph } from '../network/walk-graph.ts';
import type { NodeHeap } from './heap.ts';
import { LANDMARK_MARGIN_UNITS, Landmarks, type LandmarkTable } from './landmarks.ts';
import type { SnapPoint } from './snap.ts';

/** A stretch of one edge walked from offset `from` to offset `to` (metres along its shape; from > to = backwards). */
export interface RoutePiece {
  edge: number;
  from: number;
  to: number;
}

export interface LegPath {
  /** The minimised cost: Σ length × (1 + α × density), in metres. */
  cost: number;
  /** Metres walked. */
  length: number;
  /** Weighted exposure in metres (the part of the cost α multiplies). */
  weighted: number;
  pieces: RoutePiece[];
  /** Nodes the search settled, counting a node settled again after a reopening (for benchmarks and tests). */
  settled: number;
  /** Settled nodes reached more cheaply later and reopened (the landmark bound's one-unit slack). */
  reopened: number;
}

/** A search's arrays for one query (search.ts PathSearch owns them; bidirectional.ts works on them). */
export interface SearchState {
  graph: WalkGraph;
  frame: LocalFrame;
  /** Node records, F64_STRIDE doubles each. */
  f: Float64Array;
  /** Node records, I32_STRIDE int32s each. */
  i32: Int32Array;
  /** Per adjacency slot: length and weighted exposure of its edge (Float32, the graph's values). */
  adjCost: Float32Array;
  /** Forward and backward queues. */
  heaps: [NodeHeap, NodeHeap];
  landmarks: Landmarks | null;
  /** Scratch for landmark distances to the source (two tiers) and to the target (two tiers). */
  bounds: [Float64Array, Float64Array, Float64Array, Float64Array];
  /** This query's generation: stamps 2·generation (seen) and 2·generation + 1 (settled). */
  generation: number;
}

/** The leg walking `pieces`, with its length and weighted exposure summed piece by piece. */
export function measure(g: WalkGraph, pieces: RoutePiece[], cost: number, settled: number, reopened: number): LegPath {
  let length = 0;
  let weighted = 0;
  for (const p of pieces) {
    const walked = Math.abs(p.to - p.from);
    length += walked;
    const len = g.edgeLength[p.edge];
    if (len > 0) weighted += (walked / len) * g.exposure[p.edge * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
  }
  return { cost, length, weighted, pieces, settled, reopened };
}

/**
 * Doubles per node in the search's float record: [0] forward cost, [1] bound toward the target, [2] x and
 * [3] y in the local frame, [4] backward cost, [5] bound toward the source (bidirectional search only).
 */
export const F64_STRIDE = 6;
/**
 * Int32s per node: [0] forward stamp, [1] forward edge, [2] the node it came from (one-way search) or the
 * backward search's edge (bidirectional), [3] backward stamp. Stamps: 2·generation = seen in this query, 2·generation + 1 = settled.
 */
export const I32_STRIDE = 4;

/**
 * Straight-line metres in one local frame underestimate great-circle metres by up to ~0.1 % across a
 * city-sized graph (the frame's cos(latitude) is exact only at its centre); scaling by 0.995 keeps the
 * heuristic admissible with margin at a negligible cost in settled nodes.
 */
export const HEURISTIC_SCALE = 0.995;
/** scale² × (1 + 1e-9): alt² above line² × this means alt > line × scale whatever the rounding. */
const SQUARE_MARGIN = HEURISTIC_SCALE * HEURISTIC_SCALE * (1 + 1e-9);

/** What the bound toward one point needs for one query (see `bound`). */
export interface BoundQuery {
  /** The search's node records (x, y at +2, +3). */
  f: Float64Array;
  tx: number;
  ty: number;
  K: number;
  values1: Uint16Array | Uint32Array | null;
  values2: Uint16Array | Uint32Array | null;
  dT1: Float64Array;
  dT2: Float64Array;
  inv1: number;
  inv2: number;
  lambda: number;
  mu: number;
  /**
   * Between two tiers in the bidirectional search: one "mixed landmark" per landmark (`mixTargets`), dT1
   * then holding w1·T1 + w2·T2 in metres, with w1 = λ / units1 and w2 = μ / units2.
   */
  mixed: boolean;
  w1: number;
  w2: number;
  /**
   * (w1 + w2) × LANDMARK_MARGIN_UNITS: the margin in metres for the mixed values, and how much more than
   * d(a, b) the bound may change between any two nodes a, b (one stored unit of each tier, mixed λ : μ; the
   * bidirectional search's stopping slack).
   */
  mixMargin: number;
}

/** Cost per metre of edge e for avoidance strength α (1 for a zero-length edge). */
export function rate(g: WalkGraph, e: number, alpha: number): number {
  const len = g.edgeLength[e];
  return len > 0 ? 1 + (alpha * g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED]) / len : 1;
}

/** The landmark tables serving α, or nulls when the landmarks do not apply (`landmarks` null). */
export interface TierChoice {
  table1: LandmarkTable | null;
  table2: LandmarkTable | null;
  lower: number;
  upper: number;
  lambda: number;
}

/** The tiers bracketing α, or the α = 0 table alone while a tier waits for a rebuild (stale or deferred). */
export function chooseTiers(landmarks: Landmarks | null, alpha: number): TierChoice {
  let { lower, upper, lambda } = Landmarks.bracket(alpha);
  let table1 = landmarks ? landmarks.tableForQuery(lower) : null;
  let table2 = landmarks && lambda < 1 ? landmarks.tableForQuery(upper) : null;
  if (landmarks && (!table1 || (lambda < 1 && !table2))) {
    // A tier was dropped after exposure decreased: plain lengths bound every α's cost from below.
    lower = upper = 0;
    lambda = 1;
    table1 = landmarks.table(0);
    table2 = null;
  }
  return { table1, table2, lower, upper, lambda };
}

/**
 * The bound query toward the snapped point p: its landmark distances (in table units, with each tier's own
 * costs on its edge) go into dT1 / dT2.
 */
export function boundQuery(
  g: WalkGraph,
  frame: LocalFrame,
  f: Float64Array,
  tiers: TierChoice,
  K: number,
  p: SnapPoint,
  dT1: Float64Array,
  dT2: Float64Array,
): BoundQuery {
  const { table1, table2, lambda } = tiers;
  const e = p.edge;
  const from = g.edgeFrom[e];
  const to = g.edgeTo[e];
  const len = g.edgeLength[e];
  if (table1) fillTargetBounds(table1, dT1, K, from, to, p.offset, len, rate(g, e, tiers.lower));
  if (table2) fillTargetBounds(table2, dT2, K, from, to, p.offset, len, rate(g, e, tiers.upper));
  const w1 = table1 ? lambda / table1.unitsPerMetre : 0;
  const w2 = table2 ? (1 - lambda) / table2.unitsPerMetre : 0;
  return {
    mixed: false,
    w1,
    w2,
    mixMargin: (w1 + w2) * LANDMARK_MARGIN_UNITS,
    f,
    tx: frame.x(p.lon),
    ty: frame.y(p.lat),
    K,
    values1: table1 ? table1.values : null,
    values2: table2 ? table2.values : null,
    dT1,
    dT2,
    inv1: table1 ? 1 / table1.unitsPerMetre : 0,
    inv2: table2 ? 1 / table2.unitsPerMetre : 0,
    lambda,
    mu: 1 - lambda,
  };
}

/**
 * Switch a two-tier query (α strictly between tiers a1 < α < a2) to mixed landmarks: for each landmark L,
 * the combined distance D_L(v) = λ·d_a1(L, v) + μ·d_a2(L, v). Then D_L(t) − D_L(v) =
 * λ·(d_a1(L, t) − d_a1(L, v)) + μ·(d_a2(L, t) − d_a2(L, v)) ≤ λ·d_a1(v, t) + μ·d_a2(v, t) ≤ d_α(v, t) (the
 * cost is linear in α). From the stored values (w1·F1 + w2·F2, each F up to one stored unit low, and so each
 * target value) the difference is less than that + w1 + w2 metres, which `mixMargin` takes off: so
 * max_L |D_L(t) − D_L(v)| − mixMargin is admissible, and changes by less than c_α + w1 + w2 across an edge
 * (the same slack as the λ-mix of the two tiers' own bounds). It is never above the λ-mix of the two tiers' own
 * maxima (a max of sums ≤ the sum of maxima; 2–5 % more settled nodes), but a node's two rows fold into one
 * value per landmark, used toward both points: the bidirectional search between tiers reads 8 mixed values
 * per node instead of running four 8-landmark maxima (docs/routing.md, "Mixed landmarks between tiers").
 * No-op for a single tier.
 */
export function mixTargets(q: BoundQuery): void {
  if (!q.values1 || !q.values2) return;
  const { dT1, dT2, w1, w2 } = q;
  for (let l = 0; l < q.K; l++) dT1[l] = w1 * dT1[l] + w2 * dT2[l];
  q.mixed = true;
}

/**
 * d(L, p) × units for each landmark L, through either end of p's edge at the tier's cost rate (the stored
 * unit). The ends' values are rounded down (landmarks.ts), so this is the target's T'' of `boundMetres`:
 * never above the fine-unit T / k, and less than one stored unit below it.
 */
function fillTargetBounds(
  table: LandmarkTable,
  out: Float64Array,
  K: number,
  from: number,
  to: number,
  offset: number,
  length: number,
  r: number,
): void {
  const s = table.unitsPerMetre;
  const v = table.values;
  for (let l = 0; l < K; l++) {
    out[l] = Math.min(v[from * K + l] + offset * r * s, v[to * K + l] + (length - offset) * r * s);
  }
}

/**
 * The larger of the straight line and the ALT bound (landmarks.ts boundMetres: (max |T'' − F| − margin) /
 * units, never negative, the margin one stored unit + rounding), mixed λ : μ between two tiers when α lies
 * between them. Admissible; consistent to within one stored unit (`mixMargin`). The one-way search's hot
 * loop: `altUnits` and `withLine` (below, used by the bidirectional search) are written out here on purpose,
 * and the λ-mix keeps its own rounding order (μ × (units × inv)).
 */
export function bound(q: BoundQuery, n: number): number {
  const { f, values1, values2, K, dT1, dT2 } = q;
  const r = n * F64_STRIDE;
  const dx = f[r + 2] - q.tx;
  const dy = f[r + 3] - q.ty;
  const line2 = dx * dx + dy * dy;
  if (!values1) return Math.sqrt(line2) * HEURISTIC_SCALE;
  const base = n * K;
  // max |T − q| over the landmarks as max(max (q − T), max (T − q)): two independent running maxima.
  let hi = 0;
  let lo = 0;
  for (let l = 0; l < K; l++) {
    const d = values1[base + l] - dT1[l];
    if (d > hi) hi = d;
    if (d < lo) lo = d;
  }
  const b1 = hi > -lo ? hi : -lo;
  let alt = b1 > LANDMARK_MARGIN_UNITS ? (b1 - LANDMARK_MARGIN_UNITS) * q.inv1 : 0;
  if (values2) {
    hi = 0;
    lo = 0;
    for (let l = 0; l < K; l++) {
      const d = values2[base + l] - dT2[l];
      if (d > hi) hi = d;
      if (d < lo) lo = d;
    }
    const b2 = hi > -lo ? hi : -lo;
    alt = q.lambda * alt + q.mu * (b2 > LANDMARK_MARGIN_UNITS ? (b2 - LANDMARK_MARGIN_UNITS) * q.inv2 : 0);
  }
  // The straight line only matters when it may beat the landmark bound: compare squares first (with a
  // margin far above rounding, so alt surely wins when it returns) and take the square root only then.
  // The value is max(line × scale, alt) either way, bit for bit.
  if (alt * alt > line2 * SQUARE_MARGIN) return alt;
  const line = Math.sqrt(line2) * HEURISTIC_SCALE;
  return alt > line ? alt : line;
}

/** max |row − T| over K landmarks, in units, less the margin (never negative). */
function altUnits(values: Uint16Array | Uint32Array, base: number, dT: Float64Array, K: number): number {
  let hi = 0;
  let lo = 0;
  for (let l = 0; l < K; l++) {
    const d = values[base + l] - dT[l];
    if (d > hi) hi = d;
    if (d < lo) lo = d;
  }
  const b = hi > -lo ? hi : -lo;
  return b > LANDMARK_MARGIN_UNITS ? b - LANDMARK_MARGIN_UNITS : 0;
}

/** max(line × scale, alt) from the squared line, taking the square root only when it may win. */
function withLine(alt: number, line2: number): number {
  if (alt * alt > line2 * SQUARE_MARGIN) return alt;
  const line = Math.sqrt(line2) * HEURISTIC_SCALE;
  return alt > line ? alt : line;
}

/**
 * The bidirectional search's two bounds at node n, stored in its record: π_t(n) at f[+1] and π_s(n) at f[+5]
 * (the same values as `bound(t, n)` and `bound(s, n)`, reading the node's landmark row once for both). The
 * search's potential is (π_t − π_s) / 2 (`averagePotential`); each bound alone is admissible, which the
 * search's pruning uses (bidirectional.ts).
 */
export function storeBounds(t: BoundQuery, s: BoundQuery, n: number): void {
  const { f, values1, values2, K } = t;
  const r = n * F64_STRIDE;
  const x = f[r + 2];
  const y = f[r + 3];
  const lt2 = (x - t.tx) * (x - t.tx) + (y - t.ty) * (y - t.ty);
  const ls2 = (x - s.tx) * (x - s.tx) + (y - s.ty) * (y - s.ty);
  if (!values1) {
    f[r + 1] = Math.sqrt(lt2) * HEURISTIC_SCALE;
    f[r + 5] = Math.sqrt(ls2) * HEURISTIC_SCALE;
    return;
  }
  if (t.mixed) {
    mixedBounds(t, s, n, lt2, ls2);
    return;
  }
  const base = n * K;
  let altT = altUnits(values1, base, t.dT1, K) * t.inv1;
  let altS = altUnits(values1, base, s.dT1, K) * t.inv1;
  if (values2) {
    altT = t.lambda * altT + t.mu * altUnits(values2, base, t.dT2, K) * t.inv2;
    altS = t.lambda * altS + t.mu * altUnits(values2, base, s.dT2, K) * t.inv2;
  }
  f[r + 1] = withLine(altT, lt2);
  f[r + 5] = withLine(altS, ls2);
}

/** The bidirectional search's potential (π_t(n) − π_s(n)) / 2 (`storeBounds`, which it writes in n's record). */
export function averagePotential(t: BoundQuery, s: BoundQuery, n: number): number {
  storeBounds(t, s, n);
  const r = n * F64_STRIDE;
  return (t.f[r + 1] - t.f[r + 5]) / 2;
}

/**
 * `storeBounds` with mixed landmarks (`mixTargets` on both queries): each landmark's two values fold into
 * D_L(n) = w1·q1 + w2·q2 (metres) once, then max_L |D_L − D_L(t)| and max_L |D_L − D_L(s)| less the margin.
 */
function mixedBounds(t: BoundQuery, s: BoundQuery, n: number, lt2: number, ls2: number): void {
  const { f, values1, values2, K, w1, w2, mixMargin } = t;
  const v1 = values1!;
  const v2 = values2!;
  const tT = t.dT1;
  const sT = s.dT1;
  const base = n * K;
  let thi = 0;
  let tlo = 0;
  let shi = 0;
  let slo = 0;
  for (let l = 0; l < K; l++) {
    const m = w1 * v1[base + l] + w2 * v2[base + l];
    const dt = m - tT[l];
    const ds = m - sT[l];
    if (dt > thi) thi = dt;
    if (dt < tlo) tlo = dt;
    if (ds > shi) shi = ds;
    if (ds < slo) slo = ds;
  }
  const bt = thi > -tlo ? thi : -tlo;
  const bs = shi > -slo ? shi : -slo;
  const r = n * F64_STRIDE;
  f[r + 1] = withLine(bt > mixMargin ? bt - mixMargin : 0, lt2);
  f[r + 5] = withLine(bs > mixMargin ? bs - mixMargin : 0, ls2);
}
