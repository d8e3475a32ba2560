/** Helpers for the overlay browser tests: test-page routing, the debug record, alignment checks. */
import type { Page } from 'playwright-core';
import { SITE_ADAPTERS } from '../../lib/sites/index.ts';
import { testPageAddress } from '../../lib/sites/types.ts';
import { startStaticServer } from './harness.ts';

/**
 * Map-less pages some sites serve beside their map page, by site id: a pattern over the path after the site's
 * test prefix, and the page file in tests/pages/<id>/. Every other path under a prefix is the site's map page,
 * tests/pages/<id>/index.html.
 */
const OTHER_PAGES: Record<string, Array<[path: RegExp, file: string]>> = {
  // The osm.org diaries, and the iD editor (which draws its own map).
  osm: [
    [/^(?:user\/[^/]+\/)?diary\b/, 'diary.html'],
    [/^(?:edit|id)\b/, 'edit.html'],
  ],
  // uMap's home and other map-less pages (only /<lang>/map/… holds a map).
  umap: [[/^(?:[a-z]{2}\/)?$/, 'home.html']],
};

/** Maps each site's URL scheme on localhost to its page file (what the real site's router does). */
export function testPageFallback(pathname: string): string | undefined {
  for (const site of SITE_ADAPTERS) {
    if (!pathname.startsWith(site.testPage.path)) continue;
    const rest = pathname.slice(site.testPage.path.length).replace(/^\//, '');
    const other = OTHER_PAGES[site.id]?.find(([path]) => path.test(rest));
    return `${site.id}/${other ? other[1] : 'index.html'}`;
  }
  return undefined;
}

export const startTestPages = () => startStaticServer({ fallback: testPageFallback });

export interface SitePage {
  id: string;
  /** URL path (+ query/hash) of a view at lat/lon/zoom. */
  url(lat: number, lon: number, zoom: number): string;
}

/** Every registered site's test page, addressed the way the site's adapter reads (`SiteAdapter.testPage`). */
export const SITE_PAGES: SitePage[] = SITE_ADAPTERS.map(({ id, testPage }) => ({
  id,
  url: (lat, lon, z) => testPageAddress(testPage, lat, lon, z),
}));

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
  stats: { updates: number; draws: number; lastDrawMs: number; maxDrawMs: number; fetches: number; sightPending: number };
  drawn: Array<[id: string, lon: number, lat: number, x: number, y: number]>;
}

export async function readDebug(page: Page): Promise<OverlayDebug | null> {
  const raw = await page.evaluate(() => document.querySelector('angle-mort-overlay')?.getAttribute('data-angle-mort') ?? null);
  return raw ? (JSON.parse(raw) as OverlayDebug) : null;
}

/** Waits until the map is still and the overlay has drawn that same view (the debug record matches). */
export async function waitForSettledOverlay(
  page: Page,
  predicate: (d: OverlayDebug) => boolean = (d) => d.visible && d.drawn.length > 0,
  timeout = 15_000,
): Promise<OverlayDebug> {
  const deadline = Date.now() + timeout;
  let last: OverlayDebug | null = null;
  while (Date.now() < deadline) {
    last = await readDebug(page);
    if (last && predicate(last)) {
      // Settled = two reads 300 ms apart agree on the frame.
      await page.waitForTimeout(300);
      const again = await readDebug(page);
      if (again && predicate(again) && JSON.stringify(again.frame) === JSON.stringify(last.frame) && again.stats.draws === last.stats.draws)
        return again;
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

/** Viewport px of a lon/lat, from Leaflet's own projection on the OSM-like test page. */
export function leafletScreenPoint(page: Page, at: readonly [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate(([lon, lat]) => {
    const map = (
      window as unknown as { map: { latLngToContainerPoint(ll: number[]): { x: number; y: number }; getContainer(): HTMLElement } }
    ).map;
    const c = map.latLngToContainerPoint([lat, lon]);
    const r = map.getContainer().getBoundingClientRect();
    return { x: r.left + c.x, y: r.top + c.y };
  }, at);
}

/**
 * Picks start and destination on the OSM-like test page's map through the open planner panel's buttons, each map
 * click once the panel waits for it (the debug record's `planner.picking`).
 */
export async function pickStartAndDestination(page: Page, from: readonly [number, number], to: readonly [number, number]): Promise<void> {
  const panel = page.locator('#am-planner-panel');
  const picking = async () =>
    ((await readDebug(page)) as unknown as { planner?: { picking: string | null } } | null)?.planner?.picking ?? null;
  for (const [button, at] of [
    ['Pick start on map', from],
    ['Pick destination on map', to],
  ] as const) {
    await panel.getByRole('button', { name: button }).click();
    for (const deadline = Date.now() + 10_000; (await picking()) === null; await page.waitForTimeout(50))
      if (Date.now() > deadline) throw new Error(`the panel does not wait for a map click after "${button}"`);
    const p = await leafletScreenPoint(page, at);
    await page.mouse.click(p.x, p.y);
  }
}
