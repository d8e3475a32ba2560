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
 * Run: npm run build:test && npx tsx scripts/bench-cold-start.ts [runs] [--metro]
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
  const pairs: Array<[[number, number], [number, number]]> = (
    [
      [
        [1.444, 43.6045],
        [1.4335, 43.5985],
      ],
      [
        [1.456, 43.609],
        [1.462, 43.606],
      ],
      [
        [1.43, 43.59],
        [1.46, 43.615],
      ],
    ] as Array<[[number, number], [number, number]]>
  ).map(([a, b]) => [at(a), at(b)]);
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
    readMs: number;
    decodeMs: number;
    engineMs: number;
    storeMs: number;
  }
  const engineLoad = async (): Promise<EngineLoad | undefined> => {
    for (const w of session.context
      .serviceWorkers()
      .filter((x) => x.url().includes(session.extensionId))
      .reverse()) {
      try {
        return await w.evaluate(async () => {
          const hook = (globalThis as unknown as { __angleMortTest: { engineLoads(): EngineLoad[]; storeLoadMillis(): Promise<number> } })
            .__angleMortTest;
          return { ...hook.engineLoads().at(-1)!, storeMs: await hook.storeLoadMillis() };
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
    { total: number[]; store: number[]; read: number[]; decode: number[]; engine: number[]; route: number[] }
  > = {
    persisted: { total: [], store: [], read: [], decode: [], engine: [], route: [] },
    rebuilt: { total: [], store: [], read: [], decode: [], engine: [], route: [] },
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
        `the rest (worker start, database open, bundle check, graph list and cameras, messaging) ≈ ${(med(m.total) - (med(m.read) ?? 0) - (med(m.decode) ?? 0) - (med(m.engine) ?? 0) - med(m.route)).toFixed(0)} ms; ` +
        `the store's camera index, built after the route (first request that needs it) ${med(m.store)?.toFixed(0)} ms`,
    );
  }
  console.log(`warm route (worker alive): median ${med(warm).toFixed(0)} ms [${warm.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(
    `load average at start ${load0.map((x) => x.toFixed(1)).join(' ')}, at end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await session.close();
}
