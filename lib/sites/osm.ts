/**
 * openstreetmap.org: Leaflet raster map, address `#map=<zoom>/<lat>/<lon>` (plus `&layers=…`), on every
 * page with the main map (`/`, `/node/1`, `/directions?…`, `/search?…`). The iD editor (`/edit`) draws its
 * own map and is not overlaid.
 */
import { osmViewHash } from './fit.ts';
import { hostMatcher, sitePath, strictNumber, viewAt, type RegisteredSite, type TestPage } from './types.ts';

const TEST_PAGE: TestPage = { path: '/osm/', view: '#map={z}/{lat}/{lon}' };

/** Parses `#map=z/lat/lon` (OSM and L.Hash style), or null when the hash holds no map position. */
export function parseOsmHash(hash: string): { zoom: number; lat: number; lon: number } | null {
  const m = /(?:^#|[#&])map=([^/&]+)\/([^/&]+)\/([^/&]+)/.exec(hash);
  if (!m) return null;
  return { zoom: strictNumber(m[1]), lat: strictNumber(m[2]), lon: strictNumber(m[3]) };
}

export const osm: RegisteredSite = {
  id: 'osm',
  label: 'OpenStreetMap',
  matchPatterns: ['https://www.openstreetmap.org/*', 'https://openstreetmap.org/*'],
  testPage: TEST_PAGE,
  examples: [
    { url: 'https://www.openstreetmap.org/#map=17/43.60453/1.44420', view: { centre: [1.4442, 43.60453], zoom: 17 } },
    { url: 'https://www.openstreetmap.org/edit#map=17/43.60453/1.44420', view: { unsupported: 'editor' } },
  ],
  follow: 'leaflet',
  matches: hostMatcher(['www.openstreetmap.org', 'openstreetmap.org'], TEST_PAGE),
  readView(location, document) {
    if (/^\/(edit|id)\b/.test(sitePath(location, TEST_PAGE))) return { unsupported: 'editor' };
    const pos = parseOsmHash(location.hash);
    if (!pos) return { unsupported: 'no-position' };
    return viewAt(document, pos, ['#map.leaflet-container', '#map', '.leaflet-container'], false);
  },
  viewHash(location, centre, zoom) {
    return osmViewHash(location.hash, centre, zoom);
  },
};
