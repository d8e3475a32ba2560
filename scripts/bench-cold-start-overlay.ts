/**
 * The overlay planner's first route after the service worker was stopped (issue #14, D96), through the panel's
 * own path, with its engine frame and without it (`?am-no-engine-frame`: the service worker's path, Firefox's),
 * interleaved in one Chromium session with the test build on the OSM-like test page. Each sample: one tab's panel
 * opened, the worker stopped through CDP (ServiceWorker.stopAllWorkers), then the route sent as the dock sends it
 * and timed in the content script (the test build's `angle-mort-route` hook, components/overlay/debug-hooks.ts):
 *  - "panel open": the panel opened 3 s before the stop (the frame warm, or the awake port's engine), route at once;
 *  - "reopened, 1 s" / "reopened, at once": the panel, used before and closed, opened right after the stop and the
 *    route asked 1 s later (picking two points) or at once (the frame, kept while the planner is in use, answers);
 *  - "first opening, at once": the page reloaded, the worker stopped, the panel opened and the route asked at once
 *    (nothing warm on either path: the worst case).
 * Also the frame's warm-up: from the click on "Plan a discreet walk" until its engine answered `planner/warm`.
 *
 * Run: npm run build:test && npx tsx scripts/bench-cold-start-overlay.ts [stops per case and path = 6]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';

(globalThis as { __dirname?: string }).__dirname = join(dirname(fileURLToPath(import.meta.url)), '../tests/e2e');
const { launchWithExtension } = await import('../tests/e2e/harness.ts');
const { coldStartExtension, COLD_START_PAIRS: pairs, stopWorker } = await import('../tests/e2e/cold-start-helpers.ts');
const { startTestPages, waitForSettledOverlay } = await import('../tests/e2e/overlay-helpers.ts');

const STOPS = Number(process.argv[2] ?? 6);
const CASES = ['panel open', 'reopened, 1 s', 'reopened, at once', 'first opening, at once'] as const;
const PATHS = ['frame', 'worker'] as const;
type Path = (typeof PATHS)[number];

const server = await startTestPages();
const session = await launchWithExtension({
  extensionDir: coldStartExtension('bench-overlay-frame'),
  viewport: { width: 1280, height: 860 },
});
const load0 = loadavg()[0];
try {
  const tabs = {} as Record<Path, Page>;
  for (const path of PATHS) {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/${path === 'worker' ? '?am-no-engine-frame' : ''}#map=16/43.605/1.4428`);
    await waitForSettledOverlay(page, (d) => d.visible && d.drawn.length > 0, 120_000);
    tabs[path] = page;
  }
  const open = (page: Page) => page.getByRole('button', { name: 'Plan a discreet walk' }).click();
  const close = (page: Page) => page.getByRole('button', { name: 'Hide the planner' }).click();
  /** The route as the dock sends it, timed in the content script. */
  const route = async (page: Page, from: readonly number[], to: readonly number[]) => {
    const got = await page.evaluate(
      async ([f, t]) => {
        const host = document.querySelector('angle-mort-overlay') as HTMLElement;
        delete host.dataset.angleMortRoute;
        host.dataset.angleMortRouteAsk = JSON.stringify({ type: 'route', from: f, to: t });
        host.dispatchEvent(new Event('angle-mort-route'));
        for (let i = 0; i < 600 && !host.dataset.angleMortRoute; i++) await new Promise((r) => setTimeout(r, 50));
        return host.dataset.angleMortRoute ?? 'null';
      },
      [from, to],
    );
    const r = JSON.parse(got) as { ms: number; ok: boolean; via: string } | null;
    if (!r?.ok) throw new Error(`route failed: ${got}`);
    return r;
  };
  const frameWarm = (page: Page) =>
    page
      .frames()
      .find((f) => f.url().includes('/engine-frame.html'))
      ?.evaluate(
        () =>
          ((globalThis as { __angleMortFrame?: { answered: Record<string, number> } }).__angleMortFrame?.answered['planner/warm'] ?? 0) > 0,
      )
      .catch(() => false) ?? Promise.resolve(false);

  const res = new Map<string, Array<{ ms: number; via: string }>>();
  const warmups: number[] = [];
  for (let i = 0; i < STOPS; i++) {
    const [from, to] = pairs[i % pairs.length];
    for (const c of CASES) {
      for (const path of i % 2 ? [...PATHS].reverse() : PATHS) {
        const page = tabs[path];
        await page.bringToFront();
        if (c === 'first opening, at once') {
          await page.reload();
          await waitForSettledOverlay(page, (d) => d.visible && d.drawn.length > 0, 120_000);
        }
        if (c === 'panel open') {
          const t0 = Date.now();
          await open(page);
          if (path === 'frame') {
            while (!(await frameWarm(page)) && Date.now() - t0 < 30_000) await page.waitForTimeout(25);
            warmups.push(Date.now() - t0);
          }
          await page.waitForTimeout(3000);
        }
        const stop = await stopWorker(session, page);
        await stop.detach();
        if (c !== 'panel open') await open(page);
        if (c === 'reopened, 1 s') await page.waitForTimeout(1000);
        const r = await route(page, from, to);
        const key = `${c} | ${path}`;
        res.set(key, [...(res.get(key) ?? []), r]);
        await close(page);
        await page.waitForTimeout(3000);
      }
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${new Date().toISOString()} load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}, ${STOPS} stops per case and path`);
  for (const [key, rs] of res) {
    const ms = rs.map((r) => r.ms);
    const via = [...new Set(rs.map((r) => r.via))].join('/');
    console.log(
      `${key.padEnd(26)} median ${med(ms).toFixed(0).padStart(5)} ms, max ${Math.max(...ms)
        .toFixed(0)
        .padStart(5)} ms (via ${via}) [${ms.map((x) => x.toFixed(0)).join(', ')}]`,
    );
  }
  console.log(`frame warm-up after opening the panel: median ${med(warmups)} ms [${warmups.join(', ')}]`);
} finally {
  await session.close();
  await server.close();
}
