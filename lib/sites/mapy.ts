/**
 * Mapy.com (formerly mapy.cz), popular with walkers across Europe: address `?x=<lon>&y=<lat>&z=<zoom>`
 * on every map page (`/en/zakladni`, `/fr/turisticka`, `/letecka`, …), 256-px Web Mercator tiles.
 * `pano=1` is a street-level panorama; `m3d=1` the 3D view.
 */
import { checkPosition, containerRect, findMapContainer, isLocalTestPage, strictNumber, type LocationLike, type SiteAdapter } from './types.ts';

const HOSTS = new Set(['mapy.com', 'www.mapy.com', 'mapy.cz', 'www.mapy.cz', 'en.mapy.cz']);
const TEST_PREFIX = '/mapy/';

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

export const mapy: SiteAdapter = {
  id: 'mapy',
  label: 'Mapy.com',
  matchPatterns: ['https://mapy.com/*', 'https://www.mapy.com/*', 'https://mapy.cz/*', 'https://en.mapy.cz/*'],
  follow: 'address',
  matches(url: LocationLike) {
    return HOSTS.has(url.hostname) || isLocalTestPage(url, TEST_PREFIX);
  },
  readView(location, document) {
    const pos = parseMapyQuery(location.search);
    if (!pos) return { unsupported: 'no-position' };
    if (pos.pano) return { unsupported: 'street-view' };
    if (pos.m3d) return { unsupported: '3d' };
    const bad = checkPosition(pos.lat, pos.lon, pos.zoom);
    if (bad) return bad;
    const element = findMapContainer(document, ['#main-map', '#map', '[data-angle-mort-map]'], true)!;
    return { centre: [pos.lon, pos.lat], zoom: pos.zoom, container: containerRect(document, element), element };
  },
};
