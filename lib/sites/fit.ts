/**
 * Moving a host map to show a route: the view (centre, whole zoom) that frames some points in a
 * container, and the address fragment that asks a fragment-driven site (openstreetmap.org's `#map=z/lat/lon`,
 * uMap's Leaflet.hash `#z/lat/lon`) to show it. Pure: the content script applies the fragment.
 */
import { lonLatToWorldPixel, worldPixelToLonLat, type LonLat } from '../geo/index.ts';

/**
 * The largest whole zoom ≤ `maxZoom` at which the points' Web Mercator box fits inside the container
 * less `paddingPx` on every side, and the centre of that box. Container and padding in CSS px.
 */
export function fitView(points: readonly LonLat[], width: number, height: number, paddingPx = 40, maxZoom = 18): { centre: LonLat; zoom: number } | null {
  if (!points.length || width <= 0 || height <= 0) return null;
  const world = points.map(([lon, lat]) => lonLatToWorldPixel(lon, lat, 0));
  const xs = world.map((p) => p[0]);
  const ys = world.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const availW = Math.max(1, width - 2 * paddingPx);
  const availH = Math.max(1, height - 2 * paddingPx);
  let zoom = maxZoom;
  while (zoom > 0 && ((x1 - x0) * 2 ** zoom > availW || (y1 - y0) * 2 ** zoom > availH)) zoom--;
  const centre = worldPixelToLonLat((x0 + x1) / 2, (y0 + y1) / 2, 0);
  return { centre: [centre[0], centre[1]], zoom };
}

/** Decimals a fragment needs at a zoom (osm.org's OSM.formatHash: enough for a pixel). */
const decimals = (zoom: number) => Math.max(0, Math.ceil(Math.log(Math.max(1, zoom)) / Math.LN2));

/** openstreetmap.org: `#map=z/lat/lon`, other fragment fields (`layers=…`) kept. */
export function osmViewHash(hash: string, centre: LonLat, zoom: number): string {
  const d = decimals(zoom);
  const map = `map=${zoom}/${centre[1].toFixed(d)}/${centre[0].toFixed(d)}`;
  const rest = hash.replace(/^#/, '').split('&').filter((p) => p && !p.startsWith('map='));
  return `#${[map, ...rest].join('&')}`;
}

/** uMap (Leaflet.hash): `#z/lat/lon`. */
export function leafletViewHash(centre: LonLat, zoom: number): string {
  const d = decimals(zoom);
  return `#${zoom}/${centre[1].toFixed(d)}/${centre[0].toFixed(d)}`;
}
