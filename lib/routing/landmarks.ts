/**
 * Landmark lower bounds (ALT: A*, landmarks, triangle inequality) to tighten the A* heuristic.
 *
 * For a landmark L and any nodes v, t: d(v, t) ≥ |d(L, t) − d(L, v)| (the graph is undirected). With a few
 * landmarks spread on the city's rim, this bound follows the street network, where the straight line
 * cannot — and for α > 0 it also counts exposure, which the straight line never does.
 *
 * Tables exist for a few tiers of α (LANDMARK_ALPHAS). Any other α is served by its two neighbouring tiers
 * a1 < α < a2: the cost is linear in α, cost_α = λ·cost_a1 + (1 − λ)·cost_a2 with λ = (a2 − α)/(a2 − a1), so
 * d_α ≥ λ·d_a1 + (1 − λ)·d_a2 and the same mix of the two tiers' bounds is admissible.
 * Above the last tier, its table alone is a lower bound (costs only grow with α).
 */
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED, graphDegrees, type WalkGraph } from '../network/walk-graph.ts';
import { NodeHeap } from './heap.ts';

/**
 * α tiers with a landmark table: one per stop of the planner's α slider (components/planner/route-form.tsx
 * ALPHA_STOPS; a test keeps every stop a tier), so every α a person can pick is searched both ways at a tier of its
 * own (session 25: ×10.5–11.8 the tight Dijkstra at 4, 8, 16 and 32, against ×8.4–9.9 between the former tiers 2, 5,
 * 12, 28; docs/routing.md, "A tier per stop of the α slider"). The alternatives' in-between searches (α quartiles 1.8, 7.2
 * and 14 on central Toulouse pairs) fall between tiers at most a factor 2 apart: the mix of two tiers loses
 * (a2 − α)(α − a1)/(a2 − a1) × Δexposure against the true distance, so narrow brackets settle few nodes.
 * 16 bits a value (0.54 MiB a tier on Toulouse), the top tier in 32 bits (LANDMARK_WIDE_TIER).
 */
export const LANDMARK_ALPHAS = [0, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;
export const DEFAULT_LANDMARK_COUNT = 8;
/**
 * The cost the landmarks are chosen in (farthest-first). α = 2 (the default request's) instead of plain
 * lengths: on the benchmark's 1,000 Toulouse pairs, 4–7 % fewer settled nodes in total at α = 2, 10 and 64
 * for 0.7 % more at α = 0 (docs/routing.md, "Cost and search").
 */
export const LANDMARK_CHOICE_ALPHA = 2;

/** Stored value for a node the landmark cannot reach (off component 0). */
export const LANDMARK_UNREACHABLE = 0xffff;
/** The largest finite stored value (below the sentinel, with one value to spare). */
export const LANDMARK_MAX_VALUE = 65_533;
/**
 * The tier kept in 32 bits, exact fine units (k = 1): α = 64's 16-bit unit was 1.1–1.2 m, and the
 * bidirectional search waits one stored unit more before it stops (docs/routing.md, "A 32-bit top tier").
 */
export const LANDMARK_WIDE_TIER = 64;
/**
 * Mean bytes per stored value over the LANDMARK_ALPHAS tiers, for memory estimates of the whole set (tiers ×
 * nodes × landmarks × this): 2 (Uint16Array) in every tier but the wide one's 4 (Uint32Array).
 */
export const LANDMARK_BYTES_PER_VALUE = 2 + 2 / LANDMARK_ALPHAS.length;
/**
 * Finest quantum the distances are computed in: 1/1024 m (a city's α = 64 distances fit 32 bits with room
 * to spare). A tier whose distances would overflow 32 bits gets a coarser one. Each edge loses less than one
 * such unit to rounding. The stored unit is k of them (`table`).
 */
export const LANDMARK_UNITS_PER_METRE = 1024;
/**
 * Stored units taken off every bound: one for the quantisation (a stored value is ⌊q / k⌋, up to one stored
 * unit below the exact q / k, and so is the target's value: `boundMetres` has the proof) and 0.001 for the
 * floating-point rounding of cost × units.
 */
export const LANDMARK_MARGIN_UNITS = 1.001;

/**
 * One tier's distances, node-major (`values[v * count + l]`), in stored units (unitsPerMetre = the fine
 * unit / k, k a whole number per tier): F_v = ⌊q_v / k⌋, q_v = d(L, v) in fine units over edge costs each
 * rounded down to whole fine units, so F_v / unitsPerMetre is never above the true distance and less than
 * one stored unit + a fine unit per edge below it. 2 bytes a value (a Float64 took 8); the wide tier keeps its
 * exact fine-unit Uint32Array (k = 1: F_v = q_v, the same proof, a margin of 1.001 fine units).
 */
export interface LandmarkTable {
  readonly values: Uint16Array | Uint32Array;
  readonly unitsPerMetre: number;
}

/** Everything needed to rebuild a Landmarks without a single Dijkstra run (for persisted engines). */
export interface LandmarkData {
  nodes: Uint32Array;
  tables: Array<{ tier: number; unitsPerMetre: number; values: Uint16Array | Uint32Array }>;
}

/** Fine-unit sentinel in the exact table a tier is built in (before `quantise`). */
const WIDE_UNREACHABLE = 0xffffffff;

export interface LandmarkOptions {
  /**
   * Keep the LANDMARK_CHOICE_ALPHA tier's table that choosing the landmarks computes anyway (byte for byte
   * what `table(LANDMARK_CHOICE_ALPHA)` builds), so that tier is never rebuilt (default false: the tier is
   * built later like the others, and only the α = 0 table exists after construction).
   */
  keepChoiceTier?: boolean;
}

export class Landmarks {
  /** Landmark node ids (all in component 0). */
  readonly nodes: Uint32Array;
  readonly count: number;
  /** Per tier: quantised distances (LandmarkTable); LANDMARK_UNREACHABLE off component 0. */
  private readonly tables = new Map<number, LandmarkTable>();
  private readonly heap = new NodeHeap(4096);
  private scratchArray: Float64Array | null = null;
  /** Tier builds (Dijkstra batches) run since construction, for tests and diagnostics. */
  tierBuilds = 0;

  constructor(
    readonly graph: WalkGraph,
    count = DEFAULT_LANDMARK_COUNT,
    prebuilt?: LandmarkData,
    options: LandmarkOptions = {},
  ) {
    const g = graph;
    if (prebuilt) {
      this.nodes = prebuilt.nodes;
      this.count = prebuilt.nodes.length;
      for (const t of prebuilt.tables) this.tables.set(t.tier, { values: t.values, unitsPerMetre: t.unitsPerMetre });
      return;
    }
    // Farthest-first selection in the α = LANDMARK_CHOICE_ALPHA cost, from the node nearest the bounding
    // box's centre (a rule of geometry, not of the node numbering): the first landmark is the node farthest
    // from there, then each next one is the node farthest from every landmark chosen so far. The runs use
    // the tier's whole-unit edge costs (`table`), so each landmark's run is also its row of that tier's
    // table: kept when `keepChoiceTier` (and the finest unit fits), instead of 8 more runs later.
    const chosen: number[] = [];
    const start = nodeNearestCentre(g);
    const minDist = new Float64Array(g.nodeCount).fill(Infinity);
    const units = LANDMARK_UNITS_PER_METRE;
    let rows: Uint32Array | null = options.keepChoiceTier ? new Uint32Array(g.nodeCount * count) : null;
    if (start >= 0) {
      const scratch = this.scratch;
      this.dijkstra(start, LANDMARK_CHOICE_ALPHA, units);
      let next = argmaxFinite(scratch);
      for (let l = 0; l < count && next >= 0; l++) {
        chosen.push(next);
        this.dijkstra(next, LANDMARK_CHOICE_ALPHA, units);
        if (l === 0 && unitsFor(scratch, units) < units) rows = null; // the tier needs a coarser unit
        if (rows) for (let v = 0; v < g.nodeCount; v++) rows[v * count + l] = scratch[v] === Infinity ? WIDE_UNREACHABLE : scratch[v];
        for (let v = 0; v < g.nodeCount; v++) if (scratch[v] < minDist[v]) minDist[v] = scratch[v];
        next = argmaxFinite(minDist);
        if (next >= 0 && minDist[next] === 0) break;
      }
    }
    this.count = chosen.length;
    this.nodes = Uint32Array.from(chosen);
    // The α = 0 table is built now (every query can fall back on it); the others on demand or when idle.
    if (this.count === count) {
      if (rows) this.tables.set(LANDMARK_CHOICE_ALPHA, quantise(rows, units));
      rows = null; // the exact rows are not kept: 4 bytes a value, twice the stored table
      this.table(0);
    } else this.tierBuilds++;
  }

  /** Search scratch (one Float64 per node), only while tables are being built; dropped by `releaseScratch`. */
  private get scratch(): Float64Array {
    return (this.scratchArray ??= new Float64Array(this.graph.nodeCount));
  }

  /** Free the build-time scratch arrays (rebuilt on demand). */
  releaseScratch(): void {
    this.scratchArray = null;
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
    this.releaseScratch();
    return built;
  }

  /**
   * Build ONE tier that waits (stale or deferred), for work split into small idle tasks; returns the tier
   * built, or null when none waits.
   */
  prepareNext(): number | null {
    for (const a of LANDMARK_ALPHAS) {
      if (!this.stale.has(a) && this.tables.has(a)) continue;
      this.tables.delete(a);
      this.table(a);
      this.stale.delete(a);
      if (this.stale.size === 0) this.releaseScratch();
      return a;
    }
    return null;
  }

  /**
   * Mark every tier without a table as deferred: queries use the α = 0 table meanwhile (as after an
   * exposure drop), and `prepareAll()` builds them later, off the request path.
   */
  deferMissingTiers(): number {
    let deferred = 0;
    for (const a of LANDMARK_ALPHAS) {
      if (a > 0 && !this.tables.has(a)) {
        this.stale.add(a);
        deferred++;
      }
    }
    return deferred;
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

  /** The tables built so far (for persisting them). */
  export(): LandmarkData {
    const tables = [...this.tables]
      .filter(([tier]) => !this.stale.has(tier))
      .map(([tier, t]) => ({ tier, unitsPerMetre: t.unitsPerMetre, values: t.values }));
    return { nodes: this.nodes, tables };
  }

  /** Bytes held by the tables. */
  get byteLength(): number {
    let n = this.nodes.byteLength;
    for (const t of this.tables.values()) n += t.values.byteLength;
    return n + (this.scratchArray?.byteLength ?? 0);
  }

  /**
   * The table of a tier for a query: built on first use, except a stale tier, for which null is returned
   * (no query pays a rebuild; the caller falls back to the α = 0 table, a lower bound for every α).
   */
  tableForQuery(tier: number): LandmarkTable | null {
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

  /**
   * Distance table of a tier (built on first use; a few full Dijkstra runs). First in fine units: each q_v
   * is an exact shortest distance in the graph whose edge costs are rounded down to whole units, ⌊c × units⌋,
   * never above the true distance × units. Then stored as F_v = ⌊q_v / k⌋ in 16 bits (`quantise`), except
   * LANDMARK_WIDE_TIER, which keeps q (k = 1, its one unit 1/1024 m). Two ends
   * of an edge differ by at most its cost + one stored unit: the bound is admissible but may be inconsistent
   * by up to one stored unit, so both searches reopen a settled node reached more cheaply, and the
   * bidirectional one stops one stored unit later (bidirectional.ts).
   */
  table(tier: number): LandmarkTable {
    let t = this.tables.get(tier);
    if (!t) {
      const g = this.graph;
      // The exact fine-unit table, only while this tier is built (4 bytes a value: 17 MiB on the 4×4 metro):
      // allocated per tier rather than kept between the idle builds.
      const values = new Uint32Array(g.nodeCount * this.count);
      let scale = LANDMARK_UNITS_PER_METRE;
      const scratch = this.scratch;
      for (let l = 0; l < this.count; l++) {
        this.dijkstra(this.nodes[l], tier, scale);
        if (l === 0) {
          const fits = unitsFor(scratch, scale);
          if (fits < scale) {
            scale = fits;
            this.dijkstra(this.nodes[l], tier, scale);
          }
        }
        for (let v = 0; v < g.nodeCount; v++) values[v * this.count + l] = scratch[v] === Infinity ? WIDE_UNREACHABLE : scratch[v];
      }
      t = tier === LANDMARK_WIDE_TIER ? { values, unitsPerMetre: scale } : quantise(values, scale);
      this.tables.set(tier, t);
      this.tierBuilds++;
    }
    return t;
  }

  /**
   * Full Dijkstra from `source` with costs length + α × weighted, into `scratch` (Infinity = unreachable);
   * with `units`, every edge cost is ⌊cost × units⌋ (whole units: the sums stay exact integers in doubles).
   */
  private dijkstra(source: number, alpha: number, units = 0): void {
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
        const c = g.edgeLength[e] + alpha * g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
        const nd = d + (units > 0 ? Math.floor(c * units) : c);
        const v = g.adjTarget[k];
        if (nd < dist[v]) {
          dist[v] = nd;
          heap.push(v, nd);
        }
      }
    }
  }
}

/**
 * Units per metre for a tier, from the distances of its first landmark (in `units` per metre): every
 * distance from another landmark L is at most d(L, L0) + d(L0, v) ≤ 2 × the largest of these, which must fit
 * below the sentinel.
 */
function unitsFor(firstLandmark: Float64Array, units: number): number {
  let max = 0;
  for (const d of firstLandmark) if (d !== Infinity && d > max) max = d;
  const metres = max / units;
  return Math.min(units, (WIDE_UNREACHABLE - 2) / (2 * metres + 1) / 2);
}

/**
 * A tier's 16-bit table from its fine-unit values q (`units` per metre): F = ⌊q / k⌋ with the smallest whole
 * k making every finite F ≤ LANDMARK_MAX_VALUE (k = ⌊max q / (MAX + 1)⌋ + 1), LANDMARK_UNREACHABLE where q
 * is unreachable. The stored unit is k fine units: unitsPerMetre = units / k.
 */
export function quantise(q: Uint32Array, units: number): LandmarkTable {
  let max = 0;
  for (let i = 0; i < q.length; i++) if (q[i] !== WIDE_UNREACHABLE && q[i] > max) max = q[i];
  const k = Math.floor(max / (LANDMARK_MAX_VALUE + 1)) + 1;
  const values = new Uint16Array(q.length);
  for (let i = 0; i < q.length; i++) values[i] = q[i] === WIDE_UNREACHABLE ? LANDMARK_UNREACHABLE : Math.floor(q[i] / k);
  return { values, unitsPerMetre: units / k };
}

/**
 * The admissible ALT bound in metres from stored values. Proof: let q_v be the fine-unit distances (exact
 * in the graph of rounded-down edge costs, s fine units per metre) and T = min over the target edge's ends of
 * q_end + the part of the edge × s, so |T − q_v| ≤ d(v, t)·s (triangle inequality in that graph, whose
 * distances are ≤ the true ones × s). Stored: F_v = ⌊q_v / k⌋ ∈ (q_v/k − 1, q_v/k], and the target's value
 * T'' (the same min from the ends' F values, s' = s / k) ∈ (T/k − 1, T/k]. So T'' − F_v < (T − q_v)/k + 1
 * and F_v − T'' < (q_v − T)/k + 1: |T'' − F_v| − 1 < |T − q_v| / k ≤ d(v, t)·s', and d(v, t) ≥
 * (|T'' − F_v| − margin) / s' with margin = one stored unit + 0.001 for floating-point rounding. Not quite
 * consistent: across any two nodes a, b it changes by less than d(a, b) + 1/s' (one stored unit, in metres),
 * whatever the number of edges between them. The searches inline it (potential.ts).
 */
export function boundMetres(table: LandmarkTable, K: number, v: number, targetUnits: ArrayLike<number>): number {
  let b = 0;
  for (let l = 0; l < K; l++) {
    const d = Math.abs(table.values[v * K + l] - targetUnits[l]);
    if (d > b) b = d;
  }
  return b > LANDMARK_MARGIN_UNITS ? (b - LANDMARK_MARGIN_UNITS) / table.unitsPerMetre : 0;
}

/** The node of component 0 nearest the centre of the graph's bounding box (−1 when there is none). */
function nodeNearestCentre(g: WalkGraph): number {
  const cx = (g.bbox.west + g.bbox.east) / 2;
  const cy = (g.bbox.south + g.bbox.north) / 2;
  let best = -1;
  let bestD = Infinity;
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.component[n] !== 0) continue;
    const d = (graphDegrees(g.nodeLon[n]) - cx) ** 2 + (graphDegrees(g.nodeLat[n]) - cy) ** 2;
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best;
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
