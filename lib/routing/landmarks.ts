/**
 * Landmark lower bounds (ALT: A*, landmarks, triangle inequality) to tighten the A* heuristic.
 *
 * For a landmark L and any nodes v, t: d(v, t) ≥ |d(L, t) − d(L, v)| (the graph is undirected). With a few
 * landmarks spread on the city's rim, this bound follows the street network, where the straight line
 * cannot — and for α > 0 it also counts exposure, which the straight line never does.
 *
 * Tables exist for a few tiers of α (LANDMARK_ALPHAS). Any other α is served by its two neighbouring tiers
 * a1 < α < a2: the cost is linear in α, cost_α = λ·cost_a1 + (1 − λ)·cost_a2 with λ = (a2 − α)/(a2 − a1), so
 * d_α ≥ λ·d_a1 + (1 − λ)·d_a2 and the same mix of the two tiers' bounds is admissible and consistent.
 * Above the last tier, its table alone is a lower bound (costs only grow with α).
 */
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED, type WalkGraph } from '../network/walk-graph.ts';
import { NodeHeap } from './heap.ts';

/**
 * α tiers with a landmark table: DEFAULT_ALPHA (2) and DISCREET_ALPHA (64) get tables of their own; 5, 12
 * and 28 sit where the alternatives' in-between searches fall (on central Toulouse pairs their α has
 * quartiles 1.8, 7.2 and 14, 90 % below 23). The mix of two tiers loses (a2 − α)(α − a1)/(a2 − a1) × Δexposure
 * against the true distance, so narrower brackets settle fewer nodes: ≈ 15 % less search time for the three
 * alternatives than tiers 0, 2, 8, 64, for 2 more tables (2.3 MB each on Toulouse).
 */
export const LANDMARK_ALPHAS = [0, 2, 5, 12, 28, 64] as const;
export const DEFAULT_LANDMARK_COUNT = 8;

export class Landmarks {
  /** Landmark node ids (all in component 0). */
  readonly nodes: Uint32Array;
  readonly count: number;
  /** Per tier: distances, node-major (`table[v * count + l]`), metres of cost (float64: float32 rounding could overshoot the true distance and break exactness); Infinity off component 0. */
  private readonly tables = new Map<number, Float64Array>();
  private readonly heap = new NodeHeap(4096);
  private readonly scratch: Float64Array;

  constructor(
    readonly graph: WalkGraph,
    count = DEFAULT_LANDMARK_COUNT,
  ) {
    const g = graph;
    this.scratch = new Float64Array(g.nodeCount);
    // Farthest-first selection on plain lengths: start from the node farthest from an arbitrary node of
    // the largest component, then keep adding the node farthest from every landmark chosen so far.
    const chosen: number[] = [];
    let start = -1;
    for (let n = 0; n < g.nodeCount && start < 0; n++) if (g.component[n] === 0) start = n;
    const minDist = new Float64Array(g.nodeCount).fill(Infinity);
    const tier0 = new Float64Array(g.nodeCount * Math.max(1, count));
    if (start >= 0) {
      this.dijkstra(start, 0);
      let next = argmaxFinite(this.scratch);
      for (let l = 0; l < count && next >= 0; l++) {
        chosen.push(next);
        this.dijkstra(next, 0);
        for (let v = 0; v < g.nodeCount; v++) {
          tier0[v * count + l] = this.scratch[v];
          if (this.scratch[v] < minDist[v]) minDist[v] = this.scratch[v];
        }
        next = argmaxFinite(minDist);
        if (next >= 0 && minDist[next] === 0) break;
      }
    }
    this.count = chosen.length;
    this.nodes = Uint32Array.from(chosen);
    if (this.count === count) this.tables.set(0, tier0);
  }

  /** Tiers whose table was dropped by `invalidateExposureTiers` and not rebuilt yet. */
  private readonly stale = new Set<number>();

  /** Build every tier's table now (the background does this at load); returns how many were built. */
  prepareAll(): number {
    let built = 0;
    for (const a of LANDMARK_ALPHAS) {
      if (!this.tables.has(a)) built++;
      this.stale.delete(a);
      this.table(a);
    }
    return built;
  }

  /**
   * Exposure dropped somewhere: the α > 0 tables may now overestimate distances (inadmissible), so they are
   * dropped and marked stale. The α = 0 table holds plain lengths and stays valid whatever the exposure.
   */
  invalidateExposureTiers(): void {
    for (const a of LANDMARK_ALPHAS) {
      if (a > 0) {
        this.tables.delete(a);
        this.stale.add(a);
      }
    }
  }

  /** True while some tier waits for `prepareAll()` after an invalidation. */
  get hasStaleTiers(): boolean {
    return this.stale.size > 0;
  }

  /**
   * The table of a tier for a query: built on first use, except a stale tier, for which null is returned
   * (no query pays a rebuild; the caller falls back to the α = 0 table, a lower bound for every α).
   */
  tableForQuery(tier: number): Float64Array | null {
    return this.stale.has(tier) ? null : this.table(tier);
  }

  /**
   * The tiers serving α: `lower` ≤ α ≤ `upper` (equal when α is a tier or above the last one) and the weight
   * λ of the lower tier in the mix.
   */
  static bracket(alpha: number): { lower: number; upper: number; lambda: number } {
    let lower: number = LANDMARK_ALPHAS[0];
    for (const a of LANDMARK_ALPHAS) if (a <= alpha) lower = a;
    const upper = LANDMARK_ALPHAS.find((a) => a >= alpha) ?? lower;
    const lambda = upper > lower ? (upper - alpha) / (upper - lower) : 1;
    return { lower, upper, lambda };
  }

  /** Distance table of a tier (built on first use; a few full Dijkstra runs). */
  table(tier: number): Float64Array {
    let t = this.tables.get(tier);
    if (!t) {
      const g = this.graph;
      t = new Float64Array(g.nodeCount * this.count);
      for (let l = 0; l < this.count; l++) {
        this.dijkstra(this.nodes[l], tier);
        for (let v = 0; v < g.nodeCount; v++) t[v * this.count + l] = this.scratch[v];
      }
      this.tables.set(tier, t);
    }
    return t;
  }

  /** Full Dijkstra from `source` with costs length + α × weighted, into `scratch` (Infinity = unreachable). */
  private dijkstra(source: number, alpha: number): void {
    const g = this.graph;
    const dist = this.scratch;
    dist.fill(Infinity);
    const heap = this.heap;
    heap.clear();
    dist[source] = 0;
    heap.push(source, 0);
    while (heap.length > 0) {
      const d = heap.peekPriority();
      const u = heap.pop();
      if (d > dist[u]) continue;
      for (let k = g.adjOffsets[u]; k < g.adjOffsets[u + 1]; k++) {
        const e = g.adjEdge[k];
        const nd = d + g.edgeLength[e] + alpha * g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
        const v = g.adjTarget[k];
        if (nd < dist[v]) {
          dist[v] = nd;
          heap.push(v, nd);
        }
      }
    }
  }
}

function argmaxFinite(a: Float64Array): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== Infinity && a[i] > bestValue) {
      bestValue = a[i];
      best = i;
    }
  }
  return best;
}
