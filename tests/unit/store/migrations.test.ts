import { afterEach, describe, expect, it } from 'vitest';
import {
  openAngleMortDB,
  seedBundledDataset,
  getSettings,
  updateSettings,
  listUserCameras,
  putUserCamera,
  countCameras,
  MIGRATIONS,
  DB_VERSION,
  StoreError,
  type Migration,
} from '../../../lib/store/index.ts';
import { freshFactory, toulouseBundle, userCamera } from './toulouse-fixture.ts';

const toClose: Array<{ close(): void }> = [];
afterEach(() => {
  for (const db of toClose.splice(0)) db.close();
});

describe('schema and migrations', () => {
  it('migrations are numbered 1, 2, … with no gap, ending at DB_VERSION', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(DB_VERSION).toBe(MIGRATIONS.length);
    expect(DB_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('a fresh database has every store and index of the latest version', async () => {
    const db = await openAngleMortDB(freshFactory());
    toClose.push(db);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['cameras', 'datasets', 'graphs', 'landmarks', 'places', 'settings', 'userCameras']);
    const tx = db.transaction(['cameras', 'places']);
    expect([...tx.objectStore('cameras').indexNames]).toEqual(['byDatasetId']);
    expect(tx.objectStore('cameras').keyPath).toEqual(['datasetId', 'id']);
    expect([...tx.objectStore('places').indexNames]).toEqual(['byKind']);
    await tx.done;
  });

  it('upgrades a v1 database holding user data to the latest version with nothing lost', async () => {
    const factory = freshFactory();
    const v1 = await openAngleMortDB(factory, { version: 1 });
    expect(v1.version).toBe(1);
    expect(v1.objectStoreNames.contains('places')).toBe(false);
    await seedBundledDataset(v1, toulouseBundle());
    await putUserCamera(v1, userCamera(1));
    await putUserCamera(v1, userCamera(2, { kind: 'ptz', directions: [90, 270], fov: 60, expires: '2031-05-01T12:00:00Z' }));
    await updateSettings(v1, {
      overlayEnabled: false,
      siteEnabled: { google: false },
      filters: { kinds: { speed: false } },
      language: 'fr',
    });
    const settingsV1 = await getSettings(v1);
    const usersV1 = await listUserCameras(v1);
    v1.close();

    const latest = await openAngleMortDB(factory);
    toClose.push(latest);
    expect(latest.version).toBe(DB_VERSION);
    expect(await listUserCameras(latest)).toEqual(usersV1);
    expect(usersV1).toHaveLength(2);
    expect(await getSettings(latest)).toEqual(settingsV1);
    expect(settingsV1).toMatchObject({ overlayEnabled: false, siteEnabled: { google: false }, language: 'fr' });
    expect(await countCameras(latest, 'toulouse')).toBe(2269);
    // The new store works and the bundle is not re-seeded by the upgrade.
    await latest.put('places', {
      id: 'p1',
      kind: 'saved',
      label: 'Capitole',
      lon: 1.4433,
      lat: 43.6045,
      createdAt: '2026-11-28T00:00:00Z',
    });
    expect(await latest.getAllFromIndex('places', 'byKind', 'saved')).toHaveLength(1);
    expect((await seedBundledDataset(latest, toulouseBundle())).status).toBe('unchanged');
  });

  it('upgrades a v2 database (places, user cameras, settings) to v3 with nothing lost and an empty landmarks store', async () => {
    const factory = freshFactory();
    const v2 = await openAngleMortDB(factory, { version: 2 });
    expect(v2.objectStoreNames.contains('landmarks')).toBe(false);
    await seedBundledDataset(v2, toulouseBundle());
    await putUserCamera(v2, userCamera(5));
    await v2.put('places', { id: 'p2', kind: 'saved', label: 'Jacobins', lon: 1.4405, lat: 43.6036, createdAt: '2026-11-29T00:00:00Z' });
    await updateSettings(v2, { language: 'fr' });
    const before = { users: await listUserCameras(v2), places: await v2.getAll('places'), settings: await getSettings(v2) };
    v2.close();

    const v3 = await openAngleMortDB(factory, { version: 3 });
    toClose.push(v3);
    expect(v3.version).toBe(3);
    expect(await listUserCameras(v3)).toEqual(before.users);
    expect(await v3.getAll('places')).toEqual(before.places);
    expect(await getSettings(v3)).toEqual(before.settings);
    expect(await countCameras(v3, 'toulouse')).toBe(2269);
    expect(await v3.count('landmarks')).toBe(0);
    await v3.put('landmarks', { datasetId: 'toulouse', graphChecksum: 1, bytes: new ArrayBuffer(8) });
    expect((await v3.get('landmarks', 'toulouse'))?.graphChecksum).toBe(1);
  });

  it('a failing migration step leaves the database at its old version with its data', async () => {
    const factory = freshFactory();
    const db = await openAngleMortDB(factory);
    await putUserCamera(db, userCamera(3));
    db.close();
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: DB_VERSION + 1,
        description: 'a step that fails half-way',
        async migrate(_db, tx) {
          await tx.objectStore('userCameras').clear();
          throw new Error('boom');
        },
      },
    ];
    const e = await openAngleMortDB(factory, { migrations: broken }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(StoreError);
    expect((e as StoreError).code).toBe('db-unavailable');
    expect((e as StoreError).message).toContain('boom');
    const again = await openAngleMortDB(factory);
    toClose.push(again);
    expect(again.version).toBe(DB_VERSION);
    expect((await listUserCameras(again)).map((c) => c.id)).toEqual(['user:cam-3']);
  });

  it('a data migration step runs inside the upgrade (future steps can rewrite records)', async () => {
    const factory = freshFactory();
    const db = await openAngleMortDB(factory);
    await putUserCamera(db, userCamera(4));
    db.close();
    const withRename: Migration[] = [
      ...MIGRATIONS,
      {
        version: DB_VERSION + 1,
        description: 'rename user cameras',
        async migrate(_db, tx) {
          const store = tx.objectStore('userCameras');
          for (const c of (await store.getAll()) as Array<{ name?: string }>) await store.put({ ...c, name: `renamed ${c.name}` });
        },
      },
    ];
    const next = await openAngleMortDB(factory, { migrations: withRename });
    toClose.push(next);
    expect(next.version).toBe(DB_VERSION + 1);
    expect((await listUserCameras(next))[0].name).toBe('renamed My camera 4');
  });

  it('refuses to open an older schema than the stored one (downgrade) with a clear error', async () => {
    const factory = freshFactory();
    (await openAngleMortDB(factory)).close();
    await expect(openAngleMortDB(factory, { version: 1 })).rejects.toMatchObject({ code: 'db-unavailable' });
  });
});
