/**
 * What a woken worker reuses instead of building (issue #14, docs/routing.md "Cold start"): the α = 0
 * landmark table and the edge index of a graph, kept in IndexedDB as two validated files
 * (lib/routing/landmark-file.ts). Both depend on the graph alone (lengths, adjacency, geometry), so they are
 * keyed by the walk graph's checksum and stay valid whatever the cameras. Anything that does not validate
 * is reported and rebuilt; the engine cache (lib/planner/engines.ts) then writes both again.
 */
import type { WalkGraph } from '../network/walk-graph.ts';
import { decodeEdgeIndexFile, decodeLandmarkFile, encodeEdgeIndexFile, encodeLandmarkFile } from '../routing/landmark-file.ts';
import type { LandmarkData } from '../routing/landmarks.ts';
import { adoptEdgeIndex } from '../routing/snap.ts';
import type { PlanningEngine } from './engine.ts';

/** The persisted files of one graph. */
export interface PersistedEngineData {
  table: ArrayBuffer;
  /** Absent in records written before the edge index was kept. */
  edgeIndex?: ArrayBuffer;
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

/** The engine's files to persist; null when it has no α = 0 table (a graph too small for a landmark set). */
export function encodePersisted(engine: PlanningEngine, checksum: number): PersistedEngineData | null {
  const data = engine.landmarkData();
  const table = data ? encodeLandmarkFile(data, { checksum, nodeCount: engine.graph.nodeCount }) : null;
  if (!table) return null;
  return { table, edgeIndex: encodeEdgeIndexFile(engine.edgeIndexData, { checksum, edgeCount: engine.graph.edgeCount }) };
}
