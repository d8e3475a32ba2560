/**
 * The walk graph of a downloaded area: OSM ways → WalkGraph (lib/network), each edge scored for exposure
 * with the area's cameras and, when the answer holds buildings, line of sight (lib/exposure), then encoded
 * in lib/network's binary format for the `graphs` store. Pure and synchronous: the options page runs it in
 * a Web Worker (entrypoints/options/graph-worker.ts) so the page stays responsive; Node tests call it directly.
 */
import type { Camera } from '../cameras/types.ts';
import { buildingIndexFromOsm } from '../exposure/index.ts';
import { encodeScoredGraph, walkGraphFromOsm } from '../network/index.ts';
import type { OsmData } from '../sources/osm-model.ts';

export interface AreaGraph {
  /** The encoded graph, or undefined when the area has no walkable way. */
  bytes: ArrayBuffer | undefined;
  nodes: number;
  edges: number;
  summary: string[];
}

export function buildAreaGraph(osm: OsmData, cameras: Camera[]): AreaGraph {
  const graph = walkGraphFromOsm(osm, 'overpass');
  if (graph.edgeCount === 0) return { bytes: undefined, nodes: graph.nodeCount, edges: 0, summary: ['no walkable way in the area'] };
  const buildings = buildingIndexFromOsm(osm);
  const { bytes, summary } = encodeScoredGraph(graph, cameras, { exposure: { buildings } });
  // A standalone ArrayBuffer (not a view on a larger one) is what IndexedDB stores and a worker transfers.
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { bytes: copy, nodes: graph.nodeCount, edges: graph.edgeCount, summary };
}
