/**
 * Geodesy shared by the whole engine. Coordinates are WGS84 degrees; distances are metres.
 * Routing and exposure work at city scale (a few km), where a local equirectangular projection
 * around a reference latitude is accurate to well under 0.1 % — the error budget the tests use.
 */

/** Mean Earth radius in metres (IUGG), the same value turf uses. */
export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export type LonLat = [lon: number, lat: number];

export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Great-circle distance in metres between two WGS84 points (haversine). */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * A local planar frame: x east and y north, in metres, around (lon0, lat0).
 * Cheap enough for hot loops; use one frame per city or per query.
 */
export class LocalFrame {
  readonly mPerDegLat: number;
  readonly mPerDegLon: number;
  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    this.mPerDegLat = EARTH_RADIUS_M * RAD;
    this.mPerDegLon = EARTH_RADIUS_M * RAD * Math.cos(lat0 * RAD);
  }
  /** Metres east of lon0. */
  x(lon: number): number {
    return (lon - this.lon0) * this.mPerDegLon;
  }
  /** Metres north of lat0. */
  y(lat: number): number {
    return (lat - this.lat0) * this.mPerDegLat;
  }
  lon(x: number): number {
    return this.lon0 + x / this.mPerDegLon;
  }
  lat(y: number): number {
    return this.lat0 + y / this.mPerDegLat;
  }
}

/** Initial bearing from point 1 to point 2, degrees clockwise from north in [0, 360). */
export function bearingDegrees(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const φ1 = lat1 * RAD;
  const φ2 = lat2 * RAD;
  const Δλ = (lon2 - lon1) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return (Math.atan2(y, x) / RAD + 360) % 360;
}

/** Normalise any angle in degrees to [0, 360). */
export function normaliseDegrees(deg: number): number {
  const d = deg % 360;
  return d < 0 ? d + 360 : d;
}

/** Length in metres of a polyline given as [lon, lat] pairs. */
export function polylineLengthMetres(coords: readonly LonLat[]): number {
  let sum = 0;
  for (let i = 1; i < coords.length; i++) {
    sum += haversineMetres(coords[i - 1][0], coords[i - 1][1], coords[i][0], coords[i][1]);
  }
  return sum;
}

export function bboxContains(b: BBox, lon: number, lat: number): boolean {
  return lon >= b.west && lon <= b.east && lat >= b.south && lat <= b.north;
}

/** The bbox of a set of points, degrees; an empty set gives an inverted (Infinity) box. */
export function bboxOfPoints(points: Iterable<{ lon: number; lat: number }>): BBox {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const p of points) {
    if (p.lon < west) west = p.lon;
    if (p.lon > east) east = p.lon;
    if (p.lat < south) south = p.lat;
    if (p.lat > north) north = p.lat;
  }
  return { west, south, east, north };
}

/** True when the numbers form a valid WGS84 bbox (west < east, south < north, within range). */
export function isValidBBox(b: BBox): boolean {
  return (
    [b.west, b.south, b.east, b.north].every(Number.isFinite) &&
    b.west >= -180 &&
    b.east <= 180 &&
    b.south >= -90 &&
    b.north <= 90 &&
    b.west < b.east &&
    b.south < b.north
  );
}

/**
 * Web Mercator (EPSG:3857) world pixel x of a longitude, for a world `scale` px wide (256·2^zoom with 256-px
 * tiles). The one home of the Mercator formula, with `mercatorY`: batch projections call these too.
 */
export function mercatorX(lon: number, scale: number): number {
  return ((lon + 180) / 360) * scale;
}

/** Web Mercator world pixel y of a latitude, for a world `scale` px wide; the poles are clamped. */
export function mercatorY(lat: number, scale: number): number {
  const sin = Math.min(Math.max(Math.sin(lat * RAD), -0.9999), 0.9999);
  return (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale;
}

/** Web Mercator (EPSG:3857) world pixel coordinates at a zoom level, with 256-px tiles. */
export function lonLatToWorldPixel(lon: number, lat: number, zoom: number): [x: number, y: number] {
  const scale = 256 * 2 ** zoom;
  return [mercatorX(lon, scale), mercatorY(lat, scale)];
}

export function worldPixelToLonLat(x: number, y: number, zoom: number): LonLat {
  const scale = 256 * 2 ** zoom;
  const lon = (x / scale) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / scale;
  return [lon, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}
