/**
 * The wall source over a downloaded district (issue 10): a Porto district downloaded through the dock
 * (the Overpass stand-in answers from the real Porto 2020 extract, buildings and multipolygon buildings
 * included) is stored with mapped walls, and the overlay's legend over it names them: "Walls: mapped".
 * The walls/inBBox answer for the view comes from the downloaded graph, with its courtyards kept open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath } from './harness.ts';
import { waitForSettledOverlay } from './overlay-helpers.ts';
import type { OverpassStandIn } from './options-helpers.ts';
import { AREA_ID, CENTRE, type DistrictSession, portoHandler, startDistrictSession } from './district-helpers.ts';

let district: DistrictSession;
let overpass: OverpassStandIn;
let ext: Page;
let map: Page;

const lastQuery = () => overpass.requests[overpass.requests.length - 1]?.query ?? '';

beforeAll(async () => {
  district = await startDistrictSession();
  ({ overpass, ext, map } = district);
}, 120_000);

afterAll(async () => {
  await district?.close();
});

const legendSource = (p: Page) =>
  p.evaluate(
    () =>
      document
        .querySelector('angle-mort-overlay')
        ?.shadowRoot?.querySelector('.legend [data-testid="wall-source"]')
        ?.getAttribute('data-wall-source') ?? null,
  );

describe('wall source over a downloaded Porto district', () => {
  it('the legend names "mapped" once the district with its buildings is stored', async () => {
    // Before: no stored area here, so no walls.
    expect(await legendSource(map)).not.toBe('mapped');
    overpass.queue.push(portoHandler(lastQuery, 200));
    const district = map.locator('.am-district').first();
    await district.getByRole('button', { name: 'Get this district from OpenStreetMap' }).click();
    await district.locator('.am-district-confirm').waitFor();
    await district.getByRole('button', { name: 'Download' }).click();
    await district.locator('.am-district-done').waitFor({ timeout: 180_000 });

    await waitForSettledOverlay(map, (d) => d.visible && d.drawn.some(([id]) => id.startsWith(`${AREA_ID}:`)), 30_000);
    await map
      .waitForFunction(
        () => !!document.querySelector('angle-mort-overlay')?.shadowRoot?.querySelector('.legend [data-wall-source="mapped"]'),
        undefined,
        { timeout: 30_000 },
      )
      .catch(() => undefined);
    await map.screenshot({ path: artifactPath('district-walls-legend.png') });
    const text = await map.evaluate(
      () => document.querySelector('angle-mort-overlay')!.shadowRoot!.querySelector('.legend [data-testid="wall-source"]')!.textContent,
    );
    expect(await legendSource(map)).toBe('mapped');
    expect(text).toContain('Walls: mapped');
    expect(text).not.toContain('upper bound');
    // The store says so too.
    const listing = await ext.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'datasets/list' }));
    expect(listing.value.find((d: { id: string }) => d.id === AREA_ID)?.wallSource).toBe('mapped');
    // And the walls the overlay masks with are the district's buildings.
    const bbox = { west: CENTRE.lon - 0.003, south: CENTRE.lat - 0.002, east: CENTRE.lon + 0.003, north: CENTRE.lat + 0.002 };
    const walls = await ext.evaluate((b) => (globalThis as any).chrome.runtime.sendMessage({ type: 'walls/inBBox', bbox: b }), bbox);
    expect(walls.value).toMatchObject({ source: 'mapped', truncated: false });
    expect(walls.value.rings.length).toBeGreaterThan(100);
  }, 300_000);
});
