/**
 * Any OSM file is useful: a streets-only real extract (Monaco 2019 with its camera nodes removed by this
 * test, re-expressed as OSM XML) and a real file whose cameras are all duplicates (Porto 2020 PBF against
 * its own cameras already stored) both commit as an import with a walk graph, and the planner routes on it.
 * Store, planner and import are the background's real code on fake-indexeddb.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LonLat } from '../../../lib/geo/index.ts';
import type { Response } from '../../../lib/messages.ts';
import { createBackground } from '../../../lib/background/index.ts';
import type { PlannedRoutes } from '../../../lib/planner/service.ts';
import { buildAreaGraph } from '../../../lib/store/area-graph.ts';
import { openAngleMortDB } from '../../../lib/store/db.ts';
import { listDatasets } from '../../../lib/store/datasets.ts';
import { commitImportPlan } from '../../../lib/store/import-commit.ts';
import { planImport } from '../../../lib/import/index.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { monacoStreetsOnlyXml } from './streets-only.ts';
import { MONACO_CASINO, MONACO_PALACE, ROOT, toulouseGraphBytes } from '../planner/fixture.ts';
import { PORTO_PBF, sharedFile } from '../../shared-data.ts';

const closers: Array<() => void> = [];
afterEach(() =>
  closers.splice(0).forEach((c) => {
    c();
  }),
);

function background() {
  const factory = new IDBFactory();
  const graph = toulouseGraphBytes();
  const bg = createBackground({
    factory,
    readText: async () => readFileSync(resolve(ROOT, 'data/generated/bundle/cameras.json'), 'utf8'),
    readBinary: async () => graph.buffer.slice(graph.byteOffset, graph.byteOffset + graph.byteLength) as ArrayBuffer,
    broadcast: async () => undefined,
  });
  const { store } = bg;
  closers.push(() => bg.close());
  const ask = async <T>(message: unknown): Promise<T> => {
    const answer: Response<unknown> = await bg.handle(message);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    return answer.value as T;
  };
  return { factory, store, ask };
}

const inBox = (b: { west: number; south: number; east: number; north: number }, [lon, lat]: LonLat) =>
  lon >= b.west && lon <= b.east && lat >= b.south && lat <= b.north;

describe('streets-only and all-duplicate OSM files', () => {
  it('a streets-only Monaco file commits with zero cameras, builds a graph, and the planner routes on it', async () => {
    const { factory, store, ask } = background();
    await store.ready();
    const plan = planImport({ name: 'monaco-streets.osm', bytes: monacoStreetsOnlyXml() }, []);
    if (plan.kind !== 'cameras') throw new Error('expected a camera plan');
    expect(plan.summary.toAdd).toBe(0);
    expect(plan.osm!.walkableWays).toBeGreaterThan(1000);
    expect(plan.osm!.buildings).toBeGreaterThan(1000);
    const graph = buildAreaGraph(plan.osm!.data, plan.toAdd).bytes;
    expect(graph).toBeDefined();
    const db = await openAngleMortDB(factory);
    const { record } = await commitImportPlan(db, plan, { graph, now: new Date('2026-11-29T12:00:00Z') });
    const listing = (await listDatasets(db)).find((d) => d.id === record.id)!;
    db.close();
    expect(listing.cameraCount).toBe(0);
    expect(listing.hasGraph).toBe(true);
    // The date the data describes (the file's osm_base), not the import day; the extent is the streets'.
    expect(listing.dataDate?.slice(0, 10)).toBe('2019-09-30');
    expect(inBox(listing.bbox!, MONACO_PALACE) && inBox(listing.bbox!, MONACO_CASINO)).toBe(true);
    await ask({ type: 'datasets/reload' });
    const routes = await ask<PlannedRoutes>({ type: 'route', from: MONACO_PALACE, to: MONACO_CASINO });
    expect(routes.datasetId).toBe(record.id);
    expect(routes.shortest.length).toBeGreaterThan(1000);
  });

  it('without a graph, a plan that adds nothing is still refused and writes nothing', async () => {
    const { factory, store } = background();
    await store.ready();
    const plan = planImport({ name: 'monaco-streets.osm', bytes: monacoStreetsOnlyXml() }, []);
    if (plan.kind !== 'cameras') throw new Error('expected a camera plan');
    const db = await openAngleMortDB(factory);
    const before = (await listDatasets(db)).length;
    await expect(commitImportPlan(db, plan)).rejects.toThrow(/nothing to add/);
    expect((await listDatasets(db)).length).toBe(before);
    db.close();
  });

  it('a Porto PBF whose cameras are all already stored still adds its walk graph', async () => {
    const { factory, store, ask } = background();
    await store.ready();
    const bytes = new Uint8Array(sharedFile(PORTO_PBF));
    const existing = camerasFromOsm(readOsmPbf(bytes), { source: 'user', confidence: 1 }).cameras.map((c) => ({
      ...c,
      id: `user:${c.sourceId}`,
    }));
    const plan = planImport({ name: 'porto-2020.osm.pbf', bytes }, existing);
    if (plan.kind !== 'cameras') throw new Error('expected a camera plan');
    expect(plan.summary.toAdd).toBe(0);
    expect(plan.summary.duplicates).toBeGreaterThan(10);
    const graph = buildAreaGraph(
      plan.osm!.data,
      plan.duplicates.map((d) => d.camera),
    ).bytes;
    const db = await openAngleMortDB(factory);
    const { record } = await commitImportPlan(db, plan, { graph });
    db.close();
    expect(record.hasGraph).toBe(true);
    await ask({ type: 'datasets/reload' });
    const routes = await ask<PlannedRoutes>({ type: 'route', from: [-8.6106, 41.1408], to: [-8.6068, 41.1469] });
    expect(routes.datasetId).toBe(record.id);
    expect(routes.shortest.length).toBeGreaterThan(600);
  }, 60_000);
});
