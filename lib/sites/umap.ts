/**
 * uMap (umap.openstreetmap.fr, the OpenStreetMap France instance): Leaflet maps, address
 * `/<lang>/map/<slug>_<id>#<zoom>/<lat>/<lon>` (Leaflet.hash style, no `map=` key).
 */
import { leafletViewHash } from './fit.ts';
import { hostMatcher, sitePath, strictNumber, viewAt, type RegisteredSite, type TestPage } from './types.ts';

const TEST_PAGE: TestPage = { path: '/umap/', view: 'fr/map/cameras-toulouse_1#{z}/{lat}/{lon}' };

/** Parses `#z/lat/lon` (Leaflet.hash), or null. */
export function parseLeafletHash(hash: string): { zoom: number; lat: number; lon: number } | null {
  const m = /^#(?:map=)?([^/&]+)\/([^/&]+)\/([^/&?]+)/.exec(hash);
  if (!m) return null;
  return { zoom: strictNumber(m[1]), lat: strictNumber(m[2]), lon: strictNumber(m[3]) };
}

export const umap: RegisteredSite = {
  id: 'umap',
  label: 'uMap (OpenStreetMap France)',
  matchPatterns: ['https://umap.openstreetmap.fr/*'],
  testPage: TEST_PAGE,
  examples: [
    {
      url: 'https://umap.openstreetmap.fr/fr/map/videosurveillance-toulouse_123456#16/43.6045/1.4440',
      view: { centre: [1.444, 43.6045], zoom: 16 },
    },
    { url: 'https://umap.openstreetmap.fr/fr/', view: { unsupported: 'no-map' } },
  ],
  follow: 'leaflet',
  matches: hostMatcher(['umap.openstreetmap.fr'], TEST_PAGE),
  readView(location, document) {
    // Only map pages (`/fr/map/…`, `/en/map/new/`) hold a map; the home and dashboard pages do not.
    if (!/^\/(?:[a-z]{2}(?:-[a-zA-Z]{2,4})?\/)?map\//.test(sitePath(location, TEST_PAGE))) return { unsupported: 'no-map' };
    const pos = parseLeafletHash(location.hash);
    if (!pos) return { unsupported: 'no-position' };
    return viewAt(document, pos, ['#map.leaflet-container', '.leaflet-container'], false);
  },
  viewHash(_location, centre, zoom) {
    return leafletViewHash(centre, zoom);
  },
};
