/**
 * The planner after the service worker is evicted (issue #14): Chromium stops an idle MV3 worker; the next
 * route wakes it, and the woken background builds its engine with only the α = 0 landmark table (the other
 * tiers follow in idle tasks). The routes it answers must be exactly the ones a warm worker gives.
 * The worker is stopped through the DevTools protocol (ServiceWorker.stopAllWorkers), as Chromium would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROME_EXTENSION_DIR, launchWithExtension, ROOT, type ExtensionSession } from './harness';
import { toulouseGraphBytes } from '../unit/planner/fixture';

const WORK_DIR = join(ROOT, 'tests/.tmp/cold-start-e2e-extension');
const GRAPH = join(WORK_DIR, 'bundle/graph.bin');
let session: ExtensionSession;
let page: Page;

beforeAll(async () => {
  rmSync(WORK_DIR, { recursive: true, force: true });
  cpSync(CHROME_EXTENSION_DIR, WORK_DIR, { recursive: true });
  if (!existsSync(GRAPH)) writeFileSync(GRAPH, toulouseGraphBytes());
  session = await launchWithExtension({ extensionDir: WORK_DIR });
  page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/planner.html`);
  await page.locator('.am-planner').waitFor();
  await page.locator('.am-loading').waitFor({ state: 'detached', timeout: 120_000 });
}, 180_000);

afterAll(async () => {
  await session?.close();
});

interface Answer {
  ok: boolean;
  value?: Record<'shortest' | 'balanced' | 'discreet', { length: number; cost: number; coordinates: number[][]; cameras: Array<{ id: string }>; sameAs?: string }>;
}

const route = (from: number[], to: number[], alpha?: number): Promise<Answer> =>
  page.evaluate(async ([f, t, a]) => {
    const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
    return (await runtime.sendMessage({ type: 'route', from: f, to: t, alpha: a ?? undefined })) as Answer;
  }, [from, to, alpha ?? null] as const);

const essentials = (a: Answer) =>
  (['shortest', 'balanced', 'discreet'] as const).map((name) => {
    const r = a.value![name];
    return { name, length: r.length.toFixed(3), cost: r.cost.toFixed(3), line: JSON.stringify(r.coordinates), cameras: r.cameras.map((c) => c.id), sameAs: r.sameAs ?? null };
  });

describe('planner after the service worker was stopped', () => {
  it('a woken worker answers the same three routes as a warm one', async () => {
    const requests: Array<[number[], number[], number?]> = [
      [[1.444, 43.6045], [1.4335, 43.5985]], // Capitole → Saint-Cyprien, through the watched centre
      [[1.456, 43.609], [1.462, 43.606], 12],
    ];
    for (const [from, to, alpha] of requests) {
      const warm = await route(from, to, alpha);
      expect(warm.ok).toBe(true);
      // Follow the worker's running status through the DevTools protocol while stopping it.
      const cdp = await session.context.newCDPSession(page);
      const statuses: string[] = [];
      cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ runningStatus: string; scriptURL: string }> }) => {
        for (const v of e.versions) if (v.scriptURL.includes(session.extensionId)) statuses.push(v.runningStatus);
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await expect.poll(() => statuses.at(-1), { timeout: 60_000 }).toBe('stopped');
      const stoppedAt = statuses.length;
      const cold = await route(from, to, alpha);
      // The answer came from a woken worker: it went through starting/running again after the stop.
      expect(statuses.slice(stoppedAt)).toContain('running');
      await cdp.detach();
      expect(cold.ok).toBe(true);
      expect(essentials(cold)).toEqual(essentials(warm));
      expect(cold.value!.shortest.coordinates.length).toBeGreaterThan(10);
    }
  }, 240_000);
});
