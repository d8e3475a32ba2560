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
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED, graphDegrees, type WalkGraph } from '../network/walk-graph.ts';
import { bidirectionalPath } from './bidirectional.ts';
import { NodeHeap } from './heap.ts';
import { type LandmarkData, type LandmarkOptions, Landmarks } from './landmarks.ts';
import {
  bound,
  boundQuery,
  chooseTiers,
  F64_STRIDE,
  I32_STRIDE,
  type LegPath,
  measure,
  type RoutePiece,
  rate,
  type SearchState,
} from './potential.ts';
import type { SnapPoint } from './snap.ts';

export type { LegPath, RoutePiece } from './potential.ts';

/** prevNode of the points reached straight from the source point, and of the target reached on the source's edge. */
const SOURCE = -1;
const DIRECT = -2;

export class PathSearch {
  /**
   * Bytes of search state per node: a 48-byte record of doubles (potential.ts F64_STRIDE) and a 16-byte
   * record of int32s (I32_STRIDE). A search touches a node's whole state at once, so one record per node
   * costs two cache lines where eight parallel arrays cost eight (the search is memory-bound).
   */
  static readonly bytesPerNode = F64_STRIDE * 8 + I32_STRIDE * 4;
  /** Bytes per adjacency slot (two per edge): its length and weighted exposure as Float32 (`adjCost`). */
  static readonly bytesPerAdjacency = 8;
  /**
   * Which search answers (the same costs either way): 'auto' searches both ways at once (bidirectional.ts)
   * when α has a landmark tier of its own, lies above the last, or lies between two tiers above 0 (there
   * with mixed landmarks, potential.ts `mixTargets`), and one way (A* from the source) between the tiers 0
   * and 0.5, where the mixed landmarks' weaker bound settled ≈ 10 % more nodes and the bidirectional search
   * did not win (measured between 0 and 2: docs/routing.md, "Mixed landmarks between tiers"). The others force one search, for tests
   * and benchmarks.
   */
  mode: 'auto' | 'bidirectional' | 'one-way' = 'auto';
  private readonly frame: LocalFrame;
  /** Per node (plus the virtual target at index nodeCount): potential.ts F64_STRIDE. */
  private readonly nodeF64: Float64Array;
  /**
   * Per node: potential.ts I32_STRIDE (stamps: 2·generation = seen this query, 2·generation + 1 = settled).
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
  private readonly backHeap = new NodeHeap(4096);
  /** Landmark distances for the ALT lower bound (null = straight line only). */
  readonly landmarks: Landmarks | null;
  private readonly targetBounds1: Float64Array;
  private readonly targetBounds2: Float64Array;
  private readonly sourceBounds1: Float64Array;
  private readonly sourceBounds2: Float64Array;

  /**
   * @param useLandmarks build ALT landmarks (default true). The tables cost a few Dijkstra runs per α tier
   *   on first use (~8 × 35k-node runs for Toulouse) and 8 × 2 bytes per node per tier.
   * @param landmarkData tables built earlier for this very graph and exposure (persisted): no Dijkstra run.
   * @param landmarkOptions see LandmarkOptions (ignored with landmarkData).
   */
  constructor(
    readonly graph: WalkGraph,
    useLandmarks = true,
    landmarkData?: LandmarkData,
    landmarkOptions?: LandmarkOptions,
  ) {
    const g = graph;
    this.frame = new LocalFrame((g.bbox.west + g.bbox.east) / 2, (g.bbox.south + g.bbox.north) / 2);
    const size = g.nodeCount + 1;
    this.nodeF64 = new Float64Array(size * F64_STRIDE);
    this.nodeI32 = new Int32Array(size * I32_STRIDE);
    // Node positions in the local frame (the frame's own x and y arithmetic), beside the search state.
    const { lon0, lat0, mPerDegLon, mPerDegLat } = this.frame;
    for (let n = 0; n < g.nodeCount; n++) {
      this.nodeF64[n * F64_STRIDE + 2] = (graphDegrees(g.nodeLon[n]) - lon0) * mPerDegLon;
      this.nodeF64[n * F64_STRIDE + 3] = (graphDegrees(g.nodeLat[n]) - lat0) * mPerDegLat;
    }
    this.adjCost = new Float32Array(g.adjEdge.length * 2);
    this.exposureChanged();
    this.landmarks = useLandmarks && g.largestComponentSize > 1 ? new Landmarks(g, undefined, landmarkData, landmarkOptions) : null;
    this.targetBounds1 = new Float64Array(this.landmarks?.count ?? 0);
    this.targetBounds2 = new Float64Array(this.landmarks?.count ?? 0);
    this.sourceBounds1 = new Float64Array(this.landmarks?.count ?? 0);
    this.sourceBounds2 = new Float64Array(this.landmarks?.count ?? 0);
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

  /**
   * The least-cost path from `source` to `target` for α ≥ 0, or null when they are not connected.
   * Exact: the returned cost equals Dijkstra's on the same graph to floating-point rounding.
   */
  shortestPath(source: SnapPoint, target: SnapPoint, alpha: number): LegPath | null {
    const { lower, lambda } = Landmarks.bracket(alpha);
    const both = this.mode === 'bidirectional' || (this.mode === 'auto' && (lambda === 1 || lower > 0));
    return both ? bidirectionalPath(this.state(), source, target, alpha) : this.oneWay(source, target, alpha);
  }

  /** A new query's generation (stamps 2·g and 2·g + 1); every stamp is cleared when the counter wraps. */
  private nextGeneration(): number {
    if (++this.generation === 0x3fffffff) {
      this.nodeI32.fill(0);
      this.generation = 1;
    }
    return this.generation;
  }

  /** What bidirectional.ts works on (this search's arrays, shared, not copied). */
  private state(): SearchState {
    return {
      graph: this.graph,
      frame: this.frame,
      f: this.nodeF64,
      i32: this.nodeI32,
      adjCost: this.adjCost,
      heaps: [this.heap, this.backHeap],
      landmarks: this.landmarks,
      bounds: [this.sourceBounds1, this.sourceBounds2, this.targetBounds1, this.targetBounds2],
      generation: this.nextGeneration(),
    };
  }

  /** One-way A* from the source to a virtual target node (index nodeCount). */
  private oneWay(source: SnapPoint, target: SnapPoint, alpha: number): LegPath | null {
    const g = this.graph;
    const { edgeFrom, edgeTo, edgeLength, adjOffsets, adjTarget, adjEdge } = g;
    const T = g.nodeCount; // virtual target node
    const open = this.nextGeneration() * 2; // stamp of a node seen (and not settled) in this query
    const closed = open + 1; // stamp of a node settled in this query
    const { nodeF64: f, nodeI32: i32, adjCost, heap } = this;
    heap.clear();
    // ALT bound toward the target, valid when the target lies in the landmarks' component (0).
    const et = target.edge;
    const landmarks = this.landmarks && g.component[edgeFrom[et]] === 0 ? this.landmarks : null;
    const K = landmarks ? landmarks.count : 0;
    const hq = boundQuery(g, this.frame, f, chooseTiers(landmarks, alpha), K, target, this.targetBounds1, this.targetBounds2);
    /** Reach n at `cost` by `edge` from `from` (SOURCE / DIRECT for the start), unless it is known cheaper. */
    const reach = (n: number, cost: number, edge: number, from: number, withH: boolean) => {
      const r = n * F64_STRIDE;
      const q = n * I32_STRIDE;
      if ((i32[q] | 1) === closed && cost >= f[r]) return;
      if (withH && (i32[q] | 1) !== closed) f[r + 1] = bound(hq, n);
      i32[q] = open;
      i32[q + 1] = edge;
      i32[q + 2] = from;
      f[r] = cost;
      heap.push(n, withH ? cost + f[r + 1] : cost);
    };

    // Leave the source point along its edge, both ways; or walk straight to the target on the same edge.
    const es = source.edge;
    const rs = rate(g, es, alpha);
    reach(edgeFrom[es], source.offset * rs, es, SOURCE, true);
    reach(edgeTo[es], (edgeLength[es] - source.offset) * rs, es, SOURCE, true);
    if (target.edge === es) reach(T, Math.abs(target.offset - source.offset) * rs, es, DIRECT, false);
    const rt = rate(g, et, alpha);
    const costFromStartOfTargetEdge = target.offset * rt;
    const costFromEndOfTargetEdge = (edgeLength[et] - target.offset) * rt;
    const targetFrom = edgeFrom[et];
    const targetTo = edgeTo[et];

    let settled = 0;
    let reopened = 0;
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
          hv = f[r + 1] = bound(hq, v);
        } else {
          if (dv >= f[r]) continue;
          if (stamp === closed) {
            // The 16-bit landmark bound is admissible but may be inconsistent by up to one stored unit
            // (landmarks.ts boundMetres): a settled node reached really more cheaply is reopened, so the
            // result stays exact.
            // Floating-point noise between equal-cost ways (≤ 1e-12 relative) is not an improvement.
            if (dv >= f[r] - 1e-12 * Math.max(1, f[r])) continue;
            reopened++;
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
    return measure(g, pieces, f[T * F64_STRIDE], settled, reopened);
  }
}
