/**
 * The service worker in the cold-start browser tests and benchmark: stop it through the DevTools protocol
 * (as Chromium's idle stop would), follow its running status, and read the test build's diagnostics
 * (`__angleMortTest` in entrypoints/background.ts) from the worker that runs now. Used by the browser tests
 * and by scripts/bench-cold-start.ts.
 */
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROME_EXTENSION_DIR, ROOT, type ExtensionSession } from './harness.ts';
import { toulouseGraphBytes } from '../unit/planner/fixture.ts';
import type { AwakeCounts } from '../../lib/background/awake.ts';
import type { EngineLoadInfo } from '../../lib/planner/engines.ts';

/**
 * A working copy of the test build under tests/.tmp/<name> (its own extension id and IndexedDB origin), with the
 * Toulouse graph in its bundle when the build shipped none. Returns the copy's directory.
 */
export function coldStartExtension(name: string): string {
  const dir = join(ROOT, 'tests/.tmp', name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(CHROME_EXTENSION_DIR, dir, { recursive: true });
  const graph = join(dir, 'bundle/graph.bin');
  if (!existsSync(graph)) writeFileSync(graph, toulouseGraphBytes());
  return dir;
}

/** The extension's service worker statuses ('starting', 'running', 'stopping', 'stopped'), as CDP reports them. */
export async function followWorker(session: ExtensionSession, page: Page) {
  const cdp = await session.context.newCDPSession(page);
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Array<{ runningStatus: string; scriptURL: string }> }) => {
    for (const v of e.versions) if (v.scriptURL.includes(session.extensionId)) statuses.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, statuses, last: () => statuses.at(-1) };
}

/** Stop the extension's service worker through the DevTools protocol and wait until it is stopped. */
export async function stopWorker(session: ExtensionSession, page: Page): Promise<{ wokeUp: () => boolean; detach: () => Promise<void> }> {
  const { cdp, statuses } = await followWorker(session, page);
  const sentAt = statuses.length;
  await cdp.send('ServiceWorker.stopAllWorkers');
  // Stopped once after the call (something may wake it again at once: the overlay's awake port reconnects).
  // (No vitest here: the benchmark, run by tsx, uses these too.)
  const stoppedAt = () => statuses.indexOf('stopped', Math.max(0, sentAt - 1)) + 1;
  for (const deadline = Date.now() + 60_000; stoppedAt() === 0; await page.waitForTimeout(50)) {
    if (Date.now() > deadline) throw new Error(`the service worker did not stop (statuses: ${statuses.join(', ')})`);
  }
  const after = stoppedAt();
  return { wokeUp: () => statuses.slice(after).includes('running'), detach: () => cdp.detach() };
}

/** What the test build's diagnostic reports per engine load (lib/planner/engines.ts). */
export type EngineLoad = EngineLoadInfo;

interface TestHook {
  engineLoads(): EngineLoad[];
  awake(): AwakeCounts;
  storeLoadMillis(): Promise<number>;
  jstsLoaded(): boolean;
}

function withTimeout<T>(p: Promise<T>, ms = 3_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer')), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Calls one diagnostic of the running service worker's test hook (workers of before a stop are skipped). */
export async function inWorker<K extends keyof TestHook>(
  session: ExtensionSession,
  name: K,
  timeoutMs = 3_000,
): Promise<Awaited<ReturnType<TestHook[K]>>> {
  const workers = session.context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${session.extensionId}/`));
  for (const w of workers.reverse()) {
    try {
      // A worker object of before a stop may never answer: give each a few seconds.
      return (await withTimeout(
        w.evaluate(
          (n) => (globalThis as unknown as { __angleMortTest: Record<string, () => unknown> }).__angleMortTest[n](),
          name as string,
        ),
        timeoutMs,
      )) as Awaited<ReturnType<TestHook[K]>>;
    } catch {
      /* a worker object of before the stop */
    }
  }
  throw new Error('no running service worker of the extension');
}

/** How the running worker's engines were loaded (persisted landmark table or rebuilt), oldest first. */
export const engineLoads = (session: ExtensionSession) => inWorker(session, 'engineLoads');

/** The overlay planner's awake ports as the running worker saw them. */
export const awakeCounts = (session: ExtensionSession) => inWorker(session, 'awake');

type LonLat = [number, number];
/** The central Toulouse routes the cold-start measures take in turn (scripts/bench-cold-start*.ts). */
export const COLD_START_PAIRS: ReadonlyArray<readonly [LonLat, LonLat]> = [
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
];
