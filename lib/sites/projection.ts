/**
 * The overlay's single projection path (STYLE.md, after Leaflet): view → world pixel → container pixel →
 * canvas pixel. Every site adapter produces a `MapFrame`; everything drawn goes through `containerPoint`.
 *
 * Units: world pixels are Web Mercator pixels at `zoom` with 256-px tiles (lib/geo), container pixels are
 * CSS px from the map container's top-left corner, canvas pixels are device pixels (CSS px × dpr).
 */
import { lonLatToWorldPixel, mercatorX, mercatorY, worldPixelToLonLat, type BBox, type LonLat } from '../geo/index.ts';

/** Web Mercator ground resolution at the equator, zoom 0, 256-px tiles: metres per pixel (WGS84 a). */
export const METRES_PER_PIXEL_Z0 = 156543.03392;

/**
 * Where the map is: the world pixel (at `zoom`) under the container's top-left corner, and the container's
 * size. A fractional zoom is fine (vector maps, zoom animations).
 */
export interface MapFrame {
  zoom: number;
  /** World pixel at `zoom` of the container's (0, 0), CSS px. */
  left: number;
  top: number;
  /** Container size, CSS px. */
  width: number;
  height: number;
}

/** The frame whose container centre shows `centre` (what a URL like `#map=z/lat/lon` says). */
export function frameFromCentre(centre: LonLat, zoom: number, width: number, height: number): MapFrame {
  const [x, y] = lonLatToWorldPixel(centre[0], centre[1], zoom);
  return { zoom, left: x - width / 2, top: y - height / 2, width, height };
}

/** Container CSS px of a WGS84 point. */
export function containerPoint(frame: MapFrame, lon: number, lat: number): [x: number, y: number] {
  const [x, y] = lonLatToWorldPixel(lon, lat, frame.zoom);
  return [x - frame.left, y - frame.top];
}

/** Canvas (device) px of a WGS84 point on a canvas covering the container at `dpr`. */
export function canvasPoint(frame: MapFrame, lon: number, lat: number, dpr: number): [x: number, y: number] {
  const [x, y] = containerPoint(frame, lon, lat);
  return [x * dpr, y * dpr];
}

/** WGS84 point under a container CSS px. */
export function lonLatAt(frame: MapFrame, x: number, y: number): LonLat {
  return worldPixelToLonLat(frame.left + x, frame.top + y, frame.zoom);
}

/**
 * Projects many points at once into `out` (x0, y0, x1, y1, … container CSS px). One path for all
 * cameras keeps the per-frame cost to two array passes, with no allocation per camera.
 */
export function projectPoints(frame: MapFrame, lons: Float64Array, lats: Float64Array, out: Float64Array): void {
  const scale = 256 * 2 ** frame.zoom;
  for (let i = 0; i < lons.length; i++) {
    out[2 * i] = mercatorX(lons[i], scale) - frame.left;
    out[2 * i + 1] = mercatorY(lats[i], scale) - frame.top;
  }
}

/** Ground metres per CSS px at latitude `lat` (degrees) and `zoom`. */
export function metresPerCssPixel(lat: number, zoom: number): number {
  return (METRES_PER_PIXEL_Z0 * Math.cos((lat * Math.PI) / 180)) / 2 ** zoom;
}

/** The WGS84 box the frame shows, grown by `marginPx` CSS px on each side, clamped to the world. */
export function frameBBox(frame: MapFrame, marginPx = 0): BBox {
  const [west, north] = lonLatAt(frame, -marginPx, -marginPx);
  const [east, south] = lonLatAt(frame, frame.width + marginPx, frame.height + marginPx);
  return {
    west: Math.max(-180, west),
    south: Math.max(-85.05, south),
    east: Math.min(180, east),
    north: Math.min(85.05, north),
  };
}

/**
 * The frame part-way (`t` in [0, 1]) through a zoom animation from `a` to `b`. CSS transitions move every
 * point of a scaled-and-translated layer linearly between its start and end positions, so the in-between
 * frame has scale 2^zoom and corner interpolated linearly (not the zoom itself).
 */
export function interpolateFrames(a: MapFrame, b: MapFrame, t: number): MapFrame {
  const ka = 2 ** a.zoom;
  const kb = 2 ** b.zoom;
  const k = ka + (kb - ka) * t;
  const left = a.left + (b.left - a.left) * t;
  const top = a.top + (b.top - a.top) * t;
  return { zoom: Math.log2(k), left, top, width: b.width, height: b.height };
}

/** True when two frames put every point within `tolerancePx` CSS px of each other over the container. */
export function framesAgree(a: MapFrame, b: MapFrame, tolerancePx = 0.01): boolean {
  return (
    Math.abs(a.zoom - b.zoom) < 1e-9 &&
    Math.abs(a.left - b.left) <= tolerancePx &&
    Math.abs(a.top - b.top) <= tolerancePx &&
    a.width === b.width &&
    a.height === b.height
  );
}
