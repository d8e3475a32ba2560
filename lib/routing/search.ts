/**
 * The exact search: A* on the walk graph between two snapped points, for one avoidance strength α.
 *
 * Cost of walking a metre of edge e = 1 + α × density(e), density = weighted exposure / length, so an
 * edge costs `length + α × weighted` and a part of it costs the same pro rata. Since cost ≥ length, the
 * straight-line distance to the target is an admissible (and consistent) heuristic for every α ≥ 0.
 *
 * Search state lives in typed arrays sized once per graph; a generation counter marks which entries
 * belong to the current query, so nothing is cleared between queries.
 */
import { LocalFrame } from '../geo/index.ts';
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED, type WalkGraph } from '../network/walk-graph.ts';
import { NodeHeap } from './heap.ts';
import { LANDMARK_MARGIN_UNITS, Landmarks, type LandmarkData, type LandmarkTable } from './landmarks.ts';
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
  /** Nodes the search settled (for benchmarks and tests). */
  settled: number;
}

/**
 * Straight-line metres in one local frame underestimate great-circle metres by up to ~0.1 % across a
 * city-sized graph (the frame's cos(latitude) is exact only at its centre); scaling by 0.995 keeps the
 * heuristic admissible with margin at a negligible cost in settled nodes.
 */
const HEURISTIC_SCALE = 0.995;
/** prevNode of the points reached straight from the source point, and of the target reached on the source's edge. */
const SOURCE = -1;
const DIRECT = -2;

/** Doubles per node in `PathSearch.nodeF64`: best cost so far, heuristic, x and y in the local frame. */
const F64_STRIDE = 4;
/** Int32s per node in `PathSearch.nodeI32`: stamp, edge and node it came by (one slot unused: 16-byte records). */
const I32_STRIDE = 4;

export class PathSearch {
  /**
   * Bytes of search state per node: a 32-byte record of doubles (dist, h, x, y) and a 16-byte record of
   * int32s (stamp, prevEdge, prevNode). A search touches a node's whole state at once, so one record per
   * node costs two cache lines where eight parallel arrays cost eight (the search is memory-bound).
   */
  static readonly bytesPerNode = 48;
  /** Bytes per adjacency slot (two per edge): its length and weighted exposure as Float32 (`adjCost`). */
  static readonly bytesPerAdjacency = 8;
  private readonly frame: LocalFrame;
  /** Per node (plus the virtual target at index nodeCount): dist, hCache, x, y (F64_STRIDE). */
  private readonly nodeF64: Float64Array;
  /**
   * Per node: stamp (2·generation = seen this query, 2·generation + 1 = settled), prevEdge, prevNode.
   * Nothing is cleared between queries: entries from older generations read as unseen.
   */
  private readonly nodeI32: Int32Array;
  /**
   * Per adjacency slot k (the graph's CSR order): the length and weighted exposure of edge adjEdge[k], the
   * same Float32 values as the graph's, side by side. Relaxing u's edges then reads memory in order instead
   * of two random places per edge.
   */
  private readonly adjCost: Float32Array;
  private generation = 0;
  private readonly heap = new NodeHeap(4096);
  /** Landmark distances for the ALT lower bound (null = straight line only). */
  readonly landmarks: Landmarks | null;
  private readonly targetBounds1: Float64Array;
  private readonly targetBounds2: Float64Array;

  /**
   * @param useLandmarks build ALT landmarks (default true). The tables cost a few Dijkstra runs per α tier
   *   on first use (~8 × 35k-node runs for Toulouse) and 8 × 4 bytes per node per tier.
   * @param landmarkData tables built earlier for this very graph and exposure (persisted): no Dijkstra run.
   */
  constructor(
    readonly graph: WalkGraph,
    useLandmarks = true,
    landmarkData?: LandmarkData,
  ) {
    const g = graph;
    this.frame = new LocalFrame((g.bbox.west + g.bbox.east) / 2, (g.bbox.south + g.bbox.north) / 2);
    const size = g.nodeCount + 1;
    this.nodeF64 = new Float64Array(size * F64_STRIDE);
    this.nodeI32 = new Int32Array(size * I32_STRIDE);
    // Node positions in the local frame (the frame's own x and y arithmetic), beside the search state.
    const { lon0, lat0, mPerDegLon, mPerDegLat } = this.frame;
    for (let n = 0; n < g.nodeCount; n++) {
      this.nodeF64[n * F64_STRIDE + 2] = (g.nodeLon[n] - lon0) * mPerDegLon;
      this.nodeF64[n * F64_STRIDE + 3] = (g.nodeLat[n] - lat0) * mPerDegLat;
    }
    this.adjCost = new Float32Array(g.adjEdge.length * 2);
    this.exposureChanged();
    this.landmarks = useLandmarks && g.largestComponentSize > 1 ? new Landmarks(g, undefined, landmarkData) : null;
    this.targetBounds1 = new Float64Array(this.landmarks?.count ?? 0);
    this.targetBounds2 = new Float64Array(this.landmarks?.count ?? 0);
  }

  /**
   * Copy the graph's edge lengths and weighted exposure into the adjacency-ordered cost array. Called at
   * construction and whenever exposure changed in place (Router.exposureChanged): searches read the copy.
   */
  exposureChanged(): void {
    const g = this.graph;
    const c = this.adjCost;
    for (let k = 0; k < g.adjEdge.length; k++) {
      const e = g.adjEdge[k];
      c[2 * k] = g.edgeLength[e];
      c[2 * k + 1] = g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
    }
  }

  /** Cost per metre of edge e for avoidance strength α (1 for a zero-length edge). */
  private rate(e: number, alpha: number): number {
    const len = this.graph.edgeLength[e];
    return len > 0 ? 1 + (alpha * this.graph.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED]) / len : 1;
  }

  /**
   * The least-cost path from `source` to `target` for α ≥ 0, or null when they are not connected.
   * Exact: the returned cost equals Dijkstra's on the same graph to floating-point rounding.
   */
  shortestPath(source: SnapPoint, target: SnapPoint, alpha: number): LegPath | null {
    const g = this.graph;
    const { edgeFrom, edgeTo, edgeLength, exposure, adjOffsets, adjTarget, adjEdge } = g;
    const T = g.nodeCount; // virtual target node
    if (++this.generation === 0x3fffffff) {
      this.nodeI32.fill(0);
      this.generation = 1;
    }
    const open = this.generation * 2; // stamp of a node seen (and not settled) in this query
    const closed = open + 1; // stamp of a node settled in this query
    const { nodeF64: f, nodeI32: i32, adjCost, heap } = this;
    heap.clear();
    const tx = this.frame.x(target.lon);
    const ty = this.frame.y(target.lat);
    // ALT bound toward the target, valid when the target lies in the landmarks' component (0).
    const et = target.edge;
    const landmarks = this.landmarks && g.component[edgeFrom[et]] === 0 ? this.landmarks : null;
    const K = landmarks ? landmarks.count : 0;
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
    const dT1 = this.targetBounds1;
    const dT2 = this.targetBounds2;
    // Landmark distances to the virtual target (in table units), with each tier's own costs on its edge.
    if (table1) fillTargetBounds(table1, dT1, K, edgeFrom[et], edgeTo[et], target.offset, edgeLength[et], this.rate(et, lower));
    if (table2) fillTargetBounds(table2, dT2, K, edgeFrom[et], edgeTo[et], target.offset, edgeLength[et], this.rate(et, upper));
    const mu = 1 - lambda;
    const values1 = table1 ? table1.values : null;
    const values2 = table2 ? table2.values : null;
    const inv1 = table1 ? 1 / table1.unitsPerMetre : 0;
    const inv2 = table2 ? 1 / table2.unitsPerMetre : 0;
    // The larger of the straight line and the quantised ALT bound (landmarks.ts boundMetres:
    // (max |T − q| − margin) / units, never negative).
    const hq: HeuristicQuery = { f, tx, ty, K, values1, values2, dT1, dT2, inv1, inv2, lambda, mu };
    /** Reach n at `cost` by `edge` from `from` (SOURCE / DIRECT for the start), unless it is known cheaper. */
    const reach = (n: number, cost: number, edge: number, from: number, withH: boolean) => {
      const r = n * F64_STRIDE;
      const q = n * I32_STRIDE;
      if ((i32[q] | 1) === closed && cost >= f[r]) return;
      if (withH && (i32[q] | 1) !== closed) f[r + 1] = heuristic(hq, n);
      i32[q] = open;
      i32[q + 1] = edge;
      i32[q + 2] = from;
      f[r] = cost;
      heap.push(n, withH ? cost + f[r + 1] : cost);
    };

    // Leave the source point along its edge, both ways; or walk straight to the target on the same edge.
    const es = source.edge;
    const rs = this.rate(es, alpha);
    reach(edgeFrom[es], source.offset * rs, es, SOURCE, true);
    reach(edgeTo[es], (edgeLength[es] - source.offset) * rs, es, SOURCE, true);
    if (target.edge === es) reach(T, Math.abs(target.offset - source.offset) * rs, es, DIRECT, false);
    const rt = this.rate(et, alpha);
    const costFromStartOfTargetEdge = target.offset * rt;
    const costFromEndOfTargetEdge = (edgeLength[et] - target.offset) * rt;
    const targetFrom = edgeFrom[et];
    const targetTo = edgeTo[et];

    let settled = 0;
    while (heap.length > 0) {
      const u = heap.pop();
      const qu = u * I32_STRIDE;
      if (i32[qu] === closed) continue; // stale entry: u was settled with a smaller cost
      i32[qu] = closed;
      settled++;
      if (u === T) break;
      const du = f[u * F64_STRIDE];
      if (targetFrom === u) reach(T, du + costFromStartOfTargetEdge, et, u, false);
      if (targetTo === u) reach(T, du + costFromEndOfTargetEdge, et, u, false);
      for (let k = adjOffsets[u], end = adjOffsets[u + 1]; k < end; k++) {
        const v = adjTarget[k];
        const e = adjEdge[k];
        const dv = du + adjCost[2 * k] + alpha * adjCost[2 * k + 1];
        const r = v * F64_STRIDE;
        const q = v * I32_STRIDE;
        const stamp = i32[q];
        let hv: number;
        if ((stamp | 1) !== closed) {
          // First seen in this query: h is computed once per node, not per relaxation.
          hv = f[r + 1] = heuristic(hq, v);
        } else {
          if (dv >= f[r]) continue;
          if (stamp === closed) {
            // The quantised landmark bound is admissible but may be inconsistent by a fraction of a unit
            // (1/16 m): a settled node reached really more cheaply is reopened, so the result stays exact.
            // Floating-point noise between equal-cost ways (≤ 1e-12 relative) is not an improvement.
            if (dv >= f[r] - 1e-12 * Math.max(1, f[r])) continue;
          }
          hv = f[r + 1];
        }
        i32[q] = open;
        i32[q + 1] = e;
        i32[q + 2] = u;
        f[r] = dv;
        heap.push(v, dv + hv);
      }
    }
    if (i32[T * I32_STRIDE] !== closed) return null;

    // Walk the predecessors back from the target, then reverse.
    const pieces: RoutePiece[] = [];
    const last = i32[T * I32_STRIDE + 2];
    if (last === DIRECT) {
      pieces.push({ edge: es, from: source.offset, to: target.offset });
    } else {
      // On a self-loop both ends are `last`: the cheaper way round is the one the search used.
      const enteredAtStart = edgeFrom[et] === last && (edgeTo[et] !== last || costFromStartOfTargetEdge <= costFromEndOfTargetEdge);
      pieces.push({ edge: et, from: enteredAtStart ? 0 : edgeLength[et], to: target.offset });
      let n = last;
      while (i32[n * I32_STRIDE + 2] !== SOURCE) {
        const e = i32[n * I32_STRIDE + 1];
        const p = i32[n * I32_STRIDE + 2];
        const forward = edgeFrom[e] === p && edgeTo[e] === n;
        pieces.push({ edge: e, from: forward ? 0 : edgeLength[e], to: forward ? edgeLength[e] : 0 });
        n = p;
      }
      const leftByStart = edgeFrom[es] === n && (edgeTo[es] !== n || source.offset <= edgeLength[es] - source.offset);
      pieces.push({ edge: es, from: source.offset, to: leftByStart ? 0 : edgeLength[es] });
      pieces.reverse();
    }
    let length = 0;
    let weighted = 0;
    for (const p of pieces) {
      const walked = Math.abs(p.to - p.from);
      length += walked;
      const len = edgeLength[p.edge];
      if (len > 0) weighted += (walked / len) * exposure[p.edge * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
    }
    return { cost: f[T * F64_STRIDE], length, weighted, pieces, settled };
  }
}

/**
 * d(L, target) × units for each landmark L, through either end of the target's edge at the tier's cost
 * rate. Built from the ends' rounded-down values, so it is itself rounded down by less than one unit.
 */
function fillTargetBounds(
  table: LandmarkTable,
  out: Float64Array,
  K: number,
  from: number,
  to: number,
  offset: number,
  length: number,
  rate: number,
): void {
  const s = table.unitsPerMetre;
  const v = table.values;
  for (let l = 0; l < K; l++) {
    out[l] = Math.min(v[from * K + l] + offset * rate * s, v[to * K + l] + (length - offset) * rate * s);
  }
}

/** What the heuristic needs for one query (see `heuristic`). */
interface HeuristicQuery {
  /** The search's node records (x, y at +2, +3). */
  f: Float64Array;
  tx: number;
  ty: number;
  K: number;
  values1: Uint32Array | null;
  values2: Uint32Array | null;
  dT1: Float64Array;
  dT2: Float64Array;
  inv1: number;
  inv2: number;
  lambda: number;
  mu: number;
}

/**
 * The larger of the straight line and the quantised ALT bound (landmarks.ts boundMetres:
 * (max |T − q| − margin) / units, never negative), mixed λ : μ between two tiers when α lies between them.
 */
function heuristic(q: HeuristicQuery, n: number): number {
  const { f, values1, values2, K, dT1, dT2 } = q;
  const r = n * F64_STRIDE;
  let best = Math.sqrt((f[r + 2] - q.tx) ** 2 + (f[r + 3] - q.ty) ** 2) * HEURISTIC_SCALE;
  if (values1) {
    const base = n * K;
    let b1 = 0;
    for (let l = 0; l < K; l++) {
      const d = values1[base + l] - dT1[l];
      if (d > b1) b1 = d;
      else if (-d > b1) b1 = -d;
    }
    let alt = b1 > LANDMARK_MARGIN_UNITS ? (b1 - LANDMARK_MARGIN_UNITS) * q.inv1 : 0;
    if (values2) {
      let b2 = 0;
      for (let l = 0; l < K; l++) {
        const d = values2[base + l] - dT2[l];
        if (d > b2) b2 = d;
        else if (-d > b2) b2 = -d;
      }
      alt = q.lambda * alt + q.mu * (b2 > LANDMARK_MARGIN_UNITS ? (b2 - LANDMARK_MARGIN_UNITS) * q.inv2 : 0);
    }
    if (alt > best) best = alt;
  }
  return best;
}
