/**
 * axe-core (WCAG 2.0–2.2 A/AA and best practices: target-size, heading-order, landmark-one-main, region…)
 * in Chromium on what a person opens: the popup, the planner page, the options page, and the overlay's
 * shadow root on the openstreetmap.org-like test page (with a camera card and the planner panel open).
 * 0 violations, each listed with its nodes when one appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';
import { clickableCameras } from './overlay-etiquette-helpers.ts';

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let server: StaticServer;
let session: ExtensionSession;

beforeAll(async () => {
  server = await startTestPages();
  session = await launchWithExtension({ viewport: { width: 1280, height: 800 } });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/**
 * Runs axe in the page (injected through the debugger protocol, so extension pages' CSP does not apply);
 * `include` limits it to one element (the overlay's shadow host). Returns readable violations.
 */
async function axe(page: Page, include?: string): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(
    async ({ include, tags }) => {
      const ctx = include ? { include: [[include]] } : document;
      const r = await (window as any).axe.run(ctx, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map(
        (v: any) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s): ${v.nodes
            .slice(0, 3)
            .map((n: any) => n.target.join(' ') + ' ' + (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160))
            .join(' | ')}`,
      );
    },
    { include, tags: TAGS },
  );
  return result as string[];
}

describe('axe-core: 0 violations (WCAG 2.2 AA + best practices)', () => {
  it('popup', async () => {
    const page = await session.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await page.waitForSelector('input[name=overlayEnabled]', { timeout: 30_000 });
    await page.waitForTimeout(500);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('planner page (with start, destination and routes: the points’ × buttons, the route cards)', async () => {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/planner.html#from=43.60445,1.44318&to=43.60834,1.44186`);
    await page.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('options page', async () => {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/options.html`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1500);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('overlay shadow root on the osm.org-like page (card and planner open)', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/?welcome#map=17/43.6045/1.444`);
    await waitForSettledOverlay(page);
    const cams = await clickableCameras(page);
    await page.mouse.click(cams[0].x, cams[0].y);
    await page.locator('angle-mort-overlay .card').waitFor();
    await page.locator('angle-mort-overlay .dock-toggle').click();
    await page.locator('angle-mort-overlay .dock-panel').waitFor();
    await page.waitForTimeout(500);
    expect(await axe(page, 'angle-mort-overlay')).toEqual([]);
    await page.close();
  });
});
