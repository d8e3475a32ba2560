/** Helpers for the overlay browser tests: test-page routing, the debug record, alignment checks. */
import type { Page } from 'playwright-core';
import { startStaticServer } from './harness.ts';

/** Maps each site's URL scheme on localhost to its page file (what the real site's router does). */
export function testPageFallback(pathname: string): string | undefined {
  // Map-less osm.org pages: the diaries, and the iD editor (which draws its own map).
  if (/^\/osm\/(?:user\/[^/]+\/)?diary\b/.test(pathname)) return 'osm/diary.html';
  if (/^\/osm\/(?:edit|id)\b/.test(pathname)) return 'osm/edit.html';
  if (pathname.startsWith('/osm/')) return 'osm/index.html';
  // uMap's home and other map-less pages (only /<lang>/map/… holds a map).
  if (/^\/umap\/(?:[a-z]{2}\/)?$/.test(pathname)) return 'umap/home.html';
  if (pathname.startsWith('/google/maps')) return 'google/index.html';
  if (pathname.startsWith('/umap/')) return 'umap/index.html';
  if (pathname.startsWith('/bing/maps')) return 'bing/index.html';
  if (pathname.startsWith('/mapy/')) return 'mapy/index.html';
  return undefined;
}

export const startTestPages = () => startStaticServer({ fallback: testPageFallback });

export interface SitePage {
  id: string;
  /** URL path (+ query/hash) of a view at lat/lon/zoom. */
  url(lat: number, lon: number, zoom: number): string;
}

export const SITE_PAGES: SitePage[] = [
  { id: 'osm', url: (lat, lon, z) => `/osm/#map=${z}/${lat}/${lon}` },
  { id: 'google', url: (lat, lon, z) => `/google/maps/@${lat},${lon},${z}z` },
  { id: 'umap', url: (lat, lon, z) => `/umap/fr/map/cameras-toulouse_1#${z}/${lat}/${lon}` },
  { id: 'bing', url: (lat, lon, z) => `/bing/maps?cp=${lat}~${lon}&lvl=${z}.0&style=r` },
  { id: 'mapy', url: (lat, lon, z) => `/mapy/en/zakladni?x=${lon}&y=${lat}&z=${z}` },
];

export interface OverlayDebug {
  site: string;
  active: boolean;
  /** True while the page has no map and the overlay draws nothing. */
  noMap?: boolean;
  visible: boolean;
  status: string | null;
  mode: string;
  frame: { zoom: number; left: number; top: number; width: number; height: number } | null;
  rect: { left: number; top: number; width: number; height: number } | null;
  dpr: number;
  cameraCount: number;
  stats: { updates: number; draws: number; lastDrawMs: number; maxDrawMs: number; fetches: number };
  drawn: Array<[id: string, lon: number, lat: number, x: number, y: number]>;
}

export async function readDebug(page: Page): Promise<OverlayDebug | null> {
  const raw = await page.evaluate(() => document.querySelector('angle-mort-overlay')?.getAttribute('data-angle-mort') ?? null);
  return raw ? (JSON.parse(raw) as OverlayDebug) : null;
}

/** Waits until the map is still and the overlay has drawn that same view (the debug record matches). */
export async function waitForSettledOverlay(page: Page, predicate: (d: OverlayDebug) => boolean = (d) => d.visible && d.drawn.length > 0, timeout = 15_000): Promise<OverlayDebug> {
  const deadline = Date.now() + timeout;
  let last: OverlayDebug | null = null;
  while (Date.now() < deadline) {
    last = await readDebug(page);
    if (last && predicate(last)) {
      // Settled = two reads 300 ms apart agree on the frame.
      await page.waitForTimeout(300);
      const again = await readDebug(page);
      if (again && predicate(again) && JSON.stringify(again.frame) === JSON.stringify(last.frame) && again.stats.draws === last.stats.draws) return again;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`overlay did not settle: ${JSON.stringify(last && { ...last, drawn: last.drawn.length })}`);
}

/** Largest distance (CSS px) between each drawn camera and Leaflet's own projection of it. */
export async function alignmentError(page: Page, d: OverlayDebug): Promise<{ max: number; count: number; worst?: unknown }> {
  return page.evaluate((drawn) => {
    const map = (window as unknown as { map: { latLngToContainerPoint(ll: [number, number]): { x: number; y: number } } }).map;
    let max = 0;
    let worst: unknown;
    for (const [id, lon, lat, x, y] of drawn) {
      const p = map.latLngToContainerPoint([lat, lon]);
      const e = Math.hypot(p.x - x, p.y - y);
      if (e > max) {
        max = e;
        worst = { id, x, y, leaflet: [p.x, p.y] };
      }
    }
    return { max, count: drawn.length, worst };
  }, d.drawn);
}
