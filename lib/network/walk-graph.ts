/**
 * The pedestrian street graph: undirected walking edges stored as flat typed arrays (CSR adjacency),
 * in the spirit of kdbush/flatbush — a handful of arrays, no per-node objects.
 *
 * Units: coordinates are WGS84 degrees quantised to 1e-7° (≈ 1 cm, so the binary format round-trips
 * exactly), held as those integers of 1e-7° (`graphDegrees` reads them); lengths and exposure are metres.
 */
import { haversineMetres, type BBox } from '../geo';
import { FOOT_ACCESS, type MapgrMap } from './mapgr';
import { spatialOrder } from './node-order.ts';

/** Exposure slots per edge, in this order (metres of the edge inside each tier, and the weighted sum). */
export const EXPOSURE_STRIDE = 4;
export const EXPOSURE_IDENTIFICATION = 0;
export const EXPOSURE_RECOGNITION = 1;
export const EXPOSURE_OBSERVATION = 2;
export const EXPOSURE_WEIGHTED = 3;

export interface WalkGraph {
  /** Where the graph comes from, e.g. "mapgr:FR-31/TLS Toulouse" or "osm:2019-09-30T…". */
  source: string;
  nodeCount: number;
  edgeCount: number;
  /** Node positions as integers of 1e-7° (graph.bin's own words): read one with `graphDegrees`. */
  nodeLon: Int32Array;
  nodeLat: Int32Array;
  /** Edge end nodes; the shape runs from `edgeFrom` to `edgeTo`. Edges are undirected for walking. */
  edgeFrom: Uint32Array;
  edgeTo: Uint32Array;
  /** Walking length of each edge in metres. */
  edgeLength: Float32Array;
  /**
   * Index into `names` (0 = unnamed, `names[0] === ''`). A decoded graph whose indices fit in 16 bits holds
   * them as a Uint16Array (lib/network/format.ts: half the bytes, the same values).
   */
  edgeName: Uint32Array | Uint16Array;
  names: string[];
  /** Road class as a mapgr road-type character code ('c' primary … 'p' pedestrian; see PROVENANCE.md). */
  edgeRoadType: Uint8Array;
  /**
   * Intermediate shape points of edge e: `shapeLon/Lat[shapeOffsets[e] .. shapeOffsets[e+1])`, from→to order,
   * as integers of 1e-7° like the nodes.
   */
  shapeOffsets: Uint32Array;
  shapeLon: Int32Array;
  shapeLat: Int32Array;
  /**
   * Per-edge exposure, EXPOSURE_STRIDE floats per edge: identification, recognition, observation metres
   * (each the metres of the edge inside that tier) and the weighted metres the router's cost uses.
   * All zero until `scoreWalkGraph` fills them.
   */
  exposure: Float32Array;
  /** CSR adjacency: neighbours of node n are `adjTarget[adjOffsets[n] .. adjOffsets[n+1])` via `adjEdge[…]`. */
  adjOffsets: Uint32Array;
  adjTarget: Uint32Array;
  adjEdge: Uint32Array;
  /**
   * Connected component of each node; components are numbered by size, so 0 is the largest. Uint16Array in a
   * decoded graph with fewer than 65,536 components (as `edgeName`).
   */
  component: Uint32Array | Uint16Array;
  componentCount: number;
  /** Node count of component 0. */
  largestComponentSize: number;
  /** Bounding box of all nodes and shape points, degrees. */
  bbox: BBox;
}

/** Graph coordinate units per degree: nodes and shape points are held as integers of 1e-7° (≈ 1 cm), as in graph.bin. */
export const GRAPH_UNITS_PER_DEGREE = 1e7;

/** Degrees → the graph's integer units (1e-7°), rounded to the nearest. */
export function graphUnits(deg: number): number {
  return Math.round(deg * GRAPH_UNITS_PER_DEGREE);
}

/**
 * The graph's integer units (1e-7°) → degrees: the one division every coordinate read makes, the file decoder's
 * own, so a read is bit-identical to the degrees a Float64 graph held. The literal is GRAPH_UNITS_PER_DEGREE:
 * V8 may not fold a module binding in hot loops (lib/exposure/scorer.ts measured it on the walls).
 */
export function graphDegrees(units: number): number {
  return units / 1e7;
}

/** Quantise degrees to 1e-7° so the binary format (int32 × 1e7) round-trips bit-exactly. */
export function quantiseDegrees(deg: number): number {
  return graphDegrees(graphUnits(deg));
}

/** An edge as the builders collect it, before packing. */
export interface EdgeDraft {
  from: number;
  to: number;
  name: string;
  roadType: number;
  /** Intermediate points, degrees, from→to order. */
  lons: number[];
  lats: number[];
}

/**
 * Pack nodes and undirected edges into a WalkGraph: drops nodes no edge uses, numbers the nodes along a
 * Hilbert curve and the edges by their lower end node (`spatialOrder`), builds the CSR adjacency and the
 * connected components.
 */
export function packWalkGraph(source: string, lons: ArrayLike<number>, lats: ArrayLike<number>, edges: readonly EdgeDraft[]): WalkGraph {
  return packWalkGraphOrdered(source, lons, lats, edges).graph;
}

/**
 * `packWalkGraph`, also telling where each edge went: graph edge i is `edges[edgeOrder[i]]` (for callers
 * that carry per-edge data of their own, e.g. the metro benchmark's exposure).
 */
export function packWalkGraphOrdered(
  source: string,
  lons: ArrayLike<number>,
  lats: ArrayLike<number>,
  drafts: readonly EdgeDraft[],
): { graph: WalkGraph; edgeOrder: Uint32Array } {
  const { used, nodeCount, edgeOrder } = spatialOrder(lons, lats, drafts);
  const edges = Array.from(edgeOrder, (i) => drafts[i]);
  const nodeLon = new Int32Array(nodeCount);
  const nodeLat = new Int32Array(nodeCount);
  for (let i = 0; i < lons.length; i++) {
    if (used[i] >= 0) {
      nodeLon[used[i]] = graphUnits(lons[i]);
      nodeLat[used[i]] = graphUnits(lats[i]);
    }
  }
  const edgeCount = edges.length;
  const edgeFrom = new Uint32Array(edgeCount);
  const edgeTo = new Uint32Array(edgeCount);
  const edgeLength = new Float32Array(edgeCount);
  const edgeName = new Uint32Array(edgeCount);
  const edgeRoadType = new Uint8Array(edgeCount);
  const shapeOffsets = new Uint32Array(edgeCount + 1);
  let shapeTotal = 0;
  for (const e of edges) shapeTotal += e.lons.length;
  const shapeLon = new Int32Array(shapeTotal);
  const shapeLat = new Int32Array(shapeTotal);
  const names = [''];
  const nameIndex = new Map<string, number>([['', 0]]);
  let s = 0;
  edges.forEach((e, i) => {
    edgeFrom[i] = used[e.from];
    edgeTo[i] = used[e.to];
    edgeRoadType[i] = e.roadType;
    let n = nameIndex.get(e.name);
    if (n === undefined) {
      n = names.length;
      names.push(e.name);
      nameIndex.set(e.name, n);
    }
    edgeName[i] = n;
    for (let k = 0; k < e.lons.length; k++, s++) {
      shapeLon[s] = graphUnits(e.lons[k]);
      shapeLat[s] = graphUnits(e.lats[k]);
    }
    shapeOffsets[i + 1] = s;
    // Length is measured on the stored shape, not taken from the source, so snapping fractions,
    // exposure metres (scored on the same shape) and route lengths all agree.
    let len = 0;
    let lon = graphDegrees(nodeLon[edgeFrom[i]]);
    let lat = graphDegrees(nodeLat[edgeFrom[i]]);
    for (let k = shapeOffsets[i]; k < s; k++) {
      const lon2 = graphDegrees(shapeLon[k]);
      const lat2 = graphDegrees(shapeLat[k]);
      len += haversineMetres(lon, lat, lon2, lat2);
      lon = lon2;
      lat = lat2;
    }
    edgeLength[i] = len + haversineMetres(lon, lat, graphDegrees(nodeLon[edgeTo[i]]), graphDegrees(nodeLat[edgeTo[i]]));
  });
  const graph: WalkGraph = {
    source,
    nodeCount,
    edgeCount,
    nodeLon,
    nodeLat,
    edgeFrom,
    edgeTo,
    edgeLength,
    edgeName,
    names,
    edgeRoadType,
    shapeOffsets,
    shapeLon,
    shapeLat,
    exposure: new Float32Array(edgeCount * EXPOSURE_STRIDE),
    ...buildAdjacency(nodeCount, edgeFrom, edgeTo),
    component: new Uint32Array(0),
    componentCount: 0,
    largestComponentSize: 0,
    bbox: graphBBox(nodeLon, nodeLat, shapeLon, shapeLat),
  };
  Object.assign(graph, connectedComponents(graph));
  return { graph, edgeOrder };
}

/** CSR adjacency of an undirected edge list: each edge appears once at each end (twice for a self-loop). */
export function buildAdjacency(
  nodeCount: number,
  edgeFrom: Uint32Array,
  edgeTo: Uint32Array,
): { adjOffsets: Uint32Array; adjTarget: Uint32Array; adjEdge: Uint32Array } {
  const edgeCount = edgeFrom.length;
  const adjOffsets = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    adjOffsets[edgeFrom[e] + 1]++;
    adjOffsets[edgeTo[e] + 1]++;
  }
  for (let n = 0; n < nodeCount; n++) adjOffsets[n + 1] += adjOffsets[n];
  const fill = adjOffsets.slice(0, nodeCount);
  const adjTarget = new Uint32Array(edgeCount * 2);
  const adjEdge = new Uint32Array(edgeCount * 2);
  for (let e = 0; e < edgeCount; e++) {
    const u = edgeFrom[e];
    const v = edgeTo[e];
    adjTarget[fill[u]] = v;
    adjEdge[fill[u]++] = e;
    adjTarget[fill[v]] = u;
    adjEdge[fill[v]++] = e;
  }
  return { adjOffsets, adjTarget, adjEdge };
}

/** Label connected components, renumbered by decreasing size so component 0 is the largest. */
export function connectedComponents(g: Pick<WalkGraph, 'nodeCount' | 'adjOffsets' | 'adjTarget'>): {
  component: Uint32Array;
  componentCount: number;
  largestComponentSize: number;
} {
  const UNSEEN = 0xffffffff;
  const component = new Uint32Array(g.nodeCount).fill(UNSEEN);
  const stack = new Uint32Array(g.nodeCount);
  const sizes: number[] = [];
  for (let start = 0; start < g.nodeCount; start++) {
    if (component[start] !== UNSEEN) continue;
    const id = sizes.length;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    component[start] = id;
    while (top > 0) {
      const n = stack[--top];
      size++;
      for (let k = g.adjOffsets[n]; k < g.adjOffsets[n + 1]; k++) {
        const m = g.adjTarget[k];
        if (component[m] === UNSEEN) {
          component[m] = id;
          stack[top++] = m;
        }
      }
    }
    sizes.push(size);
  }
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rank = new Uint32Array(sizes.length);
  order.forEach((old, r) => {
    rank[old] = r;
  });
  for (let n = 0; n < g.nodeCount; n++) component[n] = rank[component[n]];
  return { component, componentCount: sizes.length, largestComponentSize: sizes.length ? sizes[order[0]] : 0 };
}

function graphBBox(nodeLon: Int32Array, nodeLat: Int32Array, shapeLon: Int32Array, shapeLat: Int32Array): BBox {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const add = (lon: number, lat: number) => {
    if (lon < west) west = lon;
    if (lon > east) east = lon;
    if (lat < south) south = lat;
    if (lat > north) north = lat;
  };
  for (let i = 0; i < nodeLon.length; i++) add(graphDegrees(nodeLon[i]), graphDegrees(nodeLat[i]));
  for (let i = 0; i < shapeLon.length; i++) add(graphDegrees(shapeLon[i]), graphDegrees(shapeLat[i]));
  return { west, south, east, north };
}

/** The full polyline of an edge, end nodes included, from `edgeFrom` to `edgeTo`, in degrees. */
export function edgeShape(graph: WalkGraph, edge: number): { lons: Float64Array; lats: Float64Array } {
  const n = edgePointCount(graph, edge);
  const lons = new Float64Array(n);
  const lats = new Float64Array(n);
  writeEdgeShape(graph, edge, lons, lats);
  return { lons, lats };
}

/** Number of vertices of an edge's polyline (its two end nodes plus its shape points). */
export function edgePointCount(graph: WalkGraph, edge: number): number {
  return graph.shapeOffsets[edge + 1] - graph.shapeOffsets[edge] + 2;
}

/**
 * Writes an edge's polyline into caller-owned buffers (hot loops reuse one pair); returns the vertex count.
 * The buffers must hold at least `edgePointCount(graph, edge)` values.
 */
export function writeEdgeShape(graph: WalkGraph, edge: number, lons: Float64Array, lats: Float64Array): number {
  const a = graph.shapeOffsets[edge];
  const b = graph.shapeOffsets[edge + 1];
  const n = b - a + 2;
  lons[0] = graphDegrees(graph.nodeLon[graph.edgeFrom[edge]]);
  lats[0] = graphDegrees(graph.nodeLat[graph.edgeFrom[edge]]);
  for (let k = a; k < b; k++) {
    lons[k - a + 1] = graphDegrees(graph.shapeLon[k]);
    lats[k - a + 1] = graphDegrees(graph.shapeLat[k]);
  }
  lons[n - 1] = graphDegrees(graph.nodeLon[graph.edgeTo[edge]]);
  lats[n - 1] = graphDegrees(graph.nodeLat[graph.edgeTo[edge]]);
  return n;
}

/** Length in metres of a polyline given as parallel lon/lat arrays (haversine per segment). */
export function polylineMetres(lons: ArrayLike<number>, lats: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 1; i < lons.length; i++) sum += haversineMetres(lons[i - 1], lats[i - 1], lons[i], lats[i]);
  return sum;
}

/** Road-type characters that pedestrians may never use: motorway, trunk and their links (PROVENANCE.md). */
const NOT_WALKABLE_ROAD_TYPES = new Set(['a', 'b', 'e', 'f'].map((c) => c.charCodeAt(0)));

export interface WalkFilterOptions {
  /**
   * Keep ways whose foot access is `private` (FOOT nibble 2). Default false: a route through a private
   * residence or car park is not advice we want to give; the OSM builder applies the same rule.
   */
  includePrivate?: boolean;
}

/**
 * The walk graph of a mapgr street graph.
 *
 * - Kept: arcs whose FOOT access is not forbidden (0) — nor private (2) unless `includePrivate` —
 *   and whose road type is not motorway (a), trunk (b), motorway_link (e) or trunk_link (f).
 *   (In the Toulouse file every a/b/e/f arc is already FOOT=0; the type rule guards other files.)
 * - Vehicle one-way is ignored: every kept arc is one undirected walking edge.
 * - The file stores most streets once, but some twice (A→B and B→A with the same descriptor and
 *   length): such a reverse copy is dropped. Parallel arcs that differ (dual carriageways) stay.
 * - Edge lengths are re-measured on the shape (haversine). The file's own lengths differ by 0.4 % on
 *   average (up to 17 % on a few short arcs); one geometry for length, snapping and exposure keeps them consistent.
 * - Self-loops (an arc from a node back to itself, e.g. a cul-de-sac loop) are kept: they are walkable.
 */
export function walkGraphFromMapgr(map: MapgrMap, options: WalkFilterOptions = {}): WalkGraph {
  const edges: EdgeDraft[] = [];
  const seen = new Map<string, number[]>();
  for (let a = 0; a < map.arcCount; a++) {
    const d = map.arcDescriptor[a];
    const foot = map.descriptorFootAccess[d];
    if (foot === FOOT_ACCESS.forbidden) continue;
    if (foot === FOOT_ACCESS.private && !options.includePrivate) continue;
    if (NOT_WALKABLE_ROAD_TYPES.has(map.descriptorRoadType[d])) continue;
    const u = map.arcOrigin[a];
    const v = map.arcDestination[a];
    const key = u < v ? `${u},${v}` : `${v},${u}`;
    const twins = seen.get(key);
    if (twins?.some((b) => isReverseCopy(map, a, b))) continue;
    if (twins) twins.push(a);
    else seen.set(key, [a]);
    const s0 = map.shapeOffsets[a];
    const s1 = map.shapeOffsets[a + 1];
    edges.push({
      from: u,
      to: v,
      name: map.descriptorName[d],
      roadType: map.descriptorRoadType[d],
      lons: Array.from(map.shapeLon.subarray(s0, s1)),
      lats: Array.from(map.shapeLat.subarray(s0, s1)),
    });
  }
  return packWalkGraph(`mapgr:${map.mapId} ${map.mapName}`, map.nodeLon, map.nodeLat, edges);
}

/** Arc b is a's reverse copy: opposite direction, same descriptor, same length to the centimetre. */
function isReverseCopy(map: MapgrMap, a: number, b: number): boolean {
  return (
    map.arcOrigin[a] === map.arcDestination[b] &&
    map.arcDestination[a] === map.arcOrigin[b] &&
    map.arcDescriptor[a] === map.arcDescriptor[b] &&
    Math.abs(map.arcLengthM[a] - map.arcLengthM[b]) < 0.01
  );
}

/** Counts a maintainer wants to see after a build (node/edge/component figures). */
export function describeWalkGraph(g: WalkGraph): string[] {
  let total = 0;
  for (let e = 0; e < g.edgeCount; e++) total += g.edgeLength[e];
  const share = g.nodeCount ? ((100 * g.largestComponentSize) / g.nodeCount).toFixed(1) : '0';
  return [
    `walk graph ${g.source}: ${g.nodeCount} nodes, ${g.edgeCount} edges, ${(total / 1000).toFixed(1)} km of walkways`,
    `components: ${g.componentCount}; largest has ${g.largestComponentSize} nodes (${share} %)`,
  ];
}
