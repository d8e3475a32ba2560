/**
 * Describing a solved route: its geometry (the pieces' stretches of edge shape), its length, duration and
 * metres in each coverage tier, the streets it follows and, with a profiler, the cameras that see it in
 * order. The search (router.ts) finds which pieces to walk; this turns them into what a person reads.
 */
import { haversineMetres as haversine, type LonLat } from '../geo/index.ts';
import {
  EXPOSURE_IDENTIFICATION,
  EXPOSURE_OBSERVATION,
  EXPOSURE_RECOGNITION,
  EXPOSURE_STRIDE,
  graphDegrees,
  type WalkGraph,
} from '../network/walk-graph.ts';
import type { RoutePiece } from './search.ts';
import type { SnapPoint } from './snap.ts';

/** Walking speed used for durations: 1.3 m/s ≈ 4.7 km/h, a common urban pedestrian design speed. */
export const WALKING_SPEED_MPS = 1.3;

export interface CameraAlongRoute {
  id: string;
  kind: string;
  /** Metres from the start where this camera first sees the route. */
  firstSeenAt: number;
  /** Metres of the route it sees. */
  metres: number;
}

export interface Route {
  /** The α this route minimises cost for. */
  alpha: number;
  /** Metres. */
  length: number;
  /** Seconds at WALKING_SPEED_MPS. */
  duration: number;
  /** Metres in each (disjoint) coverage tier, and the weighted exposure (metres). */
  exposure: { identification: number; recognition: number; observation: number; weighted: number };
  /** Metres seen by any camera (sum of the tiers). */
  exposedMetres: number;
  /** exposedMetres / length, 0 … 1. */
  exposedShare: number;
  /** The minimised cost, metres. */
  cost: number;
  coordinates: LonLat[];
  pieces: RoutePiece[];
  /** Street names along the route, in order, consecutive repeats merged. */
  streets: string[];
  cameras?: CameraAlongRoute[];
  /** Set when this alternative is the same route as another one. */
  sameAs?: 'shortest' | 'balanced' | 'discreet';
}

/** A solved trip for one α: all legs concatenated. */
export interface Solution {
  alpha: number;
  cost: number;
  length: number;
  weighted: number;
  pieces: RoutePiece[];
  /** Identity of the walked pieces (routeKey): equal keys = the same route. */
  key: number;
}

/** Where a route's camera list comes from (part of RouterOptions). */
export interface RouteDescribeOptions {
  /**
   * Optional re-profiler for the final routes (an ExposureScorer's `profile`), to list the cameras that
   * see each route in order. Without it, routes carry no camera list.
   */
  profile?: (coords: LonLat[]) => {
    cameras: Array<{ id: string; kind: string; metres: number; intervals: Array<{ from: number; to: number }> }>;
  };
  /**
   * Faster source of the same camera lists (e.g. `new CamerasAlong(scorer).along`, cameras-along.ts, which
   * caches per-segment profiles): used instead of `profile` when given. Must return cameras ordered by
   * `firstSeenAt`, then id.
   */
  camerasAlong?: (coords: LonLat[]) => CameraAlongRoute[];
}

/** Stats, geometry and (with a profiler) cameras of a solved route. */
export function describeRoute(g: WalkGraph, s: Solution, snaps: SnapPoint[], options: RouteDescribeOptions): Route {
  const tiers = [0, 0, 0];
  const streets: string[] = [];
  for (const p of s.pieces) {
    const len = g.edgeLength[p.edge];
    const share = len > 0 ? Math.abs(p.to - p.from) / len : 0;
    const base = p.edge * EXPOSURE_STRIDE;
    tiers[0] += share * g.exposure[base + EXPOSURE_IDENTIFICATION];
    tiers[1] += share * g.exposure[base + EXPOSURE_RECOGNITION];
    tiers[2] += share * g.exposure[base + EXPOSURE_OBSERVATION];
    const name = g.names[g.edgeName[p.edge]];
    if (name && streets[streets.length - 1] !== name && Math.abs(p.to - p.from) > 0) streets.push(name);
  }
  const coordinates = routeCoordinates(g, s.pieces, snaps);
  const exposedMetres = Math.min(s.length, tiers[0] + tiers[1] + tiers[2]);
  const route: Route = {
    alpha: s.alpha,
    length: s.length,
    duration: s.length / WALKING_SPEED_MPS,
    exposure: { identification: tiers[0], recognition: tiers[1], observation: tiers[2], weighted: s.weighted },
    exposedMetres,
    exposedShare: s.length > 0 ? exposedMetres / s.length : 0,
    cost: s.cost,
    coordinates,
    pieces: s.pieces,
    streets,
  };
  if (options.camerasAlong && coordinates.length >= 2) {
    route.cameras = options.camerasAlong(coordinates);
  } else if (options.profile && coordinates.length >= 2) {
    route.cameras = options
      .profile(coordinates)
      .cameras.map((c) => ({
        id: c.id,
        kind: c.kind,
        metres: c.metres,
        firstSeenAt: Math.min(...c.intervals.map((i) => i.from)),
      }))
      .sort((a, b) => a.firstSeenAt - b.firstSeenAt || a.id.localeCompare(b.id));
  }
  return route;
}

/** The polyline of a route: each piece's stretch of its edge shape, joined, duplicates removed. */
export function routeCoordinates(g: WalkGraph, pieces: RoutePiece[], snaps: SnapPoint[]): LonLat[] {
  const out: LonLat[] = [];
  const push = (lon: number, lat: number) => {
    const last = out[out.length - 1];
    if (!last || last[0] !== lon || last[1] !== lat) out.push([lon, lat]);
  };
  if (snaps.length) push(snaps[0].lon, snaps[0].lat);
  for (const p of pieces) {
    const len = g.edgeLength[p.edge];
    if (Math.min(p.from, p.to) <= 0 && Math.max(p.from, p.to) >= len) {
      // A whole edge (the common case): its nodes and shape points as stored, no interpolation.
      const forward = p.to >= p.from;
      const a = g.shapeOffsets[p.edge];
      const b = g.shapeOffsets[p.edge + 1];
      const first = forward ? g.edgeFrom[p.edge] : g.edgeTo[p.edge];
      const last = forward ? g.edgeTo[p.edge] : g.edgeFrom[p.edge];
      push(graphDegrees(g.nodeLon[first]), graphDegrees(g.nodeLat[first]));
      if (forward) for (let k = a; k < b; k++) push(graphDegrees(g.shapeLon[k]), graphDegrees(g.shapeLat[k]));
      else for (let k = b - 1; k >= a; k--) push(graphDegrees(g.shapeLon[k]), graphDegrees(g.shapeLat[k]));
      push(graphDegrees(g.nodeLon[last]), graphDegrees(g.nodeLat[last]));
      continue;
    }
    const pts = edgeStretch(g, p.edge, Math.min(p.from, p.to), Math.max(p.from, p.to));
    if (p.from > p.to) pts.reverse();
    for (const [lon, lat] of pts) push(lon, lat);
  }
  if (snaps.length) push(snaps[snaps.length - 1].lon, snaps[snaps.length - 1].lat);
  return out;
}

/** Points of edge e between offsets a ≤ b (metres along its shape), interpolating the cut ends. */
function edgeStretch(g: WalkGraph, e: number, a: number, b: number): LonLat[] {
  const lons: number[] = [graphDegrees(g.nodeLon[g.edgeFrom[e]])];
  const lats: number[] = [graphDegrees(g.nodeLat[g.edgeFrom[e]])];
  for (let k = g.shapeOffsets[e]; k < g.shapeOffsets[e + 1]; k++) {
    lons.push(graphDegrees(g.shapeLon[k]));
    lats.push(graphDegrees(g.shapeLat[k]));
  }
  lons.push(graphDegrees(g.nodeLon[g.edgeTo[e]]));
  lats.push(graphDegrees(g.nodeLat[g.edgeTo[e]]));
  // Offsets are haversine metres along the shape, as edgeLength; rescale in case of float32 rounding.
  const cumulative = [0];
  for (let i = 1; i < lons.length; i++) {
    cumulative.push(cumulative[i - 1] + haversine(lons[i - 1], lats[i - 1], lons[i], lats[i]));
  }
  const total = cumulative[cumulative.length - 1];
  const scale = g.edgeLength[e] > 0 && total > 0 ? total / g.edgeLength[e] : 1;
  const at = (m: number): LonLat => {
    const d = m * scale;
    let i = 1;
    while (i < cumulative.length - 1 && cumulative[i] < d) i++;
    const seg = cumulative[i] - cumulative[i - 1];
    const t = seg > 0 ? Math.max(0, Math.min(1, (d - cumulative[i - 1]) / seg)) : 0;
    return [lons[i - 1] + t * (lons[i] - lons[i - 1]), lats[i - 1] + t * (lats[i] - lats[i - 1])];
  };
  const out: LonLat[] = [at(a)];
  for (let i = 1; i < lons.length - 1; i++) if (cumulative[i] > a * scale && cumulative[i] < b * scale) out.push([lons[i], lats[i]]);
  out.push(at(b));
  return out;
}
