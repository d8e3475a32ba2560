/**
 * The α = 0 landmark table persisted in IndexedDB (issue #14): a woken background reads it instead of
 * running the landmark Dijkstras; a missing, stale or corrupt table is rebuilt and written again, and the
 * routes are the same either way.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Response } from '../../../lib/messages.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { createBackground } from '../../../lib/background/index.ts';
import type { PlannedRoutes } from '../../../lib/planner/service.ts';
import { fnv1aWords } from '../../../lib/fnv.ts';
import {
  decodeLandmarkFile,
  encodeLandmarkFile,
  LANDMARK_FILE_VERSION,
  LandmarkFileError,
  walkGraphChecksum,
} from '../../../lib/routing/landmark-file.ts';
import { type LandmarkData, Landmarks } from '../../../lib/routing/landmarks.ts';
import { openAngleMortDB } from '../../../lib/store/db.ts';
import { ROOT, toulouseGraphBytes } from './fixture.ts';

const closers: Array<() => void> = [];
afterEach(() =>
  closers.splice(0).forEach((c) => {
    c();
  }),
);

/** One browser profile (a fake-indexeddb factory) and a background started on it; call again to "wake" it. */
function profile() {
  const factory = new IDBFactory();
  const graph = toulouseGraphBytes();
  const wake = () => {
    const bg = createBackground({
      factory,
      readText: async () => readFileSync(resolve(ROOT, 'data/generated/bundle/cameras.json'), 'utf8'),
      readBinary: async (path: string) =>
        path === 'bundle/graph.bin'
          ? (graph.buffer.slice(graph.byteOffset, graph.byteOffset + graph.byteLength) as ArrayBuffer)
          : undefined,
      broadcast: async () => undefined,
    });
    const { planner } = bg;
    closers.push(() => bg.close());
    const ask = async <T>(message: unknown): Promise<T> => {
      const answer: Response<unknown> = await bg.handle(message);
      if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
      return answer.value as T;
    };
    return { ask, planner };
  };
  return { factory, wake, graph };
}

const REQUESTS: Array<{ from: [number, number]; to: [number, number]; alpha?: number }> = [
  { from: [1.444, 43.6045], to: [1.4335, 43.5985] },
  { from: [1.456, 43.609], to: [1.462, 43.606], alpha: 12 },
  { from: [1.42, 43.585], to: [1.47, 43.615], alpha: 0.5 },
];
const essentials = (r: PlannedRoutes) =>
  (['shortest', 'balanced', 'discreet'] as const).map((k) => [
    r[k].length.toFixed(4),
    r[k].cost.toFixed(4),
    JSON.stringify(r[k].coordinates),
    r[k].sameAs ?? null,
  ]);

async function routes(ask: <T>(m: unknown) => Promise<T>) {
  const out = [];
  for (const r of REQUESTS) out.push(essentials(await ask<PlannedRoutes>({ type: 'route', ...r })));
  return out;
}

/**
 * A file as version 3 wrote it (32-bit values in 1/1024 m units, the same header): what a profile of before
 * holds. Its own checksum is right, so only the version refuses it.
 */
function version3File(data: LandmarkData, graph: { checksum: number; nodeCount: number }): ArrayBuffer {
  const K = data.nodes.length;
  const table = data.tables.find((t) => t.tier === 0)!;
  const buffer = new ArrayBuffer(48 + 4 * (K + graph.nodeCount * K));
  const payload = new Uint32Array(buffer, 48);
  payload.set(data.nodes, 0);
  const k = 1024 / table.unitsPerMetre;
  for (let i = 0; i < table.values.length; i++) payload[K + i] = table.values[i] === 0xffff ? 0xffffffff : table.values[i] * k;
  const view = new DataView(buffer);
  for (let i = 0; i < 4; i++) view.setUint8(i, 'AMLT'.charCodeAt(i));
  view.setUint32(4, 3, true);
  view.setUint32(8, buffer.byteLength, true);
  view.setUint32(12, graph.checksum >>> 0, true);
  view.setUint32(16, graph.nodeCount, true);
  view.setUint32(20, K, true);
  view.setFloat64(32, 1024, true);
  view.setUint32(40, fnv1aWords(payload), true);
  return buffer;
}

describe('landmark file format', () => {
  const bytes = toulouseGraphBytes();
  const graph = decodeWalkGraph(bytes);
  const checksum = walkGraphChecksum(bytes)!;
  const data = new Landmarks(graph).export();
  const file = encodeLandmarkFile(data, { checksum, nodeCount: graph.nodeCount })!;

  it('round-trips the landmark ids and the 16-bit α = 0 table exactly (≈ 0.54 MiB for Toulouse)', () => {
    expect(LANDMARK_FILE_VERSION).toBe(4);
    expect(file.byteLength).toBe(48 + ((4 * 8 + 2 * graph.nodeCount * 8 + 3) & ~3));
    expect(data.tables[0].values).toBeInstanceOf(Uint16Array);
    const back = decodeLandmarkFile(file, { checksum, nodeCount: graph.nodeCount });
    expect([...back.nodes]).toEqual([...data.nodes]);
    expect(back.tables).toHaveLength(1);
    expect(back.tables[0].unitsPerMetre).toBe(data.tables[0].unitsPerMetre);
    expect(back.tables[0].values).toBeInstanceOf(Uint16Array);
    expect(
      Buffer.from(back.tables[0].values.buffer, back.tables[0].values.byteOffset, back.tables[0].values.byteLength).equals(
        Buffer.from(data.tables[0].values.buffer),
      ),
    ).toBe(true);
  });

  it('rejects another graph, another version, a bad magic, truncation and any flipped payload bit', () => {
    const expectError = (b: ArrayBuffer, g = { checksum, nodeCount: graph.nodeCount }, re?: RegExp) => {
      let caught: unknown;
      try {
        decodeLandmarkFile(b, g);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LandmarkFileError);
      if (re) expect((caught as Error).message).toMatch(re);
    };
    expectError(file, { checksum: (checksum + 1) >>> 0, nodeCount: graph.nodeCount }, /checksum/);
    expectError(file, { checksum, nodeCount: graph.nodeCount + 1 }, /node count/);
    const patch = (f: (v: DataView) => void) => {
      const copy = file.slice(0);
      f(new DataView(copy));
      return copy;
    };
    expectError(
      patch((v) => v.setUint8(0, 0x58)),
      undefined,
      /magic/,
    );
    expectError(
      patch((v) => v.setUint32(4, 99, true)),
      undefined,
      /version/,
    );
    expectError(file.slice(0, file.byteLength - 4), undefined, /length/);
    // A table written before the 16-bit values (version 3, 32-bit values): refused, with its reason.
    expectError(version3File(data, { checksum, nodeCount: graph.nodeCount }), undefined, /format version 3, expected 4/);
    expectError(
      patch((v) => v.setUint32(28, 4, true)),
      undefined,
      /values of 4 bytes, expected 2/,
    );
    expectError(new ArrayBuffer(10), undefined, /truncated/);
    for (const at of [48, 48 + 4 * 8 + 1, file.byteLength - 1]) {
      expectError(
        patch((v) => v.setUint8(at, v.getUint8(at) ^ 0x10)),
        undefined,
        /checksum mismatch/,
      );
    }
  });
});

describe('the planner persists the α = 0 landmark table', () => {
  it('first start builds and writes it; a woken background reads it instead of rebuilding; same routes', async () => {
    const p = profile();
    const first = p.wake();
    const built = await routes(first.ask);
    expect(first.planner.engineLoads.at(-1)).toMatchObject({ datasetId: 'toulouse', landmarks: 'built', rebuildReason: 'missing' });
    await first.planner.landmarkWrite;
    const db = await openAngleMortDB(p.factory);
    closers.push(() => db.close());
    const record = await db.get('landmarks', 'toulouse');
    expect(record?.graphChecksum).toBe(walkGraphChecksum(p.graph));
    expect(record!.bytes.byteLength).toBeGreaterThan(500_000); // 16-bit values: ≈ 0.54 MiB for Toulouse

    const woken = p.wake();
    expect(await routes(woken.ask)).toEqual(built);
    expect(woken.planner.engineLoads.at(-1)).toMatchObject({ datasetId: 'toulouse', landmarks: 'persisted', edgeIndex: 'persisted' });
    expect(woken.planner.engineLoads.at(-1)!.rebuildReason).toBeUndefined();
    expect(woken.planner.engineLoads.at(-1)!.edgeIndexReason).toBeUndefined();
  }, 120_000);

  it('keeps the edge index beside the table; a corrupt, foreign or missing one is rebuilt and rewritten, same routes', async () => {
    const p = profile();
    const first = p.wake();
    const built = await routes(first.ask);
    expect(first.planner.engineLoads.at(-1)).toMatchObject({ edgeIndex: 'built', edgeIndexReason: 'missing' });
    await first.planner.landmarkWrite;
    const db = await openAngleMortDB(p.factory);
    closers.push(() => db.close());
    const good = (await db.get('landmarks', 'toulouse'))!;
    const index = good.edgeIndex!;
    expect(index.byteLength).toBeGreaterThan(500_000);
    // A flipped bit in the boxes, an index of another graph, a truncated one, none (a record of before).
    const flipped = index.slice(0);
    new Uint8Array(flipped)[index.byteLength - 1000] ^= 1;
    const foreign = index.slice(0);
    new DataView(foreign).setUint32(8, (good.graphChecksum + 1) >>> 0, true);
    // A file of before: version 1 held float64 boxes (now float32, version 2).
    const before = index.slice(0);
    new DataView(before).setUint32(4, 1, true);
    const cases: Array<[ArrayBuffer | undefined, RegExp]> = [
      [flipped, /checksum mismatch/],
      [before, /format version 1, expected 2/],
      [foreign, /another walk graph/],
      [index.slice(0, 20), /truncated/],
      [undefined, /missing/],
    ];
    for (const [edgeIndex, reason] of cases) {
      const { edgeIndex: _e, ...rest } = good;
      await db.put('landmarks', edgeIndex ? { ...rest, edgeIndex } : rest);
      const woken = p.wake();
      expect(await routes(woken.ask)).toEqual(built);
      const load = woken.planner.engineLoads.at(-1)!;
      expect(load).toMatchObject({ landmarks: 'persisted', edgeIndex: 'built' });
      expect(load.edgeIndexReason).toMatch(reason);
      await woken.planner.landmarkWrite;
      const rewritten = (await db.get('landmarks', 'toulouse'))!;
      expect(Buffer.from(rewritten.edgeIndex!).equals(Buffer.from(index))).toBe(true);
      expect(Buffer.from(rewritten.bytes).equals(Buffer.from(good.bytes))).toBe(true);
    }
    const again = p.wake();
    expect(await routes(again.ask)).toEqual(built);
    expect(again.planner.engineLoads.at(-1)).toMatchObject({ landmarks: 'persisted', edgeIndex: 'persisted' });
  }, 240_000);

  it('an old (version 3), corrupt or foreign table falls back to a rebuild, the same routes, and is rewritten', async () => {
    const p = profile();
    const first = p.wake();
    const built = await routes(first.ask);
    await first.planner.landmarkWrite;
    const db = await openAngleMortDB(p.factory);
    closers.push(() => db.close());
    const good = (await db.get('landmarks', 'toulouse'))!;

    // Garbage bytes, a flipped bit in the table, a table of another graph, a value that is not bytes.
    const flipped = good.bytes.slice(0);
    new Uint8Array(flipped)[good.bytes.byteLength - 100] ^= 1;
    const foreign = good.bytes.slice(0);
    new DataView(foreign).setUint32(12, (good.graphChecksum + 1) >>> 0, true);
    const cases: Array<[unknown, RegExp]> = [
      [
        version3File(decodeLandmarkFile(good.bytes, { checksum: good.graphChecksum, nodeCount: decodeWalkGraph(p.graph).nodeCount }), {
          checksum: good.graphChecksum,
          nodeCount: decodeWalkGraph(p.graph).nodeCount,
        }),
        /format version 3, expected 4/,
      ],
      [new TextEncoder().encode('not a landmark table at all, just garbage bytes....').buffer, /magic/],
      [flipped, /checksum mismatch/],
      [foreign, /another walk graph/],
      ['garbage', /not binary/],
    ];
    for (const [bytes, reason] of cases) {
      await db.put('landmarks', { ...good, bytes: bytes as ArrayBuffer });
      const woken = p.wake();
      expect(await routes(woken.ask)).toEqual(built);
      const load = woken.planner.engineLoads.at(-1)!;
      expect(load.landmarks).toBe('built');
      expect(load.rebuildReason).toMatch(reason);
      await woken.planner.landmarkWrite;
      const rewritten = (await db.get('landmarks', 'toulouse'))!;
      expect(Buffer.from(rewritten.bytes).equals(Buffer.from(good.bytes))).toBe(true);
    }
    // And the next wake-up uses the rewritten table.
    const again = p.wake();
    expect(await routes(again.ask)).toEqual(built);
    expect(again.planner.engineLoads.at(-1)!.landmarks).toBe('persisted');
  }, 240_000);

  it('wipe clears the table; it is rebuilt and written again afterwards', async () => {
    const p = profile();
    const first = p.wake();
    await routes(first.ask);
    await first.planner.landmarkWrite;
    const db = await openAngleMortDB(p.factory);
    closers.push(() => db.close());
    expect(await db.count('landmarks')).toBe(1);
    await first.ask({ type: 'store/wipe' });
    expect(await db.count('landmarks')).toBe(0);
    const woken = p.wake();
    await routes(woken.ask);
    expect(woken.planner.engineLoads.at(-1)).toMatchObject({ landmarks: 'built', rebuildReason: 'missing' });
    await woken.planner.landmarkWrite;
    expect(await db.count('landmarks')).toBe(1);
  }, 120_000);
});
