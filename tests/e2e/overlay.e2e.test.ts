/**
 * The overlay in Chromium with the built test extension (.output-test), on every offline test page:
 * alignment with Leaflet's own projection across zooms, viewports, device pixel ratios, pans, zooms and
 * resizes; toggling; the camera card; untrusted text; screenshots in tests/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { alignmentError, SITE_PAGES, startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';

const CAPITOLE = { lat: 43.6045, lon: 1.444 };
const TOLERANCE_PX = 2;

let server: StaticServer;
beforeAll(async () => {
  server = await startTestPages();
});
afterAll(async () => {
  await server?.close();
});

async function openSite(
  session: ExtensionSession,
  site: (typeof SITE_PAGES)[number],
  zoom: number,
  lat = CAPITOLE.lat,
  lon = CAPITOLE.lon,
): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(server.origin + site.url(lat, lon, zoom));
  await page.waitForFunction(() => !!(window as unknown as { map?: unknown }).map);
  return page;
}

/**
 * Once the map is at rest, every drawn camera must sit within TOLERANCE_PX of Leaflet's projection. The
 * debug record is rewritten IDLE_MS after the overlay's last draw, so a read right after an action may
 * still describe the previous view: retry for a while, and fail with the last measurement.
 */
async function expectAligned(page: Page, label: string) {
  const deadline = Date.now() + 8_000;
  let d = await waitForSettledOverlay(page);
  let err = await alignmentError(page, d);
  while (err.max > TOLERANCE_PX && Date.now() < deadline) {
    await page.waitForTimeout(250);
    d = await waitForSettledOverlay(page);
    err = await alignmentError(page, d);
  }
  expect(err.count, `${label}: cameras drawn`).toBeGreaterThan(0);
  expect(err.max, `${label}: worst ${JSON.stringify(err.worst)}`).toBeLessThanOrEqual(TOLERANCE_PX);
  return { d, err };
}

/**
 * One browser per device pixel ratio, both driven at once: a check spends most of its time waiting for the map and
 * the overlay to come to rest (little CPU), so the two ratios share the wait. Each browser shows one page at a
 * time (a background tab would be throttled and the overlay would sleep).
 */
const RATIOS = [
  { dpr: 1, viewport: { width: 1280, height: 800 } },
  { dpr: 2, viewport: { width: 900, height: 700 } },
] as const;

/** Zooms 13–19, then pans, zooms, a resize and back, each checked at rest; a screenshot in tests/artifacts/. */
async function alignmentSequence(session: ExtensionSession, site: (typeof SITE_PAGES)[number], ratio: (typeof RATIOS)[number]) {
  const { dpr, viewport } = ratio;
  const label = `${site.id} dpr${dpr}`;
  const page = await openSite(session, site, 17);
  const report: string[] = [];
  for (const zoom of [13, 14, 15, 16, 17, 18, 19]) {
    await page.evaluate((z) => (window as any).map.setZoom(z, { animate: false }), zoom);
    const { d, err } = await expectAligned(page, `${label} z${zoom}`);
    report.push(`z${zoom} ${d.mode} n=${err.count} max=${err.max.toFixed(3)}`);
  }
  // Pans (animated), zooms (animated), a resize, then back.
  await page.evaluate(() => (window as any).map.setZoom(17, { animate: false }));
  await page.evaluate(() => (window as any).map.panBy([220, -140]));
  await expectAligned(page, `${label} after pan`);
  await page.evaluate(() => (window as any).map.zoomIn(1));
  await expectAligned(page, `${label} after zoom in`);
  await page.evaluate(() => (window as any).map.panBy([-400, 90]));
  await page.evaluate(() => (window as any).map.zoomOut(1));
  await expectAligned(page, `${label} after pan + zoom out`);
  await page.setViewportSize({ width: 760, height: 540 });
  await page.evaluate(() => (window as any).map.invalidateSize({ pan: false }));
  await expectAligned(page, `${label} after resize`);
  await page.setViewportSize(viewport);
  await page.evaluate(() => (window as any).map.invalidateSize({ pan: false }));
  const { err } = await expectAligned(page, `${label} after resize back`);
  report.push(`sequence max=${err.max.toFixed(3)}`);
  await page.screenshot({ path: artifactPath(`overlay-${site.id}-dpr${dpr}.png`) });
  console.log(`[${label}] ${report.join(' | ')}`);
  await page.close();
}

describe(`alignment at devicePixelRatio ${RATIOS.map((r) => r.dpr).join(' and ')}`, () => {
  const sessions: ExtensionSession[] = [];
  beforeAll(async () => {
    for (const { dpr, viewport } of RATIOS) sessions.push(await launchWithExtension({ viewport, deviceScaleFactor: dpr }));
  });
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.close()));
  });

  for (const site of SITE_PAGES) {
    it(`${site.id}: zooms 13–19, pans, zooms and resizes stay within ${TOLERANCE_PX} px`, async () => {
      // Both ratios run to the end; the first failure is reported.
      const results = await Promise.allSettled(RATIOS.map((ratio, i) => alignmentSequence(sessions[i], site, ratio)));
      for (const r of results) if (r.status === 'rejected') throw r.reason;
    });
  }
});
