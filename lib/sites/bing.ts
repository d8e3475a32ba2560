/**
 * Bing Maps: a vector map, address `/maps?cp=<lat>~<lon>&lvl=<zoom>` (zoom may be fractional, 256-px
 * tiles). `style=o`/`b` (Bird's eye, oblique) and `style=x` (Streetside) cannot take a flat overlay;
 * `dir=` ≠ 0 rotates the map.
 */
import { hostMatcher, strictNumber, viewAt, type RegisteredSite, type TestPage } from './types.ts';

const TEST_PAGE: TestPage = { path: '/bing/maps', view: '?cp={lat}~{lon}&lvl={z}.0&style=r' };

/** Parses Bing's query; `cp` uses `~` between lat and lon (often escaped as `%7E`). */
export function parseBingQuery(
  search: string,
): { lat: number; lon: number; zoom: number; style?: string; dir?: number; pitch?: number } | null {
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

export const bing: RegisteredSite = {
  id: 'bing',
  label: 'Bing Maps',
  matchPatterns: ['https://www.bing.com/maps*', 'https://bing.com/maps*'],
  testPage: TEST_PAGE,
  examples: [
    { url: 'https://www.bing.com/maps?cp=43.604626%7E1.444247&lvl=15.0', view: { centre: [1.444247, 43.604626], zoom: 15 } },
    { url: 'https://www.bing.com/maps?cp=43.60463~1.44425&lvl=17&dir=45', view: { unsupported: 'rotated' } },
  ],
  follow: 'address',
  matches: hostMatcher(['www.bing.com', 'bing.com'], TEST_PAGE, (p) => p === '/maps' || p.startsWith('/maps/')),
  readView(location, document) {
    const pos = parseBingQuery(location.search);
    if (!pos) return { unsupported: 'no-position' };
    if (pos.style === 'x') return { unsupported: 'street-view' };
    if (pos.style === 'o' || pos.style === 'b') return { unsupported: 'tilted' };
    if (pos.pitch !== undefined && Number.isFinite(pos.pitch) && pos.pitch !== -90 && pos.pitch !== 0) return { unsupported: 'tilted' };
    if (pos.dir !== undefined && Number.isFinite(pos.dir) && pos.dir % 360 !== 0) return { unsupported: 'rotated' };
    return viewAt(document, pos, ['.MicrosoftMap', '#map', '[data-angle-mort-map]'], true);
  },
};
