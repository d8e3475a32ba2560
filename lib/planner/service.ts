/**
 * The background's planning side, without the `browser` API: knows every stored walk graph (the bundled
 * city, downloaded areas, OSM imports), builds a PlanningEngine per graph lazily on the first request that
 * needs it, keeps them in step with camera changes, and answers `route`, `area/report`, `streets/search`
 * and `streets/inBBox` with small answers (never the graph). entrypoints/background.ts wires it; Node tests
 * drive the same code with fake-indexeddb.
 */
import { areaReport, type AreaReport } from '../area/report.ts';
import { AreaError, type AreaShape } from '../area/shape.ts';
import type { Camera } from '../cameras/types.ts';
import type { BBox, LonLat } from '../geo/index.ts';
import { errorResponse, parseRequest, type Request, type Response } from '../messages.ts';
import { decodeWalkGraph, WalkGraphFormatError } from '../network/format.ts';
import { decodeLandmarkFile, encodeLandmarkFile, walkGraphChecksum } from '../routing/landmark-file.ts';
import type { LandmarkData } from '../routing/landmarks.ts';
import type { Route } from '../routing/describe.ts';
import type { RouteFailureReason, RouteOutcome } from '../routing/router.ts';
import { PlanningEngine } from './engine.ts';
import { decodeWalls, storedWallIndex, wallSourceOf, WallFormatError, type WallSource } from '../walls/index.ts';
import { wallLayer, wallsInBBox, MAX_WALL_RINGS_PER_ANSWER, type WallLayer, type WallsInBBox } from '../walls/view.ts';
import { StreetDirectory, streetsInBBox, type StreetMatch, type StreetsInBBox } from './streets.ts';

/** A stored walk graph the planner may use (no bytes: engines are built from it on demand). */
export interface StoredGraphInfo {
  datasetId: string;
  /** The dataset version the graph was stored with; a change rebuilds its engine. */
  version: string;
  /** Human-readable dataset label, for errors. */
  label: string;
  /** The bundled dataset (shipped with the extension). */
  bundled: boolean;
  /** The area the graph covers (its nodes' and shapes' extent), degrees: the router's own outside-area test. */
  bbox: BBox;
}

export interface PlannerServiceDeps {
  /** Every stored walk graph with its area (cheap: graphs are not decoded). */
  listGraphs(): Promise<StoredGraphInfo[]>;
  /** One stored graph's bytes; undefined when it is gone. */
  loadGraph(datasetId: string): Promise<{ version: string; bytes: ArrayBuffer; walls?: ArrayBuffer; wallSource?: WallSource } | undefined>;
  /** Every camera that may count: all datasets' and the user's (already-expired ones may be left out). */
  loadCameras(): Promise<Camera[]>;
  /** The cameras of one dataset: those its stored graph's exposure was computed with. */
  loadDatasetCameras(datasetId: string): Promise<Camera[]>;
  now?(): Date;
  /** Bytes the loaded engines may hold together (default ENGINE_MEMORY_BUDGET_BYTES). */
  engineMemoryBudget?: number;
  /**
   * The persisted α = 0 landmark table of a dataset's graph (lib/routing/landmark-file.ts), or undefined.
   * Optional: without it every engine build runs the landmark Dijkstras.
   */
  loadLandmarks?(datasetId: string): Promise<ArrayBuffer | undefined>;
  /** Persist a freshly built table, only if the dataset's stored graph still has this checksum. */
  saveLandmarks?(datasetId: string, graphChecksum: number, bytes: ArrayBuffer): Promise<void>;
}

/** How an engine got its α = 0 landmark table, and what its build cost (diagnostics, tests, benchmarks). */
export interface EngineLoadInfo {
  datasetId: string;
  /** 'persisted': read from IndexedDB and validated; 'built': the landmark Dijkstras ran. */
  landmarks: 'persisted' | 'built';
  /** Why a persisted table was not used: 'missing', or the validation failure. */
  rebuildReason?: string;
  /** Milliseconds: reading graph + cameras + table, decoding the graph, building the engine. */
  readMs: number;
  decodeMs: number;
  engineMs: number;
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

/**
 * Memory the loaded engines may hold together (their `memoryBytes` estimate); least recently used engines
 * are dropped beyond it, the one just used always stays. A Toulouse-sized engine is ≈ 14 MiB, so a few
 * cities fit, while one metro-sized area (16× Toulouse ≈ 200 MiB) is kept alone rather than with another.
 */
export const ENGINE_MEMORY_BUDGET_BYTES = 64 * 1048576;

/** Metres per degree of latitude (mean sphere), to turn a circle's radius into degrees. */
const M_PER_DEG_LAT = 111_195;

/** Failures that mean "this graph has no street for these points": the next covering graph may have one. */
const TRY_NEXT: ReadonlySet<string> = new Set(['too-far-from-street', 'no-route']);

interface Catalogue {
  graphs: StoredGraphInfo[];
  cameras: Camera[];
  /** Bumped at every reload: an engine whose generation differs gets the new cameras before answering. */
  generation: number;
}

interface LoadedEngine {
  info: StoredGraphInfo;
  engine: PlanningEngine;
  /** The walls it scores with ('none' when the stored graph has no wall layer). */
  wallSource: WallSource;
  directory: StreetDirectory | null;
  generation: number;
}

const contains = (b: BBox, [lon, lat]: LonLat) => lon >= b.west && lon <= b.east && lat >= b.south && lat <= b.north;
const areaOf = (b: BBox) => (b.east - b.west) * (b.north - b.south);

/** Covering graphs, smallest area first (ties: non-bundled first, then by id, so the choice is stable). */
function smallestFirst(graphs: readonly StoredGraphInfo[]): StoredGraphInfo[] {
  return graphs
    .slice()
    .sort((a, b) => areaOf(a.bbox) - areaOf(b.bbox) || Number(a.bundled) - Number(b.bundled) || (a.datasetId < b.datasetId ? -1 : a.datasetId > b.datasetId ? 1 : 0));
}

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

function listLabels(graphs: readonly StoredGraphInfo[]): string {
  return graphs.map((g) => g.label || g.datasetId).join('; ');
}

/**
 * Answers planner requests from every stored walk graph. For each request it picks the graph whose area
 * contains all the request's points, the smallest such area first (a downloaded area inside the bundled
 * city is more recent and no less detailed); engines are built lazily per graph and kept within
 * `ENGINE_MEMORY_BUDGET_BYTES` (least recently used dropped).
 */
export class PlannerService {
  private catalogue: Catalogue | null = null;
  private reloading: Promise<Catalogue> | null = null;
  private generation = 0;
  /** Loaded engines by dataset id, least recently used first (Map order; a use re-inserts). */
  private readonly engines = new Map<string, LoadedEngine>();
  private readonly builds = new Map<string, Promise<LoadedEngine>>();
  /** Decoded wall layers for `walls/inBBox`, by dataset id (no engine needed to draw walls). */
  private readonly wallLayers = new Map<string, { version: string; layer: Promise<WallLayer | null> }>();
  /** Set by `camerasChanged`: the next request reloads the graph list and the cameras. */
  private stale = false;
  private readonly byIdCache = new WeakMap<readonly Camera[], Map<string, Camera>>();
  /** Engines built since start (diagnostics and tests). */
  engineBuilds = 0;
  /** The last engine builds, most recent last (at most 8). */
  readonly engineLoads: EngineLoadInfo[] = [];
  /** The last landmark table write (tests await it); never rejects. */
  landmarkWrite: Promise<void> = Promise.resolve();

  constructor(private readonly deps: PlannerServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Cameras or datasets changed (a `dataset/changed` broadcast: user cameras, a download, an import, a
   * delete, a wipe): the next request reloads the graph list and the cameras, drops engines whose graph
   * changed version or disappeared, and re-scores the others around the cameras that changed.
   */
  camerasChanged(): void {
    this.stale = true;
  }

  /** Drop least recently used engines while the loaded ones exceed the memory budget (keeps the last). */
  private trimToBudget(): void {
    const budget = this.deps.engineMemoryBudget ?? ENGINE_MEMORY_BUDGET_BYTES;
    let total = 0;
    for (const loaded of this.engines.values()) total += loaded.engine.memoryBytes;
    while (total > budget && this.engines.size > 1) {
      const [id, oldest] = this.engines.entries().next().value as [string, LoadedEngine];
      this.engines.delete(id);
      total -= oldest.engine.memoryBytes;
    }
  }

  /** Estimated bytes held by the loaded engines (diagnostics). */
  get loadedEngineBytes(): number {
    let total = 0;
    for (const loaded of this.engines.values()) total += loaded.engine.memoryBytes;
    return total;
  }

  /** Dataset ids of the engines in memory, least recently used first (diagnostics). */
  get loadedGraphs(): string[] {
    return [...this.engines.keys()];
  }

  /** Every stored walk graph the planner can use, with its area. */
  async graphs(): Promise<StoredGraphInfo[]> {
    return (await this.state()).graphs;
  }

  /**
   * The current catalogue. A change announced while a read is in flight (that read may predate it) queues
   * one more read after it; requests meanwhile wait for that one. (Before, a request arriving during a
   * read got the previous catalogue: a second tab re-planning at once after a camera change could route
   * with the camera set of before — issue 12.)
   */
  private state(): Promise<Catalogue> {
    if (!this.stale) {
      if (this.reloading) return this.reloading;
      if (this.catalogue) return Promise.resolve(this.catalogue);
    }
    this.stale = false;
    const next = (this.reloading ?? Promise.resolve()).catch(() => undefined).then(() => this.reload());
    this.reloading = next;
    next.then(
      () => this.reloading === next && (this.reloading = null),
      () => this.reloading === next && (this.reloading = null),
    );
    return next;
  }

  private async reload(): Promise<Catalogue> {
    this.stale = false;
    const [graphs, cameras] = await Promise.all([this.deps.listGraphs(), this.deps.loadCameras()]);
    const catalogue: Catalogue = { graphs, cameras, generation: ++this.generation };
    for (const [id, loaded] of this.engines) {
      const now = graphs.find((g) => g.datasetId === id);
      if (!now || now.version !== loaded.info.version) this.engines.delete(id);
      else loaded.info = now;
    }
    this.catalogue = catalogue;
    return catalogue;
  }

  /** The engine of one graph, built on first use (decode + indexes + the α = 0 landmark table: ≈ 0.1 s for Toulouse on an idle machine, ≈ 0.9 s under heavy load), cameras in step. */
  private async engineFor(info: StoredGraphInfo, catalogue: Catalogue): Promise<LoadedEngine> {
    const loaded = this.engines.get(info.datasetId);
    if (loaded && loaded.info.version === info.version) {
      if (loaded.generation !== catalogue.generation) {
        loaded.engine.setCameras(catalogue.cameras);
        loaded.generation = catalogue.generation;
      }
      this.engines.delete(info.datasetId); // most recently used goes last
      this.engines.set(info.datasetId, loaded);
      this.trimToBudget();
      return loaded;
    }
    const key = `${info.datasetId}\u0000${info.version}`;
    let build = this.builds.get(key);
    if (!build) {
      build = this.build(info, catalogue).finally(() => this.builds.delete(key));
      this.builds.set(key, build);
    }
    const built = await build;
    if (built.generation !== catalogue.generation && this.catalogue === catalogue) {
      built.engine.setCameras(catalogue.cameras);
      built.generation = catalogue.generation;
    }
    return built;
  }

  private async build(info: StoredGraphInfo, catalogue: Catalogue): Promise<LoadedEngine> {
    const t0 = performance.now();
    const [stored, baseline, persisted] = await Promise.all([
      this.deps.loadGraph(info.datasetId),
      this.deps.loadDatasetCameras(info.datasetId),
      // A cache: an unreadable one is rebuilt, never an error.
      this.deps.loadLandmarks ? this.deps.loadLandmarks(info.datasetId).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    if (!stored) throw new PlannerError('no-graph', `The walk graph of ${info.label || info.datasetId} is no longer stored, so routes cannot be planned there.`);
    const t1 = performance.now();
    let engine: PlanningEngine;
    let wallSource: WallSource = 'none';
    let landmarks: LandmarkData | undefined;
    let rebuildReason: string | undefined;
    let t2 = t1;
    const checksum = walkGraphChecksum(stored.bytes);
    try {
      const graph = decodeWalkGraph(new Uint8Array(stored.bytes));
      t2 = performance.now();
      // The α = 0 table depends on the graph alone (lengths, adjacency): valid for this checksum whatever the cameras.
      if (persisted === undefined) rebuildReason = 'missing';
      else {
        try {
          landmarks = decodeLandmarkFile(persisted, { checksum: checksum ?? 0, nodeCount: graph.nodeCount });
        } catch (e) {
          rebuildReason = e instanceof Error ? e.message : String(e);
        }
      }
      // The graph's exposure was scored with its own dataset's cameras; every other active camera
      // (other datasets, the user's) is re-scored on top, around where it stands.
      // …with the same walls the graph was scored with (lib/walls), so re-scored edges agree with the stored ones.
      const buildings = stored.walls ? storedWallIndex(stored.walls, wallSourceOf(stored.wallSource)) : undefined;
      wallSource = buildings ? wallSourceOf(stored.wallSource) : 'none';
      engine = new PlanningEngine(graph, catalogue.cameras, {
        scoredWith: baseline,
        now: () => this.now(),
        exposure: { buildings },
        ...(landmarks ? { router: { landmarks } } : {}),
      });
    } catch (e) {
      if (e instanceof WalkGraphFormatError || e instanceof WallFormatError) throw new PlannerError('bad-graph', `The stored walk graph of ${info.label || info.datasetId} cannot be read: ${e.message}`);
      throw e;
    }
    const t3 = performance.now();
    this.engineBuilds++;
    this.engineLoads.push({ datasetId: info.datasetId, landmarks: landmarks ? 'persisted' : 'built', ...(rebuildReason && !landmarks ? { rebuildReason } : {}), readMs: t1 - t0, decodeMs: t2 - t1, engineMs: t3 - t2 });
    if (this.engineLoads.length > 8) this.engineLoads.shift();
    if (!landmarks && checksum !== undefined && this.deps.saveLandmarks) this.persistLandmarks(info.datasetId, checksum, engine);
    const loaded: LoadedEngine = { info, engine, wallSource, directory: null, generation: catalogue.generation };
    // Keep it only if the graph is still the current one (a delete may have raced the build).
    const current = this.catalogue?.graphs.find((g) => g.datasetId === info.datasetId);
    if (current && current.version === info.version) {
      this.engines.delete(info.datasetId);
      this.engines.set(info.datasetId, loaded);
      this.trimToBudget();
    }
    return loaded;
  }

  /**
   * Writes the engine's α = 0 table for the next wake-up, after the current request (a 0 ms timer): the
   * encode and the write never delay a route. A failed write only means the next start rebuilds it.
   */
  private persistLandmarks(datasetId: string, checksum: number, engine: PlanningEngine): void {
    const save = this.deps.saveLandmarks!;
    const previous = this.landmarkWrite;
    this.landmarkWrite = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        void previous
          .then(async () => {
            const data = engine.landmarkData();
            const bytes = data ? encodeLandmarkFile(data, { checksum, nodeCount: engine.graph.nodeCount }) : null;
            if (bytes) await save(datasetId, checksum, bytes);
          })
          .catch(() => undefined)
          .then(resolve);
      }, 0) as unknown as { unref?: () => void };
      timer.unref?.();
    });
  }

  /** Graphs whose area contains every point, smallest first; `[]` when none does. */
  private covering(catalogue: Catalogue, points: readonly LonLat[]): StoredGraphInfo[] {
    return smallestFirst(catalogue.graphs.filter((g) => points.every((p) => contains(g.bbox, p))));
  }

  private noGraph(): PlannerError {
    return new PlannerError('no-graph', 'No walk graph is stored, so routes cannot be planned. Download an area in the options page.');
  }

  /** The clear "no stored area covers these points" error, naming the points and the stored areas. */
  private notCovered(catalogue: Catalogue, named: ReadonlyArray<[string, LonLat]>): PlannerError {
    const outside = named.filter(([, p]) => !catalogue.graphs.some((g) => contains(g.bbox, p))).map(([n]) => n);
    const areas = listLabels(catalogue.graphs);
    if (outside.length > 0) {
      return new PlannerError(
        'outside-area',
        `No stored area covers the ${outside.join(' and the ')} (stored walk graphs: ${areas}). Download the area in the options page to plan routes there.`,
      );
    }
    return new PlannerError(
      'outside-area',
      `No single stored area covers the ${named.map(([n]) => n).join(', the ')}: they lie in different areas (${areas}), and a route is planned within one area's walk graph.`,
    );
  }

  async route(request: Extract<Request, { type: 'route' }>): Promise<PlannedRoutes> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) throw this.noGraph();
    const named: Array<[string, LonLat]> = [['start', request.from], ...(request.via ?? []).map((v, i): [string, LonLat] => [`via point ${i + 1}`, v]), ['destination', request.to]];
    const candidates = this.covering(catalogue, named.map(([, p]) => p));
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
      const outcome = engine.route({ from: request.from, to: request.to, via: request.via, alpha: request.alpha, maxDetour: request.maxDetour });
      if (!outcome.ok) {
        firstFailure ??= new PlannerError(outcome.reason, outcome.message);
        if (TRY_NEXT.has(outcome.reason)) continue;
        throw firstFailure;
      }
      return { ...this.slimRoutes(engine, outcome, info.datasetId, performance.now() - started), wallSource };
    }
    throw firstFailure as PlannerError;
  }

  private slimRoutes(engine: PlanningEngine, outcome: Extract<RouteOutcome, { ok: true }>, datasetId: string, millis: number): Omit<PlannedRoutes, 'wallSource'> {
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
  async areaReport(request: Extract<Request, { type: 'area/report' }>): Promise<AreaReport> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) throw this.noGraph();
    const points = areaShapePoints(request.area);
    const centre = points.length > 0 ? bboxCentre(points) : undefined;
    const info = this.covering(catalogue, points)[0] ?? (centre ? this.covering(catalogue, [centre])[0] : undefined);
    if (!info) {
      throw new PlannerError('outside-area', `No stored area covers this area (stored walk graphs: ${listLabels(catalogue.graphs)}). Download it in the options page first.`);
    }
    const { engine, wallSource } = await this.engineFor(info, catalogue);
    try {
      const report = areaReport(
        { graph: engine.graph, scorer: engine.scorer, router: engine.currentRouter, edgesInBBox: (b) => engine.edgesInBBox(b), now: this.now() },
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
  async searchStreets(request: Extract<Request, { type: 'streets/search' }>): Promise<StreetMatch[]> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) throw this.noGraph();
    const lastUsed = [...this.engines.values()].pop()?.info.datasetId;
    // With a place (the map's centre): the smallest stored area that covers it.
    const info =
      (request.near ? this.covering(catalogue, [request.near])[0] : undefined) ??
      catalogue.graphs.find((g) => g.datasetId === lastUsed) ?? catalogue.graphs.find((g) => g.bundled) ?? smallestFirst(catalogue.graphs)[0];
    const loaded = await this.engineFor(info, catalogue);
    loaded.directory ??= new StreetDirectory(loaded.engine.graph);
    return loaded.directory.search(request.query, request.limit ?? 10, request.near);
  }

  /**
   * Streets of the graph that shows most of the box (largest overlap of its area with the box; when several
   * overlap it about as much — within 1 %, e.g. the view lies inside each — the smallest area, as for
   * routes). Nothing when no stored graph meets the box (the map is elsewhere: an empty answer, not an error).
   */
  async streetsInBBox(request: Extract<Request, { type: 'streets/inBBox' }>): Promise<StreetsInBBox> {
    const catalogue = await this.state();
    if (catalogue.graphs.length === 0) throw this.noGraph();
    const b = request.bbox;
    const overlap = (g: StoredGraphInfo) =>
      Math.max(0, Math.min(b.east, g.bbox.east) - Math.max(b.west, g.bbox.west)) * Math.max(0, Math.min(b.north, g.bbox.north) - Math.max(b.south, g.bbox.south));
    const best = Math.max(...catalogue.graphs.map(overlap));
    const info = best > 0 ? smallestFirst(catalogue.graphs.filter((g) => overlap(g) >= 0.99 * best))[0] : undefined;
    if (!info) return { streets: [], truncated: false };
    const { engine } = await this.engineFor(info, catalogue);
    return streetsInBBox(engine.graph, engine.edgesInBBox(b), request.limit, request.tolerance ?? 0, request.names === true);
  }

  /**
   * The wall rings meeting the box, for the overlay's coverage mask: from the graph that shows most of the
   * box (as `streets/inBBox`), decoded once per graph version without building its engine. An unreadable
   * wall layer answers 'none' (the coverage is then drawn unclipped, and says so) rather than an error.
   */
  async wallsInBBox(request: Extract<Request, { type: 'walls/inBBox' }>): Promise<WallsInBBox> {
    const catalogue = await this.state();
    const b = request.bbox;
    const overlap = (g: StoredGraphInfo) =>
      Math.max(0, Math.min(b.east, g.bbox.east) - Math.max(b.west, g.bbox.west)) * Math.max(0, Math.min(b.north, g.bbox.north) - Math.max(b.south, g.bbox.south));
    const best = catalogue.graphs.length ? Math.max(...catalogue.graphs.map(overlap)) : 0;
    const info = best > 0 ? smallestFirst(catalogue.graphs.filter((g) => overlap(g) >= 0.99 * best))[0] : undefined;
    if (!info) return { source: 'none', rings: [], truncated: false };
    let cached = this.wallLayers.get(info.datasetId);
    if (!cached || cached.version !== info.version) {
      const layer = this.deps.loadGraph(info.datasetId).then((stored) => {
        if (!stored?.walls) return null;
        try {
          return wallLayer(wallSourceOf(stored.wallSource), decodeWalls(stored.walls));
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
      case 'walls/inBBox':
        return this.wallsInBBox(request);
      default:
        return undefined;
    }
  }
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

/** The request types PlannerService answers. */
export const PLANNER_REQUEST_TYPES: ReadonlySet<string> = new Set(['route', 'area/report', 'streets/search', 'streets/inBBox', 'walls/inBBox']);

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
