/**
 * "Get this district from OpenStreetMap" from the POPUP, in Chromium with the test build, on real data (the
 * Porto 2020 extract served by the local Overpass stand-in of district-helpers.ts).
 *
 * The popup asks `tabs.query({ active: true, currentWindow: true })` for the tab whose map view it downloads.
 * A real action popup is its own little window over the browser window, so the active tab is the map. Here
 * the popup page is opened as a second tab of the same window and the map tab is then brought to the front:
 * the popup page keeps running in its background tab and, exactly as the real popup, finds the map tab as
 * the active tab of its window (checked before anything else). No test-only behaviour in the extension.
 *
 * What a person sees: the button, the confirmation naming the rounded box and the server, progress with
 * Cancel, the success sentence; then the store lists the Porto area and the map tab draws its cameras; the
 * stand-in received exactly one request, the rounded box's query. A 429 through the popup: a clear error and
 * the store byte-for-byte unchanged. With a page that shows no supported map in front: the popup says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, launchWithExtension, recordRequests, type ExtensionSession, type StaticServer } from './harness.ts';
import { startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';
import { databaseDigest, startOverpassStandIn, status, type OverpassStandIn } from './options-helpers.ts';
import { AREA_ID, BOX_TEXT, CELL, CENTRE, portoHandler, queryBBox } from './district-helpers.ts';
import { ALL_LAYERS, buildAreaQuery } from '../../lib/sources/overpass-query.ts';

/** Porto's Baixa at zoom 17: the 1280 px view lies inside one 0.05° cell. */
const BUTTON = 'Get this district from OpenStreetMap';
const NO_TAB = 'Open a supported map (OpenStreetMap, Google Maps, …) in this tab: the district is the one it shows.';

let pages: StaticServer;
let overpass: OverpassStandIn;
let session: ExtensionSession;
let browserRequests: string[];
let map: Page;
let popup: Page;

const lastQuery = () => overpass.requests[overpass.requests.length - 1]?.query ?? '';

/** Sends a request to the background from the popup page, as the popup itself does. */
function sendFromPopup(message: unknown): Promise<any> {
  return popup.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message);
}

/** What the popup page sees as "the active tab": its id, the popup's own tab id, and that tab's map view. */
function activeTabSeenByPopup(): Promise<{ activeId?: number; selfId?: number; view: any }> {
  return popup.evaluate(async () => {
    const chrome = (globalThis as any).chrome;
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    const self = await chrome.tabs.getCurrent();
    const view = tab?.id === undefined ? null : await chrome.tabs.sendMessage(tab.id, { type: 'district/view' }).catch(() => null);
    return { activeId: tab?.id, selfId: self?.id, view };
  });
}

beforeAll(async () => {
  pages = await startTestPages();
  overpass = await startOverpassStandIn();
  session = await launchWithExtension({ viewport: { width: 1280, height: 860 } });
  browserRequests = recordRequests(session.context);
  map = await session.context.newPage();
  await map.goto(`${pages.origin}/osm/index.html#map=17/${CENTRE.lat}/${CENTRE.lon}`);
  await waitForSettledOverlay(map, (d) => d.visible);
  popup = await session.context.newPage();
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await popup.locator('.am-district').waitFor({ timeout: 30_000 });
  // The endpoint is a setting (Options → Advanced); the browser test points it at the stand-in.
  const saved = await sendFromPopup({ type: 'settings/set', patch: { overpassEndpoint: overpass.url } });
  expect(saved.ok).toBe(true);
  // The map tab in front, as when a person clicks the toolbar button over it.
  await map.bringToFront();
}, 120_000);

afterAll(async () => {
  await session?.close();
  await overpass?.close();
  await pages?.close();
});

describe('Get this district from the popup (real Porto data through the Overpass stand-in)', () => {
  it('the popup finds the map tab as the active tab of its window', async () => {
    const seen = await activeTabSeenByPopup();
    expect(seen.activeId).toBeDefined();
    expect(seen.activeId).not.toBe(seen.selfId);
    const bbox = seen.view?.bbox;
    expect(bbox).toBeTruthy();
    // The map tab's view around Porto's Baixa, inside the one cell.
    expect(bbox.south).toBeGreaterThan(CELL.south);
    expect(bbox.north).toBeLessThan(CELL.north);
    expect(bbox.west).toBeGreaterThan(CELL.west);
    expect(bbox.east).toBeLessThan(CELL.east);
  });

  it('confirms the rounded box, shows progress, succeeds, and the store holds the Porto area', async () => {
    const before = overpass.requests.length;
    const listBefore = await sendFromPopup({ type: 'datasets/list' });
    expect(listBefore.ok).toBe(true);
    expect((listBefore.value as Array<{ id: string }>).some((d) => d.id === AREA_ID)).toBe(false);

    overpass.queue.push(portoHandler(lastQuery, 800));
    const district = popup.locator('.am-district').first();
    const button = district.getByRole('button', { name: BUTTON });
    expect(await button.isVisible()).toBe(true);
    await button.click();
    const confirm = district.locator('.am-district-confirm');
    await confirm.waitFor({ timeout: 10_000 });
    const confirmation = (await confirm.textContent()) ?? '';
    expect(confirmation).toContain(BOX_TEXT);
    expect(confirmation).toContain('1 cell of 0.05°');
    expect(confirmation).toContain(overpass.url);
    expect(confirmation).toContain('Nothing else is sent: not your position, not your routes, not the exact view.');
    // Asking is not sending: nothing reached the server before the person confirms.
    expect(overpass.requests.length).toBe(before);
    await popup.screenshot({ path: artifactPath('popup-district-confirmation.png') });
    await district.getByRole('button', { name: 'Download' }).click();

    // Progress: a progress bar and a status line with Cancel while it runs.
    await district.locator('.am-district-run progress').waitFor({ timeout: 10_000 });
    expect(await district.locator('.am-district-run [role="status"]').textContent()).toMatch(/Waiting for the server|Receiving/);
    expect(await district.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);
    const done = district.locator('.am-district-done');
    await done.waitFor({ timeout: 120_000 });
    const doneText = (await done.textContent()) ?? '';
    const m = /Done: ([\d,]+) cameras and the walk graph stored for 41\.10° N to 41\.15° N, 8\.65° W to 8\.60° W/.exec(doneText);
    expect(m, doneText).not.toBeNull();
    const cameras = Number(m![1].replace(/,/g, ''));
    expect(cameras).toBeGreaterThan(5);
    // The button is back for another download.
    expect(await district.getByRole('button', { name: BUTTON }).isVisible()).toBe(true);

    // Exactly one request, carrying only the rounded box: the area query of the cell, byte for byte.
    const sent = overpass.requests.slice(before);
    expect(sent.map((r) => r.method)).toEqual(['POST']);
    expect(sent[0].query).toBe(buildAreaQuery(CELL, ALL_LAYERS));
    expect(queryBBox(sent[0].query)).toEqual({ south: CELL.south, west: CELL.west, north: CELL.north, east: CELL.east });
    expect(sent[0].query).not.toContain(String(CENTRE.lat));
    expect(sent[0].query).not.toContain(String(CENTRE.lon));
    expect(sent[0].cookie).toBeUndefined();

    // The store holds the Porto area: its cameras (the count the popup announced), its walk graph, the
    // extract's date.
    const listing = await sendFromPopup({ type: 'datasets/list' });
    expect(listing.ok).toBe(true);
    const area = (listing.value as Array<any>).find((d) => d.id === AREA_ID);
    expect(area).toBeDefined();
    expect(area.origin).toBe('overpass');
    expect(area.cameraCount).toBe(cameras);
    expect(area.hasGraph).toBe(true);
    expect(area.bbox.south).toBeGreaterThanOrEqual(CELL.south);
    expect(area.bbox.north).toBeLessThanOrEqual(CELL.north);
    expect(area.bbox.west).toBeGreaterThanOrEqual(CELL.west);
    expect(area.bbox.east).toBeLessThanOrEqual(CELL.east);
    expect(area.dataDate?.slice(0, 10)).toBe('2020-07-20');

    // The map tab the popup asked draws the downloaded cameras at once.
    const drawn = await waitForSettledOverlay(map, (d) => d.visible && d.drawn.some(([id]) => id.startsWith(`${AREA_ID}:`)), 30_000);
    expect(drawn.drawn.filter(([id]) => id.startsWith(`${AREA_ID}:`)).length).toBeGreaterThan(5);

    // The popup's camera data names the district beside the bundled dataset, and offers data management.
    const other = popup.locator(`[data-testid="other-datasets"] li[data-dataset-id="${AREA_ID}"]`);
    await other.waitFor({ timeout: 10_000 });
    expect(await other.textContent()).toBe(`${area.label} — ${cameras.toLocaleString('en')} cameras`);
    expect(await popup.getByRole('button', { name: 'Manage data…' }).isVisible()).toBe(true);
    await popup.screenshot({ path: artifactPath('popup-other-datasets.png'), fullPage: true });

    // Nothing but the local pages and the stand-in was ever contacted.
    for (const url of browserRequests) expect(url).toMatch(/^(chrome-extension:|http:\/\/(127\.0\.0\.1|localhost)[:/]|data:|blob:)/);
  }, 240_000);

  it('429 with a long Retry-After: a clear error in the popup, store unchanged', async () => {
    const digestBefore = await databaseDigest(popup);
    const listBefore = await sendFromPopup({ type: 'datasets/list' });
    const before = overpass.requests.length;
    overpass.queue.push(status(429, { 'Retry-After': '600' }));
    const district = popup.locator('.am-district').first();
    await district.getByRole('button', { name: BUTTON }).click();
    await district.locator('.am-district-confirm').waitFor({ timeout: 10_000 });
    expect(await district.locator('.am-district-confirm').textContent()).toContain(BOX_TEXT);
    await district.getByRole('button', { name: 'Download' }).click();
    const error = district.locator('.am-district-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.getAttribute('role')).toBe('alert');
    const text = (await error.textContent()) ?? '';
    expect(text).toMatch(/The server is busy \(too many requests\)\. Try again in 10 min\./);
    expect(text).toContain('Nothing was written.');
    // One request, the rounded box's query; the long Retry-After is not waited out.
    expect(overpass.requests.slice(before).map((r) => r.query)).toEqual([buildAreaQuery(CELL, ALL_LAYERS)]);
    overpass.queue.length = 0;
    expect(await databaseDigest(popup)).toBe(digestBefore);
    expect(await sendFromPopup({ type: 'datasets/list' })).toEqual(listBefore);
  }, 120_000);

  it('with a page that shows no supported map in front, the popup says so and sends nothing', async () => {
    const other = await session.context.newPage();
    try {
      // A local page no adapter accepts: the content script does not start there.
      await other.goto(`${pages.origin}/no-map-here`);
      await other.bringToFront();
      const seen = await activeTabSeenByPopup();
      expect(seen.activeId).not.toBe(seen.selfId);
      expect(seen.view).toBeNull();
      const digestBefore = await databaseDigest(popup);
      const before = overpass.requests.length;
      const district = popup.locator('.am-district').first();
      await district.getByRole('button', { name: BUTTON }).click();
      const error = district.locator('.am-district-error');
      await error.waitFor({ timeout: 10_000 });
      expect(await error.textContent()).toBe(NO_TAB);
      expect(await district.locator('.am-district-confirm').count()).toBe(0);
      expect(overpass.requests.length).toBe(before);
      expect(await databaseDigest(popup)).toBe(digestBefore);
    } finally {
      await other.close();
      await map.bringToFront();
    }
  }, 60_000);
});
