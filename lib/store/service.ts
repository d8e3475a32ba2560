/**
 * What the background does with the store, without the `browser` API: load and seed the bundled dataset,
 * keep the in-memory camera index, and do what the store's messages ask (lib/background routes each
 * validated message to one of these methods), so Node tests drive the very same logic.
 */
import { CameraIndex } from '../cameras/spatial-index.ts';
import type { Camera } from '../cameras/types.ts';
import type { BBox } from '../geo/index.ts';
import type { Settings, SettingsPatch } from '../settings.ts';
import type { Broadcast, CamerasInBBox, DatasetSummary, OtherDatasetSummary, SeedFailure, StoreStatus } from './types.ts';
import { StoreError, toStoreError } from './errors.ts';
import { openAngleMortDB } from './db.ts';
import { clearAllStores, deleteDataset, listDatasets, type DatasetListing } from './datasets.ts';
import {
  deleteUserCamera,
  getDatasetRecord,
  getSettings,
  listUserCameras,
  loadActiveCameras,
  putUserCamera,
  listOtherDatasets,
  summariseDataset,
  updateSettings,
} from './records.ts';
import { BUNDLED_DATASET_ID, SEED_FAILURE_KEY, type AngleMortDB, type DatasetRecord } from './schema.ts';
import { recordSeedFailure, seedBundledDataset } from './seed.ts';
import { parseBundleJson } from './validate.ts';

export const BUNDLE_CAMERAS_PATH = 'bundle/cameras.json';
/** The bundle's 2 KB manifest (same datasetId and version as cameras.json): what a wake-up reads to know nothing changed. */
export const BUNDLE_MANIFEST_PATH = 'bundle/manifest.json';
export const BUNDLE_GRAPH_PATH = 'bundle/graph.bin';
/** The walls the bundled graph was scored with (lib/walls); the bundled Toulouse ones are inferred from its streets. */
export const BUNDLE_WALLS_PATH = 'bundle/walls.bin';

export interface StoreServiceDeps {
  factory: IDBFactory;
  /** Reads one of the extension's own assets as text; throws when it cannot. */
  readText(path: string): Promise<string>;
  /** Reads a binary asset; `undefined` when the extension does not ship it (the walk graph comes later). */
  readBinary(path: string): Promise<ArrayBuffer | undefined>;
  /** Tells every tab (and extension page) that something changed; failures are the transport's business. */
  broadcast(message: Broadcast): Promise<void>;
  now?(): Date;
  /** Database name override for tests. */
  dbName?: string;
  /**
   * Empties the extension's `browser.storage` areas (local, session, sync) during a wipe. Absent in Node
   * tests of the store alone; the background passes the real one.
   */
  clearExtensionStorage?(): Promise<void>;
}

/** What opening and seeding found: null when the database could not open (the status says why). */
type SeedOutcome = {
  db: AngleMortDB;
  lastError: SeedFailure | null;
  lastSeed: StoreStatus['lastSeed'];
  /** What seeding worked around (a corrupt walls.bin stored as walls `none`). */
} | null;

export class StoreService {
  private db: AngleMortDB | null = null;
  private index = new CameraIndex([]);
  /** When the next temporary camera in the index expires (ms since epoch); the index is rebuilt then. */
  private nextExpiry = Infinity;
  private status: StoreStatus = {
    state: 'loading',
    dataset: null,
    lastError: null,
    seedCount: 0,
    lastSeed: null,
    userCameraCount: 0,
    otherDatasets: [],
    loadMillis: null,
  };
  private loading: Promise<StoreStatus> | null = null;
  /** The first half of `loading`: the database open and the bundled dataset stored (no camera index yet). */
  private seeding: Promise<SeedOutcome> | null = null;
  /** A seeding `seeded()` started before any load: the first load waits for it instead of seeding again. */
  private earlySeeding: Promise<SeedOutcome> | null = null;

  constructor(private readonly deps: StoreServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Loads once per background lifetime (install, update, browser start, service-worker wake-up). */
  ready(): Promise<StoreStatus> {
    this.loading ??= this.load();
    return this.loading;
  }

  /**
   * The database open and the bundled dataset stored, without waiting for the camera index: what the planner
   * needs (it reads its own cameras and graph), so a woken worker's first route does not wait for an index
   * it does not use. Starts the seeding alone when nothing has: the index is built by `ready()`, when the
   * first request that needs it arrives (a woken worker's route then has the thread and the database alone).
   */
  async seeded(): Promise<void> {
    if (!this.seeding) this.seeding = this.earlySeeding = this.seed();
    await this.seeding;
  }

  private async load(): Promise<StoreStatus> {
    const started = performance.now();
    const seeding = this.earlySeeding ?? this.seed();
    this.earlySeeding = null;
    this.seeding = seeding;
    const status = await this.loadOnce(seeding);
    this.status = { ...status, loadMillis: Math.round(performance.now() - started) };
    return this.status;
  }

  private async loadOnce(seeding: Promise<SeedOutcome>): Promise<StoreStatus> {
    const outcome = await seeding;
    if (!outcome) return this.status;
    const { db, lastError, lastSeed } = outcome;
    const record = await getDatasetRecord(db, BUNDLED_DATASET_ID).catch(() => undefined);
    await this.rebuildIndex();
    this.status = this.statusFrom(record, lastError, lastSeed, (await listUserCameras(db)).length, await listOtherDatasets(db));
    // Overlays already open (e.g. tabs restored before an update) must drop the cameras they hold.
    if (lastSeed === 'seeded') await this.deps.broadcast({ type: 'dataset/changed' }).catch(() => undefined);
    return this.status;
  }

  /** Opens the database and seeds the bundle; null (status set to failed) when the database cannot open. */
  private async seed(): Promise<SeedOutcome> {
    try {
      // A reload after a wipe or an extension page's write keeps the open connection.
      this.db ??= await openAngleMortDB(this.deps.factory, this.deps.dbName ? { name: this.deps.dbName } : {});
    } catch (e) {
      const error = toStoreError(e);
      this.status = { ...this.status, state: 'failed', lastError: this.failure(error), lastSeed: 'failed' };
      return null;
    }
    const db = this.db;
    let lastError: SeedFailure | null = null;
    let lastSeed: StoreStatus['lastSeed'];
    try {
      // The 2 KB manifest first; without one (or naming another version) the bundle itself.
      let bundle: unknown;
      const stored =
        (await this.bundleAlreadyStored(db, await this.readManifest())) ||
        (await this.bundleAlreadyStored(db, (bundle = await this.readBundle())));
      if (stored) {
        // A wake-up of the same install (issue #14): what seeding would find ('unchanged'), without
        // reading and validating 2,269 cameras again or fetching 4 MB of graph and walls it would not write.
        // Read first: a read-write transaction on `settings` at every wake-up would queue the planner's reads of it.
        if ((await db.get('settings', SEED_FAILURE_KEY)) !== undefined) await db.delete('settings', SEED_FAILURE_KEY);
        lastSeed = 'unchanged';
      } else {
        const graph = await this.deps.readBinary(BUNDLE_GRAPH_PATH).catch(() => undefined);
        const walls = graph ? await this.deps.readBinary(BUNDLE_WALLS_PATH).catch(() => undefined) : undefined;
        const seeded = await seedBundledDataset(
          db,
          bundle,
          graph,
          this.now(),
          walls ? { bytes: walls, source: 'inferred' } : { source: 'none' },
        );
        lastSeed = seeded.status;
      }
    } catch (e) {
      const error = toStoreError(e);
      lastError = this.failure(error);
      // seedBundledDataset records its own failures; reading and parsing happen before it.
      await recordSeedFailure(db, lastError);
      lastSeed = 'failed';
    }
    return { db, lastError, lastSeed };
  }

  /**
   * True when the parsed bundle names the version already stored for the bundled dataset: seeding would
   * then write nothing ('unchanged'). The version is content-derived by the pipeline, so the same version
   * is the same content that was validated when it was seeded. Anything else runs the full seeding.
   */
  private async bundleAlreadyStored(db: AngleMortDB, bundle: unknown): Promise<boolean> {
    const b = bundle as { datasetId?: unknown; version?: unknown } | null;
    if (!b || typeof b !== 'object' || b.datasetId !== BUNDLED_DATASET_ID || typeof b.version !== 'string') return false;
    const stored = await getDatasetRecord(db, BUNDLED_DATASET_ID).catch(() => undefined);
    return stored?.version === b.version;
  }

  /**
   * The bundle manifest's `{ datasetId, version }`, or null when it cannot be read (an older or partial
   * bundle): the full cameras.json is then read and compared instead, so the manifest is only a shortcut.
   */
  private async readManifest(): Promise<unknown> {
    try {
      const m = JSON.parse(await this.deps.readText(BUNDLE_MANIFEST_PATH)) as { format?: unknown } | null;
      return m && m.format === 'angle-mort/bundle-manifest@1' ? m : null;
    } catch {
      return null;
    }
  }

  private async readBundle(): Promise<unknown> {
    let text: string;
    try {
      text = await this.deps.readText(BUNDLE_CAMERAS_PATH);
    } catch (e) {
      throw new StoreError('bundle-missing', `Cannot read ${BUNDLE_CAMERAS_PATH}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return parseBundleJson(text);
  }

  private failure(error: StoreError): SeedFailure {
    return { code: error.code, message: error.message, at: this.now().toISOString() };
  }

  private statusFrom(
    record: DatasetRecord | undefined,
    lastError: SeedFailure | null,
    lastSeed: StoreStatus['lastSeed'],
    userCameraCount: number,
    otherDatasets: OtherDatasetSummary[],
  ): StoreStatus {
    return {
      state: record ? 'ready' : 'failed',
      dataset: record ? summariseDataset(record) : null,
      lastError,
      seedCount: record?.seedCount ?? 0,
      lastSeed,
      userCameraCount,
      otherDatasets,
      loadMillis: null,
    };
  }

  private async rebuildIndex(): Promise<void> {
    if (!this.db) return;
    const now = this.now();
    const cameras = await loadActiveCameras(this.db, now);
    this.index = new CameraIndex(cameras, now);
    this.nextExpiry = Infinity;
    for (const c of cameras) if (c.expires !== undefined) this.nextExpiry = Math.min(this.nextExpiry, Date.parse(c.expires));
  }

  /** The index, rebuilt first if a temporary camera in it has expired since it was built. */
  private async currentIndex(): Promise<CameraIndex> {
    if (this.now().getTime() >= this.nextExpiry) await this.rebuildIndex();
    return this.index;
  }

  private requireDb(): AngleMortDB {
    if (!this.db) throw new StoreError('db-unavailable', this.status.lastError?.message ?? 'The database is not open.');
    return this.db;
  }

  /** The store's state: what the popup shows (`status`). */
  currentStatus(): StoreStatus {
    return this.status;
  }

  /** The bundled dataset's summary, null when none is stored (`dataset/summary`). */
  datasetSummary(): DatasetSummary | null {
    return this.status.dataset;
  }

  /** Active cameras inside the bbox, at most `limit` (`cameras/inBBox`). */
  async camerasInBBox(bbox: BBox, limit: number): Promise<CamerasInBBox> {
    this.requireDb();
    // One more than asked tells whether the answer was cut.
    const found = (await this.currentIndex()).inBBox(bbox, limit + 1);
    return { cameras: found.slice(0, limit), truncated: found.length > limit };
  }

  getSettings(): Promise<Settings> {
    return getSettings(this.requireDb());
  }

  /** Applies a validated patch and tells every tab. */
  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    return this.setSettings(await updateSettings(this.requireDb(), patch));
  }

  listUserCameras(): Promise<Camera[]> {
    return listUserCameras(this.requireDb());
  }

  async putUserCamera(camera: Camera): Promise<Camera> {
    const stored = await putUserCamera(this.requireDb(), camera);
    await this.userCamerasChanged();
    return stored;
  }

  async deleteUserCamera(id: string): Promise<{ deleted: boolean }> {
    const deleted = await deleteUserCamera(this.requireDb(), id);
    if (deleted) await this.userCamerasChanged();
    return { deleted };
  }

  listDatasets(): Promise<DatasetListing[]> {
    return listDatasets(this.requireDb());
  }

  /** Deletes a non-bundled dataset; answers how many cameras went with it. */
  async deleteDataset(id: string): Promise<{ deleted: number }> {
    const cameras = await deleteDataset(this.requireDb(), id);
    await this.datasetsChanged();
    return { deleted: cameras };
  }

  /** An extension page wrote a dataset directly (`datasets/reload`); answers the new status. */
  async reload(): Promise<StoreStatus> {
    await this.datasetsChanged();
    return this.status;
  }

  private async setSettings(settings: Settings): Promise<Settings> {
    await this.deps.broadcast({ type: 'settings/changed', settings }).catch(() => undefined);
    return settings;
  }

  private async userCamerasChanged(): Promise<void> {
    await this.rebuildIndex();
    this.status = { ...this.status, userCameraCount: (await listUserCameras(this.requireDb())).length };
    await this.deps.broadcast({ type: 'dataset/changed' }).catch(() => undefined);
  }

  /**
   * Another extension page (the options page) wrote or deleted a dataset directly in the database: rebuild
   * the index from what is stored, refresh the status, and tell every overlay and page.
   */
  private async datasetsChanged(): Promise<void> {
    const db = this.requireDb();
    await this.rebuildIndex();
    const record = await getDatasetRecord(db, BUNDLED_DATASET_ID).catch(() => undefined);
    this.status = {
      ...this.status,
      dataset: record ? summariseDataset(record) : null,
      state: record ? 'ready' : 'failed',
      userCameraCount: (await listUserCameras(db)).length,
      otherDatasets: await listOtherDatasets(db),
    };
    await this.deps.broadcast({ type: 'dataset/changed' }).catch(() => undefined);
  }

  /**
   * Wipe everything: clears every IndexedDB store (user cameras, imports, downloaded areas, places, settings,
   * graphs, caches) and the extension's `browser.storage`, then re-seeds the bundled dataset exactly as a
   * fresh install does. The open connection is kept (deleting the database would wait for every context to
   * close theirs). Returns the status after the re-seed; a failed re-seed is reported there, the wipe stands.
   */
  async wipe(): Promise<StoreStatus> {
    await this.ready();
    const db = this.requireDb();
    await clearAllStores(db);
    await this.deps.clearExtensionStorage?.();
    this.loading = this.load();
    const status = await this.loading;
    await this.deps.broadcast({ type: 'settings/changed', settings: await getSettings(db) }).catch(() => undefined);
    await this.deps.broadcast({ type: 'dataset/changed' }).catch(() => undefined);
    return status;
  }

  /** The `toggle-overlay` keyboard command: flips the global switch and tells every tab. */
  async toggleOverlay(): Promise<Settings> {
    await this.ready();
    const db = this.requireDb();
    const current = await getSettings(db);
    return this.setSettings(await updateSettings(db, { overlayEnabled: !current.overlayEnabled }));
  }

  /** For tests and diagnostics: the cameras currently indexed. */
  indexedCameras(): readonly Camera[] {
    return this.index.cameras;
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }
}
