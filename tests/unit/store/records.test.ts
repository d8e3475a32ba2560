import { afterEach, describe, expect, it } from 'vitest';
import {
  openAngleMortDB,
  getSettings,
  updateSettings,
  listUserCameras,
  putUserCamera,
  deleteUserCamera,
  loadActiveCameras,
  seedBundledDataset,
  summariseDataset,
  getDatasetRecord,
  SETTINGS_KEY,
  type AngleMortDB,
} from '../../../lib/store/index.ts';
import { DEFAULT_SETTINGS } from '../../../lib/settings.ts';
import { freshFactory, toulouseBundle, userCamera } from './toulouse-fixture.ts';

const opened: AngleMortDB[] = [];
async function open(factory = freshFactory()) {
  const db = await openAngleMortDB(factory);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

describe('settings', () => {
  it('defaults when nothing is stored, merges patches key by key, and persists', async () => {
    const factory = freshFactory();
    const db = await open(factory);
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
    await updateSettings(db, { layers: { heat: false } });
    await updateSettings(db, { siteEnabled: { osm: false } });
    await updateSettings(db, { siteEnabled: { google: false }, filters: { kinds: { alpr: false }, privateCameras: false } });
    db.close();
    const reopened = await open(factory);
    const s = await getSettings(reopened);
    expect(s.layers).toEqual({ cameras: true, coverage: true, heat: false, routes: true });
    expect(s.siteEnabled).toEqual({ osm: false, google: false });
    expect(s.filters.kinds.alpr).toBe(false);
    expect(s.filters.kinds.dome).toBe(true);
    expect(s.filters.privateCameras).toBe(false);
    expect(s.overlayEnabled).toBe(true);
  });

  it('does not lose concurrent toggles', async () => {
    const db = await open();
    await Promise.all([
      updateSettings(db, { layers: { heat: false } }),
      updateSettings(db, { layers: { routes: false } }),
      updateSettings(db, { overlayEnabled: false }),
    ]);
    const s = await getSettings(db);
    expect(s.layers.heat).toBe(false);
    expect(s.layers.routes).toBe(false);
    expect(s.overlayEnabled).toBe(false);
  });

  it('falls back to defaults when the stored value is corrupt', async () => {
    const db = await open();
    await db.put('settings', { overlayEnabled: 'yes', layers: 3 }, SETTINGS_KEY);
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
    await db.put('settings', 'garbage', SETTINGS_KEY);
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('completes settings stored by an older version with the new defaults', async () => {
    const db = await open();
    await db.put('settings', { overlayEnabled: false, layers: { heat: false } }, SETTINGS_KEY);
    const s = await getSettings(db);
    expect(s.overlayEnabled).toBe(false);
    expect(s.layers).toEqual({ cameras: true, coverage: true, heat: false, routes: true });
    expect(s.filters).toEqual(DEFAULT_SETTINGS.filters);
  });
});

describe('user cameras', () => {
  it('puts, lists, replaces and deletes', async () => {
    const db = await open();
    await putUserCamera(db, userCamera(1));
    await putUserCamera(db, userCamera(2));
    await putUserCamera(db, userCamera(1, { name: 'renamed' }));
    const list = await listUserCameras(db);
    expect(list.map((c) => [c.id, c.name])).toEqual([
      ['user:cam-1', 'renamed'],
      ['user:cam-2', 'My camera 2'],
    ]);
    expect(await deleteUserCamera(db, 'user:cam-1')).toBe(true);
    expect(await deleteUserCamera(db, 'user:cam-1')).toBe(false);
    expect((await listUserCameras(db)).map((c) => c.id)).toEqual(['user:cam-2']);
  });

  it('refuses a camera that is not the user’s, or is invalid, and stores nothing', async () => {
    const db = await open();
    await expect(putUserCamera(db, userCamera(1, { source: 'osm' }))).rejects.toMatchObject({ code: 'write-failed' });
    await expect(putUserCamera(db, userCamera(1, { lat: Number.POSITIVE_INFINITY }))).rejects.toMatchObject({
      code: 'write-failed',
      path: 'camera.lat',
    });
    expect(await listUserCameras(db)).toEqual([]);
  });
});

describe('active cameras and summaries', () => {
  it('loads bundled and user cameras, leaving out expired temporary ones', async () => {
    const db = await open();
    await seedBundledDataset(db, toulouseBundle());
    await putUserCamera(db, userCamera(1));
    await putUserCamera(db, userCamera(2, { expires: '2026-12-01T00:00:00Z' }));
    const before = await loadActiveCameras(db, new Date('2026-11-30T00:00:00Z'));
    expect(before).toHaveLength(2269 + 2);
    expect(before.some((c) => 'datasetId' in c)).toBe(false);
    const after = await loadActiveCameras(db, new Date('2026-12-02T00:00:00Z'));
    expect(after).toHaveLength(2269 + 1);
    expect(after.some((c) => c.id === 'user:cam-2')).toBe(false);
  });

  it('summarises a dataset for the popup', async () => {
    const db = await open();
    await seedBundledDataset(db, toulouseBundle(), new ArrayBuffer(8));
    const summary = summariseDataset((await getDatasetRecord(db, 'toulouse'))!);
    expect(summary).toMatchObject({ id: 'toulouse', cameraCount: 2269, hasGraph: true, attribution: '© OpenStreetMap contributors, ODbL' });
    expect(summary.sources[0]).toEqual({ id: 'osm', name: 'OpenStreetMap', date: '2026-06-07', licence: 'ODbL-1.0' });
  });
});
