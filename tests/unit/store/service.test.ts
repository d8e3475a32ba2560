import { afterEach, describe, expect, it } from 'vitest';
import { createBackground, type Background, type BackgroundDeps } from '../../../lib/background/index.ts';
import type { Settings } from '../../../lib/settings.ts';
import type { Broadcast, CamerasInBBox, StoreStatus } from '../../../lib/store/types.ts';
import type { Camera } from '../../../lib/cameras/types.ts';
import { openAngleMortDB } from '../../../lib/store/db.ts';
import { SEED_FAILURE_KEY } from '../../../lib/store/schema.ts';
import { freshFactory, toulouseBundle, toulouseCameras, userCamera } from './toulouse-fixture.ts';

const services: Background[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.close();
});

const CENTRE = { west: 1.425, south: 43.59, east: 1.46, north: 43.615 };

/** A background whose bundle is `bundleText`, with no bundle/manifest.json (an older bundle) unless `extra` reads one. */
function serviceWith(factory: IDBFactory, bundleText: string | Error, extra: Partial<BackgroundDeps> = {}) {
  const broadcasts: Broadcast[] = [];
  const service = createBackground({
    factory,
    readText: async (path) => {
      if (path === 'bundle/manifest.json') throw new Error('net::ERR_FILE_NOT_FOUND');
      expect(path).toBe('bundle/cameras.json');
      if (bundleText instanceof Error) throw bundleText;
      return bundleText;
    },
    readBinary: async () => undefined,
    broadcast: async (m) => {
      broadcasts.push(m);
    },
    ...extra,
  });
  services.push(service);
  return { service, broadcasts };
}

async function ask<T>(service: Background, message: unknown): Promise<T> {
  const answer = await service.handle(message);
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value as T;
}

const bundleV1 = JSON.stringify(toulouseBundle());
const bundleV2 = JSON.stringify(toulouseBundle('osm-2026-07-01.1', toulouseCameras().slice(0, 2000)));

describe('StoreService: loading the bundled dataset', () => {
  it('seeds on first start, then finds the same version on the next start', async () => {
    const factory = freshFactory();
    const first = serviceWith(factory, bundleV1).service;
    const s1 = await ask<StoreStatus>(first, { type: 'status' });
    expect(s1).toMatchObject({ state: 'ready', lastSeed: 'seeded', seedCount: 1, lastError: null });
    expect(s1.dataset).toMatchObject({ id: 'toulouse', cameraCount: 2269, countsByKind: { fixed: 1110, dome: 1057, alpr: 60, speed: 42 } });
    first.close();
    const second = serviceWith(factory, bundleV1);
    expect(await ask<StoreStatus>(second.service, { type: 'status' })).toMatchObject({
      state: 'ready',
      lastSeed: 'unchanged',
      seedCount: 1,
    });
    expect(second.broadcasts).toEqual([]); // nothing changed, nobody is told
  });

  it('a wake-up clears a stored seed failure, and writes nothing to settings when there is none', async () => {
    const factory = freshFactory();
    await serviceWith(factory, bundleV1).service.ready();
    const db = await openAngleMortDB(factory);
    await db.put('settings', 'an old failure', SEED_FAILURE_KEY);
    db.close();
    const woken = serviceWith(factory, bundleV1).service;
    expect(await ask<StoreStatus>(woken, { type: 'status' })).toMatchObject({ state: 'ready', lastSeed: 'unchanged' });
    woken.close();
    const after = await openAngleMortDB(factory);
    expect(await after.get('settings', SEED_FAILURE_KEY)).toBeUndefined();
    after.close();
    // With no failure stored, a wake-up opens no read-write transaction on settings (it would queue the
    // planner's reads of it).
    const modes: string[] = [];
    const original = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, names: string | string[], mode?: IDBTransactionMode) {
      if ([names].flat().includes('settings')) modes.push(mode ?? 'readonly');
      return original.call(this, names, mode);
    } as typeof original;
    try {
      const again = serviceWith(factory, bundleV1).service;
      expect(await ask<StoreStatus>(again, { type: 'status' })).toMatchObject({ state: 'ready', lastSeed: 'unchanged' });
    } finally {
      IDBDatabase.prototype.transaction = original;
    }
    expect(modes.length).toBeGreaterThan(0);
    expect(modes).not.toContain('readwrite');
  });

  it('a wake-up with the stored version fetches no graph or walls; a new version does', async () => {
    const factory = freshFactory();
    const binaries: string[] = [];
    const readBinary = async (path: string) => (binaries.push(path), undefined);
    await serviceWith(factory, bundleV1, { readBinary }).service.ready();
    expect(binaries).toEqual(['bundle/graph.bin']);
    binaries.length = 0;
    const woken = serviceWith(factory, bundleV1, { readBinary }).service;
    expect(await ask<StoreStatus>(woken, { type: 'status' })).toMatchObject({
      state: 'ready',
      lastSeed: 'unchanged',
      seedCount: 1,
      lastError: null,
    });
    expect(binaries).toEqual([]);
    const updated = serviceWith(factory, bundleV2, { readBinary }).service;
    expect(await ask<StoreStatus>(updated, { type: 'status' })).toMatchObject({ state: 'ready', lastSeed: 'seeded', seedCount: 2 });
    expect(binaries).toEqual(['bundle/graph.bin']);
  });

  it('a wake-up reads the 2 KB manifest, not cameras.json; a manifest naming another version, or unreadable, reads the bundle', async () => {
    const factory = freshFactory();
    const texts: string[] = [];
    const manifestOf = (bundle: string) => {
      const { datasetId, version } = JSON.parse(bundle) as { datasetId: string; version: string };
      return JSON.stringify({ format: 'angle-mort/bundle-manifest@1', datasetId, version });
    };
    const counting = (bundle: string, manifest: string) => {
      const readText = async (path: string) => {
        texts.push(path);
        return path === 'bundle/manifest.json' ? manifest : bundle;
      };
      return serviceWith(factory, bundle, { readText }).service;
    };
    await counting(bundleV1, manifestOf(bundleV1)).ready();
    texts.length = 0;
    const woken = counting(bundleV1, manifestOf(bundleV1));
    expect(await ask<StoreStatus>(woken, { type: 'status' })).toMatchObject({ state: 'ready', lastSeed: 'unchanged', seedCount: 1 });
    expect(texts).toEqual(['bundle/manifest.json']);
    texts.length = 0;
    const garbled = counting(bundleV1, '{"format": "angle-mort/bundle-manifest@1", "datasetId": ');
    expect(await ask<StoreStatus>(garbled, { type: 'status' })).toMatchObject({ lastSeed: 'unchanged', lastError: null });
    expect(texts).toEqual(['bundle/manifest.json', 'bundle/cameras.json']);
    texts.length = 0;
    const updated = counting(bundleV2, manifestOf(bundleV2));
    expect(await ask<StoreStatus>(updated, { type: 'status' })).toMatchObject({ lastSeed: 'seeded', seedCount: 2 });
    expect(texts).toEqual(['bundle/manifest.json', 'bundle/cameras.json']);
  });

  it('a truncated bundle is reported and the previous dataset keeps answering', async () => {
    const factory = freshFactory();
    const first = serviceWith(factory, bundleV1).service;
    await first.ready();
    await ask(first, { type: 'userCameras/put', camera: userCamera(1) });
    first.close();
    const broken = serviceWith(factory, bundleV2.slice(0, 50_000)).service;
    const status = await ask<StoreStatus>(broken, { type: 'status' });
    expect(status).toMatchObject({ state: 'ready', lastSeed: 'failed', seedCount: 1, userCameraCount: 1 });
    expect(status.lastError).toMatchObject({ code: 'bundle-truncated' });
    expect(status.dataset).toMatchObject({ version: 'osm-2026-06-07.1', cameraCount: 2269 });
    expect((await ask<CamerasInBBox>(broken, { type: 'cameras/inBBox', bbox: CENTRE })).cameras).toHaveLength(1080 + 1);
  });

  it('a missing bundle on a fresh profile leaves a clear failed state', async () => {
    const { service } = serviceWith(freshFactory(), new Error('net::ERR_FILE_NOT_FOUND'));
    const status = await ask<StoreStatus>(service, { type: 'status' });
    expect(status).toMatchObject({ state: 'failed', dataset: null, lastSeed: 'failed', lastError: { code: 'bundle-missing' } });
    expect((await ask<CamerasInBBox>(service, { type: 'cameras/inBBox', bbox: CENTRE })).cameras).toEqual([]);
  });

  it('a new version replaces the bundled set and keeps the user camera', async () => {
    const factory = freshFactory();
    const first = serviceWith(factory, bundleV1).service;
    await ask(first, { type: 'userCameras/put', camera: userCamera(1) });
    first.close();
    const next = serviceWith(factory, bundleV2).service;
    expect(await ask<StoreStatus>(next, { type: 'status' })).toMatchObject({
      lastSeed: 'seeded',
      seedCount: 2,
      dataset: { cameraCount: 2000 },
      userCameraCount: 1,
    });
    expect((await ask<Camera[]>(next, { type: 'userCameras/list' })).map((c) => c.id)).toEqual(['user:cam-1']);
  });
});

describe('StoreService: answering messages', () => {
  it('answers cameras in a bbox, capped, saying when it cut', async () => {
    const { service } = serviceWith(freshFactory(), bundleV1);
    const all = await ask<CamerasInBBox>(service, { type: 'cameras/inBBox', bbox: CENTRE });
    expect(all.cameras).toHaveLength(1080);
    expect(all.truncated).toBe(false);
    const cut = await ask<CamerasInBBox>(service, { type: 'cameras/inBBox', bbox: CENTRE, limit: 1000 });
    expect(cut.cameras).toHaveLength(1000);
    expect(cut.truncated).toBe(true);
    const exact = await ask<CamerasInBBox>(service, { type: 'cameras/inBBox', bbox: CENTRE, limit: 1080 });
    expect(exact.truncated).toBe(false);
  });

  it('answers bad input with { ok: false } and a typed code', async () => {
    const { service } = serviceWith(freshFactory(), bundleV1);
    expect(await service.handle({ type: 'cameras/inBBox', bbox: { west: 'a' } })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await service.handle('hello')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    // Routes go to the planner; this bundle ships no walk graph, so it names the missing graph.
    expect(await service.handle({ type: 'route', from: [1.44, 43.6], to: [1.45, 43.61] })).toMatchObject({
      ok: false,
      error: { code: 'no-graph' },
    });
  });

  it('persists settings and broadcasts each change; the command toggles the overlay', async () => {
    const factory = freshFactory();
    const { service, broadcasts } = serviceWith(factory, bundleV1);
    await service.ready();
    expect(broadcasts).toEqual([{ type: 'dataset/changed' }]); // the first seed
    broadcasts.length = 0;
    const after = await ask<Settings>(service, { type: 'settings/set', patch: { layers: { heat: false } } });
    expect(after.layers.heat).toBe(false);
    expect(broadcasts).toEqual([{ type: 'settings/changed', settings: after }]);
    expect((await service.toggleOverlay()).overlayEnabled).toBe(false);
    expect((await service.toggleOverlay()).overlayEnabled).toBe(true);
    expect((await service.toggleOverlay()).overlayEnabled).toBe(false);
    expect(broadcasts).toHaveLength(4);
    service.close();
    const again = serviceWith(factory, bundleV1).service;
    expect(await ask<Settings>(again, { type: 'settings/get' })).toMatchObject({ overlayEnabled: false, layers: { heat: false } });
  });

  it('user cameras join the index at once and temporary ones leave it when they expire', async () => {
    let now = new Date('2026-11-28T12:00:00Z');
    const { service, broadcasts } = serviceWith(freshFactory(), bundleV1, { now: () => now });
    await service.ready();
    broadcasts.length = 0;
    const temp = userCamera(9, { expires: '2026-11-28T13:00:00Z' });
    await ask(service, { type: 'userCameras/put', camera: temp });
    expect(broadcasts).toEqual([{ type: 'dataset/changed' }]);
    const box = { west: temp.lon - 1e-5, south: temp.lat - 1e-5, east: temp.lon + 1e-5, north: temp.lat + 1e-5 };
    expect((await ask<CamerasInBBox>(service, { type: 'cameras/inBBox', bbox: box })).cameras.map((c) => c.id)).toEqual(['user:cam-9']);
    now = new Date('2026-11-28T13:00:01Z');
    expect((await ask<CamerasInBBox>(service, { type: 'cameras/inBBox', bbox: box })).cameras).toEqual([]);
    expect(await ask(service, { type: 'userCameras/delete', id: 'user:cam-9' })).toEqual({ deleted: true });
    expect(await ask(service, { type: 'userCameras/delete', id: 'user:cam-9' })).toEqual({ deleted: false });
  });
});
