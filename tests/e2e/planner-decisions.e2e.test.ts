/**
 * Issue 12 on the standalone planner page (planner.html), Chromium with the test build: what a person needs
 * to act on the answers.
 * - Route cards show the figure the router minimised (weighted camera-metres, equal to the CLI's), its
 *   change against the shortest, the streets walked in order; "no quieter route" appears exactly when the
 *   three figures tie (a 0 % detour cap forces a tie).
 * - The three routes differ on the map by dash pattern and a name label, not by colour alone; dotted
 *   connectors join the placed points to where the walk graph starts and ends the route.
 * - Street names from the walk graph at high zoom (none at low zoom).
 * - Street search ranks by distance from the map's centre and says how far and which way; the search
 *   boxes carry visible labels.
 * - The area report ranks its ways out by the figure that gives the star, names their streets; the
 *   printable page keeps the figures, the streets and the sketch's labels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { artifactPath, CHROME_EXTENSION_DIR, launchWithExtension, recordRequests, ROOT, type ExtensionSession } from './harness.ts';
import { cliRoutes as cliRoutesOn, type Alt } from './planner-helpers.ts';
import { haversineMetres, type LonLat } from '../../lib/geo/index.ts';
import { decodeWalkGraph } from '../../lib/network/format.ts';
import { bundledCameras, toulouseGraphBytes } from '../unit/planner/fixture.ts';
import { cardNumbers } from './planner-helpers.ts';

const WORK_DIR = join(ROOT, 'tests/.tmp/planner-decisions-extension');
const GRAPH = join(WORK_DIR, 'bundle/graph.bin');
const TMP = join(ROOT, 'tests/.tmp/planner-decisions-e2e');
const ALTS: Alt[] = ['shortest', 'balanced', 'discreet'];
/** Jean-Jaurès → Saint-Cyprien (the example: the discreet route is more seen in %, less by the figure). */
const JJ: LonLat = [1.449, 43.6057];
const SC: LonLat = [1.4316, 43.5978];
const CAPITOLE: LonLat = [1.444, 43.6045];

let session: ExtensionSession;
let requests: string[];

beforeAll(async () => {
  rmSync(WORK_DIR, { recursive: true, force: true });
  cpSync(CHROME_EXTENSION_DIR, WORK_DIR, { recursive: true });
  if (!existsSync(GRAPH)) writeFileSync(GRAPH, toulouseGraphBytes());
  mkdirSync(TMP, { recursive: true });
  session = await launchWithExtension({ extensionDir: WORK_DIR, viewport: { width: 1280, height: 900 } });
  requests = recordRequests(session.context);
});

afterAll(async () => {
  await session?.close();
});

async function openPlanner(fragment = ''): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/planner.html${fragment}`);
  await page.locator('.am-planner').waitFor();
  await page.locator('.am-loading').waitFor({ state: 'detached', timeout: 60_000 });
  return page;
}

const share = (from: LonLat, to: LonLat, extra = '') => `#from=${from[1]},${from[0]}&to=${to[1]},${to[0]}${extra}`;

describe('route cards show the trade', () => {
  let page: Page;

  it('each card shows the CLI’s weighted figure, its change against the shortest and the streets walked', async () => {
    page = await openPlanner(share(JJ, SC));
    await page.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const cli = await cliRoutesOn(JJ, SC, GRAPH, TMP);
    const help = page.getByTestId('trade-help');
    expect(await help.isVisible()).toBe(true);
    expect(await help.textContent()).toContain('identification range counts 1');
    for (const alt of ALTS) {
      const card = page.locator(`[data-route="${alt}"]`);
      const p = cli[alt].properties as unknown as Record<string, number> & { streets: string[] };
      const figure = card.locator('[data-field="weighted"]');
      expect(await figure.isVisible()).toBe(true);
      // The card shows whole metres of the exact figure; the CLI prints tenths.
      const metres = Number(await figure.getAttribute('data-metres'));
      expect(Math.abs(metres - p.weightedExposureMetres), alt).toBeLessThanOrEqual(0.55);
      expect((await figure.textContent())!.replace(/\D/g, '')).toBe(String(metres));
      expect(await card.textContent()).toContain('Weighted camera-metres');
      // Streets in walking order, the walk graph's names.
      expect(await card.locator('[data-field="streets"]').textContent()).toBe(`Streets: ${p.streets.join(' → ')}`);
    }
    const s = cli.shortest.properties as unknown as Record<string, number>;
    const d = cli.discreet.properties as unknown as Record<string, number>;
    const trade = page.locator('[data-route="discreet"] [data-field="trade"]');
    expect(await trade.isVisible()).toBe(true);
    const dw = Math.round(d.weightedExposureMetres) - Math.round(s.weightedExposureMetres);
    const dl = Math.round(d.lengthMetres) - Math.round(s.lengthMetres);
    const di = Math.round(d.identificationMetres) - Math.round(s.identificationMetres);
    expect(dw).toBeLessThan(0);
    // The card rounds exact metres and the CLI prints tenths, so each whole-metre change may differ by one.
    const shownTrade = (await trade.textContent())!.match(
      /^Against the shortest: −(\d+) m weighted \(−(\d+) m at identification range\) for \+(\d+) m of walking$/,
    );
    expect(shownTrade, (await trade.textContent())!).not.toBeNull();
    const [tw, ti, tl] = shownTrade!.slice(1).map(Number);
    expect(Math.abs(tw - -dw)).toBeLessThanOrEqual(1);
    expect(Math.abs(ti - -di)).toBeLessThanOrEqual(1);
    expect(Math.abs(tl - dl)).toBeLessThanOrEqual(1);
    expect(await page.locator('[data-route="shortest"] [data-field="trade"]').count()).toBe(0);
    expect(await page.getByTestId('no-quieter').count()).toBe(0);
    await page.locator('[data-route="discreet"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('planner-trade-cards.png') });
  });

  it('the three routes differ by dash pattern and carry their names on the map', async () => {
    const dashes: Record<string, string | null> = {};
    for (const alt of ALTS) dashes[alt] = await page.locator(`path.am-route-${alt}`).getAttribute('stroke-dasharray');
    expect(dashes.discreet).toBeNull();
    expect(dashes.shortest).toBe('1 8');
    expect(dashes.balanced).toBe('12 7');
    const labels = page.locator('.am-route-label');
    expect(await labels.allTextContents()).toEqual(['Shortest', 'Balanced', 'Most discreet']);
    for (let i = 0; i < 3; i++) expect(await labels.nth(i).isVisible()).toBe(true);
    // The card's line sample has the same pattern as its line on the map.
    expect(await page.locator('[data-route="shortest"] .am-line-sample line').getAttribute('stroke-dasharray')).toBe('1 8');
    expect(await page.locator('[data-route="discreet"] .am-line-sample line').getAttribute('stroke-dasharray')).toBeNull();
  });

  it('a dotted connector joins the destination marker to the route’s end', async () => {
    const marker = (await page.locator('.am-marker', { hasText: 'B' }).boundingBox())!;
    const centre = { x: marker.x + marker.width / 2, y: marker.y + marker.height / 2 };
    const boxes = await page
      .locator('path.am-connector')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes.length).toBeGreaterThan(0);
    // One connector has an end at the destination marker (its box's corner, within a stroke's width).
    const touches = boxes.some((b) =>
      [
        [b.left, b.top],
        [b.right, b.top],
        [b.left, b.bottom],
        [b.right, b.bottom],
      ].some(([x, y]) => Math.hypot(x - centre.x, y - centre.y) < 4),
    );
    expect(touches).toBe(true);
  });

  it('says so when no quieter route exists within the detour cap (0 %: the three routes tie), and only then', async () => {
    const tied = await openPlanner(share(JJ, SC, '&detour=0'));
    await tied.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const note = tied.getByTestId('no-quieter');
    await note.waitFor();
    expect(await note.isVisible()).toBe(true);
    const figures = await Promise.all(
      ALTS.map((a) => tied.locator(`[data-route="${a}"] [data-field="weighted"]`).getAttribute('data-metres')),
    );
    expect(new Set(figures).size).toBe(1);
    expect(await note.textContent()).toContain(`No quieter route within the 0 % detour cap`);
    expect(await note.textContent()).toContain(`${Number(figures[0]).toLocaleString('en-GB')} m weighted camera-metres`);
    // Raising the cap finds a quieter route: the sentence goes.
    const cap = tied.getByRole('spinbutton', { name: /Longest detour/ });
    await cap.fill('30');
    await cap.press('Tab');
    await expect.poll(() => tied.getByTestId('no-quieter').count(), { timeout: 30_000 }).toBe(0);
    const after = await Promise.all(
      ALTS.map((a) => tied.locator(`[data-route="${a}"] [data-field="weighted"]`).getAttribute('data-metres')),
    );
    expect(new Set(after).size).toBeGreaterThan(1);
    await tied.close();
    await page.close();
  });
});

describe('orientation', () => {
  it('draws street names from the walk graph at high zoom, and none at low zoom', async () => {
    const page = await openPlanner(`#map=17/${CAPITOLE[1]}/${CAPITOLE[0]}`);
    await expect.poll(() => page.locator('.am-street-name').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    const shown = await page.locator('.am-street-name').allTextContents();
    const g = decodeWalkGraph(new Uint8Array(readFileSync(GRAPH)));
    const names = new Set(g.names);
    for (const n of shown) expect(names.has(n), n).toBe(true);
    // The labels are on screen, inside the map.
    const map = (await page.locator('#am-map').boundingBox())!;
    const first = (await page.locator('.am-street-name').first().boundingBox())!;
    expect(first.x + first.width / 2).toBeGreaterThan(map.x);
    expect(first.x + first.width / 2).toBeLessThan(map.x + map.width);
    await page.screenshot({ path: artifactPath('planner-street-names.png') });
    await page.evaluate(() => document.querySelector<HTMLElement>('#am-map')!.dispatchEvent(new Event('am-test')));
    // Zoom out to 14: no names.
    for (let i = 0; i < 3; i++) {
      await page.locator('.leaflet-control-zoom-out').click();
      await page.waitForTimeout(350);
    }
    await expect.poll(() => page.locator('.am-street-name').count(), { timeout: 30_000 }).toBe(0);
    await page.close();
  });

  it('street search: visible labels on both boxes, results ranked by distance from the view with how far and which way', async () => {
    const page = await openPlanner(`#map=16/${SC[1]}/${SC[0]}`);
    for (const [id, text, badge] of [
      ['search-from', 'Search a street for the Start', 'A'],
      ['search-to', 'Search a street for the Destination', 'B'],
    ] as const) {
      const caption = page.getByTestId(id).locator('.am-search-caption');
      expect(await caption.isVisible()).toBe(true);
      expect((await caption.textContent())!.trim()).toBe(`${badge}${text}`);
      expect(await page.getByRole('searchbox', { name: text }).count()).toBe(1);
    }
    await page.getByRole('searchbox', { name: 'Search a street for the Destination' }).fill('Saint-Cyprien');
    const results = page.getByTestId('search-to').locator('.am-results li');
    await expect.poll(() => results.count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const texts = await page.getByTestId('search-to').locator('[data-field="where"]').allTextContents();
    const metres = texts.map((t) => {
      if (t.includes('at the map centre')) return 0;
      const m = /([\d.,]+) (k?m) /.exec(t)!;
      return Number(m[1].replace(/,/g, '')) * (m[2] === 'km' ? 1000 : 1);
    });
    expect(metres).toEqual([...metres].sort((a, b) => a - b));
    expect(metres[0]).toBeLessThan(800);
    for (const t of texts) expect(t).toMatch(/at the map centre|of the map centre/);
    // Picking the nearest sets the destination near the view, not across town.
    const firstName = (await results.first().locator('button').textContent())!.split(' — ')[0];
    await results.first().locator('button').click();
    await expect.poll(() => page.getByTestId('point-to').textContent()).toContain(firstName);
    await page.screenshot({ path: artifactPath('planner-street-search.png') });
    await page.close();
  });

  it('the area report ranks its exits by the figure that gives the star, names their streets; the printable page keeps them', async () => {
    const page = await openPlanner(`#map=16/${CAPITOLE[1]}/${CAPITOLE[0]}`);
    await page.getByRole('tab', { name: 'Area check' }).click();
    await page.getByRole('radio', { name: 'Circle' }).check();
    await page.getByRole('button', { name: 'Add point at map centre' }).click();
    await page.getByRole('button', { name: 'Check this area' }).click();
    const report = page.getByTestId('area-report');
    await report.waitFor({ timeout: 60_000 });
    const items = report.locator('[data-testid="ways-out"] > li');
    await expect.poll(() => items.count()).toBe(8);
    expect(await report.getByTestId('ways-help').isVisible()).toBe(true);
    const first = items.first();
    expect(await first.getAttribute('data-best')).toBe('true');
    expect(await first.textContent()).toMatch(
      /^★ \w+: [\d,]+ m weighted camera-metres — .* seen, .* at identification range \(least seen\) — via .+/,
    );
    const figures: number[] = [];
    for (let i = 0; i < 8; i++) {
      const w = items.nth(i).locator('[data-field="weighted"]');
      if (await w.count()) figures.push(Number(await w.getAttribute('data-metres')));
    }
    expect(figures).toEqual([...figures].sort((a, b) => a - b));
    expect(await report.locator('[data-best="true"]').count()).toBe(1);
    // On the map: every way out is labelled at its end; the star is on the best.
    const exitLabels = await page.locator('.am-exit-label').allTextContents();
    expect(exitLabels.length).toBe(figures.length);
    expect(exitLabels.filter((t) => t.startsWith('★'))).toHaveLength(1);
    await report.locator('h3').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('planner-area-exits.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Printable page' }).click()]);
    const path = join(TMP, 'area.html');
    await download.saveAs(path);
    const printed = await session.context.newPage();
    await printed.goto(`file://${path}`);
    const rows = printed.locator('tr.best');
    expect(await rows.count()).toBe(1);
    expect(await rows.locator('td.num').textContent()).toBe(`${figures[0].toLocaleString('en-GB')} m`);
    expect(await printed.locator('text[data-exit]').count()).toBe(figures.length);
    expect(await printed.locator('body').textContent()).toContain('Ranked by weighted camera-metres');
    await printed.screenshot({ path: artifactPath('planner-area-printable.png'), fullPage: true });
    await printed.close();
    await page.close();
  });

  it('the extension made no network request (orientation)', () => {
    expect(requests.filter((u) => !u.startsWith('chrome-extension://') && !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
  });
});

describe('sharing and tabs', () => {
  /** A quiet walk east of the centre (Busca): a camera added on it shows in the numbers. */
  const FROM: LonLat = [1.456, 43.609];
  const TO: LonLat = [1.462, 43.606];

  it('the share link carries no extension id, and any planner opens it from “Open a shared link”', async () => {
    const first = await openPlanner(share(FROM, TO, '&alpha=4&detour=40'));
    await first.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const link = await first.getByTestId('share-link').inputValue();
    expect(link).toMatch(/^angle-mort:#from=43\.609,1\.456&to=43\.606,1\.462&alpha=4&detour=40$/);
    expect(link).not.toContain(session.extensionId);
    expect(link).not.toContain('extension://');

    // A planner with nothing set (another install would be the same page with another id).
    const other = await openPlanner();
    const box = other.getByRole('textbox', { name: 'Open a shared link' });
    await box.fill('https://example.org/not-a-share-link');
    await other.getByTestId('open-shared').getByRole('button', { name: 'Open' }).click();
    expect(await other.getByRole('alert').textContent()).toContain('not an Angle Mort share link');
    await box.fill(link);
    await other.getByTestId('open-shared').getByRole('button', { name: 'Open' }).click();
    await other.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    for (const alt of ALTS) expect(await cardNumbers(other, alt), alt).toEqual(await cardNumbers(first, alt));
    expect(await other.getByTestId('share-link').inputValue()).toBe(link);
    // Links made by an older version (the planner page's own address, any id) open too.
    const third = await openPlanner();
    await third
      .getByRole('textbox', { name: 'Open a shared link' })
      .fill(`chrome-extension://abcdefghijklmnopabcdefghijklmnop/planner.html${share(FROM, TO, '&alpha=4&detour=40')}`);
    await third.getByTestId('open-shared').getByRole('button', { name: 'Open' }).click();
    await third.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    expect(await cardNumbers(third, 'discreet')).toEqual(await cardNumbers(first, 'discreet'));
    await Promise.all([first.close(), other.close(), third.close()]);
  });

  it('a camera added, then deleted, in another tab re-plans the routes shown here', async () => {
    const routes = await openPlanner(share(FROM, TO));
    await routes.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const before = await cardNumbers(routes, 'shortest');
    const cli = await cliRoutesOn(FROM, TO, GRAPH, TMP);
    // The point of the shortest route farthest from every camera.
    let spot = cli.shortest.geometry.coordinates[0];
    let far = -1;
    // (Away from the ends: the planner page's centre is read back from the address at 1e-6°.)
    const line = cli.shortest.geometry.coordinates;
    for (const p of line.slice(3, -3)) {
      const d = Math.min(...bundledCameras().map((c) => haversineMetres(p[0], p[1], c.lon, c.lat)));
      if (d > far) [far, spot] = [d, p];
    }

    const other = await openPlanner(`#map=18/${spot[1]}/${spot[0]}`);
    await other.getByRole('tab', { name: 'My cameras' }).click();
    await other.getByRole('button', { name: 'Add a camera at map centre' }).click();
    const form = other.getByTestId('camera-form');
    await form.waitFor();
    await form.getByRole('button', { name: 'Save camera' }).click();
    const item = other.getByTestId('user-cameras').locator('li').first();
    await item.waitFor();
    const id = (await item.getAttribute('data-camera'))!;

    // The first tab did nothing; its routes were planned again with the new camera.
    const shortest = routes.locator('[data-route="shortest"]');
    await expect.poll(async () => (await cardNumbers(routes, 'shortest')).seen, { timeout: 30_000 }).toBeGreaterThan(before.seen + 20);
    expect(await shortest.locator(`[data-camera="${id}"]`).count()).toBe(1);
    // Its own camera list shows it too.
    await routes.getByRole('tab', { name: 'My cameras' }).click();
    await expect.poll(() => routes.locator(`[data-testid="user-cameras"] li[data-camera="${id}"]`).count(), { timeout: 15_000 }).toBe(1);
    await routes.getByRole('tab', { name: 'Route' }).click();

    // Deleted in the other tab: this tab stops routing with it.
    await item.getByRole('button', { name: /^Delete/ }).click();
    await expect.poll(async () => (await cardNumbers(routes, 'shortest')).seen, { timeout: 30_000 }).toBe(before.seen);
    expect(await shortest.locator(`[data-camera="${id}"]`).count()).toBe(0);
    await Promise.all([routes.close(), other.close()]);
  });

  it('the extension made no network request', () => {
    expect(requests.filter((u) => !u.startsWith('chrome-extension://') && !u.startsWith('file://') && !u.startsWith('data:'))).toEqual([]);
  });
});
