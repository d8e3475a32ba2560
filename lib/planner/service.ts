/**
 * The background's planning side, without the `browser` API: builds the PlanningEngine lazily from the
 * stored walk graph and cameras on the first request, keeps it in step with camera changes, and answers
 * `route`, `area/report`, `streets/search` and `streets/inBBox` with small answers (never the graph).
 * entrypoints/background.ts wires it; Node tests drive the same code with fake-indexeddb.
 */
import { areaReport, type AreaReport } from '../area/report.ts';
import { AreaError } from '../area/shape.ts';
import type { Camera } from '../cameras/types.ts';
import type { LonLat } from '../geo/index.ts';
import { errorResponse, parseRequest, type Request, type Response } from '../messages.ts';
import { WalkGraphFormatError } from '../network/format.ts';
import type { Route, RouteFailureReason } from '../routing/router.ts';
import { PlanningEngine } from './engine.ts';
import { StreetDirectory, streetsInBBox, type StreetMatch, type StreetsInBBox } from './streets.ts';

export interface PlannerServiceDeps {
  /** The stored walk graph (`graphs` store); undefined when the dataset ships none. */
  loadGraph(): Promise<ArrayBuffer | undefined>;
  /** A version string of the stored graph (the dataset version); a change rebuilds the engine. */
  graphVersion(): Promise<string | undefined>;
  /** Every camera that may count: all datasets' and the user's (already-expired ones may be left out). */
  loadCameras(): Promise<Camera[]>;
  /** The cameras the stored graph's exposure was computed with (the bundled dataset's). */
  loadBaselineCameras(): Promise<Camera[]>;
  now?(): Date;
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
}

/** A failure the UI can name: the router's reasons, plus `no-graph` when no walk graph is stored. */
export class PlannerError extends Error {
  override readonly name = 'PlannerError';
  constructor(
    readonly code: RouteFailureReason | 'no-graph' | 'bad-graph' | AreaError['code'],
    message: string,
  ) {
    super(message);
  }
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export class PlannerService {
  private engine: PlanningEngine | null = null;
  private directory: StreetDirectory | null = null;
  private building: Promise<PlanningEngine> | null = null;
  private version: string | undefined;
  /** Set by `camerasChanged`: the next request reloads the cameras (and checks the graph version). */
  private stale = false;
  private readonly byIdCache = new WeakMap<readonly Camera[], Map<string, Camera>>();

  constructor(private readonly deps: PlannerServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Cameras or datasets changed (a `dataset/changed` broadcast): refresh before the next answer. */
  camerasChanged(): void {
    this.stale = true;
  }

  /** The engine, built on first use (decode + indexes: about a second for Toulouse), refreshed when stale. */
  async ready(): Promise<PlanningEngine> {
    if (this.engine && !this.stale) return this.engine;
    if (this.building) return this.building;
    this.building = this.refresh().finally(() => (this.building = null));
    return this.building;
  }

  private async refresh(): Promise<PlanningEngine> {
    this.stale = false;
    const version = await this.deps.graphVersion();
    if (this.engine && version === this.version) {
      this.engine.setCameras(await this.deps.loadCameras());
      return this.engine;
    }
    const bytes = await this.deps.loadGraph();
    if (!bytes) throw new PlannerError('no-graph', 'No walk graph is stored for this dataset, so routes cannot be planned.');
    const [cameras, baseline] = await Promise.all([this.deps.loadCameras(), this.deps.loadBaselineCameras()]);
    try {
      this.engine = PlanningEngine.fromBytes(bytes, cameras, { scoredWith: baseline, now: () => this.now() });
    } catch (e) {
      if (e instanceof WalkGraphFormatError) throw new PlannerError('bad-graph', `The stored walk graph cannot be read: ${e.message}`);
      throw e;
    }
    this.directory = null;
    this.version = version;
    return this.engine;
  }

  async route(request: Extract<Request, { type: 'route' }>): Promise<PlannedRoutes> {
    const engine = await this.ready();
    const started = performance.now();
    const outcome = engine.route({ from: request.from, to: request.to, via: request.via, alpha: request.alpha, maxDetour: request.maxDetour });
    if (!outcome.ok) throw new PlannerError(outcome.reason, outcome.message);
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
      millis: performance.now() - started,
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

  async areaReport(request: Extract<Request, { type: 'area/report' }>): Promise<AreaReport> {
    const engine = await this.ready();
    try {
      return areaReport(
        { graph: engine.graph, scorer: engine.scorer, router: engine.currentRouter, edgesInBBox: (b) => engine.edgesInBBox(b), now: this.now() },
        request.area,
        { blindSpotMinMetres: request.blindSpotMinMetres, exitMarginMetres: request.exitMarginMetres },
      );
    } catch (e) {
      if (e instanceof AreaError) throw new PlannerError(e.code, e.message);
      throw e;
    }
  }

  async searchStreets(request: Extract<Request, { type: 'streets/search' }>): Promise<StreetMatch[]> {
    const engine = await this.ready();
    this.directory ??= new StreetDirectory(engine.graph);
    return this.directory.search(request.query, request.limit ?? 10);
  }

  async streetsInBBox(request: Extract<Request, { type: 'streets/inBBox' }>): Promise<StreetsInBBox> {
    const engine = await this.ready();
    return streetsInBBox(engine.graph, engine.edgesInBBox(request.bbox), request.limit, request.tolerance ?? 0);
  }

  /** Answers one of the planner's validated requests; undefined for any other type. */
  answer(request: Request): Promise<unknown> | undefined {
    switch (request.type) {
      case 'route':
        return this.route(request);
      case 'area/report':
        return this.areaReport(request);
      case 'streets/search':
        return this.searchStreets(request);
      case 'streets/inBBox':
        return this.streetsInBBox(request);
      default:
        return undefined;
    }
  }
}

/** The request types PlannerService answers. */
export const PLANNER_REQUEST_TYPES: ReadonlySet<string> = new Set(['route', 'area/report', 'streets/search', 'streets/inBBox']);

/**
 * The background's message entry point: the planner's own requests (area, streets) are answered here once
 * the store is ready; everything else — `route` included, which reaches the planner through
 * `StoreServiceDeps.route` — goes to the store service. Validation is the same `parseRequest` for all.
 */
export async function handleWithPlanner(
  store: { handle(raw: unknown): Promise<Response<unknown>>; ready(): Promise<unknown> },
  planner: PlannerService,
  raw: unknown,
): Promise<Response<unknown>> {
  let request: Request;
  try {
    request = parseRequest(raw);
  } catch (e) {
    return errorResponse(e);
  }
  if (request.type === 'route' || !PLANNER_REQUEST_TYPES.has(request.type)) return store.handle(raw);
  try {
    await store.ready();
    return { ok: true, value: await planner.answer(request) };
  } catch (e) {
    return errorResponse(e);
  }
}
