/**
 * OpenTopoMap (opentopomap.org): a Leaflet raster map filling the window (`#map`), address
 * `#map=<zoom>/<lat>/<lon>`, rewritten with `history.replaceState` when a move ends (der-stefan/OpenTopoMap,
 * www/v2/src/otm-context.js). Two other fragments do not say where the map is: `#marker=z/lat/lon` holds a
 * marker's position (kept while the map moves) and `#qth=<locator>` a Maidenhead square. The site reads its
 * fragment only when the page loads, so it has no `viewHash`.
 */
import { parseOsmHash } from './osm.ts';
import { hostMatcher, viewAt, type RegisteredSite, type TestPage } from './types.ts';

const TEST_PAGE: TestPage = { path: '/opentopomap/', view: '#map={z}/{lat}/{lon}' };

export const opentopomap: RegisteredSite = {
  id: 'opentopomap',
  label: 'OpenTopoMap',
  matchPatterns: ['https://opentopomap.org/*', 'https://www.opentopomap.org/*'],
  testPage: TEST_PAGE,
  examples: [
    { url: 'https://opentopomap.org/#map=15/43.60450/1.44400', view: { centre: [1.444, 43.6045], zoom: 15 } },
    { url: 'https://opentopomap.org/#marker=15/43.60450/1.44400', view: { unsupported: 'no-position' } },
  ],
  follow: 'leaflet',
  matches: hostMatcher(['opentopomap.org', 'www.opentopomap.org'], TEST_PAGE),
  readView(location, document) {
    const pos = /^#map=/.test(location.hash) ? parseOsmHash(location.hash) : null;
    if (!pos) return { unsupported: 'no-position' };
    return viewAt(document, pos, ['#map.leaflet-container', '.leaflet-container'], false);
  },
};
