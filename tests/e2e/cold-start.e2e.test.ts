/**
 * The planner after the service worker is evicted (issue #14): Chromium stops an idle MV3 worker; the next
 * route wakes it, and the woken background builds its engine with the α = 0 landmark table read from IndexedDB (the other
 * tiers follow in idle tasks). The routes it answers must be exactly the ones a warm worker gives.
 * The worker is stopped through the DevTools protocol (ServiceWorker.stopAllWorkers), as Chromium would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { launchWithExtension, type ExtensionSession } from './harness';
import { cardNumbers, engineBeside } from './planner-helpers';
import { coldStartExtension, engineLoads as workerEngineLoads, inWorker, stopWorker as stopOf } from './cold-start-helpers';
import { areaReport } from '../../lib/area/report.ts';
import type { AreaShape } from '../../lib/area/shape.ts';
import { bundledCameras } from '../unit/planner/fixture.ts';

let session: ExtensionSession;
let page: Page;
let WORK_DIR: string;

beforeAll(async () => {
  WORK_DIR = coldStartExtension('cold-start-e2e-extension');
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
  value?: Record<
    'shortest' | 'balanced' | 'discreet',
    { length: number; cost: number; coordinates: number[][]; cameras: Array<{ id: string }>; sameAs?: string }
  >;
}

const route = (from: number[], to: number[], alpha?: number): Promise<Answer> =>
  page.evaluate(
    async ([f, t, a]) => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
      return (await runtime.sendMessage({ type: 'route', from: f, to: t, alpha: a ?? undefined })) as Answer;
    },
    [from, to, alpha ?? null] as const,
  );

const essentials = (a: Answer) =>
  (['shortest', 'balanced', 'discreet'] as const).map((name) => {
    const r = a.value![name];
    return {
      name,
      length: r.length.toFixed(3),
      cost: r.cost.toFixed(3),
      line: JSON.stringify(r.coordinates),
      cameras: r.cameras.map((c) => c.id),
      sameAs: r.sameAs ?? null,
    };
  });

interface StoredFile {
  size: number;
  magic: string;
  /** The format version (the u32 at byte 4). */
  version: number;
  sum: number;
}

/**
 * The stored landmark record of the bundled dataset, read from an extension page: the table's size and first
 * 4 bytes, the edge index file's (lib/routing/landmark-file.ts) and the wall index file's
 * (lib/walls/index-file.ts), each with a sum of its bytes.
 */
const storedTable = (): Promise<{ size: number; magic: string; index: StoredFile | null; walls: StoredFile | null } | null> =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('angle-mort');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('landmarks').objectStore('landmarks').get('toulouse');
          get.onsuccess = () => {
            db.close();
            const bytes = get.result?.bytes;
            const magic = (b: ArrayBuffer) => String.fromCharCode(...new Uint8Array(b, 0, 4));
            const describe = (f: unknown) =>
              f instanceof ArrayBuffer
                ? {
                    size: f.byteLength,
                    magic: magic(f),
                    version: new DataView(f).getUint32(4, true),
                    sum: new Uint8Array(f).reduce((a, x) => (a + x) % 1_000_000_007, 0),
                  }
                : null;
            const index = describe(get.result?.edgeIndex);
            const walls = describe(get.result?.wallIndex);
            resolve(
              bytes instanceof ArrayBuffer
                ? { size: bytes.byteLength, magic: magic(bytes), index, walls }
                : get.result
                  ? { size: -1, magic: '', index, walls }
                  : null,
            );
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );

/**
 * Writes garbage into the stored landmark record (same key and graph checksum, corrupt bytes) and flips one
 * bit of its edge index and one of its wall index.
 */
const corruptTable = (): Promise<void> =>
  page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('angle-mort');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('landmarks', 'readwrite');
          const store = tx.objectStore('landmarks');
          const get = store.get('toulouse');
          get.onsuccess = () => {
            const garbage = new Uint8Array(get.result.bytes.byteLength);
            for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
            const index = get.result.edgeIndex.slice(0);
            new Uint8Array(index)[index.byteLength - 1000] ^= 1;
            const walls = get.result.wallIndex.slice(0);
            new Uint8Array(walls)[walls.byteLength >> 1] ^= 4;
            store.put({ ...get.result, bytes: garbage.buffer, edgeIndex: index, wallIndex: walls });
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );

const stopWorker = () => stopOf(session, page);
const engineLoads = () => workerEngineLoads(session);

describe('planner after the service worker was stopped', () => {
  it('a woken worker answers the same three routes as a warm one', async () => {
    const requests: Array<[number[], number[], number?]> = [
      [
        [1.444, 43.6045],
        [1.4335, 43.5985],
      ], // Capitole → Saint-Cyprien, through the watched centre
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

  it('a woken worker reads the persisted landmark table, edge index and wall index; corrupt ones are rebuilt, rewritten, and routes stay the same', async () => {
    const from = [1.444, 43.6045];
    const to = [1.4335, 43.5985];
    const warm = await route(from, to);
    expect(warm.ok).toBe(true);
    // The first build wrote the α = 0 table, the edge index and the wall index after its request.
    await expect
      .poll(() => storedTable(), { timeout: 60_000 })
      .toMatchObject({ magic: 'AMLT', index: { magic: 'AMEI' }, walls: { magic: 'AMWI' } });
    const good = (await storedTable())!;
    expect(good.size).toBeGreaterThan(500_000); // 16-bit values (landmark file version 4): ≈ 0.54 MiB for Toulouse
    expect(good.index!.size).toBeGreaterThan(500_000);
    // Version 2 of both (float32 trees, int32 walls, session 22): 0.92 and 2.36 MiB for Toulouse.
    expect(good.walls!.size).toBeGreaterThan(2_000_000);
    expect([good.index!.version, good.walls!.version]).toEqual([2, 2]);

    let stop = await stopWorker();
    const fromStore = await route(from, to);
    expect(stop.wokeUp()).toBe(true);
    await stop.detach();
    expect(essentials(fromStore)).toEqual(essentials(warm));
    expect((await engineLoads()).at(-1)).toMatchObject({
      datasetId: 'toulouse',
      landmarks: 'persisted',
      edgeIndex: 'persisted',
      wallIndex: 'persisted',
    });

    // Garbage in the store: the woken worker notices, rebuilds, answers the same routes and rewrites it.
    stop = await stopWorker();
    await corruptTable();
    expect((await storedTable())!.magic).not.toBe('AMLT');
    const afterCorruption = await route(from, to);
    expect(stop.wokeUp()).toBe(true);
    await stop.detach();
    expect(afterCorruption.ok).toBe(true);
    expect(essentials(afterCorruption)).toEqual(essentials(warm));
    const load = (await engineLoads()).at(-1)!;
    expect(load).toMatchObject({ datasetId: 'toulouse', landmarks: 'built', edgeIndex: 'built', wallIndex: 'built' });
    expect(load.rebuildReason).toMatch(/magic/);
    expect(load.edgeIndexReason).toMatch(/checksum mismatch/);
    expect(load.wallIndexReason).toMatch(/wall index: checksum mismatch/);
    await expect.poll(() => storedTable(), { timeout: 60_000 }).toEqual(good);

    // The rewritten table serves the next wake-up.
    stop = await stopWorker();
    const again = await route(from, to);
    await stop.detach();
    expect(essentials(again)).toEqual(essentials(warm));
    expect((await engineLoads()).at(-1)).toMatchObject({ landmarks: 'persisted', edgeIndex: 'persisted', wallIndex: 'persisted' });
  }, 300_000);

  it("a woken worker never evaluates @turf/jsts for a route; a march-path area report through it equals Node's, polygon included", async () => {
    const stop = await stopWorker();
    const cold = await route([1.456, 43.609], [1.462, 43.606]);
    expect(stop.wokeUp()).toBe(true);
    await stop.detach();
    expect(cold.ok).toBe(true);
    // The 270 kB JTS subset is bundled behind a lazy stand-in (wxt.config.ts): the woken worker skipped it.
    expect(await inWorker(session, 'jstsLoaded')).toBe(false);
    // A march route 40 m wide across the Capitole: the only request that buffers (lib/area/shape.ts).
    const area: AreaShape = {
      kind: 'path',
      line: [
        [1.4418, 43.6045],
        [1.444, 43.605],
        [1.4462, 43.604],
      ],
      widthMetres: 40,
    };
    const answer = (await page.evaluate(async (a) => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
      return runtime.sendMessage({ type: 'area/report', area: a });
    }, area)) as { ok: boolean; value?: ReturnType<typeof areaReport> };
    expect(answer.ok).toBe(true);
    expect(await inWorker(session, 'jstsLoaded')).toBe(true);
    const engine = engineBeside(join(WORK_DIR, 'bundle/graph.bin'), bundledCameras());
    const expected = areaReport(
      { graph: engine.graph, scorer: engine.scorer, router: engine.currentRouter, edgesInBBox: (b) => engine.edgesInBBox(b) },
      area,
    );
    // Chromium's and Node's sin/cos/atan2 may differ in the last bit (d3-geo's projection inside the buffer):
    // the same polygon to 1e-12 degrees, vertex for vertex, and the same cameras and street figures.
    const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);
    const got = flat(answer.value!.polygon.coordinates);
    const want = flat(expected.polygon.coordinates);
    expect(got.length).toBe(want.length);
    expect(got.length).toBeGreaterThan(40);
    expect(Math.max(...got.map((v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-12);
    expect(answer.value!.cameras.map((c) => c.id)).toEqual(expected.cameras.map((c) => c.id));
    expect(answer.value!.cameras.length).toBeGreaterThan(0);
    expect(Math.round(answer.value!.streets.seenShare * 1e6)).toBe(Math.round(expected.streets.seenShare * 1e6));
  }, 240_000);

  it("the planner page's own engine answers the first route after the worker was stopped: the same routes, no wake-up needed", async () => {
    const own = await session.context.newPage();
    // Capitole → Saint-Cyprien from a share link: planned at once, by the page's engine worker.
    await own.goto(`chrome-extension://${session.extensionId}/planner.html#from=43.6045,1.444&to=43.5985,1.4335`);
    await own.locator('[data-route="discreet"]').waitFor({ timeout: 120_000 });
    const served = () =>
      own.evaluate(() => (globalThis as unknown as { __angleMortPlanner: { served(): number } }).__angleMortPlanner.served());
    const before = await served();
    expect(before).toBeGreaterThan(0);
    const stop = await stopWorker();
    // Swap start and destination: a new route, planned while the service worker is stopped.
    await own.getByRole('button', { name: /Swap start and destination/ }).click();
    await expect.poll(served, { timeout: 60_000 }).toBeGreaterThan(before);
    await own.locator('[data-route="discreet"]').waitFor({ timeout: 60_000 });
    const shown = await Promise.all((['shortest', 'balanced', 'discreet'] as const).map((alt) => cardNumbers(own, alt)));
    await stop.detach();
    // The background (woken now) plans the same swapped route: the page's engine gave exactly its answer.
    const background = await route([1.4335, 43.5985], [1.444, 43.6045]);
    expect(background.ok).toBe(true);
    const expected = (['shortest', 'balanced', 'discreet'] as const).map((alt) => Math.round(background.value![alt].length));
    expect(shown.map((n) => n.length)).toEqual(expected);
    await own.close();
  }, 300_000);
});
