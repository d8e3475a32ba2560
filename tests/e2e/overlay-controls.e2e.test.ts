/**
 * Overlay controls in Chromium: popup switches and the shortcut's settings change show and hide the
 * overlay; clicking a camera opens its card; hostile text in a camera stays text; unsupported views say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { readDebug, startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';

let server: StaticServer;
let session: ExtensionSession;
let popup: Page;

beforeAll(async () => {
  server = await startTestPages();
  session = await launchWithExtension({ viewport: { width: 1200, height: 800 } });
  popup = await session.context.newPage();
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await popup.waitForSelector('input[name=overlayEnabled]', { timeout: 30_000 });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Sends a message to the background from the popup page, as any extension page does. */
function sendFromPopup(message: unknown): Promise<any> {
  return popup.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message);
}

async function waitForDebug(page: Page, predicate: (d: NonNullable<Awaited<ReturnType<typeof readDebug>>>) => boolean, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const d = await readDebug(page);
    if (d && predicate(d)) return d;
    if (Date.now() > deadline) throw new Error(`timeout; last debug: ${JSON.stringify(d && { ...d, drawn: d.drawn.length })}`);
    await page.waitForTimeout(100);
  }
}

async function hostDisplayed(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const host = document.querySelector('angle-mort-overlay') as HTMLElement | null;
    return !!host && host.style.display !== 'none';
  });
}

describe('overlay controls', () => {
  it('the popup switch hides and shows the overlay, globally and per site', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/#map=17/43.6045/1.444`);
    await waitForSettledOverlay(page);
    await popup.bringToFront();
    await popup.click('input[name=overlayEnabled]');
    await waitForDebug(page, (d) => !d.active);
    expect(await hostDisplayed(page)).toBe(false);
    await popup.screenshot({ path: artifactPath('overlay-popup-controls.png') });
    await popup.click('input[name=overlayEnabled]');
    await waitForDebug(page, (d) => d.active && d.visible);
    expect(await hostDisplayed(page)).toBe(true);
    // Per-site switch (in the folded list of sites): OSM off leaves other sites alone.
    await popup.click('details.sites summary');
    await popup.click('input[name=site-osm]');
    await waitForDebug(page, (d) => !d.active);
    const google = await session.context.newPage();
    await google.goto(`${server.origin}/google/maps/@43.6045,1.444,17z`);
    await waitForSettledOverlay(google);
    await popup.click('input[name=site-osm]');
    await waitForDebug(page, (d) => d.active && d.visible);
    // A layer switch reaches the overlay: cameras off ⇒ nothing clickable drawn.
    await popup.click('input[name=layer-cameras]');
    await waitForDebug(page, (d) => d.active && d.drawn.length === 0);
    await popup.click('input[name=layer-cameras]');
    await waitForDebug(page, (d) => d.drawn.length > 0);
    await page.close();
    await google.close();
  });

  it('the shortcut toggles the overlay (the settings change its command makes)', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/umap/fr/map/cameras_1#17/43.6045/1.444`);
    await waitForSettledOverlay(page);
    // Try the real command first; Chromium may not route synthetic keys to extension commands headless.
    await page.keyboard.press('Alt+Shift+A');
    await page.waitForTimeout(800);
    const viaKeys = !(await readDebug(page))!.active;
    if (!viaKeys) {
      // The background's command handler does exactly this: flip overlayEnabled, store, broadcast.
      const current = await sendFromPopup({ type: 'settings/get' });
      await sendFromPopup({ type: 'settings/set', patch: { overlayEnabled: !current.value.overlayEnabled } });
    }
    console.log(`shortcut via real key press: ${viaKeys}`);
    await waitForDebug(page, (d) => !d.active);
    const current = await sendFromPopup({ type: 'settings/get' });
    expect(current.value.overlayEnabled).toBe(false);
    await sendFromPopup({ type: 'settings/set', patch: { overlayEnabled: true } });
    await waitForDebug(page, (d) => d.active && d.visible);
    await page.close();
  });

  it('clicking a camera opens its card; hostile text stays text', async () => {
    const hostile = {
      id: 'user:xss-test',
      lon: 1.44395,
      lat: 43.60462,
      kind: 'fixed',
      directions: [135],
      surveillance: 'public',
      operatorType: 'private',
      operator: '<script>window.__angleMortPwned = "operator"</script>',
      name: '<img src=x onerror="window.__angleMortPwned = \'name\'">',
      source: 'user',
      sourceId: 'xss-test',
      sourceDate: '2026-11-01',
      confidence: 0.8,
    };
    const put = await sendFromPopup({ type: 'userCameras/put', camera: hostile });
    expect(put.ok, JSON.stringify(put)).toBe(true);
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/#map=19/43.60462/1.44395`);
    const d = await waitForSettledOverlay(page, (x) => x.visible && x.drawn.some((c) => c[0] === hostile.id));
    const entry = d.drawn.find((c) => c[0] === hostile.id)!;
    await page.mouse.click(d.rect!.left + entry[3], d.rect!.top + entry[4]);
    const card = page.locator('angle-mort-overlay .card');
    await card.waitFor({ timeout: 5_000 });
    const text = await card.innerText();
    expect(text).toContain(hostile.name);
    expect(text).toContain(hostile.operator);
    expect(text).toContain('135°');
    expect(await page.locator('angle-mort-overlay .card img').count()).toBe(0);
    expect(await page.locator('angle-mort-overlay .card script').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as any).__angleMortPwned)).toBeUndefined();
    await page.screenshot({ path: artifactPath('overlay-card-hostile-text.png') });
    await page.locator('angle-mort-overlay .card .close').click();
    await card.waitFor({ state: 'detached' });

    // An OpenStreetMap camera's card links to the node and to the editor.
    const osmCam = d.drawn.find((c) => c[0].startsWith('osm:node/'));
    expect(osmCam, 'an OSM camera in view').toBeTruthy();
    await page.mouse.click(d.rect!.left + osmCam![3], d.rect!.top + osmCam![4]);
    await card.waitFor();
    const id = osmCam![0].slice('osm:node/'.length);
    const hrefs = await card.locator('a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs).toContain(`https://www.openstreetmap.org/node/${id}`);
    expect(hrefs).toContain(`https://www.openstreetmap.org/edit?node=${id}`);
    await page.screenshot({ path: artifactPath('overlay-card-osm.png') });
    await sendFromPopup({ type: 'userCameras/delete', id: hostile.id });
    await page.close();
  });

  it('unsupported views hide the drawing and say why', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/google/maps/@43.6033,1.4431,231a,35y,39.3t/data=!3m1!1e3`);
    const d = await waitForDebug(page, (x) => x.status === 'hidden.tilted');
    expect(d.visible).toBe(false);
    await expect.poll(() => page.locator('angle-mort-overlay .status').innerText()).toContain('3D view not supported');
    await page.screenshot({ path: artifactPath('overlay-google-tilted.png') });
    await page.close();
  });

  it('the overlay in a tab tells the popup which site it shows (for the popup\u2019s "this site" switch)', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/#map=17/43.6045/1.444`);
    await waitForSettledOverlay(page);
    const answer = await popup.evaluate(async (url) => {
      const c = (globalThis as any).chrome;
      const tabs = await c.tabs.query({});
      // The tab's address is hidden from the extension (no `tabs` permission): find it by asking each tab.
      const answers = await Promise.all(
        tabs.map((t: { id: number }) => c.tabs.sendMessage(t.id, { type: 'overlay/site' }).catch(() => null)),
      );
      return { urls: tabs.map((t: { url?: string }) => t.url ?? null), answers, url };
    }, page.url());
    expect(answer.answers.filter(Boolean)).toContainEqual({ site: 'osm' });
    expect(answer.urls).not.toContain(page.url());
    await page.close();
  });
});
