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
import { freshFactory, toulouseBundle } from './toulouse-fixture.ts';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

describe('plannerDepsFromStore: the graph list', () => {
  it('keeps each graph header box in the store, so a fresh worker reads no graph; a corrupt cache is read again', async () => {
    const factory = freshFactory();
    const graph = toulouseGraphBytes();
    const bg = createBackground({
      factory,
      readText: async (path) => (path === 'bundle/cameras.json' ? JSON.stringify(toulouseBundle()) : Promise.reject(new Error('absent'))),
      readBinary: async (path) =>
        path === 'bundle/graph.bin'
          ? (graph.buffer.slice(graph.byteOffset, graph.byteOffset + graph.byteLength) as ArrayBuffer)
          : undefined,
      broadcast: async () => undefined,
    });
    closers.push(() => bg.close());
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
