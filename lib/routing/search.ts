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

export class PathSearch {
  /** Bytes of search state per node: dist, hCache (8 each), prevEdge, prevNode, seenGen, closedGen (4 each). */
  static readonly bytesPerNode = 32;
  private readonly frame: LocalFrame;
  /** Per node (plus the virtual target at index nodeCount): best cost so far, the edge and node it came by. */
  private readonly dist: Float64Array;
  private readonly prevEdge: Int32Array;
  private readonly prevNode: Int32Array;
  private readonly seenGen: Uint32Array;
  private readonly closedGen: Uint32Array;
  /** Heuristic value of each node seen in the current query. */
  private readonly hCache: Float64Array;
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
    this.dist = new Float64Array(size);
    this.prevEdge = new Int32Array(size);
    this.prevNode = new Int32Array(size);
    this.seenGen = new Uint32Array(size);
    this.closedGen = new Uint32Array(size);
    this.hCache = new Float64Array(size);
    this.landmarks = useLandmarks && g.largestComponentSize > 1 ? new Landmarks(g, undefined, landmarkData) : null;
    this.targetBounds1 = new Float64Array(this.landmarks?.count ?? 0);
    this.targetBounds2 = new Float64Array(this.landmarks?.count ?? 0);
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
    const SOURCE = -1;
    const DIRECT = -2;
    if (++this.generation === 0xffffffff) {
      this.seenGen.fill(0);
      this.closedGen.fill(0);
      this.generation = 1;
    }
    const gen = this.generation;
    const { dist, prevEdge, prevNode, seenGen, closedGen, heap, hCache } = this;
    // Node positions in the local frame, computed on use (the same arithmetic as the frame's x and y;
    // no per-node copy is kept).
    const { nodeLon, nodeLat } = g;
    const { lon0, lat0, mPerDegLon, mPerDegLat } = this.frame;
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
    const M = LANDMARK_MARGIN_UNITS;
    // Quantised ALT bound (landmarks.ts boundMetres): (max |T − q| − margin) / units, never negative.
    const h = (n: number) => {
      let best = Math.sqrt(((nodeLon[n] - lon0) * mPerDegLon - tx) ** 2 + ((nodeLat[n] - lat0) * mPerDegLat - ty) ** 2) * HEURISTIC_SCALE;
      if (values1) {
        const base = n * K;
        let b1 = 0;
        for (let l = 0; l < K; l++) {
          const d = values1[base + l] - dT1[l];
          if (d > b1) b1 = d;
          else if (-d > b1) b1 = -d;
        }
        let alt = b1 > M ? (b1 - M) * inv1 : 0;
        if (values2) {
          let b2 = 0;
          for (let l = 0; l < K; l++) {
            const d = values2[base + l] - dT2[l];
            if (d > b2) b2 = d;
            else if (-d > b2) b2 = -d;
          }
          alt = lambda * alt + mu * (b2 > M ? (b2 - M) * inv2 : 0);
        }
        if (alt > best) best = alt;
      }
      return best;
    };
    const relax = (n: number, cost: number, edge: number, from: number, priority: number) => {
      if (seenGen[n] === gen && cost >= dist[n]) return;
      seenGen[n] = gen;
      dist[n] = cost;
      prevEdge[n] = edge;
      prevNode[n] = from;
      heap.push(n, priority);
    };

    // Leave the source point along its edge, both ways; or walk straight to the target on the same edge.
    const es = source.edge;
    const rs = this.rate(es, alpha);
    // (hCache holds h of every node seen in this query: h is computed once per node, not per relaxation.)
    relax(edgeFrom[es], source.offset * rs, es, SOURCE, source.offset * rs + (hCache[edgeFrom[es]] = h(edgeFrom[es])));
    const toEnd = (edgeLength[es] - source.offset) * rs;
    relax(edgeTo[es], toEnd, es, SOURCE, toEnd + (hCache[edgeTo[es]] = h(edgeTo[es])));
    if (target.edge === es) {
      const direct = Math.abs(target.offset - source.offset) * rs;
      relax(T, direct, es, DIRECT, direct);
    }
    const rt = this.rate(et, alpha);
    const costFromStartOfTargetEdge = target.offset * rt;
    const costFromEndOfTargetEdge = (edgeLength[et] - target.offset) * rt;

    let settled = 0;
    while (heap.length > 0) {
      const u = heap.pop();
      if (closedGen[u] === gen) continue; // stale entry: u was settled with a smaller cost
      closedGen[u] = gen;
      settled++;
      if (u === T) break;
      const du = dist[u];
      if (edgeFrom[et] === u) relax(T, du + costFromStartOfTargetEdge, et, u, du + costFromStartOfTargetEdge);
      if (edgeTo[et] === u) relax(T, du + costFromEndOfTargetEdge, et, u, du + costFromEndOfTargetEdge);
      for (let k = adjOffsets[u], end = adjOffsets[u + 1]; k < end; k++) {
        const v = adjTarget[k];
        const e = adjEdge[k];
        const dv = du + edgeLength[e] + alpha * exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
        if (seenGen[v] !== gen) relax(v, dv, e, u, dv + (hCache[v] = h(v)));
        else if (dv < dist[v]) {
          if (closedGen[v] === gen) {
            // The quantised landmark bound is admissible but may be inconsistent by a fraction of a unit
            // (1/16 m): a settled node reached really more cheaply is reopened, so the result stays exact.
            // Floating-point noise between equal-cost ways (≤ 1e-12 relative) is not an improvement.
            if (dv >= dist[v] - 1e-12 * Math.max(1, dist[v])) continue;
            closedGen[v] = 0;
          }
          relax(v, dv, e, u, dv + hCache[v]);
        }
      }
    }
    if (closedGen[T] !== gen) return null;

    // Walk the predecessors back from the target, then reverse.
    const pieces: RoutePiece[] = [];
    const last = prevNode[T];
    if (last === DIRECT) {
      pieces.push({ edge: es, from: source.offset, to: target.offset });
    } else {
      // On a self-loop both ends are `last`: the cheaper way round is the one the search used.
      const enteredAtStart = edgeFrom[et] === last && (edgeTo[et] !== last || costFromStartOfTargetEdge <= costFromEndOfTargetEdge);
      pieces.push({ edge: et, from: enteredAtStart ? 0 : edgeLength[et], to: target.offset });
      let n = last;
      while (prevNode[n] !== SOURCE) {
        const e = prevEdge[n];
        const p = prevNode[n];
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
    return { cost: dist[T], length, weighted, pieces, settled };
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
