/**
 * The share link: a route request in the URL fragment (`#from=lat,lon&to=lat,lon&via=lat,lon;lat,lon&alpha=2&detour=30`).
 * The fragment never reaches a server. Points are lat,lon like map sites' URLs, rounded to 1e-6° (≈ 0.1 m, the precision the planner places
 * points at, so a shared link reproduces the very same routes);
 * the detour is in percent. Reading is as strict as a message: anything malformed is dropped, never thrown.
 */
import type { LonLat } from '../geo/index.ts';

export interface SharedRequest {
  from?: LonLat;
  to?: LonLat;
  via: LonLat[];
  alpha?: number;
  /** Detour cap as a fraction (0.3 = +30 %). */
  maxDetour?: number;
}

const MAX_VIA = 25;
const fmt = (p: LonLat) => `${round6(p[1])},${round6(p[0])}`;
const round6 = (x: number) => String(Math.round(x * 1e6) / 1e6);

/** `from=…&to=…` (without the leading `#`). */
export function encodeShareFragment(r: SharedRequest): string {
  const parts: string[] = [];
  if (r.from) parts.push(`from=${fmt(r.from)}`);
  if (r.to) parts.push(`to=${fmt(r.to)}`);
  if (r.via.length) parts.push(`via=${r.via.slice(0, MAX_VIA).map(fmt).join(';')}`);
  if (r.alpha !== undefined) parts.push(`alpha=${Math.round(r.alpha * 100) / 100}`);
  if (r.maxDetour !== undefined) parts.push(`detour=${Math.round(r.maxDetour * 100)}`);
  return parts.join('&');
}

function parsePoint(text: string | null): LonLat | undefined {
  if (!text) return undefined;
  const m = /^(-?\d{1,2}(?:\.\d{1,9})?),(-?\d{1,3}(?:\.\d{1,9})?)$/.exec(text.trim());
  if (!m) return undefined;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? [lon, lat] : undefined;
}

/** Reads a fragment (with or without `#`); unknown or malformed fields are ignored. */
export function decodeShareFragment(fragment: string): SharedRequest {
  const params = new URLSearchParams(fragment.replace(/^#/, '').slice(0, 4_000));
  const out: SharedRequest = { via: [] };
  const from = parsePoint(params.get('from'));
  if (from) out.from = from;
  const to = parsePoint(params.get('to'));
  if (to) out.to = to;
  const via = params.get('via');
  if (via) {
    for (const p of via.split(';').slice(0, MAX_VIA)) {
      const point = parsePoint(p);
      if (point) out.via.push(point);
    }
  }
  const alpha = Number(params.get('alpha'));
  if (params.has('alpha') && Number.isFinite(alpha) && alpha >= 0 && alpha <= 1_000) out.alpha = alpha;
  const detour = Number(params.get('detour'));
  if (params.has('detour') && Number.isFinite(detour) && detour >= 0 && detour <= 1_000) out.maxDetour = detour / 100;
  return out;
}

/**
 * The share link's scheme. A link must open in any install: `chrome-extension://<id>/…` opens only in
 * the install that made it (each unpacked Chromium install and every Firefox profile has its own id), and
 * a web address would hand the request to that site's scripts. So the link is `angle-mort:#<fragment>`:
 * no host, no extension id, the request only in the fragment; any install's planner opens it from its
 * "Open a shared link" box (which also reads the older `chrome-extension://…/planner.html#…` links).
 */
export const SHARE_SCHEME = 'angle-mort:';

/** `angle-mort:#from=…&to=…`. */
export function shareLink(r: SharedRequest): string {
  return `${SHARE_SCHEME}#${encodeShareFragment(r)}`;
}

/**
 * Reads a pasted share link (any text with a `#` followed by a request: `angle-mort:#…`, or a planner
 * address from any install). Null when it holds no start or destination: the caller says so.
 */
export function readShareLink(text: string): SharedRequest | null {
  const t = text.trim().slice(0, 4_100);
  const hash = t.indexOf('#');
  if (hash < 0) return null;
  const r = decodeShareFragment(t.slice(hash + 1));
  return r.from || r.to ? r : null;
}
