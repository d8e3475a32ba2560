/**
 * Browser measurement of the planner's cold start (issue #14): the test build of the extension in Debian's
 * Chromium, the planner page open, the service worker stopped through the DevTools protocol
 * (ServiceWorker.stopAllWorkers), then the first route timed from the page: wake-up + engine build + route.
 * Repeated a few times; a warm route (worker alive, engine built) is timed beside it.
 *
 * Run: npm run build:test && npx tsx scripts/bench-cold-start.ts [runs]
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The browser-test harness is written for vitest (CommonJS __dirname); give it one under tsx.
(globalThis as { __dirname?: string }).__dirname = join(dirname(fileURLToPath(import.meta.url)), '../tests/e2e');
const { CHROME_EXTENSION_DIR, launchWithExtension, ROOT } = await import('../tests/e2e/harness.ts');

const RUNS = Number(process.argv[2] ?? 7);
const WORK_DIR = join(ROOT, 'tests/.tmp/cold-start-extension');
rmSync(WORK_DIR, { recursive: true, force: true });
mkdirSync(WORK_DIR, { recursive: true });
cpSync(CHROME_EXTENSION_DIR, WORK_DIR, { recursive: true });
const bundled = join(ROOT, 'data/generated/bundle/graph.bin');
if (!existsSync(join(WORK_DIR, 'bundle/graph.bin'))) cpSync(bundled, join(WORK_DIR, 'bundle/graph.bin'));

const load0 = loadavg();
const session = await launchWithExtension({ extensionDir: WORK_DIR });
try {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/planner.html`);
  await page.locator('.am-planner').waitFor();
  await page.locator('.am-loading').waitFor({ state: 'detached', timeout: 120_000 });
  const cdp = await session.context.newCDPSession(page);
  const pairs: Array<[[number, number], [number, number]]> = [
    [[1.444, 43.6045], [1.4335, 43.5985]],
    [[1.456, 43.609], [1.462, 43.606]],
    [[1.43, 43.59], [1.46, 43.615]],
  ];
  const routeFromPage = (from: [number, number], to: [number, number]) =>
    page.evaluate(async ([f, t]) => {
      const t0 = performance.now();
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
      const answer = (await runtime.sendMessage({ type: 'route', from: f, to: t })) as { ok?: boolean; value?: { shortest?: unknown; millis?: number } };
      return { ms: performance.now() - t0, ok: answer?.ok === true && !!answer.value?.shortest, millis: answer?.value?.millis ?? NaN, answer: JSON.stringify(answer).slice(0, 200) };
    }, [from, to] as const);
  // Warm-up: the first ever start also seeds IndexedDB from the bundle; not what a woken worker does.
  const first = await routeFromPage(...pairs[0]);
  if (!first.ok) throw new Error(`route failed: ${first.answer}`);
  const warm: number[] = [];
  const cold: number[] = [];
  const inWorker: number[] = [];
  await page.waitForTimeout(5000); // deferred landmark tiers and camera-cache fills finish
  for (let i = 0; i < RUNS; i++) {
    const [from, to] = pairs[i % pairs.length];
    const w = await routeFromPage(from, to);
    warm.push(w.ms);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(500);
    const c = await routeFromPage(from, to);
    if (!c.ok) throw new Error(`route after stop failed: ${c.answer}`);
    cold.push(c.ms);
    inWorker.push(c.millis);
    await page.waitForTimeout(5000); // let the woken worker finish its deferred tiers before the warm route
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const med = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
  console.log(`first route after the service worker was stopped (CDP ServiceWorker.stopAllWorkers), ${RUNS} runs: median ${med(cold).toFixed(0)} ms, ` +
    `min ${Math.min(...cold).toFixed(0)} ms, max ${Math.max(...cold).toFixed(0)} ms [${cold.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`of which inside the planner (engine build + route, PlannedRoutes.millis): median ${med(inWorker).toFixed(0)} ms [${inWorker.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`warm route (worker alive): median ${med(warm).toFixed(0)} ms [${warm.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(`load average at start ${load0.map((x) => x.toFixed(1)).join(' ')}, at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  await session.close();
}
