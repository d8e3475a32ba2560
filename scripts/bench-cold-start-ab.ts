/**
 * Old against new, interleaved under the same load (issue #14): two test builds of the extension (the
 * `old` one from a second checkout, e.g. `git worktree add ../base main --detach` and `ANGLE_MORT_TEST=1
 * npx wxt build` there; the `new` one this checkout's .output-test), each in its own Chromium session,
 * rounds alternating which goes first. Each session: the planner page, one warm-up route, then STOPS times
 * the service worker stopped through CDP and the first route after it timed from the page (what the
 * overlay's in-page planner pays when it asks at the instant of a stop). Both builds' wake-up timelines
 * (test-build hook) are printed per stop, with the medians of when the script ran, when the bundle check
 * answered and when the graph reads started, on the worker's own clock.
 *
 * Run: npx tsx scripts/bench-cold-start-ab.ts [rounds=3] [stops=4] [old build dir]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
(globalThis as { __dirname?: string }).__dirname = join(dirname(fileURLToPath(import.meta.url)), '../tests/e2e');
const { launchWithExtension, ROOT } = await import('../tests/e2e/harness.ts');
const { toulouseGraphBytes } = await import('../tests/unit/planner/fixture.ts');
const ROUNDS = Number(process.argv[2] ?? 3);
const STOPS = Number(process.argv[3] ?? 4);
const builds: Record<string, string> = {
  old: process.argv[4] ?? join(ROOT, '../base/.output-test/chrome-mv3'),
  new: join(ROOT, '.output-test/chrome-mv3'),
};
const dirs: Record<string, string> = {};
for (const [k, src] of Object.entries(builds)) {
  const d = join(ROOT, 'tests/.tmp', `ab-${k}`);
  rmSync(d, { recursive: true, force: true });
  cpSync(src, d, { recursive: true });
  if (!existsSync(join(d, 'bundle/graph.bin'))) writeFileSync(join(d, 'bundle/graph.bin'), toulouseGraphBytes());
  dirs[k] = d;
}
const { COLD_START_PAIRS: pairs } = await import('../tests/e2e/cold-start-helpers.ts');
const res: Record<string, number[]> = { old: [], new: [] };
/** Per stop, on the worker's clock (ms since its start): script run, planner request start, graph reads' start. */
const splits: Record<string, Array<{ script: number; planner: number; build: number }>> = { old: [], new: [] };
const detail: string[] = [];
const load0 = loadavg()[0];
for (let r = 0; r < ROUNDS; r++) {
  for (const k of r % 2 ? ['new', 'old'] : ['old', 'new']) {
    const session = await launchWithExtension({ extensionDir: dirs[k] });
    try {
      const page = await session.context.newPage();
      await page.goto(`chrome-extension://${session.extensionId}/planner.html`);
      await page.locator('.am-planner').waitFor();
      const cdp = await session.context.newCDPSession(page);
      const route = (f: number[], t: number[]) =>
        page.evaluate(
          async ([f, t]) => {
            const t0 = performance.now();
            const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome
              .runtime;
            const a = (await runtime.sendMessage({ type: 'route', from: f, to: t })) as { ok?: boolean } | undefined;
            return { ms: performance.now() - t0, ok: a?.ok === true };
          },
          [f, t],
        );
      await route(pairs[0][0], pairs[0][1]);
      await page.waitForTimeout(5000);
      for (let i = 0; i < STOPS; i++) {
        const [f, t] = pairs[i % 3];
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await page.waitForTimeout(700);
        const x = await route(f, t);
        if (!x.ok) throw new Error('route failed');
        res[k].push(x.ms);
        {
          for (const w of session.context
            .serviceWorkers()
            .filter((x) => x.url().includes(session.extensionId))
            .reverse()) {
            try {
              const h = await w.evaluate(() => {
                const hook = (globalThis as unknown as { __angleMortTest: Record<string, () => unknown> }).__angleMortTest;
                return {
                  t: hook.timeline() as {
                    scriptStartedAt: number;
                    firstPlannerStartAt: number;
                    catalogue?: { graphsMs: number; camerasMs: number };
                  },
                  l: (
                    hook.engineLoads() as Array<{
                      startedAt: number;
                      readMs: number;
                      decodeMs: number;
                      engineMs: number;
                      wallIndex?: string;
                    }>
                  ).at(-1)!,
                };
              });
              splits[k].push({ build: h.l.startedAt, planner: h.t.firstPlannerStartAt, script: h.t.scriptStartedAt });
              detail.push(
                JSON.stringify({
                  of: k,
                  total: Math.round(x.ms),
                  script: Math.round(h.t.scriptStartedAt),
                  planner: Math.round(h.t.firstPlannerStartAt),
                  graphs: Math.round(h.t.catalogue?.graphsMs ?? Number.NaN),
                  cams: Math.round(h.t.catalogue?.camerasMs ?? Number.NaN),
                  build: Math.round(h.l.startedAt),
                  read: Math.round(h.l.readMs),
                  decode: Math.round(h.l.decodeMs),
                  engine: Math.round(h.l.engineMs),
                  walls: h.l.wallIndex ?? '-',
                }),
              );
              break;
            } catch {
              /* a worker of before the stop */
            }
          }
        }
        await page.waitForTimeout(4000);
      }
    } finally {
      await session.close();
    }
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const k of ['old', 'new'])
  console.log(
    `${k}: median ${med(res[k]).toFixed(0)} ms, min ${Math.min(...res[k]).toFixed(0)}, max ${Math.max(...res[k]).toFixed(0)} [${res[k].map((x) => x.toFixed(0)).join(', ')}]`,
  );
for (const k of ['old', 'new'])
  console.log(
    `${k} worker clock, medians: script ${med(splits[k].map((s) => s.script)).toFixed(0)} ms, bundle checked ${med(splits[k].map((s) => s.planner)).toFixed(0)} ms, graph reads started ${med(splits[k].map((s) => s.build)).toFixed(0)} ms`,
  );
for (const k of ['old', 'new']) {
  const rows = detail.map((d) => JSON.parse(d) as Record<string, number | string>).filter((d) => d.of === k);
  const m = (f: string) => med(rows.map((d) => Number(d[f]))).toFixed(0);
  console.log(`${k} engine build, medians: read ${m('read')} ms, decode ${m('decode')} ms, engine ${m('engine')} ms`);
}
console.log(detail.join('\n'));
console.log(`load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
