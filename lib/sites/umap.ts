/**
 * uMap (umap.openstreetmap.fr, the OpenStreetMap France instance): Leaflet maps, address
 * `/<lang>/map/<slug>_<id>#<zoom>/<lat>/<lon>` (Leaflet.hash style, no `map=` key).
 */
import { leafletViewHash } from './fit.ts';
import { checkPosition, containerRect, findMapContainer, isLocalTestPage, strictNumber, type LocationLike, type SiteAdapter } from './types.ts';

const HOSTS = new Set(['umap.openstreetmap.fr']);
const TEST_PREFIX = '/umap/';

/** Parses `#z/lat/lon` (Leaflet.hash), or null. */
export function parseLeafletHash(hash: string): { zoom: number; lat: number; lon: number } | null {
  const m = /^#(?:map=)?([^/&]+)\/([^/&]+)\/([^/&?]+)/.exec(hash);
  if (!m) return null;
  return { zoom: strictNumber(m[1]), lat: strictNumber(m[2]), lon: strictNumber(m[3]) };
}

export const umap: SiteAdapter = {
  id: 'umap',
  label: 'uMap (OpenStreetMap France)',
  matchPatterns: ['https://umap.openstreetmap.fr/*'],
  follow: 'leaflet',
  matches(url: LocationLike) {
    return HOSTS.has(url.hostname) || isLocalTestPage(url, TEST_PREFIX);
  },
  readView(location, document) {
    const path = isLocalTestPage(location, TEST_PREFIX) ? location.pathname.slice(TEST_PREFIX.length - 1) : location.pathname;
    // Only map pages (`/fr/map/…`, `/en/map/new/`) hold a map; the home and dashboard pages do not.
    if (!/^\/(?:[a-z]{2}(?:-[a-zA-Z]{2,4})?\/)?map\//.test(path)) return { unsupported: 'no-map' };
    const pos = parseLeafletHash(location.hash);
    if (!pos) return { unsupported: 'no-position' };
    const bad = checkPosition(pos.lat, pos.lon, pos.zoom);
    if (bad) return bad;
    const element = findMapContainer(document, ['#map.leaflet-container', '.leaflet-container'], false);
    if (!element) return { unsupported: 'no-map' };
    return { centre: [pos.lon, pos.lat], zoom: pos.zoom, container: containerRect(document, element), element };
  },
  viewHash(_location, centre, zoom) {
    return leafletViewHash(centre, zoom);
  },
};
