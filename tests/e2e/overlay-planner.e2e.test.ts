/**
 * The planner panel on a host map (the OSM-like test page) in Chromium with the test build: collapsed
 * behind "Plan a discreet walk"; map clicks stay the site's unless a "… on map" pick is pending (one click,
 * Escape cancels); two picked points give three routes whose numbers equal the CLI's, drawn on the overlay
 * within 2 CSS px of Leaflet's own projection (also after a pan and a zoom); hover emphasises a card's
 * route; the popup's "routes" layer switch hides them; a circle around the Capitole gives the engine's
 * report; and the extension makes no network request.
 *
 * The build is copied to a working folder (other tests rebuild .output-test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  artifactPath,
  CHROME_EXTENSION_DIR,
  launchWithExtension,
  recordRequests,
  ROOT,
  type ExtensionSession,
  type StaticServer,
} from './harness.ts';
import { startTestPages, waitForSettledOverlay, type OverlayDebug } from './overlay-helpers.ts';
import { cardNumbers, cliRoutes as cliRoutesOn, engineBeside, type Alt } from './planner-helpers.ts';
import { areaReport } from '../../lib/area/report.ts';
import { haversineMetres, type LonLat } from '../../lib/geo/index.ts';
import { bundledCameras, toulouseGraphBytes } from '../unit/planner/fixture.ts';

const WORK_DIR = join(ROOT, 'tests/.tmp/overlay-planner-extension');
const GRAPH = join(WORK_DIR, 'bundle/graph.bin');
const TMP = join(ROOT, 'tests/.tmp/overlay-planner-e2e');
const CAPITOLE: LonLat = [1.444, 43.6045];
/** Carmes → Capuchins across the watched centre: three distinct routes. */
const FROM: LonLat = [1.453, 43.601];
const TO: LonLat = [1.44, 43.609];
/** West of the pair's midpoint, so both points sit right of the open panel. */
const VIEW_CENTRE: LonLat = [1.4428, 43.605];
const ZOOM = 16;

const ALTS: Alt[] = ['shortest', 'balanced', 'discreet'];

interface PlannerDebug {
  picking: string | null;
  routesLayer: boolean;
  routes: Array<{ name: Alt; emphasis: boolean; points: Array<[number, number, number, number]> }>;
  area: string | null;
  areaPolygon: boolean;
}
type Debug = OverlayDebug & { planner: PlannerDebug };

let server: StaticServer;
let session: ExtensionSession;
let requests: string[];
let page: Page;

beforeAll(async () => {
  rmSync(WORK_DIR, { recursive: true, force: true });
  cpSync(CHROME_EXTENSION_DIR, WORK_DIR, { recursive: true });
  if (!existsSync(GRAPH)) writeFileSync(GRAPH, toulouseGraphBytes());
  mkdirSync(TMP, { recursive: true });
  server = await startTestPages();
  session = await launchWithExtension({ extensionDir: WORK_DIR, viewport: { width: 1280, height: 860 } });
  requests = recordRequests(session.context);
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function debug(p: Page): Promise<Debug> {
  const raw = await p.evaluate(() => document.querySelector('angle-mort-overlay')?.getAttribute('data-angle-mort') ?? 'null');
  return JSON.parse(raw) as Debug;
}

async function waitForDebug(p: Page, predicate: (d: Debug) => boolean, timeout = 60_000): Promise<Debug> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const d = await debug(p).catch(() => null);
    if (d && predicate(d)) return d;
    if (Date.now() > deadline) throw new Error(`timeout; last planner debug: ${JSON.stringify(d?.planner)}`);
    await p.waitForTimeout(100);
  }
}

/** Viewport px of a lon/lat, from Leaflet's own projection on the test page. */
async function screenPoint(p: Page, at: LonLat): Promise<{ x: number; y: number }> {
  return p.evaluate(([lon, lat]) => {
    const map = (window as any).map;
    const c = map.latLngToContainerPoint([lat, lon]);
    const r = map.getContainer().getBoundingClientRect();
    return { x: r.left + c.x, y: r.top + c.y };
  }, at);
}

/** A viewport point over the map where the overlay has nothing clickable (no camera button, no panel). */
async function freeMapPoint(p: Page): Promise<{ x: number; y: number }> {
  const found = await p.evaluate(() => {
    const root = document.querySelector('angle-mort-overlay')!.shadowRoot!;
    const r = (window as any).map.getContainer().getBoundingClientRect();
    for (let y = r.top + r.height * 0.3; y < r.top + r.height * 0.8; y += 7) {
      for (let x = r.left + r.width * 0.5; x < r.left + r.width * 0.9; x += 7) {
        const hit = root.elementFromPoint(x, y);
        if (!hit || !(hit as HTMLElement).closest?.('button, .dock, .legend, .card, a')) return { x, y };
      }
    }
    return null;
  });
  expect(found).not.toBeNull();
  return found!;
}

/** Leaflet's click events on the host map (a site's own click handler). */
async function hostClicks(p: Page): Promise<number> {
  return p.evaluate(() => (window as any).__hostClicks as number);
}

/** Largest distance (CSS px) between the drawn route vertices and Leaflet's latLngToContainerPoint. */
async function routeAlignment(p: Page, d: Debug): Promise<{ max: number; vertices: number }> {
  return p.evaluate((routes) => {
    const map = (window as any).map;
    let max = 0;
    let vertices = 0;
    for (const r of routes) {
      for (const [lon, lat, x, y] of r.points) {
        const q = map.latLngToContainerPoint([lat, lon]);
        max = Math.max(max, Math.hypot(q.x - x, q.y - y));
        vertices++;
      }
    }
    return { max, vertices };
  }, d.planner.routes);
}

async function settle(p: Page): Promise<Debug> {
  return (await waitForSettledOverlay(p, (d) => d.visible && d.drawn.length > 0, 30_000)) as Debug;
}

describe('planner on the host map', () => {
  let panel: Locator;
  let request: { from: LonLat; to: LonLat };

  it('is collapsed behind a keyboard-reachable "Plan a discreet walk" button', async () => {
    page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/#map=${ZOOM}/${VIEW_CENTRE[1]}/${VIEW_CENTRE[0]}`);
    await settle(page);
    await page.evaluate(() => {
      (window as any).__hostClicks = 0;
      (window as any).map.on('click', () => (window as any).__hostClicks++);
    });
    const toggle = page.getByRole('button', { name: 'Plan a discreet walk' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('.am-planner').count()).toBe(0);

    // Tab from the page reaches the toggle; Enter opens the panel.
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.querySelector('angle-mort-overlay')?.shadowRoot?.activeElement?.classList.contains('dock-toggle') ?? false,
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    panel = page.locator('#am-planner-panel');
    await panel.locator('.am-planner').waitFor();
    expect(await page.getByRole('button', { name: 'Hide the planner' }).getAttribute('aria-expanded')).toBe('true');

    // Every visible control in the panel has an accessible name.
    const unnamed = await page.evaluate(() => {
      const root = document.querySelector('angle-mort-overlay')!.shadowRoot!;
      const out: string[] = [];
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('.dock button, .dock input, .dock select, .dock a'))) {
        if (el.closest('[hidden]')) continue;
        const labelled = el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.[0]?.textContent || el.textContent;
        if (!labelled?.trim()) out.push(el.outerHTML.slice(0, 120));
      }
      return out;
    });
    expect(unnamed).toEqual([]);
  });

  it('leaves map clicks to the site unless a pick is pending; Escape cancels a pick', async () => {
    const p = await freeMapPoint(page);
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => hostClicks(page)).toBe(1);
    expect(await panel.locator('[data-testid="point-from"]').textContent()).toContain('not set');

    const pickFrom = panel.getByRole('button', { name: 'Pick start on map' });
    await pickFrom.click();
    await waitForDebug(page, (d) => d.planner.picking !== null);
    await page.keyboard.press('Escape');
    await waitForDebug(page, (d) => d.planner.picking === null);
    expect(await pickFrom.getAttribute('aria-pressed')).toBe('false');
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => hostClicks(page)).toBe(2);
    expect(await panel.locator('[data-testid="point-from"]').textContent()).toContain('not set');
  });

  it('picks two points by clicking: three routes with the CLI’s numbers, drawn where Leaflet puts them', async () => {
    await panel.getByRole('button', { name: 'Pick start on map' }).click();
    await waitForDebug(page, (d) => d.planner.picking !== null);
    const a = await screenPoint(page, FROM);
    await page.mouse.click(a.x, a.y);
    await expect.poll(() => panel.locator('[data-testid="point-from"]').textContent()).toContain('43.60');
    await panel.getByRole('button', { name: 'Pick destination on map' }).click();
    await waitForDebug(page, (d) => d.planner.picking !== null);
    const b = await screenPoint(page, TO);
    await page.mouse.click(b.x, b.y);
    await panel.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    // The overlay captured exactly those clicks: the host map saw none of them.
    expect(await hostClicks(page)).toBe(2);

    const shareUrl = await panel.locator('[data-testid="share-link"]').inputValue();
    expect(shareUrl).toMatch(/^angle-mort:#from=/);
    const params = new URLSearchParams(shareUrl.split('#')[1]);
    const pt = (s: string): LonLat => {
      const [lat, lon] = s.split(',').map(Number);
      return [lon, lat];
    };
    request = { from: pt(params.get('from')!), to: pt(params.get('to')!) };
    expect(haversineMetres(request.from[0], request.from[1], FROM[0], FROM[1])).toBeLessThan(3);
    expect(haversineMetres(request.to[0], request.to[1], TO[0], TO[1])).toBeLessThan(3);

    // The engine on the same graph bytes and cameras, with the panel's defaults (α = 2, detour cap 30 %).
    const engine = engineBeside(GRAPH, bundledCameras());
    const planned = engine.route({ from: request.from, to: request.to, alpha: 2, maxDetour: 0.3 });
    if (!planned.ok) throw new Error(planned.message);
    // …and the CLI (it prints metres to 0.1 m, hence the half-metre-and-a-bit tolerance).
    const cli = await cliRoutesOn(request.from, request.to, GRAPH, TMP);
    for (const alt of ALTS) {
      const r = planned[alt];
      const shown = await cardNumbers(panel, alt);
      expect(shown, alt).toEqual({
        length: Math.round(r.length),
        seen: Math.round(r.exposedMetres),
        identification: Math.round(r.exposure.identification),
        recognition: Math.round(r.exposure.recognition),
        observation: Math.round(r.exposure.observation),
      });
      const p = cli[alt].properties as Record<string, number>;
      expect(Math.abs(shown.length - p.lengthMetres), alt).toBeLessThanOrEqual(0.55);
      expect(Math.abs(shown.seen - p.exposedMetres), alt).toBeLessThanOrEqual(0.55);
      expect(Math.abs(shown.identification - p.identificationMetres), alt).toBeLessThanOrEqual(0.55);
    }
    expect(planned.discreet.exposure.identification).toBeLessThan(planned.shortest.exposure.identification);

    const d = await waitForDebug(page, (x) => x.visible && x.planner.routes.length === 3);
    expect(d.planner.routes.map((r) => r.name).sort()).toEqual([...ALTS].sort());
    for (const r of d.planner.routes) expect(r.points.length, r.name).toBe(cli[r.name].geometry.coordinates.length);
    const al = await routeAlignment(page, d);
    expect(al.vertices).toBeGreaterThan(20);
    expect(al.max).toBeLessThanOrEqual(2);

    // The planner canvas really holds the emphasised route's colour under its middle vertex.
    const discreet = d.planner.routes.find((r) => r.emphasis)!;
    const mid = discreet.points[Math.floor(discreet.points.length / 2)];
    const rgb = await page.evaluate(
      ([x, y]) => {
        const canvas = document.querySelector('angle-mort-overlay')!.shadowRoot!.querySelector('canvas.planner') as HTMLCanvasElement;
        const margin = (canvas.width / devicePixelRatio - canvas.parentElement!.clientWidth) / 2;
        const px = canvas
          .getContext('2d')!
          .getImageData(Math.round((x + margin) * devicePixelRatio), Math.round((y + margin) * devicePixelRatio), 1, 1).data;
        return [px[0], px[1], px[2], px[3]];
      },
      [mid[2], mid[3]],
    );
    // ROUTE_COLOURS.discreet = #2e7d32.
    expect(rgb).toEqual([0x2e, 0x7d, 0x32, 255]);
  });

  it('routes follow pans and zooms exactly like the cameras', async () => {
    await page.evaluate(() => (window as any).map.panBy([180, -120], { animate: false }));
    let d = await settle(page);
    d = await waitForDebug(page, (x) => x.planner.routes.length === 3 && JSON.stringify(x.frame) === JSON.stringify(d.frame));
    expect((await routeAlignment(page, d)).max).toBeLessThanOrEqual(2);
    await page.evaluate(() => (window as any).map.setZoom(17));
    await page.waitForTimeout(600);
    d = await settle(page);
    d = await waitForDebug(page, (x) => x.planner.routes.length === 3 && x.frame?.zoom === 17);
    expect((await routeAlignment(page, d)).max).toBeLessThanOrEqual(2);
    await page.evaluate(
      ([lon, lat, z]) => (window as any).map.setView([lat, lon], z, { animate: false }),
      [VIEW_CENTRE[0], VIEW_CENTRE[1], ZOOM],
    );
    d = await settle(page);
    d = await waitForDebug(page, (x) => x.planner.routes.length === 3 && x.frame?.zoom === ZOOM);
    expect((await routeAlignment(page, d)).max).toBeLessThanOrEqual(2);
  });

  it('hovering a card emphasises its route; the popup’s "routes" layer switch hides and shows them', async () => {
    await panel.locator('[data-route="shortest"]').hover();
    await waitForDebug(page, (d) => d.planner.routes.find((r) => r.emphasis)?.name === 'shortest');
    // The whole trip in view, right of the panel (zoom 15 still draws camera symbols), for the screenshot.
    await page.evaluate(() => (window as any).map.setView([43.605, 1.4385], 15, { animate: false }));
    await settle(page);
    await panel.locator('[data-route="shortest"]').scrollIntoViewIfNeeded();
    await panel.locator('[data-route="discreet"]').hover();
    const d = await waitForDebug(page, (x) => x.planner.routes.find((r) => r.emphasis)?.name === 'discreet' && x.frame?.zoom === 15);
    expect((await routeAlignment(page, d)).max).toBeLessThanOrEqual(2);
    await page.screenshot({ path: artifactPath('overlay-planner-routes.png') });

    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await popup.getByRole('button', { name: 'Open the planner' }).waitFor();
    const send = (m: unknown) => popup.evaluate((msg) => (globalThis as any).chrome.runtime.sendMessage(msg), m);
    await send({ type: 'settings/set', patch: { layers: { routes: false } } });
    await waitForDebug(page, (d) => !d.planner.routesLayer && d.planner.routes.length === 0);
    await send({ type: 'settings/set', patch: { layers: { routes: true } } });
    await waitForDebug(page, (d) => d.planner.routesLayer && d.planner.routes.length === 3);
    await popup.close();
  });

  it('checks a circle drawn around the Capitole: the report matches the engine', async () => {
    await page.evaluate(([lon, lat]) => (window as any).map.setView([lat, lon], 16, { animate: false }), CAPITOLE);
    await settle(page);
    await panel.getByRole('tab', { name: 'Area check' }).click();
    await panel.getByLabel('Circle').check();
    await panel.getByRole('button', { name: 'Add a point on map' }).click();
    await waitForDebug(page, (d) => d.planner.picking !== null);
    const c = await screenPoint(page, CAPITOLE);
    const before = await hostClicks(page);
    await page.mouse.click(c.x, c.y);
    await expect.poll(() => panel.locator('[data-testid="area-points"]').textContent()).toContain('1 point');
    expect(await hostClicks(page)).toBe(before);
    await panel.getByRole('button', { name: 'Check this area' }).click();
    const report = panel.locator('[data-testid="area-report"]');
    await report.waitFor({ timeout: 60_000 });
    await waitForDebug(page, (d) => d.planner.area === 'circle' && d.planner.areaPolygon);

    // The centre the overlay picked, from the share-precision point the panel placed.
    const centreText = await page.evaluate(() => {
      const root = document.querySelector('angle-mort-overlay')!.shadowRoot!;
      return root.querySelector('[data-testid="area-points"]')?.textContent ?? '';
    });
    expect(centreText).toContain('1 point');
    const engine = engineBeside(GRAPH, bundledCameras());
    // The click lands within one CSS px (≈ 2 m at zoom 16) of the Capitole; the engine gets the same clicked point.
    const clicked = await page.evaluate(
      ([x, y]) => {
        const map = (window as any).map;
        const r = map.getContainer().getBoundingClientRect();
        const ll = map.containerPointToLatLng([x - r.left, y - r.top]);
        return [Math.round(ll.lng * 1e6) / 1e6, Math.round(ll.lat * 1e6) / 1e6] as [number, number];
      },
      [c.x, c.y],
    );
    const expected = areaReport(
      { graph: engine.graph, scorer: engine.scorer, router: engine.currentRouter, edgesInBBox: (b) => engine.edgesInBBox(b) },
      { kind: 'circle', center: clicked, radiusMetres: 200 },
    );
    expect(expected.cameras.length).toBeGreaterThan(0);
    expect(Number(await report.locator('[data-field="camera-count"]').getAttribute('data-count'))).toBe(expected.cameras.length);
    expect(Number(await report.locator('[data-field="seen-share"]').getAttribute('data-share'))).toBe(
      Math.round(expected.streets.seenShare * 100),
    );
    expect(Number(await report.locator('[data-field="blind-count"]').getAttribute('data-count'))).toBe(expected.blindSpots.length);
    for (const tier of ['identification', 'recognition', 'observation'] as const) {
      expect(Number(await report.locator(`[data-field="${tier}"]`).getAttribute('data-metres'))).toBe(
        Math.round(expected.streets.seen[tier]),
      );
    }
    await expect.poll(() => report.locator('.am-ways li').count(), { timeout: 30_000 }).toBe(8);
    await report.locator('h3').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('overlay-planner-area.png') });
  });

  it('French: the button says "Planifier une marche discrète"', async () => {
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    const send = (m: unknown) => popup.evaluate((msg) => (globalThis as any).chrome.runtime.sendMessage(msg), m);
    await send({ type: 'settings/set', patch: { language: 'fr' } });
    await page.getByRole('button', { name: 'Masquer le planificateur' }).waitFor();
    await send({ type: 'settings/set', patch: { language: 'auto' } });
    await page.getByRole('button', { name: 'Hide the planner' }).waitFor();
    await popup.close();
  });

  it('the extension made no network request: only the test page’s own', () => {
    const foreign = requests.filter(
      (u) => !u.startsWith(server.origin) && !u.startsWith('chrome-extension://') && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(requests.some((u) => u.startsWith(server.origin))).toBe(true);
    expect(foreign).toEqual([]);
  });
});
