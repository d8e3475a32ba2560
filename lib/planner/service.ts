/**
 * The background's planning requests, without the `browser` API: `route`, `area/report`, `streets/search`,
 * `streets/inBBox`, `walls/inBBox` and `planner/warm`, each answered from the stored walk graph that fits it, with small
 * answers (never the graph). The engines come from the cache this class extends (lib/planner/engines.ts);
 * lib/background routes each validated message straight to one of these methods.
 */
import { areaReport, type AreaReport } from '../area/report.ts';
import { AreaError, type AreaShape } from '../area/shape.ts';
import type { Camera } from '../cameras/types.ts';
import type { BBox, LonLat } from '../geo/index.ts';
import type { Route } from '../routing/describe.ts';
import type { RouteOutcome } from '../routing/router.ts';
import type { PlanningEngine } from './engine.ts';
import { PlannerEngines, PlannerError, smallestFirst, listLabels, type Catalogue, type StoredGraphInfo } from './engines.ts';
import { decodeWallRings, fillRings, wallSourceOf, WallFormatError, type WallSource } from '../walls/index.ts';
import { wallLayer, wallsInBBox, MAX_WALL_RINGS_PER_ANSWER, type WallLayer, type WallsInBBox } from '../walls/view.ts';
import { StreetDirectory, streetsInBBox, type StreetMatch, type StreetsInBBox } from './streets.ts';

/** A route request; points are [lon, lat] in degrees. */
export interface RouteQuery {
  from: LonLat;
  to: LonLat;
  via?: LonLat[];
  /** Avoidance strength α ≥ 0 for the "balanced" route. */
  alpha?: number;
  /** Detour cap as a fraction of the shortest length (0.3 = at most +30 %). */
  maxDetour?: number;
}

/** An event-area check (lib/area/report.ts); distances in metres. */
export interface AreaReportQuery {
  area: AreaShape;
  blindSpotMinMetres?: number;
  exitMarginMetres?: number;
}

export interface StreetSearchQuery {
  query: string;
  limit?: number;
  /** Rank matches by distance from this point (the map's centre); each match then carries its distance. */
  near?: LonLat;
}

/** `tolerance` (polyline simplification) in degrees. */
export interface StreetsInBBoxQuery {
  bbox: BBox;
  limit?: number;
  tolerance?: number;
  /** Include each polyline's street name (the planner page labels streets at high zoom). */
  names?: boolean;
}

export interface WallsInBBoxQuery {
  bbox: BBox;
  limit?: number;
}

/** The overlay's planner panel opened on this view (absent: the area used last, else the bundled one). */
export interface WarmQuery {
  bbox?: BBox;
}

/** Which engine a `planner/warm` readied: 'built' now, already 'loaded', or 'none' (no stored graph there). */
export interface WarmAnswer {
  datasetId: string | null;
  engine: 'built' | 'loaded' | 'none';
}

/** A camera along a route, with its position so a UI can show it. */
export interface PlannedCamera {
  id: string;
  kind: string;
  lon: number;
  lat: number;
  /** Metres from the start where it first sees the route. */
  firstSeenAt: number;
  /** Metres of the route it sees. */
  metres: number;
}

/** One alternative as the background sends it: the Router's Route without its internal pieces. */
export type PlannedRoute = Omit<Route, 'pieces' | 'cameras'> & { cameras: PlannedCamera[] };

export interface PlannedRoutes {
  shortest: PlannedRoute;
  balanced: PlannedRoute;
  discreet: PlannedRoute;
  /** Snapped points in request order (from, via…, to), degrees, and how far each moved (metres). */
  snaps: Array<{ lon: number; lat: number; distance: number }>;
  /** Longest allowed length (detour cap), metres. */
  maxLength: number;
  /** Milliseconds the engine took (diagnostics). */
  millis: number;
  /** The dataset whose walk graph planned the routes (`toulouse`, `overpass:<bbox>`, `import:<id>`). */
  datasetId: string;
  /** The walls that graph's exposure was scored with (lib/walls); with 'none' the figures are an upper bound. */
  wallSource: WallSource;
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Metres per degree of latitude (mean sphere), to turn a circle's radius into degrees. */
const M_PER_DEG_LAT = 111_195;

/** Failures that mean "this graph has no street for these points": the next covering graph may have one. */
const TRY_NEXT: ReadonlySet<string> = new Set(['too-far-from-street', 'no-route']);

/** Points that bound an area shape (a circle's centre and its four extreme points), degrees. */
function areaShapePoints(area: AreaShape): LonLat[] {
  switch (area.kind) {
    case 'polygon':
      return area.ring;
    case 'path':
      return area.line;
    case 'circle': {
      const [lon, lat] = area.center;
      const dLat = area.radiusMetres / M_PER_DEG_LAT;
      const dLon = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
      return [area.center, [lon - dLon, lat], [lon + dLon, lat], [lon, lat - dLat], [lon, lat + dLat]];
    }
  }
}

/**
 * Answers planner requests from every stored walk graph. For each request it picks the graph whose area
 * contains all the request's points, the smallest such area first (a downloaded area inside the bundled
 * city is more recent and no less detailed); engines are built lazily per graph and kept within
 * `ENGINE_MEMORY_BUDGET_BYTES` (least recently used dropped).
 */
export class PlannerService extends PlannerEngines {
  /** Decoded wall layers for `walls/inBBox`, by dataset id (no engine needed to draw walls). */
  private readonly wallLayers = new Map<string, { version: string; layer: Promise<WallLayer | null> }>();
  private readonly byIdCache = new WeakMap<readonly Camera[], Map<string, Camera>>();

  async route(request: RouteQuery): Promise<PlannedRoutes> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) throw this.noGraph();
    const named: Array<[string, LonLat]> = [
      ['start', request.from],
      ...(request.via ?? []).map((v, i): [string, LonLat] => [`via point ${i + 1}`, v]),
      ['destination', request.to],
    ];
    const candidates = this.covering(
      catalogue,
      named.map(([, p]) => p),
    );
    if (candidates.length === 0) {
      // Still reject bad coordinates the router's way (invalid-request) before naming the areas.
      if (named.some(([, [lon, lat]]) => !Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90)) {
        throw new PlannerError('invalid-request', 'A point is not a valid longitude/latitude.');
      }
      throw this.notCovered(catalogue, named);
    }
    let firstFailure: PlannerError | null = null;
    for (const info of candidates) {
      const { engine, wallSource } = await this.engineFor(info, catalogue);
      const started = performance.now();
      const outcome = engine.route({
        from: request.from,
        to: request.to,
        via: request.via,
        alpha: request.alpha,
        maxDetour: request.maxDetour,
      });
      if (!outcome.ok) {
        firstFailure ??= new PlannerError(outcome.reason, outcome.message);
        if (TRY_NEXT.has(outcome.reason)) continue;
        throw firstFailure;
      }
      return { ...this.slimRoutes(engine, outcome, info.datasetId, performance.now() - started), wallSource };
    }
    throw firstFailure as PlannerError;
  }

  private slimRoutes(
    engine: PlanningEngine,
    outcome: Extract<RouteOutcome, { ok: true }>,
    datasetId: string,
    millis: number,
  ): Omit<PlannedRoutes, 'wallSource'> {
    const byId = this.camerasById(engine.activeCameras);
    const slim = (r: Route): PlannedRoute => {
      const { pieces: _pieces, cameras, coordinates, ...rest } = r;
      return {
        ...rest,
        coordinates: coordinates.map(([lon, lat]) => [r6(lon), r6(lat)] as LonLat),
        cameras: (cameras ?? []).map((c) => {
          const cam = byId.get(c.id);
          return { id: c.id, kind: c.kind, lon: cam?.lon ?? NaN, lat: cam?.lat ?? NaN, firstSeenAt: c.firstSeenAt, metres: c.metres };
        }),
      };
    };
    return {
      shortest: slim(outcome.shortest),
      balanced: slim(outcome.balanced),
      discreet: slim(outcome.discreet),
      snaps: outcome.snaps.map((s) => ({ lon: r6(s.lon), lat: r6(s.lat), distance: s.distance })),
      maxLength: outcome.maxLength,
      millis,
      datasetId,
    };
  }

  /** Camera positions by id, built once per camera set (the engine replaces the array when it changes). */
  private camerasById(cameras: readonly Camera[]): Map<string, Camera> {
    let byId = this.byIdCache.get(cameras);
    if (!byId) {
      byId = new Map();
      for (const c of cameras) byId.set(c.id, c);
      this.byIdCache.set(cameras, byId);
    }
    return byId;
  }

  /** The area's graph: the smallest containing the whole area, else the smallest containing its centre. */
  async areaReport(request: AreaReportQuery): Promise<AreaReport> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) throw this.noGraph();
    const points = areaShapePoints(request.area);
    const centre = points.length > 0 ? bboxCentre(points) : undefined;
    const info = this.covering(catalogue, points)[0] ?? (centre ? this.covering(catalogue, [centre])[0] : undefined);
    if (!info) {
      throw new PlannerError(
        'outside-area',
        `No stored area covers this area (stored walk graphs: ${listLabels(catalogue.graphs)}). Download it in the options page first.`,
      );
    }
    const { engine, wallSource } = await this.engineFor(info, catalogue);
    try {
      const report = areaReport(
        {
          graph: engine.graph,
          scorer: engine.scorer,
          router: engine.currentRouter,
          edgesInBBox: (b) => engine.edgesInBBox(b),
          now: this.now(),
        },
        request.area,
        { blindSpotMinMetres: request.blindSpotMinMetres, exitMarginMetres: request.exitMarginMetres },
      );
      return { ...report, wallSource };
    } catch (e) {
      if (e instanceof AreaError) throw new PlannerError(e.code, e.message);
      throw e;
    }
  }

  /**
   * Street search with a place (`near`, the map's centre) searches the smallest stored area covering it;
   * without one, the graph used last (the area the user is working in: every map move asks for its
   * streets), else the bundled one, else the smallest stored.
   */
  async searchStreets(request: StreetSearchQuery): Promise<StreetMatch[]> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) throw this.noGraph();
    // With a place (the map's centre): the smallest stored area that covers it.
    const info = (request.near ? this.covering(catalogue, [request.near])[0] : undefined) ?? this.usualGraph(catalogue);
    const loaded = await this.engineFor(info, catalogue);
    loaded.directory ??= new StreetDirectory(loaded.engine.graph);
    return loaded.directory.search(request.query, request.limit ?? 10, request.near);
  }

  /** The graph used last (the area the user is working in), else the bundled one, else the smallest stored. */
  private usualGraph(catalogue: Catalogue): StoredGraphInfo {
    const lastUsed = [...this.engines.values()].pop()?.info.datasetId;
    return (
      catalogue.graphs.find((g) => g.datasetId === lastUsed) ??
      catalogue.graphs.find((g) => g.bundled) ??
      smallestFirst(catalogue.graphs)[0]
    );
  }

  /**
   * Builds (or keeps, as most recently used) the engine a route in this view would use, before any route is
   * asked: the smallest stored graph containing the view's centre, else the one showing most of the view.
   * Nothing to do ('none') when no stored graph meets the view. Carries no point of any route.
   */
  async warm(request: WarmQuery): Promise<WarmAnswer> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) return { datasetId: null, engine: 'none' };
    const b = request.bbox;
    const info = b
      ? (this.covering(catalogue, [[(b.west + b.east) / 2, (b.south + b.north) / 2]])[0] ?? graphShowingMost(catalogue.graphs, b))
      : this.usualGraph(catalogue);
    if (!info) return { datasetId: null, engine: 'none' };
    const had = this.engines.get(info.datasetId)?.info.version === info.version;
    await this.engineFor(info, catalogue);
    return { datasetId: info.datasetId, engine: had ? 'loaded' : 'built' };
  }

  /**
   * Streets of the graph that shows most of the box (largest overlap of its area with the box; when several
   * overlap it about as much — within 1 %, e.g. the view lies inside each — the smallest area, as for
   * routes). Nothing when no stored graph meets the box (the map is elsewhere: an empty answer, not an error).
   */
  async streetsInBBox(request: StreetsInBBoxQuery): Promise<StreetsInBBox> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) throw this.noGraph();
    const b = request.bbox;
    const info = graphShowingMost(catalogue.graphs, b);
    if (!info) return { streets: [], truncated: false };
    const { engine } = await this.engineFor(info, catalogue);
    return streetsInBBox(engine.graph, engine.edgesInBBox(b), request.limit, request.tolerance ?? 0, request.names === true);
  }

  /**
   * The wall rings meeting the box, for the overlay's coverage mask: from the graph that shows most of the
   * box (as `streets/inBBox`), decoded once per graph version without building its engine. An unreadable
   * wall layer answers 'none' (the coverage is then drawn unclipped, and says so) rather than an error.
   */
  async wallsInBBox(request: WallsInBBoxQuery): Promise<WallsInBBox> {
    const catalogue = await this.state();
    const b = request.bbox;
    const info = graphShowingMost(catalogue.graphs, b);
    if (!info) return { source: 'none', rings: [], truncated: false };
    let cached = this.wallLayers.get(info.datasetId);
    if (!cached || cached.version !== info.version) {
      const layer = this.deps.loadGraph(info.datasetId).then((stored) => {
        if (!stored?.walls) return null;
        try {
          return wallLayer(wallSourceOf(stored.wallSource), fillRings(decodeWallRings(stored.walls)));
        } catch (e) {
          if (e instanceof WallFormatError) return null;
          throw e;
        }
      });
      cached = { version: info.version, layer };
      this.wallLayers.set(info.datasetId, cached);
      layer.catch(() => this.wallLayers.delete(info.datasetId));
    }
    return wallsInBBox(await cached.layer, b, request.limit ?? MAX_WALL_RINGS_PER_ANSWER);
  }
}

/**
 * The graph whose area overlaps the box most; when several overlap it about as much (within 1 %), the
 * smallest area. Undefined when no graph meets the box.
 */
function graphShowingMost(graphs: readonly StoredGraphInfo[], b: BBox): StoredGraphInfo | undefined {
  const overlap = (g: StoredGraphInfo) =>
    Math.max(0, Math.min(b.east, g.bbox.east) - Math.max(b.west, g.bbox.west)) *
    Math.max(0, Math.min(b.north, g.bbox.north) - Math.max(b.south, g.bbox.south));
  const best = graphs.length ? Math.max(...graphs.map(overlap)) : 0;
  return best > 0 ? smallestFirst(graphs.filter((g) => overlap(g) >= 0.99 * best))[0] : undefined;
}

/** The centre of the points' bounding box, degrees. */
function bboxCentre(points: readonly LonLat[]): LonLat {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  return [(w + e) / 2, (s + n) / 2];
}
