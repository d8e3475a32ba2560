/**
 * Snapping a point onto the nearest walkable edge (not merely the nearest node): a flatbush index over
 * every edge's box, queried with a growing search box; the segments of the candidate edges are measured in
 * a local metric frame.
 */
import type Flatbush from 'flatbush';
import { addOutward, adoptFloat32Index, float32Index } from '../geo/flatbush-search.ts';
import { haversineMetres, LocalFrame } from '../geo/index.ts';
import { graphDegrees, type WalkGraph } from '../network/walk-graph.ts';

/** Where a point lands on the walk graph. */
export interface SnapPoint {
  edge: number;
  /** Metres along the edge's shape from `edgeFrom[edge]` to the snapped point (0 … edgeLength). */
  offset: number;
  /** The snapped point, degrees. */
  lon: number;
  lat: number;
  /** Metres from the requested point to the snapped point. */
  distance: number;
}

/**
 * Node n as a snap point: on its first adjacent edge, at that edge's end which is n (benchmarks and tests route
 * between nodes this way). n must have an edge.
 */
export function snapAtNode(g: WalkGraph, n: number): SnapPoint {
  const e = g.adjEdge[g.adjOffsets[n]];
  return {
    edge: e,
    offset: g.edgeFrom[e] === n ? 0 : g.edgeLength[e],
    lon: graphDegrees(g.nodeLon[n]),
    lat: graphDegrees(g.nodeLat[n]),
    distance: 0,
  };
}

export interface SnapIndexOptions {
  /**
   * Only edges of this component can be snapped to. Default 0, the largest, so a start point never lands
   * on a disconnected courtyard or a cut-off footpath; pass `'any'` to snap to every edge.
   */
  component?: number | 'any';
}

/**
 * Degrees added around a query box: the metre box is converted to degrees with the frame's own linear
 * factors, and the pad (≈ 0.1 mm) absorbs their rounding, so the candidates are a superset of the segments
 * whose metre box meets the query box. Extra candidates change nothing (distances decide).
 */
const DEGREE_PAD = 1e-9;

export class SnapIndex {
  readonly frame: LocalFrame;
  /**
   * Flatbush over the bounding box (degrees; node ends and shape points) of EVERY edge, all components:
   * snapping walks the segments of the candidate edges, and the planning engine reuses it to find the
   * edges around a camera. One index per graph, about 38 bytes an edge; no per-segment arrays are kept:
   * segment ends come from the graph itself, through the same frame arithmetic as before. Its boxes are
   * float32 rounded outward (lib/geo/flatbush-search.ts): a search returns a superset of the edges whose exact
   * box meets the query; `edgesInBox` gives exactly those.
   */
  readonly edgeIndex: Flatbush;
  private readonly component: number | 'any';
  private readonly segCount: number;

  constructor(
    readonly graph: WalkGraph,
    options: SnapIndexOptions = {},
  ) {
    const g = graph;
    this.component = options.component ?? 0;
    const b = g.bbox;
    this.frame = new LocalFrame((b.west + b.east) / 2, (b.south + b.north) / 2);
    let segCount = 0;
    for (let e = 0; e < g.edgeCount; e++) if (this.keep(e)) segCount += g.shapeOffsets[e + 1] - g.shapeOffsets[e] + 1;
    this.segCount = segCount;
    this.edgeIndex = buildEdgeIndex(g);
  }

  private keep(e: number): boolean {
    return this.component === 'any' || this.graph.component[this.graph.edgeFrom[e]] === this.component;
  }

  /**
   * Edge ids (all components) whose exact bounding box (degrees, node ends and shape points) meets
   * [west, east] × [south, north], ascending: the index's candidates with the few its float32 boxes add dropped,
   * so the answer does not depend on how the tree is stored.
   */
  edgesInBox(west: number, south: number, east: number, north: number): number[] {
    const g = this.graph;
    const out: number[] = [];
    for (const e of this.edgeIndex.search(west, south, east, north)) {
      if (e >= g.edgeCount) continue;
      edgeBox(g, e, BOX);
      if (BOX[0] > east || BOX[2] < west || BOX[1] > north || BOX[3] < south) continue;
      out.push(e);
    }
    return out.sort((a, b) => a - b);
  }

  /** Number of segments snapping can land on. */
  get size(): number {
    return this.segCount;
  }

  /**
   * The nearest point on an indexed edge within `maxDistance` metres of (lon, lat), or null.
   * The search box starts at 32 m and doubles: any segment closer than the best one found lies inside
   * the current box, so the first box that contains a hit gives the exact nearest segment. Ties go to
   * the segment that comes first (lower edge id, then earlier along the edge), so snapping is deterministic.
   */
  nearest(lon: number, lat: number, maxDistance: number): SnapPoint | null {
    if (this.segCount === 0) return null;
    const g = this.graph;
    const f = this.frame;
    const px = f.x(lon);
    const py = f.y(lat);
    for (let r = Math.min(32, maxDistance); ; r = Math.min(r * 2, maxDistance)) {
      let bestEdge = -1;
      let bestPos = -1;
      let bestD2 = r * r;
      let bestT = 0;
      const candidates = this.edgeIndex.search(
        f.lon(px - r) - DEGREE_PAD,
        f.lat(py - r) - DEGREE_PAD,
        f.lon(px + r) + DEGREE_PAD,
        f.lat(py + r) + DEGREE_PAD,
      );
      // A superset of the edges whose exact box meets the query (float32 boxes): the extra ones lie farther than
      // r (their exact box misses the query box, which holds every point within r), so bestD2 keeps them out.
      for (const e of candidates) {
        if (e >= g.edgeCount || !this.keep(e)) continue;
        const s0 = g.shapeOffsets[e];
        const s1 = g.shapeOffsets[e + 1];
        let x0 = f.x(graphDegrees(g.nodeLon[g.edgeFrom[e]]));
        let y0 = f.y(graphDegrees(g.nodeLat[g.edgeFrom[e]]));
        for (let p = s0; p <= s1; p++) {
          const x1 = f.x(graphDegrees(p < s1 ? g.shapeLon[p] : g.nodeLon[g.edgeTo[e]]));
          const y1 = f.y(graphDegrees(p < s1 ? g.shapeLat[p] : g.nodeLat[g.edgeTo[e]]));
          const dx = x1 - x0;
          const dy = y1 - y0;
          const len2 = dx * dx + dy * dy;
          const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
          const ex = x0 + t * dx - px;
          const ey = y0 + t * dy - py;
          const d2 = ex * ex + ey * ey;
          const pos = p - s0;
          if (d2 < bestD2 || (d2 === bestD2 && bestEdge >= 0 && (e < bestEdge || (e === bestEdge && pos < bestPos)))) {
            bestEdge = e;
            bestPos = pos;
            bestD2 = d2;
            bestT = t;
          }
          x0 = x1;
          y0 = y1;
        }
      }
      if (bestEdge >= 0) return this.snapPoint(bestEdge, bestPos, bestT, Math.sqrt(bestD2));
      if (r >= maxDistance) return null;
    }
  }

  /** The point at fraction t of segment `pos` of edge e (its offset: haversine metres along the shape). */
  private snapPoint(e: number, pos: number, t: number, distance: number): SnapPoint {
    const g = this.graph;
    const f = this.frame;
    const s0 = g.shapeOffsets[e];
    const s1 = g.shapeOffsets[e + 1];
    let lon0 = graphDegrees(g.nodeLon[g.edgeFrom[e]]);
    let lat0 = graphDegrees(g.nodeLat[g.edgeFrom[e]]);
    let along = 0;
    for (let p = s0; p < s0 + pos; p++) {
      const lon2 = graphDegrees(g.shapeLon[p]);
      const lat2 = graphDegrees(g.shapeLat[p]);
      along += haversineMetres(lon0, lat0, lon2, lat2);
      lon0 = lon2;
      lat0 = lat2;
    }
    const p = s0 + pos;
    const lon1 = graphDegrees(p < s1 ? g.shapeLon[p] : g.nodeLon[g.edgeTo[e]]);
    const lat1 = graphDegrees(p < s1 ? g.shapeLat[p] : g.nodeLat[g.edgeTo[e]]);
    const x0 = f.x(lon0);
    const y0 = f.y(lat0);
    const x = x0 + t * (f.x(lon1) - x0);
    const y = y0 + t * (f.y(lat1) - y0);
    const lon = f.lon(x);
    const lat = f.lat(y);
    along += haversineMetres(lon0, lat0, lon, lat);
    const offset = Math.max(0, Math.min(g.edgeLength[e], along));
    return { edge: e, offset, lon, lat, distance };
  }
}

/** Edge indexes read back from storage for a graph (`adoptEdgeIndex`), taken by its next SnapIndex. */
const adopted = new WeakMap<WalkGraph, Flatbush>();

/**
 * The next SnapIndex over `g` uses this stored edge index (a Flatbush buffer `buildEdgeIndex` made for this
 * very graph, e.g. persisted by the planner beside its landmark table) instead of building one. Throws when
 * the buffer is not a float32 Flatbush index of `g`'s edge count; whether it was built from this graph is the
 * caller's check (the graph checksum and a payload checksum, lib/routing/landmark-file.ts).
 */
export function adoptEdgeIndex(g: WalkGraph, data: ArrayBuffer): void {
  const index = adoptFloat32Index(data);
  if (index.numItems !== Math.max(1, g.edgeCount))
    throw new Error(`edge index of ${index.numItems} items, the graph has ${g.edgeCount} edges`);
  adopted.set(g, index);
}

/** Scratch box [west, south, east, north] for `edgeBox`. */
const BOX = new Float64Array(4);

/** Edge e's exact bounding box in degrees (node ends and shape points) into `out` as [west, south, east, north]. */
function edgeBox(g: WalkGraph, e: number, out: Float64Array): void {
  const f = g.edgeFrom[e];
  const t = g.edgeTo[e];
  let w = Math.min(graphDegrees(g.nodeLon[f]), graphDegrees(g.nodeLon[t]));
  let east = Math.max(graphDegrees(g.nodeLon[f]), graphDegrees(g.nodeLon[t]));
  let s = Math.min(graphDegrees(g.nodeLat[f]), graphDegrees(g.nodeLat[t]));
  let n = Math.max(graphDegrees(g.nodeLat[f]), graphDegrees(g.nodeLat[t]));
  for (let k = g.shapeOffsets[e]; k < g.shapeOffsets[e + 1]; k++) {
    w = Math.min(w, graphDegrees(g.shapeLon[k]));
    east = Math.max(east, graphDegrees(g.shapeLon[k]));
    s = Math.min(s, graphDegrees(g.shapeLat[k]));
    n = Math.max(n, graphDegrees(g.shapeLat[k]));
  }
  out[0] = w;
  out[1] = s;
  out[2] = east;
  out[3] = n;
}

/**
 * Flatbush over every edge's bounding box (node ends and shape points), degrees, float32 rounded outward (an
 * adopted one if any).
 */
export function buildEdgeIndex(g: WalkGraph): Flatbush {
  const stored = adopted.get(g);
  if (stored) {
    adopted.delete(g);
    return stored;
  }
  const index = float32Index(Math.max(1, g.edgeCount));
  for (let e = 0; e < g.edgeCount; e++) {
    edgeBox(g, e, BOX);
    addOutward(index, BOX[0], BOX[1], BOX[2], BOX[3]);
  }
  if (g.edgeCount === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index;
}
