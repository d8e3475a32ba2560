/**
 * The planner's engine cache, without the `browser` API: knows every stored walk graph (the bundled city,
 * downloaded areas, OSM imports), builds a PlanningEngine per graph lazily on the first request that needs
 * it, keeps the loaded ones within a memory budget and in step with camera changes, and persists each
 * graph's α = 0 landmark table. The request handlers (lib/planner/service.ts) build on it.
 */
import type { AreaError } from '../area/shape.ts';
import type { Camera } from '../cameras/types.ts';
import type { BBox, LonLat } from '../geo/index.ts';
import { decodeWalkGraph, WalkGraphFormatError } from '../network/format.ts';
import { readyCollator } from '../routing/cameras-along.ts';
import { walkGraphChecksum } from '../routing/landmark-file.ts';
import {
  encodePersisted,
  restorePersisted,
  restoreWalls,
  type PersistedEngineData,
  type Restored,
  type RestoredWalls,
} from './persisted.ts';
import type { RouteFailureReason } from '../routing/router.ts';
import { wallSourceOf, WallFormatError, type WallSource } from '../walls/index.ts';
import { PlanningEngine } from './engine.ts';
import type { StreetDirectory } from './streets.ts';

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
  /**
   * Optional: `loadCameras` and every dataset's cameras in ONE read (the same camera objects). With it a
   * woken worker reads its cameras once, not once for the list and again per engine build.
   */
  loadCamerasByDataset?(): Promise<{ all: Camera[]; byDataset: Map<string, Camera[]> }>;
  now?(): Date;
  /** Bytes the loaded engines may hold together (default ENGINE_MEMORY_BUDGET_BYTES). */
  engineMemoryBudget?: number;
  /**
   * The persisted α = 0 landmark table of a dataset's graph, its edge index (lib/routing/landmark-file.ts) and
   * its wall index (lib/walls/index-file.ts), or undefined. Optional: without it every engine build runs the
   * landmark Dijkstras and indexes the edges and the walls.
   */
  loadLandmarks?(datasetId: string): Promise<PersistedEngineData | undefined>;
  /** Persist a freshly built table, edge index and wall index, only if the dataset's stored graph still has this checksum. */
  saveLandmarks?(datasetId: string, graphChecksum: number, data: PersistedEngineData): Promise<void>;
}

/** How an engine got its α = 0 landmark table, and what its build cost (diagnostics, tests, benchmarks). */
export interface EngineLoadInfo {
  datasetId: string;
  /** 'persisted': read from IndexedDB and validated; 'built': the landmark Dijkstras ran. */
  landmarks: 'persisted' | 'built';
  /** Why a persisted table was not used: 'missing', or the validation failure. */
  rebuildReason?: string;
  /** 'persisted': the edge index was read back and validated; 'built': indexed again (`edgeIndexReason` says why). */
  edgeIndex: 'persisted' | 'built';
  edgeIndexReason?: string;
  /**
   * 'persisted': the wall index was read back and validated (lib/walls/index-file.ts); 'built': decoded and
   * indexed again (`wallIndexReason` says why); 'none': the graph has no wall layer.
   */
  wallIndex: 'persisted' | 'built' | 'none';
  wallIndexReason?: string;
  /** When the build started, ms on the context's clock (`performance.now()`: since a worker's start). */
  startedAt: number;
  /** Milliseconds: reading graph + cameras + table, decoding the graph, building the engine. */
  readMs: number;
  decodeMs: number;
  engineMs: number;
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

/**
 * Memory the loaded engines may hold together (their `memoryBytes` estimate); least recently used engines
 * are dropped beyond it, the one just used always stays. A Toulouse-sized engine is ≈ 14 MiB, so a few
 * cities fit, while one metro-sized area (16× Toulouse ≈ 200 MiB) is kept alone rather than with another.
 */
export const ENGINE_MEMORY_BUDGET_BYTES = 64 * 1048576;

export interface Catalogue {
  graphs: StoredGraphInfo[];
  cameras: Camera[];
  /** Each dataset's cameras from the same read, when the deps offer it (else read per engine build). */
  byDataset?: Map<string, Camera[]>;
  /** Bumped at every reload: an engine whose generation differs gets the new cameras before answering. */
  generation: number;
}

export interface LoadedEngine {
  info: StoredGraphInfo;
  engine: PlanningEngine;
  /** The walls it scores with ('none' when the stored graph has no wall layer). */
  wallSource: WallSource;
  directory: StreetDirectory | null;
  generation: number;
}

export const contains = (b: BBox, [lon, lat]: LonLat) => lon >= b.west && lon <= b.east && lat >= b.south && lat <= b.north;
const areaOf = (b: BBox) => (b.east - b.west) * (b.north - b.south);

/** Covering graphs, smallest area first (ties: non-bundled first, then by id, so the choice is stable). */
export function smallestFirst(graphs: readonly StoredGraphInfo[]): StoredGraphInfo[] {
  return graphs
    .slice()
    .sort(
      (a, b) =>
        areaOf(a.bbox) - areaOf(b.bbox) ||
        Number(a.bundled) - Number(b.bundled) ||
        (a.datasetId < b.datasetId ? -1 : a.datasetId > b.datasetId ? 1 : 0),
    );
}

export function listLabels(graphs: readonly StoredGraphInfo[]): string {
  return graphs.map((g) => g.label || g.datasetId).join('; ');
}

/**
 * The stored walk graphs and their engines, built lazily per graph and kept within
 * `ENGINE_MEMORY_BUDGET_BYTES` (least recently used dropped).
 */
export class PlannerEngines {
  private catalogue: Catalogue | null = null;
  private reloading: Promise<Catalogue> | null = null;
  private generation = 0;
  /** Loaded engines by dataset id, least recently used first (Map order; a use re-inserts). */
  protected readonly engines = new Map<string, LoadedEngine>();
  private readonly builds = new Map<string, Promise<LoadedEngine>>();
  /** Set by `camerasChanged`: the next request reloads the graph list and the cameras. */
  private stale = false;
  /** Engines built since start (diagnostics and tests). */
  engineBuilds = 0;
  /** The last engine builds, most recent last (at most 8). */
  readonly engineLoads: EngineLoadInfo[] = [];
  /** The last catalogue read: when it started (`performance.now()`), and ms to list the graphs and read the cameras (diagnostics). */
  lastReload: { startedAt: number; graphsMs: number; camerasMs: number } | null = null;
  /** The last landmark table write (tests await it); never rejects. */
  landmarkWrite: Promise<void> = Promise.resolve();

  constructor(protected readonly deps: PlannerServiceDeps) {}

  protected now(): Date {
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
  protected state(): Promise<Catalogue> {
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
    const startedAt = performance.now();
    const timed = <T>(p: Promise<T>) => p.then((v) => [v, performance.now() - startedAt] as const);
    const sets: Promise<{ all: Camera[]; byDataset?: Map<string, Camera[]> }> = this.deps.loadCamerasByDataset
      ? this.deps.loadCamerasByDataset()
      : this.deps.loadCameras().then((all) => ({ all }));
    const reads = Promise.all([timed(this.deps.listGraphs()), timed(sets)]);
    // The thread is idle while IndexedDB reads: ready the collator the first route's camera lists need.
    readyCollator();
    const [[graphs, graphsMs], [{ all: cameras, byDataset }, camerasMs]] = await reads;
    this.lastReload = { startedAt, graphsMs, camerasMs };
    const catalogue: Catalogue = { graphs, cameras, ...(byDataset ? { byDataset } : {}), generation: ++this.generation };
    for (const [id, loaded] of this.engines) {
      const now = graphs.find((g) => g.datasetId === id);
      if (!now || now.version !== loaded.info.version) this.engines.delete(id);
      else loaded.info = now;
    }
    this.catalogue = catalogue;
    return catalogue;
  }

  /** The engine of one graph, built on first use (decode + indexes + the α = 0 landmark table: ≈ 0.1 s for Toulouse on an idle machine, ≈ 0.9 s under heavy load), cameras in step. */
  protected async engineFor(info: StoredGraphInfo, catalogue: Catalogue): Promise<LoadedEngine> {
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
      catalogue.byDataset ? (catalogue.byDataset.get(info.datasetId) ?? []) : this.deps.loadDatasetCameras(info.datasetId),
      // A cache: an unreadable one is rebuilt, never an error.
      this.deps.loadLandmarks ? this.deps.loadLandmarks(info.datasetId).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    if (!stored)
      throw new PlannerError(
        'no-graph',
        `The walk graph of ${info.label || info.datasetId} is no longer stored, so routes cannot be planned there.`,
      );
    const t1 = performance.now();
    let engine: PlanningEngine;
    let wallSource: WallSource = 'none';
    let restored: Restored = { edgeIndex: 'built' };
    let walls: RestoredWalls | undefined;
    let t2 = t1;
    const checksum = walkGraphChecksum(stored.bytes);
    try {
      const graph = decodeWalkGraph(new Uint8Array(stored.bytes));
      t2 = performance.now();
      // The α = 0 table and the edge index depend on the graph alone: valid for this checksum whatever the cameras.
      restored = restorePersisted(graph, checksum ?? 0, persisted);
      const { landmarks } = restored;
      // The graph's exposure was scored with its own dataset's cameras; every other active camera
      // (other datasets, the user's) is re-scored on top, around where it stands.
      // …with the same walls the graph was scored with (lib/walls), so re-scored edges agree with the stored
      // ones: their index adopted from the persisted file when it matches these wall bytes, else built.
      walls = restoreWalls(stored.walls, wallSourceOf(stored.wallSource), checksum ?? 0, persisted);
      wallSource = walls?.layer.source ?? 'none';
      engine = new PlanningEngine(graph, catalogue.cameras, {
        scoredWith: baseline,
        now: () => this.now(),
        exposure: { buildings: walls?.buildings },
        ...(landmarks ? { router: { landmarks } } : {}),
      });
    } catch (e) {
      if (e instanceof WalkGraphFormatError || e instanceof WallFormatError)
        throw new PlannerError('bad-graph', `The stored walk graph of ${info.label || info.datasetId} cannot be read: ${e.message}`);
      throw e;
    }
    const t3 = performance.now();
    this.engineBuilds++;
    this.engineLoads.push({
      datasetId: info.datasetId,
      startedAt: t0,
      landmarks: restored.landmarks ? 'persisted' : 'built',
      ...(restored.rebuildReason ? { rebuildReason: restored.rebuildReason } : {}),
      edgeIndex: restored.edgeIndex,
      ...(restored.edgeIndexReason ? { edgeIndexReason: restored.edgeIndexReason } : {}),
      wallIndex: walls?.wallIndex ?? 'none',
      ...(walls?.wallIndexReason ? { wallIndexReason: walls.wallIndexReason } : {}),
      readMs: t1 - t0,
      decodeMs: t2 - t1,
      engineMs: t3 - t2,
    });
    if (this.engineLoads.length > 8) this.engineLoads.shift();
    const stale = !restored.landmarks || restored.edgeIndex === 'built' || walls?.wallIndex === 'built';
    if (stale && checksum !== undefined && this.deps.saveLandmarks) this.persistLandmarks(info.datasetId, checksum, engine, walls);
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
   * Writes the engine's α = 0 table, edge index and wall index for the next wake-up, after the current request
   * (a 0 ms timer): the encode and the write never delay a route. A failed write only means the next start rebuilds it.
   */
  private persistLandmarks(datasetId: string, checksum: number, engine: PlanningEngine, walls: RestoredWalls | undefined): void {
    const save = this.deps.saveLandmarks!;
    const previous = this.landmarkWrite;
    this.landmarkWrite = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        void previous
          .then(async () => {
            const data = encodePersisted(engine, checksum, walls);
            if (data) await save(datasetId, checksum, data);
          })
          .catch(() => undefined)
          .then(resolve);
      }, 0) as unknown as { unref?: () => void };
      timer.unref?.();
    });
  }

  /** Graphs whose area contains every point, smallest first; `[]` when none does. */
  protected covering(catalogue: Catalogue, points: readonly LonLat[]): StoredGraphInfo[] {
    return smallestFirst(catalogue.graphs.filter((g) => points.every((p) => contains(g.bbox, p))));
  }

  protected noGraph(): PlannerError {
    return new PlannerError('no-graph', 'No walk graph is stored, so routes cannot be planned. Download an area in the options page.');
  }

  /** The clear "no stored area covers these points" error, naming the points and the stored areas. */
  protected notCovered(catalogue: Catalogue, named: ReadonlyArray<[string, LonLat]>): PlannerError {
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
}
