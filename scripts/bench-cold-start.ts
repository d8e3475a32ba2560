/**
 * Browser measurement of the planner's cold start (issue #14): the test build of the extension in Debian's
 * Chromium, the planner page open, the service worker stopped through the DevTools protocol
 * (ServiceWorker.stopAllWorkers), then the first route timed from the page: wake-up + engine build + route.
 * Repeated a few times; a warm route (worker alive, engine built) is timed beside it. Wake-ups alternate
 * between the persisted α = 0 landmark table (IndexedDB `landmarks`, read and validated) and a rebuild
 * (the record deleted from the page first), so both are measured in one run under the same load. The
 * test build's diagnostic (`__angleMortTest.engineLoads`) splits each wake-up's engine build into reading
 * IndexedDB (graph + cameras + table), decoding the graph, and building the engine.
 *
 * The planner page's own path is timed too: its engine worker (entrypoints/planner-engine.ts) answers while
 * the service worker stays stopped, and a freshly opened page's first route (worker start + engine build).
 * With --metro the bundled graph is replaced by the 4×4 tiled Toulouse of the routing benchmark (563k nodes;
 * no wall layer), to show what the cold start costs at metro size.
 *
 * The overlay's in-page planner, which asks the service worker, is measured last (`overlayMeasures`): the
 * worker stopped and the panel opened before the first route, the panel open when it is stopped, and a real
 * 45 s idle with the panel open and closed. --overlay-only runs just that part.
 *
 * Run: npm run build:test && npx tsx scripts/bench-cold-start.ts [runs] [--metro] [--overlay-only]
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The browser-test harness is written for vitest (CommonJS __dirname); give it one under tsx.
(globalThis as { __dirname?: string }).__dirname = join(dirname(fileURLToPath(import.meta.url)), '../tests/e2e');
const { CHROME_EXTENSION_DIR, launchWithExtension, ROOT } = await import('../tests/e2e/harness.ts');

const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 7);
const METRO = process.argv.includes('--metro');
/** Only the overlay's in-page planner measures (below), not the planner page's and the plain service worker's. */
const OVERLAY_ONLY = process.argv.includes('--overlay-only');
/** Time between opening the overlay's planner panel and the first route (picking two points): ms. */
const PICK_DELAY_MS = 1_000;
/** The real idle test: panel open, nothing else, longer than Chromium's 30 s idle stop. */
const IDLE_MS = 45_000;
const WORK_DIR = join(ROOT, 'tests/.tmp/cold-start-extension');
rmSync(WORK_DIR, { recursive: true, force: true });
mkdirSync(WORK_DIR, { recursive: true });
cpSync(CHROME_EXTENSION_DIR, WORK_DIR, { recursive: true });
const bundled = join(ROOT, 'data/generated/bundle/graph.bin');
if (!existsSync(join(WORK_DIR, 'bundle/graph.bin'))) cpSync(bundled, join(WORK_DIR, 'bundle/graph.bin'));
/** Where the timed pairs sit: Toulouse itself, or the inner tile (column 1, row 1) of the metro. */
let shift: [number, number] = [0, 0];
if (METRO) {
  const { decodeWalkGraph, encodeWalkGraph } = await import('../lib/network/format.ts');
  const { tiledMetro } = await import('./bench-baselines.ts');
  const city = decodeWalkGraph(new Uint8Array(readFileSync(bundled)));
  const metro = tiledMetro(city, 4);
  writeFileSync(join(WORK_DIR, 'bundle/graph.bin'), encodeWalkGraph(metro));
  rmSync(join(WORK_DIR, 'bundle/walls.bin'), { force: true }); // Toulouse's walls do not fit the tiles
  shift = [city.bbox.east - city.bbox.west, city.bbox.north - city.bbox.south];
  console.log(`metro: ${metro.nodeCount} nodes, ${metro.edgeCount} edges (4×4 tiled Toulouse)`);
}

const load0 = loadavg();
const session = await launchWithExtension({ extensionDir: WORK_DIR });
try {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${session.extensionId}/planner.html`);
  await page.locator('.am-planner').waitFor();
  await page.locator('.am-loading').waitFor({ state: 'detached', timeout: 120_000 });
  const cdp = await session.context.newCDPSession(page);
  const at = ([lon, lat]: [number, number]): [number, number] => [lon + shift[0], lat + shift[1]];
  const { COLD_START_PAIRS } = await import('../tests/e2e/cold-start-helpers.ts');
  const pairs = COLD_START_PAIRS.map(([a, b]): [[number, number], [number, number]] => [at(a), at(b)]);
  const routeFromPage = (from: [number, number], to: [number, number]) =>
    page.evaluate(
      async ([f, t]) => {
        const t0 = performance.now();
        const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
        const answer = (await runtime.sendMessage({ type: 'route', from: f, to: t })) as {
          ok?: boolean;
          value?: { shortest?: unknown; millis?: number };
        };
        return {
          ms: performance.now() - t0,
          ok: answer?.ok === true && !!answer.value?.shortest,
          millis: answer?.value?.millis ?? NaN,
          answer: JSON.stringify(answer).slice(0, 200),
        };
      },
      [from, to] as const,
    );
  // Warm-up: the first ever start also seeds IndexedDB from the bundle; not what a woken worker does.
  const first = await routeFromPage(...pairs[0]);
  if (!first.ok) throw new Error(`route failed: ${first.answer}`);
  /** The same request through the planner page's own path (its engine worker; the service worker is not involved). */
  const routeFromOwnEngine = (target: typeof page, from: [number, number], to: [number, number]) =>
    target.evaluate(
      async ([f, t]) => {
        const own = (globalThis as unknown as { __angleMortPlanner: { send(m: unknown): Promise<unknown>; served(): number } })
          .__angleMortPlanner;
        const served = own.served();
        const t0 = performance.now();
        const answer = (await own.send({ type: 'route', from: f, to: t })) as { ok?: boolean; value?: { shortest?: unknown } };
        return { ms: performance.now() - t0, ok: answer?.ok === true && !!answer.value?.shortest, local: own.served() > served };
      },
      [from, to] as const,
    );
  if (OVERLAY_ONLY) {
    await page.waitForTimeout(5000);
    await overlayMeasures(page, routeFromPage, pairs);
    process.exit(0);
  }
  // A freshly opened planner page: its engine worker starts, reads IndexedDB and builds its engine for the first route.
  const pageOpen: number[] = [];
  for (let i = 0; i < 3; i++) {
    const fresh = await session.context.newPage();
    await fresh.goto(`chrome-extension://${session.extensionId}/planner.html`);
    await fresh.locator('.am-planner').waitFor();
    const r = await routeFromOwnEngine(fresh, ...pairs[i % pairs.length]);
    if (!r.ok || !r.local) throw new Error('the page engine did not answer');
    pageOpen.push(r.ms);
    await fresh.close();
  }
  interface EngineLoad {
    landmarks: string;
    edgeIndex?: string;
    readMs: number;
    decodeMs: number;
    engineMs: number;
    storeMs: number;
    /** The worker's own clock (ms since its start): the background script ran, the first planner request could start, the engine build started. */
    scriptAt?: number;
    plannerAt?: number;
    buildAt?: number;
  }
  const engineLoad = async (): Promise<EngineLoad | undefined> => {
    for (const w of session.context
      .serviceWorkers()
      .filter((x) => x.url().includes(session.extensionId))
      .reverse()) {
      try {
        return await w.evaluate(async () => {
          const hook = (
            globalThis as unknown as {
              __angleMortTest: {
                engineLoads(): Array<EngineLoad & { startedAt: number }>;
                storeLoadMillis(): Promise<number>;
                timeline(): { scriptStartedAt: number; firstPlannerStartAt?: number };
              };
            }
          ).__angleMortTest;
          const load = hook.engineLoads().at(-1)!;
          const t = hook.timeline();
          // Read the timeline before storeLoadMillis: that call builds the store's camera index.
          return {
            ...load,
            scriptAt: t.scriptStartedAt,
            plannerAt: t.firstPlannerStartAt,
            buildAt: load.startedAt,
            storeMs: await hook.storeLoadMillis(),
          };
        });
      } catch {
        /* a worker of before the stop */
      }
    }
    return undefined;
  };
  const dropTable = () =>
    page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('angle-mort');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('landmarks', 'readwrite');
            tx.objectStore('landmarks').delete('toulouse');
            tx.oncomplete = () => (open.result.close(), resolve());
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
  const hasTable = () =>
    page.evaluate(
      () =>
        new Promise<boolean>((resolve, reject) => {
          const open = indexedDB.open('angle-mort');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('landmarks').objectStore('landmarks').getKey('toulouse');
            get.onsuccess = () => (open.result.close(), resolve(get.result !== undefined));
            get.onerror = () => reject(get.error);
          };
        }),
    );
  const warm: number[] = [];
  const cold: number[] = [];
  const ownEngine: number[] = [];
  const inWorker: number[] = [];
  const byMode: Record<
    'persisted' | 'rebuilt',
    {
      total: number[];
      store: number[];
      read: number[];
      decode: number[];
      engine: number[];
      route: number[];
      script: number[];
      catalogue: number[];
    }
  > = {
    persisted: { total: [], store: [], read: [], decode: [], engine: [], route: [], script: [], catalogue: [] },
    rebuilt: { total: [], store: [], read: [], decode: [], engine: [], route: [], script: [], catalogue: [] },
  };
  await page.waitForTimeout(5000); // deferred landmark tiers and camera-cache fills finish
  for (let i = 0; i < RUNS; i++) {
    const [from, to] = pairs[i % pairs.length];
    const w = await routeFromPage(from, to);
    warm.push(w.ms);
    const mode = i % 2 === 0 ? 'persisted' : 'rebuilt';
    // The table is written after the build that made it (a metro-sized one takes seconds): wait for it.
    if (mode === 'persisted') for (let k = 0; k < 120 && !(await hasTable()); k++) await page.waitForTimeout(500);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(500);
    if (mode === 'rebuilt') await dropTable();
    // The planner page's path first: its engine worker answers while the service worker stays stopped.
    const own = await routeFromOwnEngine(page, to, from);
    if (!own.ok || !own.local) throw new Error('the page engine did not answer after the stop');
    ownEngine.push(own.ms);
    const c = await routeFromPage(from, to);
    if (!c.ok) throw new Error(`route after stop failed: ${c.answer}`);
    cold.push(c.ms);
    inWorker.push(c.millis);
    const load = await engineLoad();
    if (load && load.landmarks !== (mode === 'persisted' ? 'persisted' : 'built'))
      throw new Error(`expected ${mode}, the worker says ${load.landmarks}`);
    const m = byMode[mode];
    m.total.push(c.ms);
    m.route.push(c.millis);
    if (load) {
      m.store.push(load.storeMs);
      m.read.push(load.readMs);
      m.decode.push(load.decodeMs);
      m.engine.push(load.engineMs);
      if (load.scriptAt !== undefined) m.script.push(load.scriptAt);
      if (load.plannerAt !== undefined && load.buildAt !== undefined) m.catalogue.push(load.buildAt - load.plannerAt);
    }
    await page.waitForTimeout(5000); // let the woken worker finish its deferred tiers before the warm route
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const med = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
  console.log(
    `planner page (its own engine worker), first route after the service worker was stopped, ${RUNS} runs: median ${med(ownEngine).toFixed(0)} ms, ` +
      `max ${Math.max(...ownEngine).toFixed(0)} ms [${ownEngine.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `freshly opened planner page, first route (worker start + IndexedDB + engine build + route): median ${med(pageOpen).toFixed(0)} ms [${pageOpen.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `through the service worker (runtime.sendMessage: the overlay's in-page planner), first route after it was stopped (CDP ServiceWorker.stopAllWorkers), ${RUNS} runs: median ${med(cold).toFixed(0)} ms, ` +
      `min ${Math.min(...cold).toFixed(0)} ms, max ${Math.max(...cold).toFixed(0)} ms [${cold.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `of which inside the planner (engine build + route, PlannedRoutes.millis): median ${med(inWorker).toFixed(0)} ms [${inWorker.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  for (const [mode, m] of Object.entries(byMode)) {
    if (m.total.length === 0) continue;
    console.log(
      `  ${mode} table (${m.total.length} wake-ups): first route median ${med(m.total).toFixed(0)} ms; inside the worker: planner's IndexedDB reads ${med(m.read)?.toFixed(0)} ms, ` +
        `graph decode ${med(m.decode)?.toFixed(0)} ms, engine build ${med(m.engine)?.toFixed(0)} ms, route ${med(m.route).toFixed(0)} ms; ` +
        `worker start to the background script ${med(m.script)?.toFixed(0) ?? '?'} ms, graph list and cameras ${med(m.catalogue)?.toFixed(0) ?? '?'} ms; ` +
        `the rest (worker start, database open, bundle check, graph list and cameras, messaging) ≈ ${(med(m.total) - (med(m.read) ?? 0) - (med(m.decode) ?? 0) - (med(m.engine) ?? 0) - med(m.route)).toFixed(0)} ms; ` +
        `the store's camera index, built after the route (first request that needs it) ${med(m.store)?.toFixed(0)} ms`,
    );
  }
  await overlayMeasures(page, routeFromPage, pairs);
  console.log(`warm route (worker alive): median ${med(warm).toFixed(0)} ms [${warm.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(
    `load average at start ${load0.map((x) => x.toFixed(1)).join(' ')}, at end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await session.close();
}

/**
 * The overlay's in-page planner on its service-worker path (the OSM-like test page with `?am-no-engine-frame`:
 * Firefox's path, and Chromium's until the panel's engine frame is ready, D96): (a) worker stopped through CDP, the planner panel opened, the first route asked after
 * PICK_DELAY_MS (the time to pick two points); (b) the panel already open when the worker is stopped and the
 * route asked at once (its awake port reconnects and warms meanwhile); (c) the panel open and nothing else
 * for IDLE_MS (no CDP stop): does the worker stay, is the route warm; and the same wait with the panel
 * closed, to show Chromium's idle stop is live in this browser. Routes are timed from the planner page
 * (runtime.sendMessage, exactly the message the overlay sends).
 */
async function overlayMeasures(
  page: import('playwright-core').Page,
  routeFromPage: (from: [number, number], to: [number, number]) => Promise<{ ms: number; ok: boolean; answer: string }>,
  pairs: Array<[[number, number], [number, number]]>,
): Promise<void> {
  const { startTestPages } = await import('../tests/e2e/overlay-helpers.ts');
  const { followWorker, inWorker, stopWorker } = await import('../tests/e2e/cold-start-helpers.ts');
  const server = await startTestPages();
  try {
    const site = await session.context.newPage();
    // The service worker's path: without the panel's engine frame (scripts/bench-cold-start-overlay.ts measures
    // the overlay's own path with it).
    await site.goto(`${server.origin}/osm/?am-no-engine-frame#map=16/43.605/1.4428`);
    const openButton = site.getByRole('button', { name: 'Plan a discreet walk' });
    const closeButton = site.getByRole('button', { name: 'Hide the planner' });
    await openButton.waitFor({ timeout: 60_000 });
    const builds = async () => (await inWorker(session, 'engineLoads').catch(() => null))?.length ?? 0;
    const timed = async (from: [number, number], to: [number, number]) => {
      const r = await routeFromPage(from, to);
      if (!r.ok) throw new Error(`overlay-path route failed: ${r.answer}`);
      return r.ms;
    };
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    // (a) Interleaved under the same load: the route at once after the stop with the panel closed (the old
    // measure), and the panel opened after the stop with the route PICK_DELAY_MS or 3 s later.
    const delays = [0, PICK_DELAY_MS, 3 * PICK_DELAY_MS];
    const byDelay = new Map<number, number[]>(delays.map((d) => [d, []]));
    for (let i = 0; i < RUNS * delays.length; i++) {
      const delay = delays[i % delays.length];
      const [from, to] = pairs[Math.floor(i / delays.length) % pairs.length];
      const stop = await stopWorker(session, page);
      await stop.detach();
      await page.waitForTimeout(500);
      if (delay > 0) {
        await openButton.click();
        await page.waitForTimeout(delay);
      }
      byDelay.get(delay)!.push(await timed(from, to));
      if (delay > 0) await closeButton.click();
      await page.waitForTimeout(3000);
    }
    for (const [delay, xs] of byDelay)
      console.log(
        `overlay (a): worker stopped, ${delay ? `panel opened, route ${delay} ms later` : 'panel closed, route at once (the old measure)'}, ${xs.length} runs: ` +
          `median ${med(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms [${list(xs)}]`,
      );
    // (b) The panel open (engine warm), the worker stopped, the route asked at once.
    const openStop: number[] = [];
    await openButton.click();
    await page.waitForTimeout(3000);
    for (let i = 0; i < RUNS; i++) {
      const [from, to] = pairs[i % pairs.length];
      const stop = await stopWorker(session, page);
      await stop.detach();
      openStop.push(await timed(from, to));
      await page.waitForTimeout(3000);
    }
    console.log(
      `overlay (b): panel open, worker stopped, route at once (the awake port reconnects meanwhile), ${RUNS} runs: median ${med(openStop).toFixed(0)} ms, max ${Math.max(...openStop).toFixed(0)} ms [${list(openStop)}]`,
    );
    // (c) The panel open, no stop: wait longer than Chromium's idle timeout.
    const idle = async () => {
      const follow = await followWorker(session, page);
      const before = await builds();
      const statusesBefore = follow.statuses.length;
      await page.waitForTimeout(IDLE_MS);
      const stopped = follow.statuses.slice(statusesBefore).includes('stopped');
      const ms = await timed(...pairs[0]);
      const after = await builds();
      await follow.cdp.detach();
      return { stopped, ms, rebuilt: after !== before || stopped };
    };
    const withPanel = await idle();
    await closeButton.click();
    await page.waitForTimeout(1000);
    const withoutPanel = await idle();
    console.log(
      `overlay (c): ${IDLE_MS / 1000} s idle with the panel open: worker ${withPanel.stopped ? 'STOPPED' : 'kept running'}, route ${withPanel.ms.toFixed(0)} ms${withPanel.rebuilt ? ' (engine rebuilt)' : ' (no rebuild)'}; ` +
        `with the panel closed: worker ${withoutPanel.stopped ? 'stopped by Chromium' : 'NOT stopped'}, route ${withoutPanel.ms.toFixed(0)} ms${withoutPanel.rebuilt ? ' (engine rebuilt)' : ' (no rebuild)'}` +
        (withoutPanel.stopped
          ? ''
          : ' — this browser did not stop an idle worker even without the panel (the automation keeps DevTools attached to the worker, which disables its idle timer), so this run cannot show the keep-alive'),
    );
    await site.close();
  } finally {
    await server.close();
  }
}
