/**
 * Moving a host map to show a route: the view (centre, whole zoom) that frames some points in a
 * container, and the address fragment that asks a fragment-driven site (openstreetmap.org's `#map=z/lat/lon`,
 * uMap's Leaflet.hash `#z/lat/lon`) to show it. Pure: the content script applies the fragment.
 */
import { lonLatToWorldPixel, worldPixelToLonLat, type LonLat } from '../geo/index.ts';

/** Padding inside a container, CSS px (e.g. where a panel covers the map). */
export interface Padding {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The largest whole zoom ≤ `maxZoom` at which the points' Web Mercator box fits inside the container
 * less `padding` (one number for every side, or per side), and the centre that puts the box in the
 * middle of what is left. Container and padding in CSS px; the centre is the container's centre.
 */
export function fitView(
  points: readonly LonLat[],
  width: number,
  height: number,
  padding: number | Padding = 40,
  maxZoom = 18,
): { centre: LonLat; zoom: number } | null {
  if (!points.length || width <= 0 || height <= 0) return null;
  const pad = typeof padding === 'number' ? { left: padding, top: padding, right: padding, bottom: padding } : padding;
  const world = points.map(([lon, lat]) => lonLatToWorldPixel(lon, lat, 0));
  const xs = world.map((p) => p[0]);
  const ys = world.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const availW = Math.max(1, width - pad.left - pad.right);
  const availH = Math.max(1, height - pad.top - pad.bottom);
  let zoom = maxZoom;
  while (zoom > 0 && ((x1 - x0) * 2 ** zoom > availW || (y1 - y0) * 2 ** zoom > availH)) zoom--;
  // The box's centre sits in the middle of the free part: shift the map centre by half the imbalance.
  const scale = 2 ** zoom;
  const cx = (x0 + x1) / 2 - (pad.left - pad.right) / 2 / scale;
  const cy = (y0 + y1) / 2 - (pad.top - pad.bottom) / 2 / scale;
  const centre = worldPixelToLonLat(cx, cy, 0);
  return { centre: [centre[0], centre[1]], zoom };
}

/** Decimals a fragment needs at a zoom (osm.org's OSM.formatHash: enough for a pixel). */
const decimals = (zoom: number) => Math.max(0, Math.ceil(Math.log(Math.max(1, zoom)) / Math.LN2));

/** openstreetmap.org: `#map=z/lat/lon`, other fragment fields (`layers=…`) kept. */
export function osmViewHash(hash: string, centre: LonLat, zoom: number): string {
  const d = decimals(zoom);
  const map = `map=${zoom}/${centre[1].toFixed(d)}/${centre[0].toFixed(d)}`;
  const rest = hash
    .replace(/^#/, '')
    .split('&')
    .filter((p) => p && !p.startsWith('map='));
  return `#${[map, ...rest].join('&')}`;
}

/** uMap (Leaflet.hash): `#z/lat/lon`. */
export function leafletViewHash(centre: LonLat, zoom: number): string {
  const d = decimals(zoom);
  return `#${zoom}/${centre[1].toFixed(d)}/${centre[0].toFixed(d)}`;
}
