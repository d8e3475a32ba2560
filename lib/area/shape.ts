/**
 * The area a user draws before a gathering: a polygon, a circle, or a march path with a width. Each
 * becomes one GeoJSON (Multi)Polygon; geometry helpers here work in degrees, which is exact for what they
 * decide (point-in-polygon and where a segment crosses a ring are unchanged by the affine stretch between
 * degrees and local metres).
 */
import { buffer, circle, lineString } from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { haversineMetres, type LonLat } from '../geo/index.ts';

export type AreaShape =
  | { kind: 'polygon'; ring: LonLat[] }
  | { kind: 'circle'; center: LonLat; radiusMetres: number }
  /** A march route: the street corridor `widthMetres` wide (half on each side of the line). */
  | { kind: 'path'; line: LonLat[]; widthMetres: number };

/** Most vertices of a drawn polygon or path. */
export const MAX_AREA_VERTICES = 500;
/** Largest circle radius, metres (an event area, not a city). */
export const MAX_CIRCLE_RADIUS_M = 3_000;
/** Widest march corridor, metres. */
export const MAX_PATH_WIDTH_M = 500;
/** Largest extent of an area (bbox diagonal), metres: keeps a report to a fraction of a second. */
export const MAX_AREA_EXTENT_M = 8_000;

export type AreaErrorCode = 'invalid-area' | 'area-too-large';

export class AreaError extends Error {
  override readonly name = 'AreaError';
  constructor(
    readonly code: AreaErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const isLonLat = (p: unknown): p is LonLat =>
  Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/** The area as one (Multi)Polygon feature; throws AreaError for a degenerate or oversized shape. */
export function areaPolygon(shape: AreaShape): GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon> {
  let feature: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
  switch (shape.kind) {
    case 'polygon': {
      const ring = dedupe(shape.ring);
      if (ring.length > MAX_AREA_VERTICES) throw new AreaError('invalid-area', `a polygon has at most ${MAX_AREA_VERTICES} corners`);
      if (!ring.every(isLonLat)) throw new AreaError('invalid-area', 'polygon corners must be valid [lon, lat] pairs');
      if (ring.length >= 2 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
      if (ring.length < 3) throw new AreaError('invalid-area', 'a polygon needs at least 3 distinct corners');
      if (Math.abs(ringArea(ring)) < 1e-12) throw new AreaError('invalid-area', 'the polygon has no area');
      feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]]] } };
      break;
    }
    case 'circle': {
      if (!isLonLat(shape.center)) throw new AreaError('invalid-area', 'the circle centre must be a valid [lon, lat]');
      const r = shape.radiusMetres;
      if (!(r > 0 && r <= MAX_CIRCLE_RADIUS_M))
        throw new AreaError('invalid-area', `the radius must be between 0 and ${MAX_CIRCLE_RADIUS_M} m`);
      feature = circle(shape.center, r / 1000, { steps: 64, units: 'kilometers' });
      break;
    }
    case 'path': {
      const line = dedupe(shape.line);
      if (line.length > MAX_AREA_VERTICES) throw new AreaError('invalid-area', `a path has at most ${MAX_AREA_VERTICES} points`);
      if (!line.every(isLonLat)) throw new AreaError('invalid-area', 'path points must be valid [lon, lat] pairs');
      if (line.length < 2) throw new AreaError('invalid-area', 'a path needs at least 2 distinct points');
      const w = shape.widthMetres;
      if (!(w > 0 && w <= MAX_PATH_WIDTH_M)) throw new AreaError('invalid-area', `the width must be between 0 and ${MAX_PATH_WIDTH_M} m`);
      const buffered = buffer(lineString(line), w / 2, { units: 'meters', steps: 8 });
      if (!buffered) throw new AreaError('invalid-area', 'the path could not be widened into an area');
      feature = buffered as GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
      break;
    }
    default:
      throw new AreaError('invalid-area', 'unknown area kind');
  }
  const b = ringsBBox(polygonRings(feature.geometry));
  if (haversineMetres(b[0], b[1], b[2], b[3]) > MAX_AREA_EXTENT_M) {
    throw new AreaError('area-too-large', `the area spans more than ${MAX_AREA_EXTENT_M / 1000} km; draw a smaller one`);
  }
  return feature;
}

function dedupe(points: readonly LonLat[]): LonLat[] {
  const out: LonLat[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  return out;
}

function ringArea(ring: readonly LonLat[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return a / 2;
}

/** Every ring (outer and holes) of a Polygon or MultiPolygon. */
export function polygonRings(g: GeoJSON.Polygon | GeoJSON.MultiPolygon): LonLat[][] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.flatMap((p) => p.map((ring) => ring.map(([x, y]) => [x, y] as LonLat)));
}

/** [west, south, east, north] of some rings. */
export function ringsBBox(rings: readonly LonLat[][]): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const ring of rings)
    for (const [x, y] of ring) {
      w = Math.min(w, x);
      s = Math.min(s, y);
      e = Math.max(e, x);
      n = Math.max(n, y);
    }
  return [w, s, e, n];
}

/**
 * Even-odd point-in-polygon over every ring: inside an outer ring and outside its holes. Correct for
 * Polygons and for MultiPolygons whose parts do not overlap (turf's circles and buffers).
 */
export function insideRings(rings: readonly LonLat[][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/**
 * The parts of a polyline inside the area, as polylines. Each segment is cut where it crosses a ring
 * edge, and each sub-segment is kept when its midpoint is inside.
 */
export function clipPolylineToArea(coords: readonly LonLat[], rings: readonly LonLat[][]): LonLat[][] {
  const pieces: LonLat[][] = [];
  let current: LonLat[] | null = null;
  for (let i = 0; i + 1 < coords.length; i++) {
    const [ax, ay] = coords[i];
    const [bx, by] = coords[i + 1];
    const ts = [0, 1];
    const dx = bx - ax;
    const dy = by - ay;
    for (const ring of rings) {
      for (let k = 0, j = ring.length - 1; k < ring.length; j = k++) {
        const [cx, cy] = ring[j];
        const ex = ring[k][0] - cx;
        const ey = ring[k][1] - cy;
        const den = dx * ey - dy * ex;
        if (den === 0) continue; // parallel: the midpoint tests decide
        const t = ((cx - ax) * ey - (cy - ay) * ex) / den;
        const u = ((cx - ax) * dy - (cy - ay) * dx) / den;
        if (t > 0 && t < 1 && u >= 0 && u <= 1) ts.push(t);
      }
    }
    ts.sort((p, q) => p - q);
    for (let k = 0; k + 1 < ts.length; k++) {
      const t0 = ts[k];
      const t1 = ts[k + 1];
      if (t1 - t0 < 1e-12) continue;
      const tm = (t0 + t1) / 2;
      const p0: LonLat = [ax + dx * t0, ay + dy * t0];
      const p1: LonLat = [ax + dx * t1, ay + dy * t1];
      if (insideRings(rings, ax + dx * tm, ay + dy * tm)) {
        if (!current) {
          current = [p0];
          pieces.push(current);
        }
        current.push(p1);
      } else current = null;
    }
  }
  return pieces;
}
