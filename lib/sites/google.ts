/**
 * Google Maps: a WebGL map with nothing in the DOM to follow, address
 * `/maps/@<lat>,<lng>,<zoom>z` (also under `/maps/place/…/@…`, `/maps/dir/…/@…`, `/maps/search/…/@…`).
 *
 * The third field says how far the camera is:
 * - `15z` / `15.5z`: a Web Mercator zoom (256-px tiles);
 * - `1234m` (satellite and 3D views): the map's vertical extent in metres (mstickles, "New Google Maps
 *   URLs – Map Positioning", 2015), so metres per CSS px = m / container height;
 * - `350a,35y` (3D camera): altitude `a` in metres and vertical field of view `y` in degrees.
 * Then optional `Nh` (heading) and `Nt` (tilt). A tilt or heading ≠ 0 cannot take a flat overlay; `3a`
 * with a tilt is Street View.
 */
import { METRES_PER_PIXEL_Z0 } from './projection.ts';
import {
  checkPosition,
  containerRect,
  findMapContainer,
  isLocalTestPage,
  strictNumber,
  type LocationLike,
  type RegisteredSite,
  type TestPage,
  type Unsupported,
} from './types.ts';

const TEST_PAGE: TestPage = { path: '/google/maps/', view: '@{lat},{lon},{z}z' };

/** Google country domains where Maps lives at `/maps`; release host permissions list the same ones. */
export const GOOGLE_DOMAINS = [
  'google.com',
  'google.fr',
  'google.be',
  'google.ch',
  'google.de',
  'google.es',
  'google.it',
  'google.co.uk',
  'google.nl',
  'google.pt',
  'google.at',
  'google.lu',
];

export interface GoogleCamera {
  lat: number;
  lon: number;
  /** Field → number, e.g. { z: 15 } or { m: 1234, t: 0 } or { a: 3, y: 75, h: 90, t: 90 }. */
  fields: Record<string, number>;
}

/** Parses the `@lat,lng,…` segment of a Google Maps path, or null when there is none. */
export function parseGoogleCamera(pathname: string): GoogleCamera | null {
  const m = /\/@(-?[\d.]+),(-?[\d.]+)((?:,-?[\d.]+[a-z])*)/.exec(decodeURIComponentSafe(pathname));
  if (!m) return null;
  const fields: Record<string, number> = {};
  for (const part of m[3].split(',').filter(Boolean)) {
    const f = /^(-?[\d.]+)([a-z])$/.exec(part);
    if (f) fields[f[2]] = strictNumber(f[1]);
  }
  return { lat: strictNumber(m[1]), lon: strictNumber(m[2]), fields };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The Web Mercator zoom of a Google camera over a map `containerHeight` CSS px tall, or why there is none.
 * `approximate` is set when the zoom comes from a distance in metres.
 */
export function googleZoom(cam: GoogleCamera, containerHeight: number): { zoom: number; approximate: boolean } | Unsupported {
  const { fields } = cam;
  const tilt = fields.t ?? 0;
  const heading = fields.h ?? 0;
  if (fields.a !== undefined && fields.a <= 5 && tilt > 0) return { unsupported: 'street-view' };
  if (Math.abs(tilt) > 0.5) return { unsupported: 'tilted' };
  if (Math.abs(heading) > 0.5 && Math.abs(heading - 360) > 0.5) return { unsupported: 'rotated' };
  const cosLat = Math.cos((cam.lat * Math.PI) / 180);
  if (fields.z !== undefined) return { zoom: fields.z, approximate: false };
  if (fields.m !== undefined && fields.m > 0 && containerHeight > 0) {
    return { zoom: Math.log2((METRES_PER_PIXEL_Z0 * cosLat * containerHeight) / fields.m), approximate: true };
  }
  if (fields.a !== undefined && fields.y !== undefined && fields.a > 0 && fields.y > 0 && fields.y < 180 && containerHeight > 0) {
    const extent = 2 * fields.a * Math.tan((fields.y * Math.PI) / 360);
    return { zoom: Math.log2((METRES_PER_PIXEL_Z0 * cosLat * containerHeight) / extent), approximate: true };
  }
  return { unsupported: 'bad-position' };
}

function isGoogleMapsHost(url: LocationLike): boolean {
  const host = url.hostname.replace(/^www\./, '');
  if (host === 'maps.google.com') return true;
  return GOOGLE_DOMAINS.includes(host) && (url.pathname === '/maps' || url.pathname.startsWith('/maps/'));
}

export const google: RegisteredSite = {
  id: 'google',
  label: 'Google Maps',
  matchPatterns: GOOGLE_DOMAINS.flatMap((d) => [`https://www.${d}/maps*`]).concat(['https://maps.google.com/*']),
  testPage: TEST_PAGE,
  examples: [
    { url: 'https://www.google.com/maps/@43.6046256,1.4442469,15z?entry=ttu', view: { centre: [1.4442469, 43.6046256], zoom: 15 } },
    { url: 'https://www.google.com/maps/@43.6033,1.4431,542m,90h/data=!3m1!1e3', view: { unsupported: 'rotated' } },
  ],
  follow: 'address',
  matches(url) {
    return isGoogleMapsHost(url) || isLocalTestPage(url, TEST_PAGE);
  },
  readView(location, document) {
    const cam = parseGoogleCamera(location.pathname);
    if (!cam) return { unsupported: 'no-position' };
    if (/[/!]1e1\b|,3a,/.test(location.pathname) && (cam.fields.t ?? 0) > 0) return { unsupported: 'street-view' };
    // The map fills the window under the side panel; `#scene` is Google's map host when present.
    const element = findMapContainer(document, ['#scene', '[data-angle-mort-map]'], true)!;
    const container = containerRect(document, element);
    const z = googleZoom(cam, container.height);
    if ('unsupported' in z) return z;
    const bad = checkPosition(cam.lat, cam.lon, z.zoom);
    if (bad) return bad;
    return { centre: [cam.lon, cam.lat], zoom: z.zoom, container, element, approximate: z.approximate || undefined };
  },
};
