/**
 * Bing Maps: a vector map, address `/maps?cp=<lat>~<lon>&lvl=<zoom>` (zoom may be fractional, 256-px
 * tiles). `style=o`/`b` (Bird's eye, oblique) and `style=x` (Streetside) cannot take a flat overlay;
 * `dir=` ≠ 0 rotates the map.
 */
import { checkPosition, containerRect, findMapContainer, isLocalTestPage, strictNumber, type LocationLike, type SiteAdapter } from './types.ts';

const HOSTS = new Set(['www.bing.com', 'bing.com']);
const TEST_PREFIX = '/bing/maps';

/** Parses Bing's query; `cp` uses `~` between lat and lon (often escaped as `%7E`). */
export function parseBingQuery(search: string): { lat: number; lon: number; zoom: number; style?: string; dir?: number; pitch?: number } | null {
  const q = new URLSearchParams(search);
  const cp = q.get('cp');
  if (!cp) return null;
  const [lat, lon] = cp.split('~');
  return {
    lat: strictNumber(lat),
    lon: strictNumber(lon),
    zoom: q.has('lvl') ? strictNumber(q.get('lvl')) : NaN,
    style: q.get('style') ?? undefined,
    dir: q.has('dir') ? strictNumber(q.get('dir')) : undefined,
    pitch: q.has('pi') ? strictNumber(q.get('pi')) : undefined,
  };
}

export const bing: SiteAdapter = {
  id: 'bing',
  label: 'Bing Maps',
  matchPatterns: ['https://www.bing.com/maps*', 'https://bing.com/maps*'],
  follow: 'address',
  matches(url: LocationLike) {
    return (HOSTS.has(url.hostname) && (url.pathname === '/maps' || url.pathname.startsWith('/maps/'))) || isLocalTestPage(url, TEST_PREFIX);
  },
  readView(location, document) {
    const pos = parseBingQuery(location.search);
    if (!pos) return { unsupported: 'no-position' };
    if (pos.style === 'x') return { unsupported: 'street-view' };
    if (pos.style === 'o' || pos.style === 'b') return { unsupported: 'tilted' };
    if (pos.pitch !== undefined && Number.isFinite(pos.pitch) && pos.pitch !== -90 && pos.pitch !== 0) return { unsupported: 'tilted' };
    if (pos.dir !== undefined && Number.isFinite(pos.dir) && pos.dir % 360 !== 0) return { unsupported: 'rotated' };
    const bad = checkPosition(pos.lat, pos.lon, pos.zoom);
    if (bad) return bad;
    const element = findMapContainer(document, ['.MicrosoftMap', '#map', '[data-angle-mort-map]'], true)!;
    return { centre: [pos.lon, pos.lat], zoom: pos.zoom, container: containerRect(document, element), element };
  },
};
