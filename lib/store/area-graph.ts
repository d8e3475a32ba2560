/**
 * The walk graph of a downloaded area: OSM ways → WalkGraph (lib/network), each edge scored for exposure
 * with the area's cameras and walls, then encoded in lib/network's binary format for the `graphs` store.
 * Walls (lib/walls): the answer's buildings when it holds any (`mapped`: building ways, and multipolygon
 * buildings' assembled outer rings with their courtyards as holes, lib/sources/osm-buildings.ts), else walls inferred from
 * the area's own streets (`inferred`); they are stored beside the graph so the background re-scores and
 * draws with the same walls. Pure and synchronous: the options page runs it in a Web Worker
 * (components/options/graph-worker.ts) so the page stays responsive; Node tests call it directly.
 */
import type { Camera } from '../cameras/types.ts';
import { encodeScoredGraph, walkGraphFromOsm } from '../network/index.ts';
import { buildingRingsFromOsm } from '../sources/osm-buildings.ts';
import type { OsmData } from '../sources/osm-model.ts';
import { decodeWallRings, encodeWallRings, wallRingsIndex, type WallSource } from '../walls/index.ts';
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

/**
 * The area's graph with its walls and wall source, as a graph builder hands it over: what the service
 * worker's district download stores (it cannot start the options page's Web Worker). Handing over the
 * bytes alone would store the area with walls `none`, whatever buildings it has.
 */
export function builtAreaGraph(osm: OsmData, cameras: Camera[]): BuiltAreaGraph | undefined {
  const g = buildAreaGraph(osm, cameras);
  return g.bytes ? { bytes: g.bytes, ...(g.walls ? { walls: g.walls } : {}), wallSource: g.wallSource } : undefined;
}

export function buildAreaGraph(osm: OsmData, cameras: Camera[]): AreaGraph {
  const graph = walkGraphFromOsm(osm, 'overpass');
  if (graph.edgeCount === 0)
    return { bytes: undefined, wallSource: 'none', nodes: graph.nodeCount, edges: 0, summary: ['no walkable way in the area'] };
  const buildings = buildingRingsFromOsm(osm);
  // A standalone ArrayBuffer (not a view on a larger one) is what IndexedDB stores and a worker transfers.
  const own = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  if (buildings.rings.length === 0 && buildings.lines.length === 0) {
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
  const walls = encodeWallRings(buildings);
  const { bytes, summary } = encodeScoredGraph(graph, cameras, {
    exposure: { buildings: wallRingsIndex(decodeWallRings(walls), 'mapped') },
  });
  const mp = buildings.multipolygons;
  return {
    bytes: own(bytes),
    walls,
    wallSource: 'mapped',
    nodes: graph.nodeCount,
    edges: graph.edgeCount,
    summary: [
      ...summary,
      `walls: ${buildings.rings.length} mapped building rings` +
        (mp.relations > 0
          ? ` (${mp.outer} from ${mp.relations} multipolygon buildings, with ${mp.inner} courtyards; ${mp.openWays} member ways close no ring and are walls only)`
          : ''),
    ],
  };
}
