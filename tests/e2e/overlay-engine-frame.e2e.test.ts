/**
 * The overlay planner's engine frame (issue #14, D96), in Chromium with the test build on the OSM-like test page:
 * opening the planner panel starts the invisible extension frame, which builds its engine for the view and then
 * answers the panel's routes; the awake port to the service worker pauses meanwhile. After the worker is stopped
 * through the DevTools protocol, picking two points shows three routes answered by the frame, equal to the
 * background's own answer, and the woken worker builds no engine. A copy of the frame made by the page's own
 * script answers the page nothing. Closing the panel keeps the frame, and the panel reopened plans with it.
 * (The service worker's path, which Firefox keeps, is tested in cold-start-overlay.e2e.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { awakeCounts, coldStartExtension, engineLoads, stopWorker } from './cold-start-helpers.ts';
import { pickStartAndDestination, startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';
import { cardNumbers } from './planner-helpers.ts';

const FROM: [number, number] = [1.453, 43.601];
const TO: [number, number] = [1.44, 43.609];
const VIEW_CENTRE: [number, number] = [1.4428, 43.605];

let server: StaticServer;
let session: ExtensionSession;
let page: Page;

beforeAll(async () => {
  const WORK_DIR = coldStartExtension('engine-frame-extension');
  server = await startTestPages();
  session = await launchWithExtension({ extensionDir: WORK_DIR, viewport: { width: 1280, height: 860 } });
  page = await session.context.newPage();
  await page.goto(`${server.origin}/osm/#map=16/${VIEW_CENTRE[1]}/${VIEW_CENTRE[0]}`);
  await waitForSettledOverlay(page, (d) => d.visible && d.drawn.length > 0, 120_000);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await server?.close();
});

interface FrameHook {
  answered: Record<string, number>;
  last: Record<string, { message: unknown; answer: unknown }>;
}

/** The engine frames in the page (Playwright sees the extension frame inside the overlay's shadow root). */
const engineFrames = (): Frame[] => page.frames().filter((f) => f.url().includes('/engine-frame.html'));

/** What the (one) engine frame answered, or null while there is none or it has not started. */
const frameAnswered = async (): Promise<Record<string, number> | null> => {
  const [frame] = engineFrames();
  if (!frame) return null;
  return frame
    .evaluate(() => (globalThis as unknown as { __angleMortFrame?: FrameHook }).__angleMortFrame?.answered ?? null)
    .catch(() => null);
};

const builds = () => engineLoads(session).catch(() => null);

describe("the overlay planner's engine frame", () => {
  it('opening the panel starts the frame, which builds its engine; the awake port then pauses', async () => {
    expect(engineFrames()).toHaveLength(0);
    await page.getByRole('button', { name: 'Plan a discreet walk' }).click();
    await page.locator('#am-planner-panel .am-planner').waitFor();
    await expect.poll(frameAnswered, { timeout: 60_000 }).toMatchObject({ 'planner/warm': 1 });
    expect(engineFrames()).toHaveLength(1);
    // The frame is invisible: one transparent pixel that takes no pointer.
    const box = await page.evaluate(() => {
      const f = document.querySelector('angle-mort-overlay')?.shadowRoot?.querySelector('iframe.engine-frame') as HTMLIFrameElement | null;
      if (!f) return null;
      const r = f.getBoundingClientRect();
      const s = getComputedStyle(f);
      return {
        w: r.width,
        h: r.height,
        opacity: s.opacity,
        pointer: s.pointerEvents,
        hidden: f.getAttribute('aria-hidden'),
        tab: f.tabIndex,
      };
    });
    expect(box).toEqual({ w: 1, h: 1, opacity: '0', pointer: 'none', hidden: 'true', tab: -1 });
    // Its engine answers the routes now: the service worker's awake port is closed.
    await expect.poll(async () => (await awakeCounts(session).catch(() => ({ open: 0 }))).open, { timeout: 20_000 }).toBe(0);
  }, 120_000);

  it('after the service worker is stopped the frame answers the route, as the background would; the worker builds nothing', async () => {
    // The frame ran one route of its own while warming (its code compiled before a person's route).
    const routesBefore = (await frameAnswered())?.route ?? 0;
    expect(routesBefore).toBe(1);
    const stop = await stopWorker(session, page);
    await stop.detach();
    const panel = page.locator('#am-planner-panel');
    await pickStartAndDestination(page, FROM, TO);
    await panel.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const shown = await Promise.all((['shortest', 'balanced', 'discreet'] as const).map((alt) => cardNumbers(panel, alt)));
    for (const card of shown) expect(card.length).toBeGreaterThan(500);
    expect((await frameAnswered())?.route).toBeGreaterThan(routesBefore);
    // Whatever woke the worker since (the overlay's camera requests), no engine was built there.
    expect((await builds()) ?? []).toEqual([]);
    // The background's answer to the same request: the same routes (the engine's own time aside).
    const [frame] = engineFrames();
    const both = await frame.evaluate(async () => {
      const { message, answer } = (globalThis as unknown as { __angleMortFrame: FrameHook }).__angleMortFrame.last.route;
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
      const background = await runtime.sendMessage(message);
      const strip = (a: unknown) => ({ ...((a as { value: object }).value ?? {}), millis: 0 });
      return { frame: strip(answer), background: strip(background) };
    });
    expect(both.frame).toEqual(both.background);
    expect(Object.keys(both.frame)).toContain('discreet');
  }, 180_000);

  it("a copy of the frame made by the page's own script answers the page nothing", async () => {
    const got = await page.evaluate(async () => {
      const own = document.querySelector('angle-mort-overlay')?.shadowRoot?.querySelector<HTMLIFrameElement>('iframe.engine-frame');
      if (!own) return ['no engine frame to copy'];
      const src = own.src;
      const heard: unknown[] = [];
      window.addEventListener('message', (e) => heard.push(e.data));
      const copy = document.createElement('iframe');
      copy.src = src;
      document.body.append(copy);
      await new Promise((r) => setTimeout(r, 3_000));
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => heard.push(e.data);
      copy.contentWindow?.postMessage({ kind: 'ask', id: 1, message: { type: 'planner/warm' } }, '*', [channel.port2]);
      await new Promise((r) => setTimeout(r, 2_000));
      copy.remove();
      return heard;
    });
    expect(got).toEqual([]);
    // The copy is gone; the panel's own frame stays.
    await expect.poll(() => engineFrames().length).toBe(1);
  }, 60_000);

  it('closing the panel keeps the frame: reopened, the panel plans with it at once', async () => {
    const answered = (await frameAnswered())?.route ?? 0;
    await page.getByRole('button', { name: 'Hide the planner' }).click();
    await page.waitForTimeout(500);
    expect(engineFrames()).toHaveLength(1);
    const stop = await stopWorker(session, page);
    await stop.detach();
    await page.getByRole('button', { name: 'Plan a discreet walk' }).click();
    // Start and destination were kept: swapping them plans a new route, and the frame answers it.
    await page
      .locator('#am-planner-panel')
      .getByRole('button', { name: /Swap start and destination/ })
      .click();
    await expect.poll(async () => (await frameAnswered())?.route ?? 0, { timeout: 30_000 }).toBeGreaterThan(answered);
    expect((await builds()) ?? []).toEqual([]);
  }, 60_000);
});
