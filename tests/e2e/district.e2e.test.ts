/**
 * "Get this district from OpenStreetMap" end to end in Chromium with the test build, on real data: the
 * Overpass endpoint (a setting) points at a local stand-in that answers bbox queries from the real Porto
 * 2020 extract, converted at test time by the project's own PBF reader. From the offline OSM test page
 * centred on Porto: the dock's button, the confirmation naming the rounded box and the server, progress,
 * the downloaded cameras drawn, a route planned on the planner page there; every request the stand-in saw
 * is the rounded box's query and nothing else. Then the faults through the same UI (429 with a long
 * Retry-After, 504 then Cancel, a cut body, an oversized body), each leaving the store byte-for-byte unchanged.
 * Last, the dock's data-quality note: it checks the view by itself while the panel is open and follows the map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, recordRequests, type ExtensionSession } from './harness.ts';
import { waitForSettledOverlay } from './overlay-helpers.ts';
import { databaseDigest, status, type OverpassStandIn } from './options-helpers.ts';
import {
  AREA_ID,
  BOX_TEXT,
  CELL,
  CENTRE,
  cutBody,
  type DistrictSession,
  portoAnswer,
  portoHandler,
  oversized,
  startDistrictSession,
} from './district-helpers.ts';
import { ALL_LAYERS, buildAreaQuery } from '../../lib/sources/overpass-query.ts';

/** Porto's Baixa at zoom 17: the 1280 px view lies inside one 0.05° cell. */

let district: DistrictSession;
let overpass: OverpassStandIn;
let session: ExtensionSession;
let browserRequests: string[];
let ext: Page;
let map: Page;

const lastQuery = () => overpass.requests[overpass.requests.length - 1]?.query ?? '';

beforeAll(async () => {
  district = await startDistrictSession((context) => {
    browserRequests = recordRequests(context);
  });
  ({ overpass, session, ext, map } = district);
}, 120_000);

afterAll(async () => {
  await district?.close();
});

/** Clicks "Get this district", checks the confirmation, confirms. */
async function getDistrict(p: Page, screenshot?: string): Promise<string> {
  const district = p.locator('.am-district').first();
  await district.getByRole('button', { name: 'Get this district from OpenStreetMap' }).click();
  const confirm = district.locator('.am-district-confirm');
  await confirm.waitFor();
  const text = (await confirm.textContent()) ?? '';
  if (screenshot) await p.screenshot({ path: artifactPath(screenshot) });
  await district.getByRole('button', { name: 'Download' }).click();
  return text;
}

describe('Get this district (real Porto data through the Overpass stand-in)', () => {
  it('confirms the rounded box, shows progress, draws the cameras, and the planner routes there', async () => {
    const before = overpass.requests.length;
    overpass.queue.push(portoHandler(lastQuery, 800));
    const confirmation = await getDistrict(map, 'district-confirmation.png');
    expect(confirmation).toContain(BOX_TEXT);
    expect(confirmation).toContain('1 cell of 0.05°');
    expect(confirmation).toContain(overpass.url);
    expect(confirmation).toContain('Nothing else is sent: not your position, not your routes, not the exact view.');

    const district = map.locator('.am-district').first();
    // Progress: a progress bar and a status line with Cancel while it runs.
    await district.locator('.am-district-run progress').waitFor({ timeout: 10_000 });
    expect(await district.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);
    const done = district.locator('.am-district-done');
    await done.waitFor({ timeout: 120_000 });
    expect(await done.textContent()).toMatch(/Done: \d+ cameras and the walk graph stored for 41\.10° N/);

    // Exactly one request, and it is the rounded box's query, byte for byte.
    const sent = overpass.requests.slice(before);
    expect(sent.map((r) => r.method)).toEqual(['POST']);
    expect(sent[0].query).toBe(buildAreaQuery(CELL, ALL_LAYERS));
    expect(sent[0].cookie).toBeUndefined();

    // The overlay draws the downloaded cameras at once.
    const drawn = await waitForSettledOverlay(map, (d) => d.visible && d.drawn.some(([id]) => id.startsWith(`${AREA_ID}:`)), 30_000);
    const portoCams = JSON.parse(portoAnswer(CELL)).elements.filter((e: any) => e.tags?.man_made === 'surveillance').length;
    expect(portoCams).toBeGreaterThan(5);
    expect(drawn.drawn.filter(([id]) => id.startsWith(`${AREA_ID}:`)).length).toBeGreaterThan(5);

    // The planner page lists the area with its data date (the extract's, not today) and routes inside it.
    const planner = await session.context.newPage();
    await planner.goto(`chrome-extension://${session.extensionId}/planner.html#from=41.1408,-8.6106&to=41.1469,-8.6068`);
    const item = planner.locator(`.am-areas li[data-dataset="${AREA_ID}"]`);
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain('data of 20 Jul 2020');
    expect(await item.getByRole('button', { name: /^Update / }).count()).toBe(1);
    await planner.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    // Data quality: most Porto cameras have no tagged direction; the note says so and offers the update.
    const note = planner.locator('.am-quality-note');
    await note.waitFor({ timeout: 30_000 });
    expect(await note.innerText()).toMatch(/\d+ % of the \d+ cameras in view have no known direction/);
    expect(await note.getByRole('button', { name: 'Update from OpenStreetMap' }).count()).toBe(1);
    const length = Number(await planner.locator('[data-route="shortest"] [data-field="length"]').getAttribute('data-metres'));
    // 41.1408,-8.6106 → 41.1469,-8.6068 is ≈ 750 m as the crow flies.
    expect(length).toBeGreaterThan(700);
    expect(length).toBeLessThan(2_000);
    // Walls: a download with buildings uses them (`mapped`).
    const listing = await ext.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'datasets/list' }));
    const area = (listing.value as Array<{ id: string; wallSource?: string }>).find((d) => d.id === AREA_ID);
    expect(area?.wallSource).toBe('mapped');
    await planner.close();

    // Nothing but the local pages and the stand-in was ever contacted.
    for (const url of browserRequests) expect(url).toMatch(/^(chrome-extension:|http:\/\/(127\.0\.0\.1|localhost)[:/]|data:|blob:)/);
  }, 240_000);

  async function faultCase(
    handlers: Array<Parameters<typeof overpass.queue.push>[0]>,
    expectText: RegExp,
    opts: { cancelOn?: RegExp } = {},
  ) {
    const digestBefore = await databaseDigest(ext);
    const before = overpass.requests.length;
    overpass.queue.push(...handlers);
    await getDistrict(map);
    const district = map.locator('.am-district').first();
    if (opts.cancelOn) {
      await district.locator('.am-district-run [role="status"]', { hasText: opts.cancelOn }).waitFor({ timeout: 30_000 });
      await district.getByRole('button', { name: 'Cancel' }).click();
    }
    const error = district.locator('.am-district-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(expectText);
    expect(await error.textContent()).toContain('Nothing was written.');
    for (const r of overpass.requests.slice(before)) expect(r.query).toBe(buildAreaQuery(CELL, ALL_LAYERS));
    overpass.queue.length = 0;
    expect(await databaseDigest(ext)).toBe(digestBefore);
  }

  it('429 with a long Retry-After: says when to try again, store unchanged', async () => {
    await faultCase([status(429, { 'Retry-After': '600' })], /The server is busy \(too many requests\)\. Try again in 10 min\./);
  }, 120_000);

  it('504: retries with a visible countdown, Cancel stops it, store unchanged', async () => {
    await faultCase([status(504), status(504), status(504), status(504)], /Cancelled\./, { cancelOn: /trying again in \d+ s/ });
  }, 120_000);

  it('a cut body: says it was cut off, store unchanged', async () => {
    const full = portoAnswer({ south: 41.14, west: -8.62, north: 41.145, east: -8.61 });
    await faultCase([cutBody(full), cutBody(full), cutBody(full), cutBody(full)], /The answer was cut off before its end\./);
  }, 120_000);

  it('an oversized body: refused by its announced size, store unchanged', async () => {
    await faultCase([oversized()], /The answer is too large/);
  }, 120_000);

  it("the dock's data-quality note follows the host map by itself while the panel is open", async () => {
    // Back over the downloaded Porto cell (most of its cameras have no tagged direction: the rule holds).
    await map.evaluate((h) => {
      location.hash = h;
    }, `#map=17/${CENTRE.lat}/${CENTRE.lon}`);
    await waitForSettledOverlay(map, (d) => d.visible && d.drawn.some(([id]) => id.startsWith(`${AREA_ID}:`)), 30_000);
    const dock = map.locator('angle-mort-overlay .dock');
    const note = dock.locator('.am-quality-note');
    // Panel closed: the dock stays small on the site's page, no note and no check button.
    expect(await note.count()).toBe(0);
    expect(await dock.getByRole('button', { name: 'Check the street map here' }).count()).toBe(0);

    await dock.getByRole('button', { name: 'Plan a discreet walk' }).click();
    // Opening the panel checks the view at once: the hatched note, without pressing anything else.
    await note.waitFor({ timeout: 30_000 });
    expect(await note.innerText()).toMatch(/\d+ % of the \d+ cameras in view have no known direction/);
    expect(await note.getByRole('button', { name: 'Update from OpenStreetMap' }).count()).toBe(1);
    await map.screenshot({ path: artifactPath('district-dock-quality.png') });

    // The map moves out to sea west of Porto (no camera, the rule does not hold): the note goes by itself.
    await map.evaluate(() => {
      location.hash = '#map=17/41.17/-8.75';
    });
    await note.waitFor({ state: 'detached', timeout: 30_000 });
    // And back over the Baixa: it comes back by itself.
    await map.evaluate((h) => {
      location.hash = h;
    }, `#map=17/${CENTRE.lat}/${CENTRE.lon}`);
    await note.waitFor({ timeout: 30_000 });

    // Closing the panel removes the note with it.
    await dock.getByRole('button', { name: 'Hide the planner' }).click();
    await note.waitFor({ state: 'detached', timeout: 10_000 });
  }, 120_000);
});
