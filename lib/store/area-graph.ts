/**
 * The walk graph of a downloaded area: OSM ways → WalkGraph (lib/network), each edge scored for exposure
 * with the area's cameras and walls, then encoded in lib/network's binary format for the `graphs` store.
 * Walls (lib/walls): the answer's building footprints when it holds any (`mapped`), else walls inferred from
 * the area's own streets (`inferred`); they are stored beside the graph so the background re-scores and
 * draws with the same walls. Pure and synchronous: the options page runs it in a Web Worker
 * (components/options/graph-worker.ts) so the page stays responsive; Node tests call it directly.
 */
import type { Camera } from '../cameras/types.ts';
import { buildingIndexFromOsm } from '../exposure/index.ts';
import { encodeScoredGraph, walkGraphFromOsm } from '../network/index.ts';
import type { OsmData } from '../sources/osm-model.ts';
import { decodeWalls, encodeWalls, type WallSource } from '../walls/index.ts';
import { buildingIndexFromFootprints } from '../exposure/buildings.ts';
import { encodeGraphWithInferredWalls } from '../walls/pipeline.ts';

export interface AreaGraph {
  /** The encoded graph, or undefined when the area has no walkable way. */
  bytes: ArrayBuffer | undefined;
  /** The walls the graph was scored with (lib/walls' format). */
  walls?: ArrayBuffer;
  wallSource: WallSource;
  nodes: number;
  edges: number;
  summary: string[];
}

/** A built graph with its walls, as a graph builder (worker) hands it over. */
export interface BuiltAreaGraph {
  bytes: ArrayBuffer;
  walls?: ArrayBuffer;
  wallSource?: WallSource;
}

/** A graph builder's answer (older builders give the bytes alone, meaning no walls) → its parts. */
export function builtGraphParts(built: ArrayBuffer | BuiltAreaGraph | undefined): {
  graph?: ArrayBuffer;
  walls?: ArrayBuffer;
  wallSource?: WallSource;
} {
  if (built === undefined) return {};
  if (built instanceof ArrayBuffer) return { graph: built, wallSource: 'none' };
  return {
    graph: built.bytes,
    ...(built.walls ? { walls: built.walls } : {}),
    wallSource: built.wallSource ?? (built.walls ? 'inferred' : 'none'),
  };
}

export function buildAreaGraph(osm: OsmData, cameras: Camera[]): AreaGraph {
  const graph = walkGraphFromOsm(osm, 'overpass');
  if (graph.edgeCount === 0)
    return { bytes: undefined, wallSource: 'none', nodes: graph.nodeCount, edges: 0, summary: ['no walkable way in the area'] };
  const buildings = buildingIndexFromOsm(osm);
  // A standalone ArrayBuffer (not a view on a larger one) is what IndexedDB stores and a worker transfers.
  const own = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  if (buildings.footprints.length === 0) {
    const built = encodeGraphWithInferredWalls(graph, cameras);
    return {
      bytes: own(built.bytes),
      ...(built.wallSource === 'none' ? {} : { walls: built.walls }),
      wallSource: built.wallSource,
      nodes: graph.nodeCount,
      edges: graph.edgeCount,
      summary: built.summary,
    };
  }
  // Scored with the footprints exactly as stored beside the graph (quantised to 1e-7°), the layer the
  // background re-scores and draws with, so the precomputed edges and later profiles agree.
  const walls = encodeWalls(buildings.footprints);
  const { bytes, summary } = encodeScoredGraph(graph, cameras, {
    exposure: { buildings: buildingIndexFromFootprints(decodeWalls(walls)) },
  });
  return {
    bytes: own(bytes),
    walls,
    wallSource: 'mapped',
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    summary: [...summary, `walls: ${buildings.footprints.length} mapped buildings`],
  };
}
