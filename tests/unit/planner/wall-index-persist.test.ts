/**
 * The wall occlusion index persisted beside the α = 0 table and the edge index (issue #14): a woken
 * background adopts it instead of decoding walls.bin and indexing every wall; a missing, foreign or corrupt
 * one is rebuilt, reported and written again, and the routes and their camera lists are the same either way.
 * The real bundle: Toulouse's graph.bin with its inferred walls.bin, and user cameras, so the engine re-scores
 * edges with the walls.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import type { Response } from '../../../lib/messages.ts';
import { createBackground } from '../../../lib/background/index.ts';
import type { PlannedRoutes } from '../../../lib/planner/service.ts';
import { openAngleMortDB } from '../../../lib/store/db.ts';
import { BUNDLE_GRAPH_PATH, BUNDLE_WALLS_PATH } from '../../../lib/store/service.ts';
import { ROOT } from './fixture.ts';

const closers: Array<() => void> = [];
afterEach(() =>
  closers.splice(0).forEach((c) => {
    c();
  }),
);

const bundleFile = (name: string) => {
  const b = readFileSync(resolve(ROOT, 'data/generated', name));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** One browser profile seeded with the real bundle (graph and walls); call `wake` again to "wake" it. */
function profile() {
  const factory = new IDBFactory();
  const files = new Map([BUNDLE_GRAPH_PATH, BUNDLE_WALLS_PATH].map((p) => [p, bundleFile(p)]));
  const wake = () => {
    const bg = createBackground({
      factory,
      readText: async () => readFileSync(resolve(ROOT, 'data/generated/bundle/cameras.json'), 'utf8'),
      readBinary: async (path: string) => files.get(path)?.slice(0),
      broadcast: async () => undefined,
    });
    closers.push(() => bg.close());
    const ask = async <T>(message: unknown): Promise<T> => {
      const answer: Response<unknown> = await bg.handle(message);
      if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
      return answer.value as T;
    };
    return { ask, planner: bg.planner };
  };
  return { factory, wake };
}

const REQUESTS: Array<{ from: [number, number]; to: [number, number]; alpha?: number }> = [
  { from: [1.444, 43.6045], to: [1.4335, 43.5985] },
  { from: [1.456, 43.609], to: [1.462, 43.606], alpha: 12 },
  { from: [1.42, 43.585], to: [1.47, 43.615], alpha: 0.5 },
];

/**
 * Everything a person sees of the three routes: their geometry, length, exposure and camera lists, and their
 * cost to the micrometre. The cost is the search's own sum, and where the search meets (which depends on the
 * landmark tiers an engine has built so far: a woken one starts with the α = 0 table alone) can change its last
 * bit; the path, and everything computed from it, cannot.
 */
const essentials = (r: PlannedRoutes) =>
  (['shortest', 'balanced', 'discreet'] as const).map((k) =>
    JSON.stringify([r[k].coordinates, r[k].length, r[k].cost.toFixed(6), r[k].exposure, r[k].cameras, r[k].sameAs ?? null]),
  );

async function routes(ask: <T>(m: unknown) => Promise<T>) {
  const out = [];
  for (const r of REQUESTS) out.push(essentials(await ask<PlannedRoutes>({ type: 'route', ...r })));
  return out;
}

/** User cameras on the first route of each request: the engine re-scores their edges with the walls. */
async function addUserCameras(ask: <T>(m: unknown) => Promise<T>) {
  let n = 0;
  for (const r of REQUESTS) {
    const { shortest } = await ask<PlannedRoutes>({ type: 'route', ...r });
    for (const f of [0.3, 0.6]) {
      const [lon, lat] = shortest.coordinates[Math.floor(shortest.coordinates.length * f)];
      const camera: Camera = {
        id: `user:walls-${++n}`,
        sourceId: `walls-${n}`,
        source: 'user',
        lon: lon + 0.0002,
        lat: lat + 0.0001,
        kind: 'dome',
        directions: [],
        surveillance: 'public',
        operatorType: 'public',
        confidence: 1,
      };
      await ask({ type: 'userCameras/put', camera });
    }
  }
}

describe('the planner persists the wall index', () => {
  it('builds and writes it, a woken background adopts it; missing, foreign or corrupt ones are rebuilt and rewritten; same routes and cameras', async () => {
    const p = profile();
    const first = p.wake();
    await addUserCameras(first.ask);
    const built = await routes(first.ask);
    expect(built.flat().join()).toMatch(/user:walls-/);
    const load = first.planner.engineLoads.at(-1)!;
    expect(load).toMatchObject({ datasetId: 'toulouse', wallIndex: 'built', wallIndexReason: 'missing' });
    await first.planner.landmarkWrite;
    const db = await openAngleMortDB(p.factory);
    closers.push(() => db.close());
    const good = (await db.get('landmarks', 'toulouse'))!;
    const index = good.wallIndex!;
    expect(index.byteLength).toBeGreaterThan(2_000_000);

    const woken = p.wake();
    expect(await routes(woken.ask)).toEqual(built);
    expect(woken.planner.engineLoads.at(-1)).toMatchObject({ wallIndex: 'persisted', edgeIndex: 'persisted', landmarks: 'persisted' });
    expect(woken.planner.engineLoads.at(-1)!.wallIndexReason).toBeUndefined();

    // A flipped bit in the tree, an index of another graph, one of another wall layer, truncated, not bytes, none.
    const flipped = index.slice(0);
    new Uint8Array(flipped)[index.byteLength - 1000] ^= 1;
    const foreign = index.slice(0);
    new DataView(foreign).setUint32(12, (good.graphChecksum + 1) >>> 0, true);
    const otherLayer = index.slice(0);
    new DataView(otherLayer).setUint32(20, new DataView(index).getUint32(20, true) ^ 1, true);
    // A file of before: version 1 held float64 boxes and degrees (now float32 and int32, version 2).
    const before = index.slice(0);
    new DataView(before).setUint32(4, 1, true);
    const cases: Array<[unknown, RegExp]> = [
      [flipped, /checksum mismatch/],
      [before, /version 1, expected 2/],
      [foreign, /another walk graph/],
      [otherLayer, /another wall layer/],
      [index.slice(0, 20), /truncated/],
      ['garbage', /not binary/],
      [undefined, /missing/],
    ];
    for (const [wallIndex, reason] of cases) {
      const { wallIndex: _w, ...rest } = good;
      await db.put('landmarks', wallIndex === undefined ? rest : { ...rest, wallIndex: wallIndex as ArrayBuffer });
      const again = p.wake();
      expect(await routes(again.ask)).toEqual(built);
      const l = again.planner.engineLoads.at(-1)!;
      expect(l).toMatchObject({ landmarks: 'persisted', edgeIndex: 'persisted', wallIndex: 'built' });
      expect(l.wallIndexReason).toMatch(reason);
      await again.planner.landmarkWrite;
      const rewritten = (await db.get('landmarks', 'toulouse'))!;
      expect(Buffer.from(rewritten.wallIndex!).equals(Buffer.from(index))).toBe(true);
      expect(Buffer.from(rewritten.bytes).equals(Buffer.from(good.bytes))).toBe(true);
    }
    const last = p.wake();
    expect(await routes(last.ask)).toEqual(built);
    expect(last.planner.engineLoads.at(-1)).toMatchObject({ wallIndex: 'persisted' });
  }, 300_000);
});
