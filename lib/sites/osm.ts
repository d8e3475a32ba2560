/**
 * openstreetmap.org: Leaflet raster map, address `#map=<zoom>/<lat>/<lon>` (plus `&layers=…`), on every
 * page with the main map (`/`, `/node/1`, `/directions?…`, `/search?…`). The iD editor (`/edit`) draws its
 * own map and is not overlaid.
 */
import { osmViewHash } from './fit.ts';
import { checkPosition, containerRect, findMapContainer, isLocalTestPage, strictNumber, type LocationLike, type SiteAdapter } from './types.ts';

const HOSTS = new Set(['www.openstreetmap.org', 'openstreetmap.org']);
const TEST_PREFIX = '/osm/';

/** Parses `#map=z/lat/lon` (OSM and L.Hash style), or null when the hash holds no map position. */
export function parseOsmHash(hash: string): { zoom: number; lat: number; lon: number } | null {
  const m = /(?:^#|[#&])map=([^/&]+)\/([^/&]+)\/([^/&]+)/.exec(hash);
  if (!m) return null;
  return { zoom: strictNumber(m[1]), lat: strictNumber(m[2]), lon: strictNumber(m[3]) };
}

export const osm: SiteAdapter = {
  id: 'osm',
  label: 'OpenStreetMap',
  matchPatterns: ['https://www.openstreetmap.org/*', 'https://openstreetmap.org/*'],
  follow: 'leaflet',
  matches(url: LocationLike) {
    return HOSTS.has(url.hostname) || isLocalTestPage(url, TEST_PREFIX);
  },
  readView(location, document) {
    const path = isLocalTestPage(location, TEST_PREFIX) ? location.pathname.slice(TEST_PREFIX.length - 1) : location.pathname;
    if (/^\/(edit|id)\b/.test(path)) return { unsupported: 'editor' };
    const pos = parseOsmHash(location.hash);
    if (!pos) return { unsupported: 'no-position' };
    const bad = checkPosition(pos.lat, pos.lon, pos.zoom);
    if (bad) return bad;
    const element = findMapContainer(document, ['#map.leaflet-container', '#map', '.leaflet-container'], false);
    if (!element) return { unsupported: 'no-map' };
    return { centre: [pos.lon, pos.lat], zoom: pos.zoom, container: containerRect(document, element), element };
  },
  viewHash(location, centre, zoom) {
    return osmViewHash(location.hash, centre, zoom);
  },
};
