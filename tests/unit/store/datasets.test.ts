import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import {
  commitDataset,
  commitImportPlan,
  datasetCameras,
  deleteDataset,
  dumpStore,
  listDatasets,
  openAngleMortDB,
  putUserCamera,
  seedBundledDataset,
  stableStringify,
  StoreError,
  updateSettings,
  camerasToGeoJson,
  placesToGeoJson,
  USER_DATASET_ID,
  estimateStoredBytes,
  type AngleMortDB,
  type DatasetCommit,
} from '../../../lib/store/index.ts';
import { createBackground } from '../../../lib/background/index.ts';
import { planImport, ImportError, type CameraImportPlan } from '../../../lib/import/index.ts';
import { loadActiveCameras } from '../../../lib/store/records.ts';
import type { StoreStatus } from '../../../lib/store/types.ts';
import type { Camera } from '../../../lib/cameras/types.ts';
import { freshFactory, toulouseBundle, toulouseCameras, userCamera } from './toulouse-fixture.ts';
import { monacoXml, toulouseCsv, toulouseGeoJsonObject } from '../import/real-files.ts';
import { buildAreaGraph } from '../../../lib/store/area-graph.ts';
import { decodeWalkGraph } from '../../../lib/network/index.ts';

const open: Array<{ close(): void }> = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const c of open.splice(0)) c.close();
});

const SEEDED_AT = new Date('2026-11-28T08:30:00Z');

async function seededDb(): Promise<AngleMortDB> {
  const db = await openAngleMortDB(freshFactory());
  open.push(db);
  await seedBundledDataset(db, toulouseBundle(), undefined, SEEDED_AT);
  return db;
}

/** `''` when two dumps are equal, else the text around the first difference (dumps are megabytes long). */
function dumpDiff(a: string, b: string): string {
  if (a === b) return '';
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `differs at ${i}: …${a.slice(Math.max(0, i - 80), i + 80)}… vs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/** Real Toulouse cameras moved 0.3° east (a different place), re-identified as an import. */
function importedCameras(n: number, id = 'import:test'): Camera[] {
  return toulouseCameras()
    .slice(0, n)
    .map((c) => ({ ...c, lon: c.lon + 0.3, source: id, id: `${id}:${c.sourceId}` }));
}

function commitOf(cameras: Camera[], extra: Partial<DatasetCommit> = {}): DatasetCommit {
  return {
    id: 'import:test',
    origin: 'import',
    label: 'test import',
    version: 'v1',
    bbox: { west: 1.5, south: 43.5, east: 1.9, north: 43.8 },
    attribution: 'test',
    sources: [{ id: 'import:test', name: 'test.csv', licence: 'unknown', sha256: '' }],
    generatedAt: '2026-11-28T09:00:00.000Z',
    cameras,
    ...extra,
  };
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('dumpStore', () => {
  it('is deterministic: equal contents written in another order give the same text', async () => {
    const a = await openAngleMortDB(freshFactory());
    const b = await openAngleMortDB(freshFactory());
    open.push(a, b);
    await putUserCamera(a, userCamera(1));
    await putUserCamera(a, userCamera(2));
    await putUserCamera(b, userCamera(2));
    await putUserCamera(b, userCamera(1));
    await updateSettings(a, { language: 'fr', overlayEnabled: false });
    await updateSettings(b, { overlayEnabled: false });
    await updateSettings(b, { language: 'fr' });
    expect(dumpDiff(await dumpStore(a), await dumpStore(b))).toBe('');
    await putUserCamera(b, userCamera(2, { name: 'changed' }));
    expect(dumpDiff(await dumpStore(a), await dumpStore(b))).not.toBe('');
  });

  it('serialises binary values and sorts object keys', () => {
    expect(stableStringify({ b: 1, a: new Uint8Array([1, 255]).buffer })).toBe('{"a":{"$bytes":"01ff"},"b":1}');
  });
});

describe('commitDataset', () => {
  it('writes a dataset in one transaction; the list shows counts, area, source, date and size', async () => {
    const db = await seededDb();
    const cameras = importedCameras(300);
    const { record, replaced } = await commitDataset(db, commitOf(cameras), new Date('2026-11-28T10:00:00Z'));
    expect(replaced).toBe(0);
    expect(record.cameraCount).toBe(300);
    const list = await listDatasets(db);
    expect(list.map((d) => d.id)).toEqual(['toulouse', 'import:test', USER_DATASET_ID]);
    const [bundled, imported, user] = list;
    expect(bundled.cameraCount).toBe(2269);
    expect(bundled.countsByKind).toMatchObject({ fixed: 1110, dome: 1057, speed: 42, alpr: 60 });
    expect(bundled.deletable).toBe(false);
    expect(imported.deletable).toBe(true);
    expect(imported.countsByKind.fixed + imported.countsByKind.dome + imported.countsByKind.speed + imported.countsByKind.alpr).toBe(300);
    expect(imported.installedAt).toBe('2026-11-28T10:00:00.000Z');
    expect(imported.sources).toEqual(['test.csv']);
    // The date shown is what the data describes: the newest source date, else when the file was produced.
    expect(imported.dataDate).toBe('2026-11-28T09:00:00.000Z');
    expect(bundled.dataDate).toBe('2026-06-07');
    // Size: the cameras' JSON alone is a lower bound; 2,269 cameras weigh more than 300.
    const cameraBytes = cameras.reduce((n, c) => n + estimateStoredBytes({ ...c, datasetId: 'import:test' }), 0);
    expect(imported.sizeBytes).toBeGreaterThan(cameraBytes);
    expect(imported.sizeBytes).toBeLessThan(cameraBytes + 5_000);
    expect(bundled.sizeBytes).toBeGreaterThan(imported.sizeBytes * 5);
    expect(user).toMatchObject({ cameraCount: 0, bbox: null, deletable: false });
  });

  it('replacing a dataset removes its old cameras and never touches other datasets or user data', async () => {
    const db = await seededDb();
    await putUserCamera(db, userCamera(1));
    await commitDataset(db, commitOf(importedCameras(300)));
    await commitDataset(db, commitOf(importedCameras(100, 'import:other'), { id: 'import:other' }));
    const { replaced, record } = await commitDataset(db, commitOf(importedCameras(50), { version: 'v2' }));
    expect(replaced).toBe(300);
    expect(record.seedCount).toBe(2);
    expect((await datasetCameras(db, 'import:test')).length).toBe(50);
    expect((await datasetCameras(db, 'import:other')).length).toBe(100);
    expect((await datasetCameras(db, 'toulouse')).length).toBe(2269);
    expect((await datasetCameras(db, USER_DATASET_ID)).map((c) => c.id)).toEqual(['user:cam-1']);
  });

  it('refuses an invalid camera, a duplicate id, a bad id or the bundled id; the store is byte-for-byte unchanged', async () => {
    const db = await seededDb();
    await commitDataset(db, commitOf(importedCameras(20)));
    const before = await dumpStore(db);
    const cams = importedCameras(30);
    const bad = [...cams.slice(0, 29), { ...cams[29], lat: 91 }];
    await expect(commitDataset(db, commitOf(bad, { version: 'v2' }))).rejects.toMatchObject({
      code: 'write-failed',
      path: 'cameras[29].lat',
    });
    await expect(commitDataset(db, commitOf([...cams, cams[3]]))).rejects.toThrow(/share the id/);
    await expect(commitDataset(db, commitOf(cams, { id: 'toulouse' }))).rejects.toBeInstanceOf(StoreError);
    await expect(commitDataset(db, commitOf(cams, { id: 'overpass:1,2,3,4' }))).rejects.toBeInstanceOf(StoreError);
    await expect(commitDataset(db, commitOf(cams, { id: 'import:<script>' }))).rejects.toBeInstanceOf(StoreError);
    expect(dumpDiff(await dumpStore(db), before)).toBe('');
  });

  it('a write failing half-way (quota) aborts the whole transaction: unchanged dump', async () => {
    const db = await seededDb();
    await commitDataset(db, commitOf(importedCameras(200)));
    const before = await dumpStore(db);
    const realPut = FakeObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (++calls === 150) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    await expect(commitDataset(db, commitOf(importedCameras(400), { version: 'v2' }))).rejects.toMatchObject({ code: 'quota-exceeded' });
    vi.restoreAllMocks();
    expect(calls).toBe(150);
    expect(dumpDiff(await dumpStore(db), before)).toBe('');
  });
});

describe('deleteDataset', () => {
  it('removes cameras, record, graph and area of one dataset only; refuses the bundled one', async () => {
    const db = await seededDb();
    await putUserCamera(db, userCamera(1));
    const place = {
      id: 'area:overpass:1.40,43.55,1.45,43.60',
      kind: 'area' as const,
      label: 'a',
      lon: 1.42,
      lat: 43.57,
      createdAt: '2026-11-28T00:00:00Z',
    };
    await commitDataset(
      db,
      commitOf(importedCameras(10, 'overpass:1.40,43.55,1.45,43.60'), {
        id: 'overpass:1.40,43.55,1.45,43.60',
        origin: 'overpass',
        graph: new Uint8Array([1, 2, 3]).buffer,
        place,
      }),
    );
    // Its persisted landmark table (a cache of its graph) goes with it.
    await db.put('landmarks', { datasetId: 'overpass:1.40,43.55,1.45,43.60', graphChecksum: 7, bytes: new ArrayBuffer(48) });
    const withoutArea = await openAngleMortDB(freshFactory());
    open.push(withoutArea);
    await seedBundledDataset(withoutArea, toulouseBundle(), undefined, SEEDED_AT);
    await putUserCamera(withoutArea, userCamera(1));
    expect(await deleteDataset(db, 'overpass:1.40,43.55,1.45,43.60')).toBe(10);
    expect(dumpDiff(await dumpStore(db), await dumpStore(withoutArea))).toBe('');
    await expect(deleteDataset(db, 'toulouse')).rejects.toBeInstanceOf(StoreError);
    expect(await deleteDataset(db, USER_DATASET_ID)).toBe(1);
    expect(await db.count('userCameras')).toBe(0);
  });
});

describe('imports (planImport → commitImportPlan)', () => {
  it('commits a real CSV import as import:<id>; the overlay index sees it', async () => {
    const db = await seededDb();
    const csv = toulouseCsv(50);
    // Against an empty store every row is new; against the bundle, every row duplicates a bundled camera.
    const againstBundle = planImport({ name: 'toulouse.csv', bytes: csv }, await loadActiveCameras(db));
    expect(againstBundle.kind).toBe('cameras');
    expect((againstBundle as CameraImportPlan).summary.toAdd).toBe(0);
    const before = await dumpStore(db);
    await expect(commitImportPlan(db, againstBundle as CameraImportPlan)).rejects.toThrow(/nothing to add/);
    expect(dumpDiff(await dumpStore(db), before)).toBe('');
    const plan = planImport({ name: 'toulouse.csv', bytes: csv }, []) as CameraImportPlan;
    expect(plan.summary.toAdd).toBe(50);
    const { record } = await commitImportPlan(db, plan, { sha256: 'ab'.repeat(32), now: new Date('2026-11-28T11:00:00Z') });
    expect(record.id).toBe(plan.source);
    expect(record.id).toMatch(/^import:[0-9a-f]{8}$/);
    expect(record.cameraCount).toBe(50);
    expect(record.label).toBe('toulouse.csv (CSV)');
    const active = await loadActiveCameras(db);
    expect(active.filter((c) => c.source === plan.source)).toHaveLength(50);
  });

  it('an OSM XML import with streets stores its walk graph with the cameras, in the same dataset', async () => {
    const db = await seededDb();
    const plan = planImport({ name: 'monaco.osm', bytes: monacoXml(300) }, await loadActiveCameras(db)) as CameraImportPlan;
    expect(plan.format).toBe('osm-xml');
    expect(plan.summary.toAdd).toBe(10);
    expect(plan.osm!.walkableWays).toBeGreaterThan(100);
    const graph = buildAreaGraph(plan.osm!.data, plan.toAdd);
    const { record } = await commitImportPlan(db, plan, { graph: graph.bytes });
    expect(record).toMatchObject({ hasGraph: true, cameraCount: 10, attribution: '© OpenStreetMap contributors, ODbL 1.0' });
    const stored = await db.get('graphs', record.id);
    expect(decodeWalkGraph(new Uint8Array(stored!.bytes)).edgeCount).toBe(graph.edges);
  });

  it('a rejected file (truncated, unknown, oversized) leaves the store byte-for-byte unchanged', async () => {
    const db = await seededDb();
    await putUserCamera(db, userCamera(1));
    const before = await dumpStore(db);
    const geo = enc(JSON.stringify(toulouseGeoJsonObject(20)));
    const attempts = [
      { name: 'cut.geojson', bytes: geo.subarray(0, geo.length - 40) },
      { name: 'noise.bin', bytes: new Uint8Array([0, 1, 2, 3, 250, 251]) },
      { name: 'empty.csv', bytes: enc('   \n') },
      { name: 'huge.geojson', bytes: new Uint8Array(33 * 1024 * 1024).fill(0x20) },
    ];
    for (const input of attempts) {
      let plan: ReturnType<typeof planImport> | undefined;
      try {
        plan = planImport(input, await loadActiveCameras(db));
      } catch (e) {
        expect(e).toBeInstanceOf(ImportError);
        continue;
      }
      throw new Error(`${input.name} was accepted: ${JSON.stringify(plan.summary)}`);
    }
    expect(dumpDiff(await dumpStore(db), before)).toBe('');
  });
});

describe('export', () => {
  it('cameras export as GeoJSON that re-imports as exactly the same cameras (all duplicates)', async () => {
    const db = await seededDb();
    const cameras = await datasetCameras(db, 'toulouse');
    const fc = camerasToGeoJson(cameras, { attribution: '© OpenStreetMap contributors, ODbL' });
    expect(fc.features).toHaveLength(2269);
    expect(fc.features[0].geometry.coordinates).toEqual([cameras[0].lon, cameras[0].lat]);
    expect(fc.features[0].properties).not.toHaveProperty('lon');
    const plan = planImport({ name: 'export.geojson', bytes: enc(JSON.stringify(fc)) }, await loadActiveCameras(db)) as CameraImportPlan;
    expect(plan.summary.toAdd).toBe(0);
    expect(plan.summary.duplicates).toBe(2269 - plan.summary.rejects);
  });

  it('places export as Points and bbox Polygons', () => {
    const fc = placesToGeoJson([
      { id: 'p1', kind: 'saved', label: 'home', lon: 1.44, lat: 43.6, createdAt: '2026-01-01T00:00:00Z' },
      {
        id: 'a1',
        kind: 'area',
        label: 'area',
        lon: 1.425,
        lat: 43.575,
        bbox: { west: 1.4, south: 43.55, east: 1.45, north: 43.6 },
        createdAt: '2026-01-01T00:00:00Z',
      },
    ]);
    expect(fc.features[0].geometry).toEqual({ type: 'Point', coordinates: [1.44, 43.6] });
    expect(fc.features[1].geometry.type).toBe('Polygon');
    expect(fc.features[1].properties).toMatchObject({ kind: 'area', label: 'area' });
  });
});

describe('StoreService: datasets messages and wipe', () => {
  function service(factory: IDBFactory, clearExtensionStorage = vi.fn(async () => undefined)) {
    const broadcasts: unknown[] = [];
    const s = createBackground({
      factory,
      readText: async () => JSON.stringify(toulouseBundle()),
      readBinary: async () => undefined,
      broadcast: async (m) => void broadcasts.push(m),
      clearExtensionStorage,
    });
    open.push(s);
    return { s, broadcasts, clearExtensionStorage };
  }

  it('wipe removes every user record, setting, import, download and cache, and restores only the bundled dataset', async () => {
    const factory = freshFactory();
    const { s, broadcasts, clearExtensionStorage } = service(factory);
    await s.ready();
    const db = await openAngleMortDB(factory);
    open.push(db);
    await putUserCamera(db, userCamera(1));
    await updateSettings(db, { language: 'fr', overpassEndpoint: 'http://127.0.0.1:9/api/interpreter' });
    await commitDataset(db, commitOf(importedCameras(40)));
    await db.put('places', { id: 'p1', kind: 'saved', label: 'home', lon: 1.44, lat: 43.6, createdAt: '2026-01-01T00:00:00Z' });
    await db.put('landmarks', { datasetId: 'toulouse', graphChecksum: 7, bytes: new ArrayBuffer(48) });
    expect((await s.handle({ type: 'datasets/reload' })).ok).toBe(true);
    expect(s.store.indexedCameras().length).toBe(2269 + 40 + 1);

    const answer = await s.handle({ type: 'store/wipe' });
    expect(answer).toMatchObject({ ok: true, value: { state: 'ready', userCameraCount: 0 } });
    expect(clearExtensionStorage).toHaveBeenCalledTimes(1);
    expect(broadcasts).toContainEqual({ type: 'dataset/changed' });
    // What a fresh install holds, and nothing else.
    const fresh = await openAngleMortDB(freshFactory());
    open.push(fresh);
    await seedBundledDataset(fresh, toulouseBundle(), undefined, new Date(0));
    const strip = (dump: string) => dump.replace(/"(installedAt|at)":"[^"]*"/g, '"$1":"…"');
    expect(dumpDiff(strip(await dumpStore(db)), strip(await dumpStore(fresh)))).toBe('');
    expect(s.store.indexedCameras().length).toBe(2269);
  });

  it('datasets/list and datasets/delete answer through messages; the bundled dataset is protected', async () => {
    const factory = freshFactory();
    const { s } = service(factory);
    await s.ready();
    const db = await openAngleMortDB(factory);
    open.push(db);
    await commitDataset(db, commitOf(importedCameras(40)));
    const list = await s.handle({ type: 'datasets/list' });
    expect(list.ok && list.value).toHaveLength(3);
    expect(await s.handle({ type: 'datasets/delete', id: 'toulouse' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await s.handle({ type: 'datasets/delete', id: 'import:test' })).toEqual({ ok: true, value: { deleted: 40 } });
    expect(s.store.indexedCameras().length).toBe(2269);
  });

  it('the status names the other datasets in use after a reload, and drops one deleted', async () => {
    const factory = freshFactory();
    const { s } = service(factory);
    expect((await s.ready()).otherDatasets).toEqual([]);
    const db = await openAngleMortDB(factory);
    open.push(db);
    await commitDataset(db, commitOf(importedCameras(40)));
    await commitDataset(db, commitOf(importedCameras(3, 'import:abc'), { id: 'import:abc', label: 'A first import' }));
    const reloaded = await s.handle({ type: 'datasets/reload' });
    expect(reloaded.ok && (reloaded.value as StoreStatus).otherDatasets).toEqual([
      { id: 'import:abc', origin: 'import', label: 'A first import', cameraCount: 3 },
      { id: 'import:test', origin: 'import', label: expect.any(String), cameraCount: 40 },
    ]);
    await s.handle({ type: 'datasets/delete', id: 'import:abc' });
    const after = await s.handle({ type: 'status' });
    expect(after.ok && (after.value as StoreStatus).otherDatasets.map((d) => d.id)).toEqual(['import:test']);
  });
});
