/**
 * What the planner reads from the store (lib/store/planner-deps.ts): a woken worker lists the stored graphs
 * from the persisted box cache, without reading megabytes of graph bytes for their headers (issue #14).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBackground } from '../../../lib/background/index.ts';
import { openAngleMortDB } from '../../../lib/store/db.ts';
import { graphHeaderBBox, plannerDepsFromStore } from '../../../lib/store/planner-deps.ts';
import { GRAPH_BOXES_KEY } from '../../../lib/store/schema.ts';
import { toulouseGraphBytes } from '../planner/fixture.ts';
import { freshFactory, toulouseBundle, userCamera } from './toulouse-fixture.ts';
import { PlannerService } from '../../../lib/planner/service.ts';
import type { PlannerServiceDeps } from '../../../lib/planner/engines.ts';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

/** A background over fresh fake-indexeddb with the Toulouse bundle stored. */
async function storedToulouse() {
  const factory = freshFactory();
  const graph = toulouseGraphBytes();
  const bg = createBackground({
    factory,
    readText: async (path) => (path === 'bundle/cameras.json' ? JSON.stringify(toulouseBundle()) : Promise.reject(new Error('absent'))),
    readBinary: async (path) =>
      path === 'bundle/graph.bin' ? (graph.buffer.slice(graph.byteOffset, graph.byteOffset + graph.byteLength) as ArrayBuffer) : undefined,
    broadcast: async () => undefined,
  });
  closers.push(() => bg.close());
  return { factory, bg, graph };
}

describe('plannerDepsFromStore: the cameras', () => {
  it('reads the camera list and every dataset baseline at once, the same cameras as the separate reads', async () => {
    const { factory, bg } = await storedToulouse();
    await bg.ready();
    await bg.store.putUserCamera(userCamera(1));
    const deps = plannerDepsFromStore(factory);
    const { all, byDataset } = await deps.loadCamerasByDataset!();
    const ids = (cs: Array<{ id: string }>) => cs.map((c) => c.id).sort();
    expect(ids(all)).toEqual(ids(await deps.loadCameras()));
    expect(all.length).toBeGreaterThan(2000);
    expect(ids(byDataset.get('toulouse')!)).toEqual(ids(await deps.loadDatasetCameras('toulouse')));
    expect(ids(byDataset.get('user')!)).toEqual(['user:cam-1']);
  });

  it("a woken worker's first route reads the cameras once and builds no store camera index", async () => {
    const { factory, bg } = await storedToulouse();
    await bg.ready();
    bg.close();
    // A woken background: a route is its first message.
    const woken = createBackground({
      factory,
      readText: async (path) => (path === 'bundle/manifest.json' ? Promise.reject(new Error('absent')) : JSON.stringify(toulouseBundle())),
      readBinary: async () => undefined,
      broadcast: async () => undefined,
    });
    closers.push(() => woken.close());
    const answer = await woken.handle({ type: 'route', from: [1.444, 43.6045], to: [1.4335, 43.5985] });
    expect(answer).toMatchObject({ ok: true });
    // The store's camera index (lib/store/service.ts) waits for a request that needs it.
    expect((woken.store as unknown as { loading: unknown }).loading).toBeNull();
    expect(await woken.handle({ type: 'status' })).toMatchObject({ ok: true, value: { state: 'ready' } });

    // The planner's reads: one camera read for the list and the engine's baseline.
    const calls: string[] = [];
    const deps = plannerDepsFromStore(factory);
    const counted = Object.fromEntries(
      Object.entries(deps).map(([k, f]) => [k, typeof f === 'function' ? (...a: unknown[]) => (calls.push(k), f(...a)) : f]),
    ) as unknown as PlannerServiceDeps;
    const planner = new PlannerService(counted);
    await planner.route({ from: [1.444, 43.6045], to: [1.4335, 43.5985] });
    expect(calls.filter((c) => /Cameras/.test(c))).toEqual(['loadCamerasByDataset']);
  });
});

describe('plannerDepsFromStore: the graph list', () => {
  it('keeps each graph header box in the store, so a fresh worker reads no graph; a corrupt cache is read again', async () => {
    const { factory, bg, graph } = await storedToulouse();
    await bg.ready();
    const header = graphHeaderBBox(graph)!;
    const [first] = await plannerDepsFromStore(factory).listGraphs();
    expect(first).toMatchObject({ datasetId: 'toulouse', bbox: header });
    const db = await openAngleMortDB(factory);
    closers.push(() => db.close());
    expect(Object.values((await db.get('settings', GRAPH_BOXES_KEY)) as object)).toEqual([header]);

    // Break the stored graph's header: a fresh reader still lists the right box, so it did not read the graph.
    const record = (await db.get('graphs', 'toulouse'))!;
    const broken = record.bytes.slice(0);
    new Uint8Array(broken).fill(0, 0, 96);
    await db.put('graphs', { ...record, bytes: broken });
    expect((await plannerDepsFromStore(factory).listGraphs())[0].bbox).toEqual(header);

    // A cache entry that does not validate is ignored: the header is read again (unreadable now → the dataset's box).
    await db.put('settings', { [`toulouse\u0000${record.version}`]: { west: 'x' } }, GRAPH_BOXES_KEY);
    const dataset = (await db.get('datasets', 'toulouse'))!;
    expect((await plannerDepsFromStore(factory).listGraphs())[0].bbox).toEqual(dataset.bbox);
    expect(dataset.bbox).not.toEqual(header);
  });
});
