/**
 * Snapping a point onto the nearest walkable edge (not merely the nearest node): a flatbush index over
 * every shape segment, in a local metric frame, queried with a growing search box.
 */
import Flatbush from 'flatbush';
import { haversineMetres, LocalFrame } from '../geo/index.ts';
import type { WalkGraph } from '../network/walk-graph.ts';

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

export interface SnapIndexOptions {
  /**
   * Only edges of this component can be snapped to. Default 0, the largest, so a start point never lands
   * on a disconnected courtyard or a cut-off footpath; pass `'any'` to snap to every edge.
   */
  component?: number | 'any';
}

export class SnapIndex {
  readonly frame: LocalFrame;
  private readonly index: Flatbush;
  /** Segment k belongs to edge segEdge[k]; its ends in metres are segXY[4k … 4k+3]. */
  private readonly segEdge: Uint32Array;
  private readonly segXY: Float64Array;
  /** Metres along the edge at the segment's first point (haversine, as edgeLength). */
  private readonly segStartOffset: Float64Array;
  private readonly segStartLonLat: Float64Array;

  constructor(
    readonly graph: WalkGraph,
    options: SnapIndexOptions = {},
  ) {
    const g = graph;
    const component = options.component ?? 0;
    const b = g.bbox;
    this.frame = new LocalFrame((b.west + b.east) / 2, (b.south + b.north) / 2);
    const keep = (e: number) => component === 'any' || g.component[g.edgeFrom[e]] === component;
    let segCount = 0;
    for (let e = 0; e < g.edgeCount; e++) if (keep(e)) segCount += g.shapeOffsets[e + 1] - g.shapeOffsets[e] + 1;
    this.segEdge = new Uint32Array(segCount);
    this.segXY = new Float64Array(segCount * 4);
    this.segStartOffset = new Float64Array(segCount);
    this.segStartLonLat = new Float64Array(segCount * 2);
    this.index = new Flatbush(Math.max(1, segCount));
    const f = this.frame;
    let k = 0;
    for (let e = 0; e < g.edgeCount; e++) {
      if (!keep(e)) continue;
      const s0 = g.shapeOffsets[e];
      const s1 = g.shapeOffsets[e + 1];
      let lon = g.nodeLon[g.edgeFrom[e]];
      let lat = g.nodeLat[g.edgeFrom[e]];
      let along = 0;
      for (let p = s0; p <= s1; p++, k++) {
        const lon2 = p < s1 ? g.shapeLon[p] : g.nodeLon[g.edgeTo[e]];
        const lat2 = p < s1 ? g.shapeLat[p] : g.nodeLat[g.edgeTo[e]];
        const x0 = f.x(lon);
        const y0 = f.y(lat);
        const x1 = f.x(lon2);
        const y1 = f.y(lat2);
        this.segEdge[k] = e;
        this.segXY.set([x0, y0, x1, y1], 4 * k);
        this.segStartOffset[k] = along;
        this.segStartLonLat[2 * k] = lon;
        this.segStartLonLat[2 * k + 1] = lat;
        this.index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
        along += haversineMetres(lon, lat, lon2, lat2);
        lon = lon2;
        lat = lat2;
      }
    }
    if (segCount === 0) this.index.add(0, 0, 0, 0); // an empty graph still gets a valid (useless) index
    this.index.finish();
  }

  /** Number of indexed segments. */
  get size(): number {
    return this.segEdge.length;
  }

  /**
   * The nearest point on an indexed edge within `maxDistance` metres of (lon, lat), or null.
   * The search box starts at 32 m and doubles: any segment closer than the best one found lies inside
   * the current box, so the first box that contains a hit gives the exact nearest segment.
   */
  nearest(lon: number, lat: number, maxDistance: number): SnapPoint | null {
    if (this.segEdge.length === 0) return null;
    const px = this.frame.x(lon);
    const py = this.frame.y(lat);
    for (let r = Math.min(32, maxDistance); ; r = Math.min(r * 2, maxDistance)) {
      let best = -1;
      let bestD2 = r * r;
      let bestT = 0;
      for (const k of this.index.search(px - r, py - r, px + r, py + r)) {
        if (k >= this.segEdge.length) continue;
        const x0 = this.segXY[4 * k];
        const y0 = this.segXY[4 * k + 1];
        const dx = this.segXY[4 * k + 2] - x0;
        const dy = this.segXY[4 * k + 3] - y0;
        const len2 = dx * dx + dy * dy;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2)) : 0;
        const ex = x0 + t * dx - px;
        const ey = y0 + t * dy - py;
        const d2 = ex * ex + ey * ey;
        // Ties go to the lower segment id so snapping is deterministic.
        if (d2 < bestD2 || (d2 === bestD2 && best >= 0 && k < best)) {
          best = k;
          bestD2 = d2;
          bestT = t;
        }
      }
      if (best >= 0) return this.snapPoint(best, bestT, Math.sqrt(bestD2));
      if (r >= maxDistance) return null;
    }
  }

  private snapPoint(k: number, t: number, distance: number): SnapPoint {
    const x = this.segXY[4 * k] + t * (this.segXY[4 * k + 2] - this.segXY[4 * k]);
    const y = this.segXY[4 * k + 1] + t * (this.segXY[4 * k + 3] - this.segXY[4 * k + 1]);
    const lon = this.frame.lon(x);
    const lat = this.frame.lat(y);
    const edge = this.segEdge[k];
    const along =
      this.segStartOffset[k] + haversineMetres(this.segStartLonLat[2 * k], this.segStartLonLat[2 * k + 1], lon, lat);
    const offset = Math.max(0, Math.min(this.graph.edgeLength[edge], along));
    return { edge, offset, lon, lat, distance };
  }
}
