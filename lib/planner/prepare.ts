/**
 * The part of an engine build that needs the stored graph alone, not the camera list (issue #14, docs/routing.md
 * "The service worker's wake-up path"): read the graph record and the persisted α = 0 table and edge index,
 * decode the graph, build the wall index and validate the persisted files. A woken worker starts it for the
 * graph its first planner request will use as soon as the graph list is known, so it runs while the cameras
 * are still being read; the engine cache (lib/planner/engines.ts) then builds the engine from it.
 */
import { decodeWalkGraph } from '../network/format.ts';
import type { WalkGraph } from '../network/walk-graph.ts';
import type { BuildingIndex } from '../exposure/index.ts';
import { walkGraphChecksum } from '../routing/landmark-file.ts';
import { storedWallIndex, wallSourceOf, type WallSource } from '../walls/index.ts';
import { restorePersisted, type PersistedEngineData, type Restored } from './persisted.ts';

/** What `prepareGraph` reads: PlannerServiceDeps' graph and landmark reads. */
export interface PrepareDeps {
  loadGraph(datasetId: string): Promise<{ version: string; bytes: ArrayBuffer; walls?: ArrayBuffer; wallSource?: WallSource } | undefined>;
  loadLandmarks?(datasetId: string): Promise<PersistedEngineData | undefined>;
}

/** A decoded graph ready for its engine: everything of the build that does not depend on the cameras. */
export interface PreparedGraph {
  /** The version of the graph record actually read (a request compares it with its catalogue's). */
  version: string;
  graph: WalkGraph;
  /** The walk graph's checksum (header), the key of its persisted files; undefined when it has none. */
  checksum: number | undefined;
  restored: Restored;
  buildings: BuildingIndex | undefined;
  wallSource: WallSource;
  /** When the reads started (`performance.now()`), and ms to read, decode, and index walls + validate files. */
  startedAt: number;
  readMs: number;
  decodeMs: number;
  prepareMs: number;
}

/**
 * Reads and decodes one dataset's graph (undefined when none is stored). Throws WalkGraphFormatError or
 * WallFormatError on a graph that does not decode; a persisted file that does not validate is a rebuild,
 * reported in `restored`, never an error.
 */
export async function prepareGraph(deps: PrepareDeps, datasetId: string): Promise<PreparedGraph | undefined> {
  const startedAt = performance.now();
  // A cache: an unreadable one is rebuilt, never an error.
  const persistedRead = deps.loadLandmarks ? deps.loadLandmarks(datasetId).catch(() => undefined) : Promise.resolve(undefined);
  const stored = await deps.loadGraph(datasetId);
  if (!stored) return undefined;
  const t1 = performance.now();
  const graph = decodeWalkGraph(new Uint8Array(stored.bytes));
  const t2 = performance.now();
  // …scored with the same walls the graph was scored with (lib/walls), so re-scored edges agree with the stored
  // ones. Built before the persisted files are awaited: their read (and the cameras') goes on meanwhile.
  const buildings = stored.walls ? storedWallIndex(stored.walls, wallSourceOf(stored.wallSource)) : undefined;
  const checksum = walkGraphChecksum(stored.bytes);
  // The α = 0 table and the edge index depend on the graph alone: valid for this checksum whatever the cameras.
  const restored = restorePersisted(graph, checksum ?? 0, await persistedRead);
  return {
    version: stored.version,
    graph,
    checksum,
    restored,
    buildings,
    wallSource: buildings ? wallSourceOf(stored.wallSource) : 'none',
    startedAt,
    readMs: t1 - startedAt,
    decodeMs: t2 - t1,
    prepareMs: performance.now() - t2,
  };
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
  /** When the build's reads started, ms on the context's clock (`performance.now()`: since a worker's start). */
  startedAt: number;
  /** True when the reads were started early, before the catalogue was complete (`prepareAt`). */
  early: boolean;
  /** Milliseconds: reading the graph record, decoding it, building the engine (wall index, persisted files, engine). */
  readMs: number;
  decodeMs: number;
  engineMs: number;
}
