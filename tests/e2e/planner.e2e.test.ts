/**
 * The standalone planner page (planner.html) in Chromium with the test build: routes by map clicks
 * (numbers equal the CLI's), GPX export, share link, area report around the Capitole (numbers equal the
 * engine's), a temporary camera that counts and then expires, the keyboard-only flow, and not a single
 * network request from the extension.
 *
 * The build is copied to a working folder (other tests rebuild .output-test); when the bundle does not
 * ship `graph.bin` yet, the graph the pipeline would build (same code, same shared data) is added there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { artifactPath, CHROME_EXTENSION_DIR, launchWithExtension, recordRequests, ROOT, type ExtensionSession } from './harness.ts';
import { cardNumbers, cliRoutes as cliRoutesOn, engineBeside, expectCardFromCli, type Alt } from './planner-helpers.ts';
import { areaReport } from '../../lib/area/report.ts';
import { haversineMetres, lonLatToWorldPixel, type LonLat } from '../../lib/geo/index.ts';
import { readGpx } from '../../lib/import/gpx.ts';
import { bundledCameras, toulouseGraphBytes } from '../unit/planner/fixture.ts';

const WORK_DIR = join(ROOT, 'tests/.tmp/planner-extension');
const GRAPH = join(WORK_DIR, 'bundle/graph.bin');
const TMP = join(ROOT, 'tests/.tmp/planner-e2e');
const CAPITOLE: LonLat = [1.444, 43.6045];
/** A quiet walk east of the centre (Busca), mostly unseen: a temporary camera on it shows. */
const VIEW_CENTRE: LonLat = [1.459, 43.6075];
const FROM: LonLat = [1.456, 43.609];
const TO: LonLat = [1.462, 43.606];
const ZOOM = 16;

let session: ExtensionSession;
let requests: string[];

const ALTS: Alt[] = ['shortest', 'balanced', 'discreet'];

beforeAll(async () => {
  rmSync(WORK_DIR, { recursive: true, force: true });
  cpSync(CHROME_EXTENSION_DIR, WORK_DIR, { recursive: true });
  if (!existsSync(GRAPH)) writeFileSync(GRAPH, toulouseGraphBytes());
  mkdirSync(TMP, { recursive: true });
  session = await launchWithExtension({ extensionDir: WORK_DIR, viewport: { width: 1280, height: 860 } });
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

/** CSS px of a lon/lat inside the map container, for a view centred on `centre` at `zoom` (Web Mercator, 256-px tiles, as Leaflet). */
async function clickMap(page: Page, at: LonLat, centre: LonLat, zoom = ZOOM): Promise<void> {
  const box = (await page.locator('#am-map').boundingBox())!;
  const [x, y] = lonLatToWorldPixel(at[0], at[1], zoom);
  const [cx, cy] = lonLatToWorldPixel(centre[0], centre[1], zoom);
  await page.mouse.click(box.x + box.width / 2 + (x - cx), box.y + box.height / 2 + (y - cy));
}

function sharedPoints(url: string): { from: LonLat; to: LonLat } {
  const params = new URLSearchParams(url.split('#')[1]);
  const pt = (s: string): LonLat => {
    const [lat, lon] = s.split(',').map(Number);
    return [lon, lat];
  };
  return { from: pt(params.get('from')!), to: pt(params.get('to')!) };
}

describe('standalone planner page', () => {
  let routePage: Page;
  let shareUrl: string;
  let request: { from: LonLat; to: LonLat };

  it('picks two points by clicking: three routes appear with the CLI’s numbers', async () => {
    routePage = await openPlanner(`#map=${ZOOM}/${VIEW_CENTRE[1]}/${VIEW_CENTRE[0]}`);
    await clickMap(routePage, FROM, VIEW_CENTRE);
    await expect.poll(() => routePage.locator('[data-testid="point-from"]').textContent()).toContain('43.60');
    await clickMap(routePage, TO, VIEW_CENTRE);
    await routePage.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    for (const alt of ALTS) await expect(routePage.locator(`[data-route="${alt}"]`)).toBeTruthy();

    shareUrl = (await routePage.locator('[data-testid="share-link"]').inputValue())!;
    request = sharedPoints(shareUrl);
    expect(haversineMetres(request.from[0], request.from[1], FROM[0], FROM[1])).toBeLessThan(5);
    const cli = await cliRoutesOn(request.from, request.to, GRAPH, TMP);
    for (const alt of ALTS) {
      const shown = await cardNumbers(routePage, alt);
      expectCardFromCli(shown, cli[alt].properties, alt);
    }
  });

  it('shows three distinct routes through the watched centre (screenshot)', async () => {
    // Carmes → Capuchins across the centre: the discreet route walks farther to be seen less.
    const page = await openPlanner('#from=43.601,1.453&to=43.609,1.44');
    await page.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const [s, b, d] = [await cardNumbers(page, 'shortest'), await cardNumbers(page, 'balanced'), await cardNumbers(page, 'discreet')];
    expect(s.length).toBeLessThan(d.length);
    expect(d.identification).toBeLessThan(s.identification);
    expect(b.length).toBeGreaterThanOrEqual(s.length);
    await page.locator('[data-route="discreet"]').hover();
    await page.locator('[data-route="shortest"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('planner-three-routes.png') });
    await page.close();
  });

  it('exports a valid GPX file with the three routes', async () => {
    const [download] = await Promise.all([
      routePage.waitForEvent('download'),
      routePage.getByRole('button', { name: 'Export GPX' }).click(),
    ]);
    const path = join(TMP, 'routes.gpx');
    await download.saveAs(path);
    const gpx = readGpx(readFileSync(path, 'utf8'));
    expect(gpx.lines.map((l) => l.name)).toEqual(['shortest', 'balanced', 'discreet']);
    const cli = await cliRoutesOn(request.from, request.to, GRAPH, TMP);
    for (const [i, alt] of ALTS.entries()) {
      expect(gpx.lines[i].points.length).toBe(cli[alt].geometry.coordinates.length);
    }
  });

  it('the share link reproduces the same routes in a new tab', async () => {
    expect(shareUrl).toMatch(/^angle-mort:#from=/);
    const again = await openPlanner(shareUrl.slice(shareUrl.indexOf('#')));
    await again.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    for (const alt of ALTS) expect(await cardNumbers(again, alt)).toEqual(await cardNumbers(routePage, alt));
    await again.close();
  });

  it('a temporary camera on the route counts at once, and no longer after its expiry', async () => {
    const cli = await cliRoutesOn(request.from, request.to, GRAPH, TMP);
    const before = await cardNumbers(routePage, 'shortest');
    // The point of the shortest route farthest from every camera.
    let spot = cli.shortest.geometry.coordinates[0];
    let far = -1;
    for (const p of cli.shortest.geometry.coordinates) {
      const d = Math.min(...bundledCameras().map((c) => haversineMetres(p[0], p[1], c.lon, c.lat)));
      if (d > far) {
        far = d;
        spot = p;
      }
    }
    await routePage.getByRole('tab', { name: 'My cameras' }).click();
    const add = routePage.getByRole('button', { name: 'Add a camera (click the map)' });
    await add.click();
    await expect.poll(() => add.getAttribute('aria-pressed')).toBe('true');
    await clickMap(routePage, spot, VIEW_CENTRE);
    const form = routePage.locator('[data-testid="camera-form"]');
    await form.waitFor();
    const expiresInMs = 20_000;
    const local = await routePage.evaluate((ms) => {
      const d = new Date(Date.now() + ms);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    }, expiresInMs);
    const savedAt = Date.now();
    await form.getByLabel('Expires (temporary camera, optional)').fill(local);
    await form.getByRole('button', { name: 'Save camera' }).click();
    const item = routePage.locator('[data-testid="user-cameras"] li').first();
    await item.waitFor();
    const id = (await item.getAttribute('data-camera'))!;
    expect(id).toMatch(/^user:/);

    await routePage.getByRole('tab', { name: 'Route' }).click();
    const shortest = routePage.locator('[data-route="shortest"]');
    await expect.poll(async () => (await cardNumbers(routePage, 'shortest')).seen, { timeout: 30_000 }).toBeGreaterThan(before.seen + 20);
    expect(await shortest.locator(`[data-camera="${id}"]`).count()).toBe(1);
    await routePage.screenshot({ path: artifactPath('planner-temporary-camera.png') });

    // After its expiry it stops counting at the next request.
    await new Promise((r) => setTimeout(r, Math.max(0, savedAt + expiresInMs + 1500 - Date.now())));
    await routePage.getByLabel('Longest detour (% of the shortest)').fill('31');
    await routePage.getByLabel('Longest detour (% of the shortest)').press('Enter');
    await expect.poll(async () => (await cardNumbers(routePage, 'shortest')).seen, { timeout: 30_000 }).toBe(before.seen);
    expect(await shortest.locator(`[data-camera="${id}"]`).count()).toBe(0);
    await routePage.close();
  });

  it('checks an area drawn around the Capitole; the report matches the engine', async () => {
    const page = await openPlanner();
    await page.getByRole('tab', { name: 'Area check' }).click();
    // A polygon around the Capitole square, corner by corner.
    const corners: LonLat[] = [
      [1.4418, 43.6058],
      [1.4462, 43.6058],
      [1.4462, 43.6031],
      [1.4418, 43.6031],
    ];
    for (const c of corners) await clickMap(page, c, CAPITOLE);
    await expect.poll(() => page.locator('[data-testid="area-points"]').textContent()).toContain('4 points');
    await page.getByRole('button', { name: 'Check this area' }).click();
    const report = page.locator('[data-testid="area-report"]');
    await report.waitFor({ timeout: 60_000 });

    // The exported GeoJSON carries the very polygon the page checked.
    const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: 'Export GeoJSON' }).click()]);
    const path = join(TMP, 'area.geojson');
    await download.saveAs(path);
    const gj = JSON.parse(readFileSync(path, 'utf8')) as {
      features: Array<{ properties: { layer: string }; geometry: { type: string; coordinates: number[][][] } }>;
    };
    const ring = gj.features.find((f) => f.properties.layer === 'area')!.geometry.coordinates[0].map(([x, y]) => [x, y] as LonLat);
    expect(haversineMetres(ring[0][0], ring[0][1], corners[0][0], corners[0][1])).toBeLessThan(5);

    const engine = engineBeside(GRAPH, bundledCameras());
    const expected = areaReport(
      { graph: engine.graph, scorer: engine.scorer, router: engine.currentRouter, edgesInBBox: (b) => engine.edgesInBBox(b) },
      { kind: 'polygon', ring },
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
    await expect.poll(() => report.locator('.am-ways li').count()).toBe(8);
    await report.locator('h3').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('planner-area-report.png') });
    await page.close();
  });

  it('the whole flow works from the keyboard, and every control has an accessible name', async () => {
    const page = await openPlanner();
    const focusOn = async (match: (el: { label: string; tag: string }) => boolean, max = 80) => {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const el = await page.evaluate(() => {
          const a = document.activeElement as HTMLElement | null;
          return { label: a?.getAttribute('aria-label') ?? a?.textContent ?? '', tag: a?.tagName ?? '' };
        });
        if (match(el)) return;
      }
      throw new Error('control not reachable by Tab');
    };
    await focusOn((el) => el.label === 'Search a street for the Start');
    await page.keyboard.type('place du capitole');
    await page.locator('[data-testid="search-from"] .am-results button').first().waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="point-from"]').textContent()).toContain('Capitole');
    await focusOn((el) => el.label === 'Search a street for the Destination');
    await page.keyboard.type('saint-sernin');
    await page.locator('[data-testid="search-to"] .am-results button').first().waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    await focusOn((el) => el.label === 'Show the Shortest route');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-route="shortest"] .am-card-title').getAttribute('aria-pressed')).toBe('true');
    // Tabs by arrow keys; the area tool places points at the map centre.
    await page.getByRole('tab', { name: 'Route' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Area check' }).getAttribute('aria-selected')).toBe('true');

    const unnamed = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(
        document.querySelectorAll<HTMLElement>(
          '.am-planner button, .am-planner input, .am-planner select, .am-planner a, .am-map-tools input',
        ),
      )) {
        if (el.closest('[hidden]')) continue;
        const labelled = el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.[0]?.textContent || el.textContent;
        if (!labelled?.trim()) out.push(el.outerHTML.slice(0, 120));
      }
      return out;
    });
    expect(unnamed).toEqual([]);
    await page.close();
  });

  it('the extension made no network request', () => {
    const foreign = requests.filter((u) => !u.startsWith('chrome-extension://') && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(requests.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
  });
});
