/**
 * The planner page says which walls its figures use (issue 10): the route cards and the area report of the
 * bundled Toulouse graph (walls inferred from its streets) name the inferred wall source with its one-line
 * explanation, and the printable area page carries the same line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { artifactPath, launchWithExtension, ROOT, type ExtensionSession } from './harness.ts';
import { lonLatToWorldPixel, type LonLat } from '../../lib/geo/index.ts';

const TMP = join(ROOT, 'tests/.tmp/planner-walls-e2e');
const CAPITOLE: LonLat = [1.444, 43.6045];
let session: ExtensionSession;

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  session = await launchWithExtension({ viewport: { width: 1280, height: 860 } });
});
afterAll(async () => {
  await session?.close();
});

async function clickMap(page: Page, at: LonLat, centre: LonLat, zoom: number): Promise<void> {
  const box = (await page.locator('#am-map').boundingBox())!;
  const [x, y] = lonLatToWorldPixel(at[0], at[1], zoom);
  const [cx, cy] = lonLatToWorldPixel(centre[0], centre[1], zoom);
  await page.mouse.click(box.x + box.width / 2 + (x - cx), box.y + box.height / 2 + (y - cy));
}

describe('wall source on the planner page', () => {
  it('the route cards name the inferred walls', async () => {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/planner.html#from=43.60445,1.44318&to=43.60834,1.44186`);
    const cards = page.locator('[data-testid="route-cards"]');
    await cards.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const note = cards.locator('[data-testid="wall-source"]');
    expect(await note.getAttribute('data-wall-source')).toBe('inferred');
    expect(await note.textContent()).toBe(
      'Walls: inferred from the streets — No buildings are mapped here: blocks between streets are taken as walls, an estimate.',
    );
    expect(await note.isVisible()).toBe(true);
    await page.close();
  }, 90_000);

  it('the area report and its printable page name the inferred walls', async () => {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/planner.html`);
    await page.locator('.am-planner').waitFor();
    await page.locator('.am-loading').waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByRole('tab', { name: 'Area check' }).click();
    const corners: LonLat[] = [
      [1.4418, 43.6058],
      [1.4462, 43.6058],
      [1.4462, 43.6031],
      [1.4418, 43.6031],
    ];
    for (const c of corners) await clickMap(page, c, CAPITOLE, 16);
    await expect.poll(() => page.locator('[data-testid="area-points"]').textContent()).toContain('4 points');
    await page.getByRole('button', { name: 'Check this area' }).click();
    const report = page.locator('[data-testid="area-report"]');
    await report.waitFor({ timeout: 60_000 });
    const note = report.locator('[data-testid="wall-source"]');
    expect(await note.getAttribute('data-wall-source')).toBe('inferred');
    expect(await note.textContent()).toContain('Walls: inferred from the streets — ');
    await page.screenshot({ path: artifactPath('planner-walls-area.png') });

    const [download] = await Promise.all([page.waitForEvent('download'), report.getByRole('button', { name: /print/i }).click()]);
    const path = join(TMP, 'area.html');
    await download.saveAs(path);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain(
      '<p class="walls" data-wall-source="inferred"><strong>Walls:</strong> inferred from the streets — No buildings are mapped here',
    );
    await page.close();
  }, 120_000);
});
