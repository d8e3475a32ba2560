/**
 * The overlay respects the host page (issue #12, "overlay etiquette"), on a test page laid out like
 * openstreetmap.org (header, 350-px sidebar floating or docked, the control column at the top right, the
 * scale at the bottom left; tests/pages/osm/index.html):
 * - the camera card's ×, the planner dock and the legend are the top element at their own centres, and clear
 *   of the site's controls and panels; clicking × closes the card and does not zoom the map;
 * - no overlay UI at all on map-less pages (diary, iD editor, uMap's home, a node page before its map moves);
 * - a vector base map (layers=S) says so and costs no more idle script time than a raster one;
 * - a drag that starts on a camera symbol pans the map, a click without movement opens the card;
 * - the cameras are one tab stop (roving tabindex) with a visible focus ring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { readDebug, startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';
import { clickableCameras, intersects, siteBoxes, topAtCentre, visibleOverlayBoxes } from './overlay-etiquette-helpers.ts';

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

const VIEW = '#map=17/43.6045/1.444';

async function mapState(page: Page) {
  return page.evaluate(() => {
    const map = (window as any).map;
    const c = map.getCenter();
    return { lat: c.lat as number, lon: c.lng as number, zoom: map.getZoom() as number };
  });
}

/** Opens a camera card by clicking the clickable camera nearest the map's centre. */
async function openCard(page: Page) {
  const cams = await clickableCameras(page);
  expect(cams.length).toBeGreaterThan(0);
  const mid = await page.evaluate(() => {
    const r = document.getElementById('map')!.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  cams.sort((a, b) => Math.hypot(a.x - mid.x, a.y - mid.y) - Math.hypot(b.x - mid.x, b.y - mid.y));
  await page.mouse.click(cams[0].x, cams[0].y);
  await page.locator('angle-mort-overlay .card').waitFor();
}

describe('placement on an openstreetmap.org-like page', () => {
  for (const variant of [
    { name: 'floating welcome panel', query: '?welcome', viewport: { width: 1280, height: 800 } },
    { name: 'docked sidebar', query: '?sidebar', viewport: { width: 1280, height: 800 } },
    { name: 'no sidebar, small window', query: '', viewport: { width: 900, height: 700 } },
  ]) {
    it(`card ×, dock and legend are on top and clear of the site's controls (${variant.name})`, async () => {
      const page = await session.context.newPage();
      await page.setViewportSize(variant.viewport);
      await page.goto(`${server.origin}/osm/${variant.query}${VIEW}`);
      await waitForSettledOverlay(page);
      await openCard(page);
      await page.waitForTimeout(300);
      const tops = await topAtCentre(page, ['.card .close', '.dock-toggle', '.legend']);
      const boxes = await siteBoxes(page);
      for (const [sel, t] of Object.entries(tops)) {
        expect(t, sel).not.toBeNull();
        expect(t!.top, `${sel} is covered by ${t!.hit}`).toBe(true);
        for (const b of boxes)
          expect(intersects(t!.box, b), `${sel} ${JSON.stringify(t!.box)} overlaps the site's ${JSON.stringify(b)}`).toBe(false);
      }
      const card = await topAtCentre(page, ['.card']);
      for (const b of boxes) expect(intersects(card['.card']!.box, b)).toBe(false);
      await page.screenshot({ path: artifactPath(`etiquette-osm-${variant.name.replace(/[^a-z]+/g, '-')}.png`) });
      // A real click on × closes the card and leaves the map where it was (it used to hit osm.org's zoom-in).
      const before = await mapState(page);
      const x = tops['.card .close']!.box;
      await page.mouse.click(x.left + x.width / 2, x.top + x.height / 2);
      await expect.poll(() => page.locator('angle-mort-overlay .card').count()).toBe(0);
      expect(await mapState(page)).toEqual(before);
      await page.close();
    });
  }

  it('the open planner panel keeps the legend and the card clear of it', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/?welcome${VIEW}`);
    await waitForSettledOverlay(page);
    await page.locator('angle-mort-overlay .dock-toggle').click();
    await page.locator('angle-mort-overlay .dock-panel').waitFor();
    await openCard(page);
    await page.waitForTimeout(1200);
    const tops = await topAtCentre(page, ['.dock-panel', '.legend', '.card .close']);
    const panel = tops['.dock-panel']!.box;
    expect(intersects(panel, tops['.legend']!.box)).toBe(false);
    expect(intersects(panel, tops['.card .close']!.box)).toBe(false);
    expect(tops['.legend']!.top).toBe(true);
    expect(tops['.card .close']!.top).toBe(true);
    await page.screenshot({ path: artifactPath('etiquette-osm-planner-open.png') });
    await page.close();
  });
});

describe('no overlay UI where the page has no map', () => {
  for (const path of ['/osm/diary', '/osm/edit#map=17/43.6045/1.444', '/umap/fr/', '/osm/node/12657460960']) {
    it(`draws nothing on ${path}`, async () => {
      const page = await session.context.newPage();
      await page.goto(`${server.origin}${path}`);
      // The overlay starts (the content script runs on every page of the site) and settles on "no map".
      await expect.poll(async () => (await readDebug(page))?.noMap, { timeout: 15_000 }).toBe(true);
      await page.waitForTimeout(1000);
      expect(await visibleOverlayBoxes(page)).toEqual([]);
      await page.screenshot({
        path: artifactPath(
          `etiquette-nomap-${path
            .split('/')
            .filter(Boolean)
            .slice(0, 2)
            .join('-')
            .replace(/[^a-z0-9-]/gi, '')}.png`,
        ),
      });
      if (path.startsWith('/osm/node/')) {
        // Once the node page moves its map (and writes #map=…), the overlay draws.
        await page.evaluate(() => (window as any).moveToNode(43.6045, 1.444, 17));
        await waitForSettledOverlay(page);
        expect((await visibleOverlayBoxes(page)).length).toBeGreaterThan(0);
      }
      await page.close();
    });
  }
});

describe('vector base map (osm.org layers=S: MapLibre inside Leaflet, no tiles)', () => {
  /** Script time (s) the page's renderer spent over `ms` of idle, from CDP Performance metrics. */
  async function idleScript(page: Page, ms: number): Promise<number> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const read = async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
      return metrics.find((m) => m.name === 'ScriptDuration')!.value;
    };
    const a = await read();
    await page.waitForTimeout(ms);
    const b = await read();
    await cdp.detach();
    return b - a;
  }

  it('says "vector layer not supported yet", and idles as cheaply as on a raster layer', async () => {
    const raster = await session.context.newPage();
    await raster.goto(`${server.origin}/osm/${VIEW}`);
    await waitForSettledOverlay(raster);
    const vector = await session.context.newPage();
    await vector.goto(`${server.origin}/osm/${VIEW}&layers=S`);
    await expect.poll(async () => (await readDebug(vector))?.status, { timeout: 15_000 }).toBe('status.vector');
    const status = vector.locator('angle-mort-overlay .status');
    expect(await status.innerText()).toContain('Vector layer not supported yet');
    const tops = await topAtCentre(vector, ['.status']);
    expect(tops['.status']!.top).toBe(true);
    for (const b of await siteBoxes(vector)) expect(intersects(tops['.status']!.box, b)).toBe(false);
    await vector.screenshot({ path: artifactPath('etiquette-osm-vector.png') });
    await vector.waitForTimeout(2500);
    // Interleaved, both tabs in the foreground in turn (hidden tabs are throttled and the overlay sleeps).
    const times = { raster: [] as number[], vector: [] as number[] };
    for (let k = 0; k < 2; k++) {
      await raster.bringToFront();
      times.raster.push(await idleScript(raster, 4000));
      await vector.bringToFront();
      times.vector.push(await idleScript(vector, 4000));
    }
    const r = Math.min(...times.raster);
    const v = Math.min(...times.vector);
    console.log(
      `idle script time over 4 s (s): raster ${times.raster.map((x) => x.toFixed(4))}, vector ${times.vector.map((x) => x.toFixed(4))}`,
    );
    // Generous: before the fix the vector page spent 95–135 ms per 5 s re-checking every animation frame.
    expect(v).toBeLessThanOrEqual(3 * r + 0.01);
    // Switching back to a raster layer draws again.
    // (The test page picks its base map when it loads; osm.org swaps layers in place, the adapter reads the same DOM.)
    await vector.goto(`${server.origin}/osm/?layer-switched${VIEW}`);
    await waitForSettledOverlay(vector);
    expect((await readDebug(vector))?.status).toBeNull();
    await raster.close();
    await vector.close();
  });
});

describe('pointer and keyboard on camera symbols', () => {
  it('a drag that starts on a camera symbol pans the map; a click without movement opens the card', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/${VIEW}`);
    await waitForSettledOverlay(page);
    const cams = await clickableCameras(page);
    const mid = await page.evaluate(() => {
      const r = document.getElementById('map')!.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    cams.sort((a, b) => Math.hypot(a.x - mid.x, a.y - mid.y) - Math.hypot(b.x - mid.x, b.y - mid.y));
    const cam = cams[0];
    const before = await page.evaluate(
      ([x, y]) => {
        const map = (window as any).map;
        const r = document.getElementById('map')!.getBoundingClientRect();
        const ll = map.containerPointToLatLng([x - r.left, y - r.top]);
        return [ll.lat, ll.lng];
      },
      [cam.x, cam.y],
    );
    await page.mouse.move(cam.x, cam.y);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(cam.x + 12 * k, cam.y + 5 * k);
    await page.waitForTimeout(200);
    // The spot that was under the pointer moved with it (120, 50 px), like a drag from anywhere else on the map
    // (read while the button is still held: Leaflet's inertia carries the map on after the release).
    const moved = await page.evaluate(([lat, lon]) => {
      const map = (window as any).map;
      const r = document.getElementById('map')!.getBoundingClientRect();
      const p = map.latLngToContainerPoint([lat, lon]);
      return [p.x + r.left, p.y + r.top];
    }, before);
    expect(Math.hypot(moved[0] - (cam.x + 120), moved[1] - (cam.y + 50))).toBeLessThan(3);
    await page.mouse.up();
    await page.waitForTimeout(400);
    expect(await page.locator('angle-mort-overlay .card').count()).toBe(0);
    await waitForSettledOverlay(page);
    const again = await clickableCameras(page);
    await page.mouse.click(again[0].x, again[0].y);
    await page.locator('angle-mort-overlay .card').waitFor();
    await page.close();
  });

  it('the cameras are one tab stop; arrows move between them; Enter opens the card, Escape returns', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/${VIEW}`);
    await waitForSettledOverlay(page);
    const stops = await page.evaluate(() => {
      const root = document.querySelector('angle-mort-overlay')!.shadowRoot!;
      const buttons = Array.from(root.querySelectorAll<HTMLElement>('.hits button'));
      return {
        total: buttons.length,
        tabbable: buttons.filter((b) => b.tabIndex >= 0).length,
        label: root.querySelector('.hits')!.getAttribute('aria-label'),
      };
    });
    expect(stops.total).toBeGreaterThan(20);
    expect(stops.tabbable).toBe(1);
    expect(stops.label).toMatch(/^Cameras on the map \(\d+\)/);
    // Tab from the dock toggle reaches the camera list after the dock's few buttons (the planner and the
    // district download), and one more Tab leaves it.
    await page.locator('angle-mort-overlay .dock-toggle').focus();
    const focused = () =>
      page.evaluate(() => {
        const root = document.querySelector('angle-mort-overlay')!.shadowRoot!;
        const a = root.activeElement as HTMLElement | null;
        return a
          ? {
              inHits: a.parentElement?.className === 'hits',
              idx: a.dataset.idx ?? null,
              outline: getComputedStyle(a).outlineWidth,
              style: getComputedStyle(a).outlineStyle,
            }
          : null;
      });
    let presses = 0;
    do {
      await page.keyboard.press('Tab');
      presses++;
    } while (!(await focused())?.inHits && presses < 4);
    const first = await focused();
    expect(first?.inHits).toBe(true);
    expect(parseFloat(first!.outline)).toBeGreaterThanOrEqual(2);
    expect(first!.style).not.toBe('none');
    await page.screenshot({ path: artifactPath('etiquette-camera-focus.png') });
    const mapBefore = await mapState(page);
    await page.keyboard.press('ArrowRight');
    const second = await focused();
    expect(second?.inHits).toBe(true);
    expect(second?.idx).not.toBe(first?.idx);
    expect(await mapState(page)).toEqual(mapBefore); // the arrow moved the focus, not the map
    await page.keyboard.press('Enter');
    await page.locator('angle-mort-overlay .card').waitFor();
    expect(
      await page.evaluate(() => (document.querySelector('angle-mort-overlay')!.shadowRoot!.activeElement as HTMLElement)?.className),
    ).toBe('close');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('angle-mort-overlay .card').count()).toBe(0);
    expect((await focused())?.idx).toBe(second?.idx);
    await page.keyboard.press('Tab');
    expect((await focused())?.inHits ?? false).toBe(false);
    await page.close();
  });
});
