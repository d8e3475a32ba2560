/**
 * Upgrade safety in Chromium: a database created with the v1 schema (no `places` store) — holding the user's
 * cameras, their settings from that version, a downloaded area (dataset + cameras + walk graph) and an older
 * bundled dataset — upgrades with nothing lost when the current extension loads.
 *
 * The v1 fixture is created inside the extension's own origin by a page script, while the extension's
 * background is replaced by an inert one (so nothing opens the database at the current version first). The
 * same unpacked directory is then restored to the real build and the browser restarted with the same profile
 * (Chromium derives the extension id, and so the IndexedDB origin, from the directory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { artifactPath, CHROME_EXTENSION_DIR, launchWithExtension, ROOT, type ExtensionSession } from './harness.ts';
import { dumpDatabase, listStorage } from './options-helpers.ts';
import { readOsmPbf } from '../../lib/sources/osm-pbf.ts';
import { camerasFromOsm } from '../../lib/sources/osm-cameras.ts';
import { buildAreaGraph } from '../../lib/store/area-graph.ts';
import { countByKind } from '../../lib/store/seed.ts';
import type { Camera } from '../../lib/cameras/types.ts';
import { MONACO_PBF, sharedFile } from '../shared-data.ts';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const WORK_DIR = join(ROOT, 'tests/.tmp/options-upgrade-extension');
const AREA_ID = 'overpass:7.40,43.70,7.45,43.75';

let profileDir: string;
let session: ExtensionSession | null = null;

beforeAll(() => {
  if (!existsSync(join(CHROME_EXTENSION_DIR, 'manifest.json'))) throw new Error('Run `npm run build:test` first.');
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(join(ROOT, 'tests/.tmp'), { recursive: true });
  cpSync(CHROME_EXTENSION_DIR, WORK_DIR, { recursive: true });
  profileDir = mkdtempSync(join(tmpdir(), 'angle-mort-upgrade-'));
});

afterAll(async () => {
  await session?.close();
  rmSync(profileDir, { recursive: true, force: true });
});

/** The downloaded area of the fixture: Monaco's real cameras and walk graph (as a v1 build would have stored them). */
function monacoArea(): { cameras: Array<Camera & { datasetId: string }>; graph: number[] } {
  const osm = readOsmPbf(new Uint8Array(sharedFile(MONACO_PBF)));
  const cameras = camerasFromOsm(osm, { source: AREA_ID, confidence: 0.9, sourceDate: '2026-01-15' }).cameras;
  const graph = buildAreaGraph(osm, cameras).bytes!;
  return { cameras: cameras.map((c) => ({ ...c, datasetId: AREA_ID })), graph: [...new Uint8Array(graph)] };
}

const USER_CAMERAS: Camera[] = [
  {
    id: 'user:v1-a',
    lon: 1.44425,
    lat: 43.60445,
    kind: 'dome',
    directions: [],
    surveillance: 'public',
    operatorType: 'public',
    source: 'user',
    sourceId: 'v1-a',
    confidence: 1,
    name: 'Place du Capitole',
  },
  {
    id: 'user:v1-b',
    lon: 1.4487,
    lat: 43.6001,
    kind: 'ptz',
    directions: [90, 270],
    fov: 60,
    surveillance: 'outdoor',
    operatorType: 'private',
    source: 'user',
    sourceId: 'v1-b',
    confidence: 1,
    expires: '2031-05-01T12:00:00Z',
  },
];
/** Settings as v1 stored them (before the Overpass fields existed). */
const V1_SETTINGS = {
  overlayEnabled: false,
  siteEnabled: { google: false },
  layers: { cameras: true, coverage: false, heat: true, routes: true },
  filters: {
    kinds: { fixed: true, dome: true, ptz: true, alpr: true, speed: false, unknown: true },
    publicCameras: true,
    privateCameras: false,
  },
  language: 'fr',
};

describe('upgrade from the v1 schema', () => {
  it('creates the v1 fixture database in the extension origin (background inert)', async () => {
    writeFileSync(join(WORK_DIR, 'background.js'), '// inert background: the test creates a v1 database first\n');
    // An older version number, so the second start is an update (Chromium re-registers the service worker).
    const manifest = JSON.parse(readFileSync(join(CHROME_EXTENSION_DIR, 'manifest.json'), 'utf8')) as { version: string };
    writeFileSync(join(WORK_DIR, 'manifest.json'), JSON.stringify({ ...manifest, version: '0.0.1' }));
    session = await launchWithExtension({ profileDir, extensionDir: WORK_DIR });
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/popup.html`);
    const area = monacoArea();
    const areaRecord = {
      id: AREA_ID,
      version: '2026-01-15T10:00:00.000Z',
      label: 'OpenStreetMap 7.40, 43.70, 7.45, 43.75',
      origin: 'overpass',
      generatedAt: '2019-09-30T20:00:00.000Z',
      attribution: '© OpenStreetMap contributors, ODbL 1.0',
      bbox: { west: 7.4, south: 43.7, east: 7.45, north: 43.75 },
      sources: [{ id: 'overpass', name: 'OpenStreetMap (Overpass API)', date: '2026-01-15', licence: 'ODbL-1.0', sha256: '' }],
      cameraCount: area.cameras.length,
      countsByKind: countByKind(area.cameras),
      installedAt: '2026-01-15T10:00:05.000Z',
      seedCount: 1,
      seedLog: [{ version: '2026-01-15T10:00:00.000Z', at: '2026-01-15T10:00:05.000Z', cameraCount: area.cameras.length }],
      hasGraph: true,
    };
    const oldBundled = {
      ...areaRecord,
      id: 'toulouse',
      version: 'osm-2025-01-01.old',
      label: 'Toulouse (old)',
      origin: 'bundled',
      cameraCount: 1,
      countsByKind: countByKind([{ kind: 'dome' }]),
    };
    const oldBundledCamera = { ...USER_CAMERAS[0], id: 'osm:node/1', source: 'osm', sourceId: 'node/1', datasetId: 'toulouse' };
    const version = await page.evaluate(
      async ({ area, areaRecord, oldBundled, oldBundledCamera, users, settings }) => {
        const open = indexedDB.open('angle-mort', 1);
        open.onupgradeneeded = () => {
          // The v1 schema exactly as released (lib/store/schema.ts, MIGRATIONS[0]).
          const db = open.result;
          db.createObjectStore('datasets', { keyPath: 'id' });
          db.createObjectStore('cameras', { keyPath: ['datasetId', 'id'] }).createIndex('byDatasetId', 'datasetId');
          db.createObjectStore('userCameras', { keyPath: 'id' });
          db.createObjectStore('settings');
          db.createObjectStore('graphs', { keyPath: 'datasetId' });
        };
        const db = await new Promise<IDBDatabase>(
          (ok, ko) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => ko(open.error))),
        );
        const tx = db.transaction(['datasets', 'cameras', 'userCameras', 'settings', 'graphs'], 'readwrite');
        tx.objectStore('datasets').put(areaRecord);
        tx.objectStore('datasets').put(oldBundled);
        for (const c of area.cameras) tx.objectStore('cameras').put(c);
        tx.objectStore('cameras').put(oldBundledCamera);
        tx.objectStore('graphs').put({ datasetId: areaRecord.id, version: areaRecord.version, bytes: new Uint8Array(area.graph).buffer });
        for (const c of users) tx.objectStore('userCameras').put(c);
        tx.objectStore('settings').put(settings, 'settings');
        await new Promise<void>((ok, ko) => ((tx.oncomplete = () => ok()), (tx.onerror = () => ko(tx.error))));
        const v = db.version;
        db.close();
        return v;
      },
      { area, areaRecord, oldBundled, oldBundledCamera, users: USER_CAMERAS, settings: V1_SETTINGS },
    );
    expect(version).toBe(1);
    const listing = await listStorage(page);
    expect(listing.version).toBe(1);
    expect(Object.keys(listing.stores).sort()).toEqual(['cameras', 'datasets', 'graphs', 'settings', 'userCameras']);
    expect(listing.camerasByDataset).toEqual({ [AREA_ID]: area.cameras.length, toulouse: 1 });
    writeFileSync(join(ROOT, 'tests/.tmp/options-upgrade-v1-dump.json'), await dumpDatabase(page));
    await session.close();
    session = null;
  });

  it('the current extension upgrades it to the latest schema with nothing lost', async () => {
    cpSync(join(CHROME_EXTENSION_DIR, 'background.js'), join(WORK_DIR, 'background.js'));
    cpSync(join(CHROME_EXTENSION_DIR, 'manifest.json'), join(WORK_DIR, 'manifest.json'));
    // Chromium keeps the extension's service-worker script in the profile and would run the inert one again;
    // dropping that cache (not the IndexedDB folder) makes it load the restored background.js.
    rmSync(join(profileDir, 'Default', 'Service Worker'), { recursive: true, force: true });
    session = await launchWithExtension({ profileDir, extensionDir: WORK_DIR });
    const page = await session.context.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/options.html`);
    await page.locator(`li[data-dataset-id="${AREA_ID}"]`).waitFor({ timeout: 30_000 });
    // The background has finished its load (upgrade + re-seed) when its status says so.
    await expect
      .poll(
        async () =>
          (
            (await page.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }).catch(() => null))) as {
              value?: { lastSeed: string | null };
            } | null
          )?.value?.lastSeed ?? null,
        { timeout: 30_000 },
      )
      .toBe('seeded');
    const v1 = JSON.parse(readFileSync(join(ROOT, 'tests/.tmp/options-upgrade-v1-dump.json'), 'utf8')) as {
      stores: Record<string, Array<[unknown, Record<string, unknown>]>>;
    };
    const now = JSON.parse(await dumpDatabase(page)) as {
      version: number;
      stores: Record<string, Array<[unknown, Record<string, unknown>]>>;
    };
    expect(now.version).toBeGreaterThanOrEqual(2);
    expect(Object.keys(now.stores)).toContain('places');
    // The user's cameras, the raw settings record, the downloaded area's record, cameras and walk graph: identical.
    expect(now.stores.userCameras).toEqual(v1.stores.userCameras);
    expect(now.stores.settings.filter(([k]) => k === 'settings')).toEqual(v1.stores.settings);
    const areaOnly = (rows: Array<[unknown, Record<string, unknown>]>) => rows.filter(([k]) => JSON.stringify(k).includes(AREA_ID));
    expect(areaOnly(now.stores.datasets)).toEqual(areaOnly(v1.stores.datasets));
    expect(areaOnly(now.stores.cameras)).toEqual(areaOnly(v1.stores.cameras));
    expect(areaOnly(now.stores.graphs)).toEqual(areaOnly(v1.stores.graphs));
    expect(areaOnly(now.stores.cameras).length).toBe(10);
    // The old bundled dataset was replaced by the shipped one.
    const bundle = JSON.parse(readFileSync(join(WORK_DIR, 'bundle/cameras.json'), 'utf8')) as { version: string; cameras: unknown[] };
    const toulouse = now.stores.datasets.find(([k]) => k === 'toulouse')![1];
    expect(toulouse.version).toBe(bundle.version);
    expect(toulouse.seedCount).toBe(2);
    expect(now.stores.cameras.filter(([k]) => (k as string[])[0] === 'toulouse')).toHaveLength(bundle.cameras.length);
    // Through the background: settings keep the v1 choices and gain the new fields' defaults.
    const settings = (await page.evaluate(() => chrome.runtime.sendMessage({ type: 'settings/get' }))) as {
      ok: boolean;
      value: Record<string, unknown>;
    };
    expect(settings.value).toEqual({
      ...V1_SETTINGS,
      overpassEndpoint: 'https://overpass-api.de/api/interpreter',
      overpassTimeoutSeconds: 200,
    });
    // And the options page (in French, the v1 setting) lists everything.
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    const areaText = await page.locator(`li[data-dataset-id="${AREA_ID}"]`).innerText();
    expect(areaText).toMatch(/10 caméras/);
    expect(areaText).toMatch(/Graphe piéton\s*oui/);
    expect(await page.locator('li[data-dataset-id="user"]').innerText()).toMatch(/2 caméras/);
    // The overlay's index holds the area's cameras and the user's at once.
    const inMonaco = (await page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'cameras/inBBox', bbox: { west: 7.4, south: 43.7, east: 7.45, north: 43.75 } }),
    )) as { value: { cameras: unknown[] } };
    expect(inMonaco.value.cameras).toHaveLength(10);
    await page.screenshot({ path: artifactPath('options-after-upgrade.png'), fullPage: true });
  });
});
