/**
 * French is complete on what a person sees: with the language set to French, the popup, the planner (with
 * routes and an area report), the printable area report, the options page and the overlay (camera card,
 * legend, planner panel) show no English words. Also: the popup fits 600 px and opens on what Angle Mort
 * does; no raw ids ("osm:node/…") are shown; the French camera table does not overflow the panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { artifactPath, launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';
import { clickableCameras } from './overlay-etiquette-helpers.ts';

/**
 * Words that are English and not French. Proper names (OpenStreetMap, Leaflet, sous-surveillance.net) and
 * words both languages share (route, source, date, zone, points, direction, total…) are not listed.
 */
const ENGLISH =
  /\b(the|and|with|from|your|you|this|that|of|to|at|by|for|is|are|not|camera|cameras|walk|street|streets|shortest|balanced|discreet|loading|unknown|fixed|license|dataset|download|update|contributors|seen|unseen|hidden|show|hide|map|layers?|settings|delete|wipe|search|area|report|north|south|east|west|yes|none|kind|reader|speed|least|way|ways|out|close|open)\b/gi;

/** English words found in `text`, each with a little context. */
function englishIn(text: string): string[] {
  const found: string[] = [];
  const clean = text
    .replace(/(https?:\/\/|angle-mort:#)\S*/g, ' ')
    .replace(/sous-surveillance\.net|OpenStreetMap|Leaflet|Angle Mort|ODbL|INSA mapgr/g, ' ');
  for (const m of clean.matchAll(ENGLISH))
    found.push(`"${m[0]}" in “${clean.slice(Math.max(0, m.index! - 30), m.index! + 30).replace(/\s+/g, ' ')}”`);
  return found;
}

/** Everything a person can read on the page: visible text plus accessible names and titles, shadow roots included. */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      const body = root instanceof Document ? root.body : root;
      if (body instanceof HTMLElement) parts.push(body.innerText);
      else
        parts.push(
          Array.from(root.children)
            .map((c) => (c as HTMLElement).innerText ?? '')
            .join('\n'),
        );
      for (const el of Array.from(root.querySelectorAll('*'))) {
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
          const v = el.getAttribute(a);
          if (v) parts.push(v);
        }
        if ((el as HTMLElement).shadowRoot) visit((el as HTMLElement).shadowRoot!);
      }
    };
    visit(document);
    return parts.join('\n');
  });
}

let server: StaticServer;
let session: ExtensionSession;
let popup: Page;

beforeAll(async () => {
  server = await startTestPages();
  session = await launchWithExtension({ viewport: { width: 1280, height: 800 } });
  popup = await session.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  await popup.waitForSelector('input[name=overlayEnabled]', { timeout: 30_000 });
  const set = await popup.evaluate(() =>
    (globalThis as any).chrome.runtime.sendMessage({ type: 'settings/set', patch: { language: 'fr' } }),
  );
  expect(set.ok).toBe(true);
  await popup.reload();
  await popup.getByTestId('camera-count').waitFor({ timeout: 30_000 });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

describe('French, everywhere a person looks', () => {
  it('popup: opens on what Angle Mort does, fits 600 px, no English', async () => {
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('fr');
    const first = await popup.locator('main > *').evaluateAll((els) => els.slice(0, 2).map((e) => (e as HTMLElement).innerText));
    expect(first[1]).toMatch(/caméras de surveillance/);
    await popup.screenshot({ path: artifactPath('french-popup.png') });
    expect(await popup.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(600);
    expect(englishIn(await readableText(popup))).toEqual([]);
    await popup.locator('.dataset-details summary').click();
    expect(englishIn(await readableText(popup))).toEqual([]);
    await popup.locator('.dataset-details summary').click();
  });

  it('options page: no English', async () => {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/options.html`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000);
    await page.screenshot({ path: artifactPath('french-options.png'), fullPage: true });
    expect(englishIn(await readableText(page))).toEqual([]);
    // An import error says what is wrong in French (the reader's English message folds away).
    await page.locator('input[type="file"]').setInputFiles({
      name: 'coupé.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feat'),
    });
    const alert = page.locator('[data-result="refused"]');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/Le fichier coupé\.geojson est tronqué/);
    expect(englishIn(await readableText(page))).toEqual([]);
    await page.close();
  });

  it('planner page with routes, an area report and its printable page: no English, no raw ids, no overflow', async () => {
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/planner.html#from=43.60445,1.44318&to=43.60834,1.44186`);
    await page.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('french-planner-routes.png') });
    // "Show camera" from a route's camera list labels it readably on the map (it said "dome osm:node/…").
    await page.locator('[data-route="discreet"] summary').first().click();
    await page.locator('[data-route="discreet"] [data-camera]').first().click();
    await page.locator('.leaflet-tooltip').first().waitFor();
    const text = await readableText(page);
    expect(englishIn(text)).toEqual([]);
    expect(text).not.toMatch(/osm:(node|way)\/\d+|\b(node|way)\/\d{5,}/);
    // An area around the map centre, placed from the keyboard, then its report and the printable page.
    await page.getByRole('tab', { name: 'Vérifier une zone' }).click();
    const add = page.getByRole('button', { name: 'Ajouter un point au centre de la carte' });
    await add.click();
    await page.locator('#am-map').focus();
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
    await add.click();
    await page.locator('#am-map').focus();
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
    await add.click();
    await page.getByRole('button', { name: /Vérifier cette zone/ }).click();
    const report = page.locator('[data-testid="area-report"]');
    await report.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: artifactPath('french-planner-area.png') });
    // The report's camera table (kinds × French tier names) stays inside its panel.
    await report.locator('table').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('french-planner-camera-table.png') });
    const overflow = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.am-side table')).map((t) => {
        const side = document.querySelector('.am-side')!;
        return {
          w: (t as HTMLElement).getBoundingClientRect().right,
          side: side.getBoundingClientRect().left + side.clientWidth,
          scroll: side.scrollWidth - side.clientWidth,
        };
      }),
    );
    expect(overflow.length).toBeGreaterThan(0);
    for (const o of overflow) {
      expect(o.w).toBeLessThanOrEqual(o.side + 0.5);
      expect(o.scroll).toBe(0);
    }

    expect(englishIn(await readableText(page))).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('button', { name: /imprimable|Imprimer/ }).click(),
    ]);
    const path = join(tmpdir(), `am-fr-report-${Date.now()}.html`);
    await download.saveAs(path);
    const html = readFileSync(path, 'utf8');
    const printable = await session.context.newPage();
    await printable.setContent(html);
    await printable.screenshot({ path: artifactPath('french-printable-report.png'), fullPage: true });
    const printed = await readableText(printable);
    expect(englishIn(printed)).toEqual([]);
    expect(printed).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no raw timestamp
    await printable.close();
    await page.close();
  });

  it('overlay on the osm.org-like page (legend, camera card, planner panel): no English, no raw ids', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/#map=18/43.6045/1.444`);
    await waitForSettledOverlay(page);
    const cams = await clickableCameras(page);
    await page.mouse.click(cams[0].x, cams[0].y);
    await page.locator('angle-mort-overlay .card').waitFor();
    await page.locator('angle-mort-overlay .dock-toggle').click();
    await page.locator('angle-mort-overlay .dock-panel').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifactPath('french-overlay.png') });
    const text = await page.evaluate(() => {
      const root = document.querySelector('angle-mort-overlay')!.shadowRoot!;
      const parts = Array.from(root.querySelectorAll('.card, .legend, .dock')).map((e) => (e as HTMLElement).innerText);
      for (const el of Array.from(root.querySelectorAll('[aria-label], [title], [placeholder]'))) {
        if ((el as HTMLElement).closest('.hits') && el !== root.querySelector('.hits button[tabindex="0"]')) continue;
        for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) parts.push(el.getAttribute(a)!);
      }
      return parts.join('\n');
    });
    expect(englishIn(text)).toEqual([]);
    expect(text).not.toMatch(/osm:(node|way)\/\d+/);
    await page.close();
  });
});
