/**
 * The overlay's in-page planner after the service worker was stopped (issue #14), in Chromium with the test
 * build on the OSM-like test page: opening the planner panel wakes the worker and builds the engine of the
 * view before any route is asked (the `planner/warm` on the awake port); two picked points then show three
 * routes without another build; while the panel is open the pings go on, and closing it disconnects the
 * port and stops them. The worker is stopped through the DevTools protocol (ServiceWorker.stopAllWorkers).
 * The test build pings every `TEST_BUILD_AWAKE_PING_MS` (2 s; release builds every 20 s, which the unit tests
 * check), so the pings are seen flowing and stopping in seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { awakeCounts, coldStartExtension, engineLoads, stopWorker } from './cold-start-helpers.ts';
import { pickStartAndDestination, startTestPages, waitForSettledOverlay, type OverlayDebug } from './overlay-helpers.ts';
import { cardNumbers } from './planner-helpers.ts';
import { TEST_BUILD_AWAKE_PING_MS } from '../../lib/messages.ts';

/** Carmes → Capuchins across the watched centre (as in overlay-planner.e2e). */
const FROM: [number, number] = [1.453, 43.601];
const TO: [number, number] = [1.44, 43.609];
const VIEW_CENTRE: [number, number] = [1.4428, 43.605];

let server: StaticServer;
let session: ExtensionSession;
let page: Page;

beforeAll(async () => {
  const WORK_DIR = coldStartExtension('cold-start-overlay-extension');
  server = await startTestPages();
  session = await launchWithExtension({ extensionDir: WORK_DIR, viewport: { width: 1280, height: 860 } });
  page = await session.context.newPage();
  // The service worker's path (Firefox's): without the engine frame (overlay-engine-frame.e2e tests that one).
  await page.goto(`${server.origin}/osm/?am-no-engine-frame#map=16/${VIEW_CENTRE[1]}/${VIEW_CENTRE[0]}`);
  // Cameras drawn: the background has seeded the store and answered the overlay.
  await waitForSettledOverlay(page, (d) => d.visible && d.drawn.length > 0, 120_000);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await server?.close();
});

const plannerDebug = async () =>
  JSON.parse(
    await page.evaluate(() => document.querySelector('angle-mort-overlay')?.getAttribute('data-angle-mort') ?? 'null'),
  ) as OverlayDebug & { planner: { picking: string | null; routes: unknown[] } };

/** The running worker's engine builds, or null while no worker runs (or it is still starting). */
const builds = () => engineLoads(session).catch(() => null);

describe('the overlay planner after the service worker was stopped', () => {
  it('opening the panel wakes the worker and builds the engine before any route; the route then builds nothing', async () => {
    const stop = await stopWorker(session, page);
    // A stopped worker stays stopped while the panel is closed and the map still: nothing builds an engine.
    await page.waitForTimeout(2_000);
    expect((await builds()) ?? []).toEqual([]);

    await page.getByRole('button', { name: 'Plan a discreet walk' }).click();
    const panel = page.locator('#am-planner-panel');
    await panel.locator('.am-planner').waitFor();
    await expect.poll(stop.wokeUp, { timeout: 60_000 }).toBe(true);
    await stop.detach();
    // The engine of the view exists before a point is picked: no route was asked.
    await expect.poll(builds, { timeout: 60_000 }).toEqual([expect.objectContaining({ datasetId: 'toulouse' })]);
    expect(await panel.locator('[data-route]').count()).toBe(0);
    expect(await awakeCounts(session)).toMatchObject({ open: 1, opened: 1 });

    await pickStartAndDestination(page, FROM, TO);
    await panel.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const shown = await Promise.all((['shortest', 'balanced', 'discreet'] as const).map((alt) => cardNumbers(panel, alt)));
    for (const card of shown) expect(card.length).toBeGreaterThan(500);
    await expect.poll(async () => (await plannerDebug()).planner.routes.length).toBeGreaterThan(0);
    // The route was planned with the engine the panel's opening built: no second build.
    expect(await builds()).toHaveLength(1);
  }, 240_000);

  it('pings while the panel is open; closing it disconnects the awake port and the pings stop', async () => {
    const first = await awakeCounts(session);
    expect(first.open).toBe(1);
    // Two more pings on the same port: they go on at the period, not once.
    await expect
      .poll(async () => (await awakeCounts(session)).pings, { timeout: 2 * TEST_BUILD_AWAKE_PING_MS + 20_000 })
      .toBeGreaterThanOrEqual(first.pings + 2);
    expect(await awakeCounts(session)).toMatchObject({ open: 1, opened: first.opened });

    await page.getByRole('button', { name: 'Hide the planner' }).click();
    await expect.poll(async () => (await awakeCounts(session)).open, { timeout: 10_000 }).toBe(0);
    const closed = await awakeCounts(session);
    // Three ping periods: no ping, no new port. (A worker Chromium stopped meanwhile for idleness
    // proves it too: a ping would have woken a new one, whose counts start again.)
    await page.waitForTimeout(3 * TEST_BUILD_AWAKE_PING_MS + 1_000);
    expect([closed, 'stopped']).toContainEqual(await awakeCounts(session).catch(() => 'stopped'));
  }, 120_000);
});
