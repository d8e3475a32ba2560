/**
 * What a woken worker reuses instead of building (issue #14, docs/routing.md "Cold start"): the α = 0
 * landmark table and the edge index of a graph, kept in IndexedDB as two validated files
 * (lib/routing/landmark-file.ts), and the wall occlusion index of its stored wall layer
 * (lib/walls/index-file.ts). They depend on the graph and its walls alone (lengths, adjacency, geometry),
 * so they are keyed by the walk graph's checksum (and the walls' hash) and stay valid whatever the cameras.
 * Anything that does not validate is reported and rebuilt; the engine cache (lib/planner/engines.ts) then
 * writes them again.
 */
import type { WalkGraph } from '../network/walk-graph.ts';
import { decodeEdgeIndexFile, decodeLandmarkFile, encodeEdgeIndexFile, encodeLandmarkFile } from '../routing/landmark-file.ts';
import type { LandmarkData } from '../routing/landmarks.ts';
import { adoptEdgeIndex } from '../routing/snap.ts';
import type { BuildingIndex } from '../exposure/buildings.ts';
import { storedWallIndex, withLazyFootprints, type WallSource } from '../walls/index.ts';
import { decodeWallIndexFile, encodeWallIndexFile } from '../walls/index-file.ts';
import type { PlanningEngine } from './engine.ts';

/** The persisted files of one graph. */
export interface PersistedEngineData {
  table: ArrayBuffer;
  /** Absent in records written before the edge index was kept. */
  edgeIndex?: ArrayBuffer;
  /** The wall index (lib/walls/index-file.ts); absent in older records and for graphs without walls. */
  wallIndex?: ArrayBuffer;
}

/** What could be reused: the table (or why not) and whether the edge index was adopted (or why not). */
export interface Restored {
  landmarks?: LandmarkData;
  rebuildReason?: string;
  edgeIndex: 'persisted' | 'built';
  edgeIndexReason?: string;
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Validates the persisted files against the decoded graph and its checksum: the table is returned, the edge
 * index handed to the graph's next SnapIndex (`adoptEdgeIndex`). Never throws: a bad file is a rebuild.
 */
export function restorePersisted(graph: WalkGraph, checksum: number, persisted: PersistedEngineData | undefined): Restored {
  if (persisted === undefined) return { rebuildReason: 'missing', edgeIndex: 'built', edgeIndexReason: 'missing' };
  const out: Restored = { edgeIndex: 'built' };
  try {
    out.landmarks = decodeLandmarkFile(persisted.table, { checksum, nodeCount: graph.nodeCount });
  } catch (e) {
    out.rebuildReason = reason(e);
  }
  try {
    if (!persisted.edgeIndex) throw new Error('missing');
    adoptEdgeIndex(graph, decodeEdgeIndexFile(persisted.edgeIndex, { checksum, edgeCount: graph.edgeCount }));
    out.edgeIndex = 'persisted';
  } catch (e) {
    out.edgeIndexReason = reason(e);
  }
  return out;
}

/**
 * The engine's files to persist (with the wall index of `walls`, when it scores with walls); null when it has
 * no α = 0 table (a graph too small for a landmark set).
 */
export function encodePersisted(engine: PlanningEngine, checksum: number, walls?: RestoredWalls): PersistedEngineData | null {
  const data = engine.landmarkData();
  const table = data ? encodeLandmarkFile(data, { checksum, nodeCount: engine.graph.nodeCount }) : null;
  if (!table) return null;
  const edgeIndex = encodeEdgeIndexFile(engine.edgeIndexData, { checksum, edgeCount: engine.graph.edgeCount });
  if (!walls) return { table, edgeIndex };
  const wallIndex = encodeWallIndexFile(walls.buildings, { checksum, walls: walls.layer.bytes, source: walls.layer.source });
  return { table, edgeIndex, wallIndex };
}

/** The stored wall layer of a graph: its bytes and where the walls come from. */
export interface StoredWalls {
  bytes: ArrayBuffer;
  source: Exclude<WallSource, 'none'>;
}

/** The wall index to score with, and whether it was adopted from the persisted file (or why not). */
export interface RestoredWalls {
  layer: StoredWalls;
  buildings: BuildingIndex;
  wallIndex: 'persisted' | 'built';
  wallIndexReason?: string;
}

/**
 * The occlusion index of a graph's stored walls (undefined without a wall layer): adopted from the persisted
 * file when it validates against the graph's checksum and these very wall bytes, else built from them (the
 * reason reported). Footprints are lazy either way. Throws WallFormatError when the layer does not decode.
 */
export function restoreWalls(
  bytes: ArrayBuffer | undefined,
  source: WallSource,
  checksum: number,
  persisted: PersistedEngineData | undefined,
): RestoredWalls | undefined {
  if (!bytes || source === 'none') return undefined;
  const layer: StoredWalls = { bytes, source };
  let wallIndexReason = 'missing';
  if (persisted?.wallIndex) {
    try {
      const adopted = decodeWallIndexFile(persisted.wallIndex, { checksum, walls: bytes, source });
      return { layer, buildings: withLazyFootprints(adopted, bytes), wallIndex: 'persisted' };
    } catch (e) {
      wallIndexReason = reason(e);
    }
  }
  return { layer, buildings: storedWallIndex(bytes, source)!, wallIndex: 'built', wallIndexReason };
}
