/**
 * Foundation browser test: the built test extension (`npm run build:test`) in Debian's Chromium.
 * One browser profile lives through the whole file, like a user's browser across restarts and updates:
 * install → restart → update with a new bundle version → update with a truncated bundle.
 *
 * Chromium derives an unpacked extension's id (and so its IndexedDB origin) from its directory, so the
 * "updates" rewrite the bundle inside one working copy of the build rather than loading another folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Page } from 'playwright-core';
import { artifactPath, CHROME_EXTENSION_DIR, launchWithExtension, ROOT, type ExtensionSession } from './harness.ts';
import type { CameraBundle } from '../../lib/sources/camera-bundle.ts';
import type { StoreStatus } from '../../lib/store/types.ts';
import { SITE_MATCH_PATTERNS } from '../../lib/sites/index.ts';

/** The extension API inside the popup page (page.evaluate callbacks run there, not in Node). */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

const WORK_DIR = join(ROOT, 'tests/.tmp/foundation-extension');
const BUNDLE_FILE = join(WORK_DIR, 'bundle/cameras.json');
const MANIFEST_FILE = join(WORK_DIR, 'bundle/manifest.json');
const WALLS_FILE = join(WORK_DIR, 'bundle/walls.bin');

/**
 * An extension update as the pipeline ships one: cameras.json and the bundle manifest written together, the
 * manifest naming the new version (a woken worker reads only the manifest to know nothing changed).
 */
function shipBundle(text: string, version: string): void {
  writeFileSync(BUNDLE_FILE, text);
  const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as { version: string };
  writeFileSync(MANIFEST_FILE, JSON.stringify({ ...manifest, version }));
}

/** The supported map sites (lib/sites): the only hosts the extension may touch. */
const SITE_PATTERNS = new Set(SITE_MATCH_PATTERNS);
/** A match pattern for one concrete https host (no `*` host, no `<all_urls>`, no other scheme). */
const CONCRETE_HTTPS_HOST = /^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/.*$/;
/** Test builds add these so the offline test pages get the content script. */
const TEST_PAGE_PATTERN = /^http:\/\/(localhost|127\.0\.0\.1)\/\*$/;

let profileDir: string;
let originalBundle: CameraBundle;
let session: ExtensionSession | null = null;

async function start(): Promise<ExtensionSession> {
  session = await launchWithExtension({ profileDir, extensionDir: WORK_DIR });
  return session;
}

async function stop(): Promise<void> {
  await session?.close();
  session = null;
}

async function openPopup(s: ExtensionSession): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
  return page;
}

/** Asks the background from the popup page, exactly as the popup does. */
async function ask<T>(page: Page, message: unknown): Promise<T> {
  const answer = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as { ok: boolean; value?: T; error?: unknown };
  if (!answer?.ok) throw new Error(`background answered ${JSON.stringify(answer)}`);
  return answer.value as T;
}

interface DbSnapshot {
  version: number;
  stores: string[];
  datasets: Array<{ id: string; version: string; cameraCount: number; seedCount: number; installedAt: string; seedLog: unknown[] }>;
  bundledCameraCount: number;
  bundledIds: string[];
  userCameraIds: string[];
}

/** Reads the extension's IndexedDB directly (same origin as the popup page). */
async function readDatabase(page: Page): Promise<DbSnapshot> {
  return page.evaluate(async () => {
    const req = indexedDB.open('angle-mort');
    const db = await new Promise<IDBDatabase>((ok, ko) => {
      req.onsuccess = () => ok(req.result);
      req.onerror = () => ko(req.error);
    });
    const tx = db.transaction(['datasets', 'cameras', 'userCameras']);
    const done = <T>(r: IDBRequest<T>) => new Promise<T>((ok, ko) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => ko(r.error))));
    const datasets = await done(tx.objectStore('datasets').getAll());
    const index = tx.objectStore('cameras').index('byDatasetId');
    const bundledCameraCount = await done(index.count('toulouse'));
    const bundledKeys = (await done(index.getAllKeys('toulouse'))) as unknown as Array<[string, string]>;
    const userCameraIds = (await done(tx.objectStore('userCameras').getAllKeys())) as string[];
    const snapshot = {
      version: db.version,
      stores: [...db.objectStoreNames],
      datasets,
      bundledCameraCount,
      bundledIds: bundledKeys.map((k) => k[1]),
      userCameraIds,
    };
    db.close();
    return snapshot;
  });
}

const USER_CAMERA = {
  id: 'user:e2e-1',
  lon: 1.44425,
  lat: 43.60445,
  kind: 'dome',
  directions: [],
  surveillance: 'public',
  operatorType: 'public',
  source: 'user',
  sourceId: 'e2e-1',
  confidence: 1,
  name: 'Added in the e2e test',
};

beforeAll(() => {
  if (!existsSync(join(CHROME_EXTENSION_DIR, 'manifest.json'))) throw new Error('Run `npm run build:test` first.');
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(join(ROOT, 'tests/.tmp'), { recursive: true });
  cpSync(CHROME_EXTENSION_DIR, WORK_DIR, { recursive: true });
  originalBundle = JSON.parse(readFileSync(BUNDLE_FILE, 'utf8')) as CameraBundle;
  profileDir = mkdtempSync(join(tmpdir(), 'angle-mort-foundation-'));
});

afterAll(async () => {
  await stop();
  rmSync(profileDir, { recursive: true, force: true });
});

describe('built manifest', () => {
  const manifest = JSON.parse(readFileSync(join(CHROME_EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    permissions?: string[];
    host_permissions?: string[];
    optional_permissions?: string[];
    optional_host_permissions?: string[];
    content_scripts?: Array<{ matches?: string[] }>;
    content_security_policy?: unknown;
    background?: { service_worker?: string };
  };

  it('asks for no broad or unneeded permission', () => {
    const all = [
      ...(manifest.permissions ?? []),
      ...(manifest.host_permissions ?? []),
      ...(manifest.optional_permissions ?? []),
      ...(manifest.optional_host_permissions ?? []),
    ];
    expect(all).not.toContain('<all_urls>');
    expect(all).not.toContain('tabs');
    expect(all).not.toContain('webRequest');
    const hosts = all.filter((p) => p.includes('://') || p.includes('*'));
    expect(hosts.filter((p) => !SITE_PATTERNS.has(p) && !TEST_PAGE_PATTERN.test(p))).toEqual([]);
    expect(manifest.permissions ?? []).toEqual(['storage']);
  });

  it('injects content scripts only on the supported map sites (and the test pages in test builds)', () => {
    const matches = (manifest.content_scripts ?? []).flatMap((cs) => cs.matches ?? []);
    expect(matches.filter((m) => !SITE_PATTERNS.has(m) && !TEST_PAGE_PATTERN.test(m))).toEqual([]);
    expect(SITE_MATCH_PATTERNS.length).toBeGreaterThan(0);
    expect(SITE_MATCH_PATTERNS.filter((m) => !CONCRETE_HTTPS_HOST.test(m))).toEqual([]);
  });

  it('ships no remote code', () => {
    expect(JSON.stringify(manifest.content_security_policy ?? '')).not.toMatch(/https?:/);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(CHROME_EXTENSION_DIR);
    for (const file of files.filter((f) => f.endsWith('.html'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
    }
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/importScripts\(\s*["'`]https?:/);
      expect(code, file).not.toMatch(/import\(\s*["'`]https?:/);
      expect(code, file).not.toMatch(/\beval\(/);
    }
  });
});

describe('the extension in Chromium, across restarts and updates', () => {
  let firstInstall: DbSnapshot;

  it('loads, seeds IndexedDB, and the popup shows the Toulouse camera count and attribution', async () => {
    const s = await start();
    expect(s.extensionId).toMatch(/^[a-p]{32}$/);
    const popup = await openPopup(s);
    const count = popup.getByTestId('camera-count');
    await count.waitFor({ timeout: 30_000 });
    const expected = originalBundle.cameras.length;
    expect(expected).toBeGreaterThan(2200);
    expect(await count.getAttribute('data-count')).toBe(String(expected));
    const lang = await popup.evaluate(() => document.documentElement.lang);
    expect(await count.innerText()).toContain(new Intl.NumberFormat(lang).format(expected));
    const attribution = popup.getByTestId('attribution');
    expect(await attribution.innerText()).toMatch(
      lang === 'fr' ? /© les contributeurs d’OpenStreetMap, ODbL/ : /© OpenStreetMap contributors, ODbL/,
    );
    expect(await attribution.innerText()).toContain('sous-surveillance.net');
    expect(await popup.getByTestId('dataset').getAttribute('data-dataset-version')).toBe(originalBundle.version);
    expect(await popup.getByRole('alert').count()).toBe(0);
    // Counts by kind, with accessible row headers, in the dataset details (folded away until opened).
    await popup.locator('.dataset-details summary').click();
    const fixedRow = popup.locator('tr[data-kind="fixed"] td');
    const fixed = originalBundle.cameras.filter((c) => c.kind === 'fixed').length;
    expect(await fixedRow.innerText()).toBe(new Intl.NumberFormat(lang).format(fixed));
    await popup.screenshot({ path: artifactPath('foundation-popup.png') });

    firstInstall = await readDatabase(popup);
    expect(firstInstall.stores.sort()).toEqual(['cameras', 'datasets', 'graphs', 'landmarks', 'places', 'settings', 'userCameras']);
    expect(firstInstall.bundledCameraCount).toBe(expected);
    expect(firstInstall.datasets).toHaveLength(1);
    expect(firstInstall.datasets[0]).toMatchObject({
      id: 'toulouse',
      version: originalBundle.version,
      cameraCount: expected,
      seedCount: 1,
    });

    const status = await ask<StoreStatus>(popup, { type: 'status' });
    expect(status).toMatchObject({ state: 'ready', lastSeed: 'seeded', seedCount: 1, lastError: null });
    console.info(`first load (validate + seed ${expected} cameras + index) in Chromium: ${status.loadMillis} ms`);

    // The user adds a camera of their own, and the background validates what it receives.
    await ask(popup, { type: 'userCameras/put', camera: USER_CAMERA });
    const bad = await popup.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'cameras/inBBox', bbox: { west: 2, south: 43, east: 1, north: 44 } }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const near = await ask<{ cameras: Array<{ id: string }>; truncated: boolean }>(popup, {
      type: 'cameras/inBBox',
      bbox: { west: 1.4442, south: 43.6044, east: 1.4443, north: 43.6045 },
    });
    expect(near.cameras.map((c) => c.id)).toContain('user:e2e-1');
    await stop();
  });

  it('a second start with the same profile does not seed again', async () => {
    const s = await start();
    const popup = await openPopup(s);
    await popup.getByTestId('camera-count').waitFor({ timeout: 30_000 });
    const status = await ask<StoreStatus>(popup, { type: 'status' });
    expect(status).toMatchObject({ state: 'ready', lastSeed: 'unchanged', seedCount: 1, userCameraCount: 1 });
    console.info(`restart load (same version, no write) in Chromium: ${status.loadMillis} ms`);
    const db = await readDatabase(popup);
    expect(db.datasets[0]).toMatchObject({ seedCount: 1, installedAt: firstInstall.datasets[0].installedAt });
    expect(db.datasets[0].seedLog).toHaveLength(1);
    expect(db.bundledCameraCount).toBe(firstInstall.bundledCameraCount);
    await stop();
  });

  it('an update with a new bundle version replaces the bundled set and keeps the user camera', async () => {
    const cameras = originalBundle.cameras.slice(57);
    cameras[0] = { ...cameras[0], lon: cameras[0].lon + 0.0005 };
    const bumped: CameraBundle = { ...originalBundle, version: `${originalBundle.version}-bumped`, cameras };
    shipBundle(JSON.stringify(bumped), bumped.version);

    const s = await start();
    const popup = await openPopup(s);
    await popup.locator(`[data-dataset-version="${bumped.version}"]`).waitFor({ timeout: 30_000 });
    expect(await popup.getByTestId('camera-count').getAttribute('data-count')).toBe(String(cameras.length));
    const status = await ask<StoreStatus>(popup, { type: 'status' });
    expect(status).toMatchObject({
      lastSeed: 'seeded',
      seedCount: 2,
      userCameraCount: 1,
      dataset: { version: bumped.version, cameraCount: cameras.length },
    });
    const db = await readDatabase(popup);
    expect(db.bundledCameraCount).toBe(cameras.length);
    expect(db.bundledIds).not.toContain(originalBundle.cameras[0].id);
    expect(db.userCameraIds).toEqual(['user:e2e-1']);
    expect(db.datasets[0]).toMatchObject({ version: bumped.version, seedCount: 2 });
    await stop();
  });

  it('an update with a truncated bundle shows an error in the popup and keeps the stored dataset', async () => {
    const previous = JSON.parse(readFileSync(BUNDLE_FILE, 'utf8')) as CameraBundle;
    const text = JSON.stringify({ ...previous, version: `${previous.version}-truncated` });
    shipBundle(text.slice(0, Math.floor(text.length * 0.6)), `${previous.version}-truncated`);

    const s = await start();
    const popup = await openPopup(s);
    const panel = popup.getByTestId('dataset-error');
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.getAttribute('data-error-code')).toBe('bundle-truncated');
    expect(await panel.getAttribute('role')).toBe('alert');
    const lang = await popup.evaluate(() => document.documentElement.lang);
    expect(await panel.innerText()).toMatch(
      lang === 'fr' ? /tronqué[\s\S]*données précédentes restent utilisées/ : /truncated[\s\S]*previous data is still in use/,
    );
    expect(await panel.innerText()).toContain(previous.version);
    await popup.screenshot({ path: artifactPath('foundation-popup-truncated.png') });
    // The previous dataset still answers and is intact in IndexedDB.
    expect(await popup.getByTestId('camera-count').getAttribute('data-count')).toBe(String(previous.cameras.length));
    const db = await readDatabase(popup);
    expect(db.bundledCameraCount).toBe(previous.cameras.length);
    expect(db.datasets[0]).toMatchObject({ version: previous.version, cameraCount: previous.cameras.length, seedCount: 2 });
    expect(db.userCameraIds).toEqual(['user:e2e-1']);
    const inView = await ask<{ cameras: unknown[] }>(popup, { type: 'cameras/inBBox', bbox: previous.bbox });
    expect(inView.cameras.length).toBe(previous.cameras.length + 1);
    await stop();
  });

  it('an update whose walls.bin is corrupt keeps cameras and streets, and the popup says the walls were unreadable', async () => {
    const version = `${originalBundle.version}-walls`;
    shipBundle(JSON.stringify({ ...originalBundle, version }), version);
    const walls = readFileSync(WALLS_FILE);
    writeFileSync(WALLS_FILE, walls.subarray(0, 40));

    const s = await start();
    const popup = await openPopup(s);
    await popup.locator(`[data-dataset-version="${version}"]`).waitFor({ timeout: 30_000 });
    expect(await popup.getByTestId('camera-count').getAttribute('data-count')).toBe(String(originalBundle.cameras.length));
    expect(await popup.getByTestId('wall-source').getAttribute('data-wall-source')).toBe('none');
    const warning = popup.getByTestId('walls-unreadable');
    expect(await warning.isVisible()).toBe(true);
    const lang = await popup.evaluate(() => document.documentElement.lang);
    expect(await warning.innerText()).toMatch(
      lang === 'fr' ? /murs livrés avec ces données sont illisibles/ : /walls shipped with this dataset could not be read/,
    );
    await popup.screenshot({ path: artifactPath('foundation-popup-walls-unreadable.png') });
    // The streets are there: the walk graph answers a route (Capitole → Saint-Sernin), scored without walls.
    const route = await ask<{ shortest: { length: number; coordinates: number[][] } }>(popup, {
      type: 'route',
      from: [1.44345, 43.60442],
      to: [1.44197, 43.60832],
    });
    expect(route.shortest.length).toBeGreaterThan(400);
    expect(route.shortest.coordinates.length).toBeGreaterThan(2);
    const db = await readDatabase(popup);
    expect(db.datasets[0]).toMatchObject({ version, wallSource: 'none', hasGraph: true });
    expect(db.bundledCameraCount).toBe(originalBundle.cameras.length);
    writeFileSync(WALLS_FILE, walls);
    await stop();
  });
});
