/**
 * Mapy.com (formerly mapy.cz), popular with walkers across Europe: address `?x=<lon>&y=<lat>&z=<zoom>`
 * on every map page (`/en/zakladni`, `/fr/turisticka`, `/letecka`, …), 256-px Web Mercator tiles.
 * `pano=1` is a street-level panorama; `m3d=1` the 3D view.
 */
import { hostMatcher, strictNumber, viewAt, type RegisteredSite, type TestPage } from './types.ts';

const TEST_PAGE: TestPage = { path: '/mapy/', view: 'en/zakladni?x={lon}&y={lat}&z={z}' };

export function parseMapyQuery(search: string): { lat: number; lon: number; zoom: number; pano: boolean; m3d: boolean } | null {
  const q = new URLSearchParams(search);
  if (!q.has('x') || !q.has('y')) return null;
  return {
    lon: strictNumber(q.get('x')),
    lat: strictNumber(q.get('y')),
    zoom: strictNumber(q.get('z')),
    pano: q.get('pano') === '1',
    m3d: q.get('m3d') === '1',
  };
}

/** Every host the adapter reads; the match patterns come from the same list, so none is left without one. */
const MAPY_HOSTS = ['mapy.com', 'www.mapy.com', 'mapy.cz', 'www.mapy.cz', 'en.mapy.cz'];

export const mapy: RegisteredSite = {
  id: 'mapy',
  label: 'Mapy.com',
  matchPatterns: MAPY_HOSTS.map((host) => `https://${host}/*`),
  testPage: TEST_PAGE,
  examples: [
    { url: 'https://mapy.com/en/zakladni?x=1.4442469&y=43.6046256&z=15', view: { centre: [1.4442469, 43.6046256], zoom: 15 } },
    { url: 'https://mapy.com/en/zakladni?pano=1&pid=123&yaw=1.2&x=1.44&y=43.6&z=17', view: { unsupported: 'street-view' } },
    { url: 'https://www.mapy.cz/zakladni?x=1.4442469&y=43.6046256&z=16', view: { centre: [1.4442469, 43.6046256], zoom: 16 } },
  ],
  follow: 'address',
  matches: hostMatcher(MAPY_HOSTS, TEST_PAGE),
  readView(location, document) {
    const pos = parseMapyQuery(location.search);
    if (!pos) return { unsupported: 'no-position' };
    if (pos.pano) return { unsupported: 'street-view' };
    if (pos.m3d) return { unsupported: '3d' };
    return viewAt(document, pos, ['#main-map', '#map', '[data-angle-mort-map]'], true);
  },
};
