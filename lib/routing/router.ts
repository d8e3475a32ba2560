/**
 * The router: snap the request's points, run the exact search for a few avoidance strengths α, and
 * present three alternatives — "shortest", "balanced" and "most discreet" — within a detour cap.
 *
 * Alternatives rule (docs/routing.md):
 * - shortest = the α = 0 route; the cap is its length × (1 + maxDetour);
 * - balanced = the route for the user's α (default DEFAULT_ALPHA); if it breaks the cap, the least-seen
 *   route that fits among those some α in [0, user α] yields (found by walking the convex hull);
 * - most discreet = the route for DISCREET_ALPHA, or, if it breaks the cap, the least-seen route that fits
 *   among those some α ≥ balanced's yields;
 * - routes from a larger α are never shorter and never more exposed (Lagrangian monotonicity), so the three
 *   are Pareto-ordered. When balanced coincides with another, the α where shortest and discreet cost the
 *   same is tried for a route strictly between; if none exists, balanced is reported as the same route
 *   (`sameAs`). Routes no α yields (inside the hull) are never offered: they are dominated by a mix.
 */
import { Hash52 } from '../fnv.ts';
import { bboxContains, type LonLat } from '../geo/index.ts';
import type { WalkGraph } from '../network/walk-graph.ts';
import { describeRoute, type Route, type RouteDescribeOptions, type Solution } from './describe.ts';
import type { LandmarkData } from './landmarks.ts';
import { PathSearch, type LegPath, type RoutePiece } from './search.ts';
import { SnapIndex, type SnapPoint } from './snap.ts';

/** Default avoidance for "balanced": a fully seen metre costs 1 + 2 × density (up to 3 metres). */
export const DEFAULT_ALPHA = 2;
/** Avoidance for "most discreet": a fully seen metre costs up to 65 metres. */
export const DISCREET_ALPHA = 64;
/** Default detour cap: at most 30 % longer than the shortest route. */
export const DEFAULT_MAX_DETOUR = 0.3;
/** Default snapping radius, metres: farther from any walkable street is "too far". */
export const DEFAULT_MAX_SNAP_METRES = 250;
/**
 * Searches allowed per hull walk (balanced and discreet each). 2 keeps three alternatives within a
 * ~15 ms budget on city-wide pairs; most walks end in 1–2 steps anyway (see scripts/bench-routing.ts).
 */
export const MAX_HULL_STEPS = 2;

/** The router's settings; `profile` / `camerasAlong` (describe.ts) give routes their camera lists. */
export interface RouterOptions extends RouteDescribeOptions {
  maxSnapMetres?: number;
  /**
   * Build the landmark tables of every α tier up front (default true): a few hundred ms once, so that
   * no route request pays for a tier the first time it is used. False builds them on first use.
   * 'idle': only the α = 0 table (a by-product of choosing the landmarks) is built; searches use it for
   * every α (exact, a little slower) until `refreshLandmarks()` / `refreshNextLandmarkTier()` build the
   * others off the request path — the start-up cost no longer grows with the number of tiers.
   */
  prepareLandmarks?: boolean | 'idle';
  /** Landmark tables built earlier for this graph and exposure (see `exportLandmarks`): no Dijkstra run. */
  landmarks?: LandmarkData;
  /**
   * Keep the α = 2 tier's table that choosing the landmarks computes anyway (landmarks.ts
   * `keepChoiceTier`): with 'idle', the default request's tier is then ready at once and never rebuilt.
   */
  keepLandmarkChoiceTier?: boolean;
  /** Snap only into this component (default 0, the largest) or anywhere ('any'). */
  component?: number | 'any';
}

export interface RouteRequest {
  from: LonLat;
  to: LonLat;
  via?: LonLat[];
  /** α ≥ 0 for the balanced route. */
  alpha?: number;
  /** Detour cap as a fraction of the shortest length (0.3 = +30 %). */
  maxDetour?: number;
}

export type RouteFailureReason = 'invalid-request' | 'outside-area' | 'too-far-from-street' | 'no-route';

export interface RouteFailure {
  ok: false;
  reason: RouteFailureReason;
  message: string;
  /** Which point failed: 'from', 'to' or 'via N'. */
  point?: string;
  /** For too-far: metres to the nearest street found within the search (if any). */
  distance?: number;
}

export interface RouteSuccess {
  ok: true;
  shortest: Route;
  balanced: Route;
  discreet: Route;
  /** Snapped points in request order (from, via…, to). */
  snaps: SnapPoint[];
  /** Longest allowed length, metres. */
  maxLength: number;
  /** Searches run (one per α tried, per leg). */
  searches: number;
}

export type RouteOutcome = RouteSuccess | RouteFailure;

/**
 * A 52-bit hash of the pieces walked (edge ids, offsets to the centimetre as before). Replaces joined
 * `toFixed` strings (≈ 10 % of the alternatives' time); a collision between two of the handful of routes one
 * request compares has odds of ~2⁻⁵².
 */
export function routeKey(pieces: readonly RoutePiece[]): number {
  const h = new Hash52();
  for (const p of pieces) {
    h.mix(p.edge);
    h.mix(Math.round(p.from * 100));
    h.mix(Math.round(p.to * 100));
  }
  h.mix(pieces.length);
  return h.value;
}

export class Router {
  readonly snapIndex: SnapIndex;
  readonly search: PathSearch;
  readonly maxSnapMetres: number;

  constructor(
    readonly graph: WalkGraph,
    private readonly options: RouterOptions = {},
  ) {
    this.snapIndex = new SnapIndex(graph, { component: options.component ?? 0 });
    this.search = new PathSearch(graph, true, options.landmarks, { keepChoiceTier: options.keepLandmarkChoiceTier });
    const prepare = options.prepareLandmarks ?? true;
    if (prepare === 'idle') this.search.landmarks?.deferMissingTiers();
    else if (prepare) this.search.landmarks?.prepareAll();
    this.maxSnapMetres = options.maxSnapMetres ?? DEFAULT_MAX_SNAP_METRES;
  }

  /**
   * Tell the router the graph's exposure changed in place. 'increased': nothing to do (old landmark
   * distances are still lower bounds; the search re-reads its per-edge costs either way). 'decreased': the α > 0 landmark tables may overestimate, so they are
   * dropped; searches fall back to the α = 0 table (lengths only, a lower bound for every α) until
   * `refreshLandmarks()` rebuilds them. The snap index and search arrays stay.
   */
  exposureChanged(kind: 'increased' | 'decreased'): void {
    this.search.exposureChanged();
    if (kind === 'decreased') this.search.landmarks?.invalidateExposureTiers();
  }

  /** Rebuild dropped landmark tables now (e.g. when idle after a camera removal); returns tiers rebuilt. */
  refreshLandmarks(): number {
    return this.search.landmarks?.prepareAll() ?? 0;
  }

  /** Build one waiting landmark tier (≈ 8 Dijkstra runs); returns it, or null when none waits. */
  refreshNextLandmarkTier(): number | null {
    return this.search.landmarks?.prepareNext() ?? null;
  }

  /** True while some landmark tier waits to be built. */
  get landmarksPending(): boolean {
    return this.search.landmarks?.hasStaleTiers ?? false;
  }

  /** The landmark tables built so far (to persist them with the graph's checksum). */
  exportLandmarks(): LandmarkData | null {
    return this.search.landmarks?.export() ?? null;
  }

  /** Snap one point, or explain why it cannot be. */
  snap(point: LonLat, label = 'point'): SnapPoint | RouteFailure {
    const [lon, lat] = point;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      return { ok: false, reason: 'invalid-request', point: label, message: `${label}: not a valid longitude/latitude` };
    }
    if (!bboxContains(this.graph.bbox, lon, lat)) {
      return { ok: false, reason: 'outside-area', point: label, message: `${label} is outside the area this dataset covers` };
    }
    const snapped = this.snapIndex.nearest(lon, lat, this.maxSnapMetres);
    if (!snapped) {
      return {
        ok: false,
        reason: 'too-far-from-street',
        point: label,
        message: `${label} is more than ${this.maxSnapMetres} m from any walkable street`,
      };
    }
    return snapped;
  }

  /** One exact search over all legs for avoidance α; null when a leg has no path. */
  solve(snaps: SnapPoint[], alpha: number): Solution | null {
    const pieces: RoutePiece[] = [];
    let cost = 0;
    let length = 0;
    let weighted = 0;
    for (let i = 0; i + 1 < snaps.length; i++) {
      const leg: LegPath | null = this.search.shortestPath(snaps[i], snaps[i + 1], alpha);
      if (!leg) return null;
      pieces.push(...leg.pieces);
      cost += leg.cost;
      length += leg.length;
      weighted += leg.weighted;
    }
    const key = routeKey(pieces);
    return { alpha, cost, length, weighted, pieces, key };
  }

  /** Plan the three alternatives for a request. */
  route(request: RouteRequest): RouteOutcome {
    const alpha = request.alpha ?? DEFAULT_ALPHA;
    const maxDetour = request.maxDetour ?? DEFAULT_MAX_DETOUR;
    if (!(alpha >= 0) || !Number.isFinite(alpha)) {
      return { ok: false, reason: 'invalid-request', message: `alpha must be a finite number ≥ 0 (got ${alpha})` };
    }
    if (!(maxDetour >= 0) || !Number.isFinite(maxDetour)) {
      return { ok: false, reason: 'invalid-request', message: `maxDetour must be a finite number ≥ 0 (got ${maxDetour})` };
    }
    const points = [request.from, ...(request.via ?? []), request.to];
    const labels = ['from', ...(request.via ?? []).map((_, i) => `via ${i + 1}`), 'to'];
    const snaps: SnapPoint[] = [];
    for (let i = 0; i < points.length; i++) {
      const s = this.snap(points[i], labels[i]);
      if ('ok' in s) return s;
      snaps.push(s);
    }

    let searches = 0;
    const cache = new Map<number, Solution | null>();
    const solveAt = (a: number) => {
      if (!cache.has(a)) {
        cache.set(a, this.solve(snaps, a));
        searches += snaps.length - 1;
      }
      return cache.get(a)!;
    };
    const shortest = solveAt(0);
    if (!shortest) {
      return {
        ok: false,
        reason: 'no-route',
        message: 'no walkable path joins these points (they lie on separate islands of the street graph)',
      };
    }
    const maxLength = shortest.length * (1 + maxDetour) + 1e-6;
    const fits = (s: Solution | null): s is Solution => s !== null && s.length <= maxLength;

    /** The α at which route p (shorter) and route q (less seen) cost the same; NaN unless q is less seen. */
    const breakpoint = (p: Solution, q: Solution) => (q.weighted < p.weighted ? (q.length - p.length) / (p.weighted - q.weighted) : NaN);
    /** True when s is a new hull vertex at breakpoint a: strictly cheaper there than p (and q). */
    const strictlyBetter = (s: Solution | null, p: Solution, a: number): s is Solution =>
      s !== null && s.cost < p.length + a * p.weighted - 1e-9 * Math.max(1, s.cost) && s.key !== p.key;

    /**
     * The least-seen route that fits the cap, between `lo` (fits) and `hi` (too long): walk the lower convex
     * hull of (length, exposure) by solving at the breakpoint α of the current pair — each search either
     * finds a route strictly between them or proves there is none. At most MAX_HULL_STEPS searches: the
     * result always fits and is Pareto-distinct; with more hull vertices than steps it may not be the
     * least-seen fitting one.
     */
    const bestFitting = (lo: Solution, hi: Solution): Solution => {
      for (let i = 0; i < MAX_HULL_STEPS; i++) {
        const a = breakpoint(lo, hi);
        if (!(a >= lo.alpha && a <= hi.alpha)) break;
        const s = solveAt(a);
        if (!strictlyBetter(s, lo, a) || s.key === hi.key) break;
        if (fits(s)) lo = s;
        else hi = s;
      }
      return lo;
    };

    const balancedFirst = solveAt(alpha)!;
    let balanced = fits(balancedFirst) ? balancedFirst : bestFitting(shortest, balancedFirst);
    const discreetFirst = solveAt(Math.max(DISCREET_ALPHA, alpha))!;
    const discreet = fits(discreetFirst) ? discreetFirst : bestFitting(balanced, discreetFirst);

    // When balanced coincides with another, one search at the shortest/discreet breakpoint finds a route
    // strictly between them if the hull has one.
    if (shortest.key !== discreet.key && (balanced.key === shortest.key || balanced.key === discreet.key)) {
      const a = breakpoint(shortest, discreet);
      const s = a > 0 ? solveAt(a) : null;
      if (strictlyBetter(s, shortest, a) && s.key !== discreet.key && fits(s)) balanced = s;
    }

    // Describe (geometry, stats, camera lists) once per distinct route; a duplicate gets its own copy.
    const described = new Map<number, Route>();
    const describeOnce = (s: Solution): Route => {
      const known = described.get(s.key);
      if (known) {
        return {
          ...known,
          alpha: s.alpha,
          cost: s.cost,
          exposure: { ...known.exposure, weighted: s.weighted },
          coordinates: known.coordinates.slice(),
          pieces: known.pieces.slice(),
          streets: known.streets.slice(),
          cameras: known.cameras?.map((c) => ({ ...c })),
        };
      }
      const r = describeRoute(this.graph, s, snaps, this.options);
      described.set(s.key, r);
      return r;
    };
    const shortestRoute = describeOnce(shortest);
    const balancedRoute = describeOnce(balanced);
    const discreetRoute = describeOnce(discreet);
    if (balanced.key === shortest.key) balancedRoute.sameAs = 'shortest';
    else if (balanced.key === discreet.key) balancedRoute.sameAs = 'discreet';
    if (discreet.key === shortest.key) discreetRoute.sameAs = 'shortest';
    return { ok: true, shortest: shortestRoute, balanced: balancedRoute, discreet: discreetRoute, snaps, maxLength, searches };
  }
}
