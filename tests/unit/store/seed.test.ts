import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import {
  openAngleMortDB,
  seedBundledDataset,
  readSeedFailure,
  parseCameraBundleText,
  countCameras,
  getDatasetRecord,
  getGraphBytes,
  getSettings,
  updateSettings,
  listUserCameras,
  putUserCamera,
  StoreError,
  type AngleMortDB,
} from '../../../lib/store/index.ts';
import { freshFactory, toulouseBundle, toulouseCameras, userCamera } from './toulouse-fixture.ts';

const opened: AngleMortDB[] = [];
async function open(): Promise<AngleMortDB> {
  const db = await openAngleMortDB(freshFactory());
  opened.push(db);
  return db;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const db of opened.splice(0)) db.close();
});

async function expectStoreError(p: Promise<unknown>, code: string): Promise<StoreError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StoreError);
  expect((e as StoreError).code).toBe(code);
  return e as StoreError;
}

/** A second version of the real dataset: 100 cameras gone, one moved, one new. */
function bumpedBundle() {
  const cameras = toulouseCameras().slice(100);
  cameras[0] = { ...cameras[0], lon: cameras[0].lon + 0.001 };
  cameras.push({ ...cameras[1], id: 'osm:node/999999999999', sourceId: 'node/999999999999' });
  return toulouseBundle('osm-2026-07-01.1', cameras);
}

describe('seedBundledDataset on the real Toulouse cameras', () => {
  it('writes every camera, the record with counts by kind, and counts one seed', async () => {
    const db = await open();
    const result = await seedBundledDataset(db, toulouseBundle(), undefined, new Date('2026-11-28T09:00:00Z'));
    expect(result.status).toBe('seeded');
    expect(await countCameras(db, 'toulouse')).toBe(2269);
    const record = await getDatasetRecord(db, 'toulouse');
    expect(record).toMatchObject({
      version: 'osm-2026-06-07.1',
      cameraCount: 2269,
      countsByKind: { fixed: 1110, dome: 1057, speed: 42, alpr: 60, ptz: 0, unknown: 0 },
      seedCount: 1,
      installedAt: '2026-11-28T09:00:00.000Z',
      hasGraph: false,
    });
    expect(record!.seedLog).toEqual([{ version: 'osm-2026-06-07.1', at: '2026-11-28T09:00:00.000Z', cameraCount: 2269 }]);
    const stored = await db.get('cameras', ['toulouse', 'osm:node/192174159']);
    expect(stored).toMatchObject({ datasetId: 'toulouse', kind: 'fixed', source: 'osm' });
  });

  it('does not write the same version twice', async () => {
    const db = await open();
    await seedBundledDataset(db, toulouseBundle(), undefined, new Date('2026-11-28T09:00:00Z'));
    const putSpy = vi.spyOn(FakeObjectStore.prototype, 'put');
    const again = await seedBundledDataset(db, toulouseBundle(), undefined, new Date('2026-11-29T09:00:00Z'));
    expect(again.status).toBe('unchanged');
    expect(putSpy).not.toHaveBeenCalled();
    const record = await getDatasetRecord(db, 'toulouse');
    expect(record!.seedCount).toBe(1);
    expect(record!.installedAt).toBe('2026-11-28T09:00:00.000Z');
  });

  it('replaces the bundled set on a new version and keeps user cameras, settings and other datasets', async () => {
    const db = await open();
    await seedBundledDataset(db, toulouseBundle());
    await putUserCamera(db, userCamera(1));
    await putUserCamera(db, userCamera(2, { expires: '2030-01-01T00:00:00Z' }));
    await updateSettings(db, { overlayEnabled: false, layers: { heat: false } });
    // Another dataset holding a camera with the same id as a bundled one: replacing the bundle must not touch it.
    const shared = toulouseCameras()[150];
    await db.put('cameras', { ...shared, datasetId: 'import:mine', name: 'imported copy' });
    await db.put('datasets', { ...(await getDatasetRecord(db, 'toulouse'))!, id: 'import:mine', origin: 'import', cameraCount: 1 });
    const settingsBefore = await getSettings(db);

    const result = await seedBundledDataset(db, bumpedBundle());
    expect(result.status).toBe('seeded');
    expect(await countCameras(db, 'toulouse')).toBe(2170);
    expect(await db.get('cameras', ['toulouse', toulouseCameras()[0].id])).toBeUndefined();
    expect(await db.get('cameras', ['toulouse', 'osm:node/999999999999'])).toBeDefined();
    const record = await getDatasetRecord(db, 'toulouse');
    expect(record).toMatchObject({ version: 'osm-2026-07-01.1', cameraCount: 2170, seedCount: 2 });
    expect(record!.seedLog.map((l) => l.version)).toEqual(['osm-2026-06-07.1', 'osm-2026-07-01.1']);

    expect((await listUserCameras(db)).map((c) => c.id).sort()).toEqual(['user:cam-1', 'user:cam-2']);
    expect(await getSettings(db)).toEqual(settingsBefore);
    expect(settingsBefore.overlayEnabled).toBe(false);
    expect(await countCameras(db, 'import:mine')).toBe(1);
    expect(await db.get('cameras', ['import:mine', shared.id])).toMatchObject({ name: 'imported copy' });
    expect(await getDatasetRecord(db, 'import:mine')).toMatchObject({ origin: 'import' });
  });

  it('stores the walk graph with the dataset and drops a stale one when a new version has none', async () => {
    const db = await open();
    const graph = new Uint8Array([1, 2, 3, 4, 5]).buffer;
    await seedBundledDataset(db, toulouseBundle(), graph);
    expect(new Uint8Array((await getGraphBytes(db, 'toulouse'))!)).toEqual(new Uint8Array([1, 2, 3, 4, 5]));
    expect((await getDatasetRecord(db, 'toulouse'))!.hasGraph).toBe(true);
    await seedBundledDataset(db, bumpedBundle());
    expect(await getGraphBytes(db, 'toulouse')).toBeUndefined();
    expect((await getDatasetRecord(db, 'toulouse'))!.hasGraph).toBe(false);
  });
});

describe('seeding failures leave the previous dataset intact', () => {
  async function seededDb() {
    const db = await open();
    await seedBundledDataset(db, toulouseBundle());
    await putUserCamera(db, userCamera(7));
    return db;
  }
  async function expectPreviousIntact(db: AngleMortDB) {
    expect(await countCameras(db, 'toulouse')).toBe(2269);
    const record = await getDatasetRecord(db, 'toulouse');
    expect(record).toMatchObject({ version: 'osm-2026-06-07.1', cameraCount: 2269, seedCount: 1 });
    expect(await db.get('cameras', ['toulouse', toulouseCameras()[0].id])).toBeDefined();
    expect(await db.get('cameras', ['toulouse', 'osm:node/999999999999'])).toBeUndefined();
    expect((await listUserCameras(db)).map((c) => c.id)).toEqual(['user:cam-7']);
  }

  it('rejects a bundle with a bad camera, naming the field, and records the failure', async () => {
    const db = await seededDb();
    const bad = bumpedBundle();
    (bad.cameras[1234] as { lat: number }).lat = 200;
    const e = await expectStoreError(seedBundledDataset(db, bad, undefined, new Date('2026-11-28T10:00:00Z')), 'bundle-invalid');
    expect(e.path).toBe('cameras[1234].lat');
    await expectPreviousIntact(db);
    expect(await readSeedFailure(db)).toMatchObject({ code: 'bundle-invalid', at: '2026-11-28T10:00:00.000Z' });
  });

  it.each([
    ['not an object', 42, 'bundle-malformed'],
    ['wrong format', { ...toulouseBundle(), format: 'other@1' }, 'bundle-malformed'],
    ['cameras not an array', { ...toulouseBundle('v9'), cameras: {} }, 'bundle-invalid'],
    ['NaN longitude', { ...toulouseBundle('v9'), cameras: [{ ...toulouseCameras()[0], lon: Number.NaN }] }, 'bundle-invalid'],
    ['unknown kind', { ...toulouseBundle('v9'), cameras: [{ ...toulouseCameras()[0], kind: 'laser' }] }, 'bundle-invalid'],
    ['duplicate ids', { ...toulouseBundle('v9'), cameras: [toulouseCameras()[0], toulouseCameras()[0]] }, 'bundle-invalid'],
    ['bbox upside down', { ...toulouseBundle('v9'), bbox: { west: 2, south: 43, east: 1, north: 44 } }, 'bundle-invalid'],
    ['empty version', { ...toulouseBundle(''), cameras: [] }, 'bundle-invalid'],
  ])('rejects %s', async (_label, bundle, code) => {
    const db = await seededDb();
    await expectStoreError(seedBundledDataset(db, bundle), code);
    await expectPreviousIntact(db);
  });

  it('aborts the whole transaction when IndexedDB refuses a write (quota) half-way', async () => {
    const db = await seededDb();
    const realPut = FakeObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (++calls === 1500) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return realPut.apply(this, args);
    });
    const e = await expectStoreError(seedBundledDataset(db, bumpedBundle()), 'quota-exceeded');
    expect(e.message).toMatch(/quota/i);
    expect(calls).toBeGreaterThanOrEqual(1500);
    vi.restoreAllMocks();
    await expectPreviousIntact(db);
    expect(await readSeedFailure(db)).toMatchObject({ code: 'quota-exceeded', bundleVersion: 'osm-2026-07-01.1' });
  });

  it('aborts when the transaction itself is aborted mid-way (I/O error)', async () => {
    const db = await seededDb();
    const realPut = FakeObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(FakeObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = realPut.apply(this, args);
      if (++calls === 800) this.transaction.abort();
      return request;
    });
    await expectStoreError(seedBundledDataset(db, bumpedBundle()), 'write-failed');
    vi.restoreAllMocks();
    await expectPreviousIntact(db);
  });

  it('a later successful load clears the recorded failure', async () => {
    const db = await seededDb();
    await expectStoreError(seedBundledDataset(db, { nope: true }), 'bundle-malformed');
    expect(await readSeedFailure(db)).not.toBeNull();
    expect((await seedBundledDataset(db, toulouseBundle())).status).toBe('unchanged');
    expect(await readSeedFailure(db)).toBeNull();
  });
});

describe('parseCameraBundleText', () => {
  const text = JSON.stringify(toulouseBundle());

  it('reads the real bundle text', () => {
    expect(parseCameraBundleText(text).cameras).toHaveLength(2269);
  });

  it.each([
    ['cut in the middle of the cameras', text.slice(0, Math.floor(text.length / 2))],
    ['cut inside a string', text.slice(0, text.indexOf('Caméra') > 0 ? text.indexOf('Angle') + 3 : 200)],
    ['missing only the last brace', text.slice(0, -1)],
    ['empty', ''],
    ['whitespace', '  \n'],
  ])('reports a truncated file (%s) as bundle-truncated', (_label, cut) => {
    expect(() => parseCameraBundleText(cut)).toThrow(expect.objectContaining({ code: 'bundle-truncated' }));
  });

  it.each([
    ['garbage', 'hello'],
    ['trailing junk', `${text}}`],
    ['an array', '[]'],
    ['html', '<html></html>'],
  ])('reports %s as bundle-malformed', (_label, bad) => {
    expect(() => parseCameraBundleText(bad)).toThrow(expect.objectContaining({ code: 'bundle-malformed' }));
  });
});
