/**
 * A streets-only real extract through the options page in Chromium (test build): Monaco 2019 with its
 * cameras removed by the test. The dry run says what each part adds; "Add the walk graph" commits it with
 * zero cameras; the walk graph is built (in the options page's worker); the planner page plans a route there
 * and its map shows the streets (not clamped to the bundled Toulouse box).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, launchWithExtension, type ExtensionSession } from './harness.ts';
import { listStorage } from './options-helpers.ts';
import { monacoStreetsOnlyXml } from '../unit/store/streets-only.ts';

let session: ExtensionSession;
let page: Page;
const PALACE = '43.7313,7.4206';
const CASINO = '43.7393,7.4283';

beforeAll(async () => {
  session = await launchWithExtension();
  page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/options.html`);
  await page.locator('h1').waitFor();
}, 60_000);

afterAll(async () => {
  await session?.close();
});

describe('a streets-only OSM file', () => {
  it('commits a walk graph with zero cameras, and the planner routes and draws there', async () => {
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'monaco-streets.osm', mimeType: 'application/xml', buffer: Buffer.from(monacoStreetsOnlyXml()) });
    const plan = page.locator('[data-result="plan"]');
    await plan.waitFor({ timeout: 60_000 });
    expect(await plan.locator('h3').innerText()).toBe('Dry run: monaco-streets.osm (OSM XML)');
    expect(await plan.locator('[data-count="parts"]').innerText()).toBe(
      '0 cameras · 1,893 walkable ways → walk graph · 1,143 buildings → walls',
    );
    await page.getByRole('button', { name: 'Add the walk graph as a new dataset' }).click();
    const done = page.locator('[data-result="committed"]');
    await done.waitFor({ timeout: 120_000 });
    expect(await done.innerText()).toMatch(/Imported 0 cameras as “import:[0-9a-f]{8}”\. Its streets were built into a walk graph/);
    const id = (await done.innerText()).match(/“(import:[0-9a-f]{8})”/)![1];
    const listing = await listStorage(page);
    expect(listing.stores.graphs.keys).toContain(JSON.stringify(id));

    const planner = await session.context.newPage();
    await planner.goto(`chrome-extension://${session.extensionId}/planner.html#from=${PALACE}&to=${CASINO}`);
    await planner.locator('[data-route="shortest"]').waitFor({ timeout: 60_000 });
    const length = Number(await planner.locator('[data-route="shortest"] [data-field="length"]').getAttribute('data-metres'));
    expect(length).toBeGreaterThan(1000);
    expect(length).toBeLessThan(4000);
    await planner.locator('.am-loading').waitFor({ state: 'detached', timeout: 60_000 });
    // The map is over Monaco (not pinned to Toulouse) and the streets it draws come from the import's graph.
    const view = await planner.evaluate(async () => {
      const answer = await (globalThis as any).chrome.runtime.sendMessage({
        type: 'streets/inBBox',
        bbox: { west: 7.415, south: 43.728, east: 7.432, north: 43.742 },
        limit: 100,
      });
      return { streets: answer.value.streets.length as number, hash: location.hash };
    });
    expect(view.streets).toBeGreaterThan(20);
    await planner.screenshot({ path: artifactPath('district-import-planner.png') });
    // The stored-areas list offers the import with Show and Update.
    const item = planner.locator(`.am-areas li[data-dataset="${id}"]`);
    await item.waitFor();
    expect(await item.innerText()).toMatch(/data of 30 Sept? 2019 · 0 cameras · walk graph/);
    await planner.close();
  }, 240_000);
});
