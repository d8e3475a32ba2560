/**
 * Dataset management on the store (issue 7): list datasets with their size on disk, commit an import or an
 * area download as one dataset in ONE transaction, delete a dataset, wipe everything, export as GeoJSON,
 * and `dumpStore`, a deterministic serialisation of every store used to prove that a rejected or failed
 * write left the database byte-for-byte unchanged. See docs/store.md.
 *
 * Like the rest of lib/store this takes the database as a parameter and never touches browser globals.
 */
import { bboxOfPoints, type BBox } from '../geo/index.ts';
import type { Camera, CameraKind } from '../cameras/types.ts';
import type { CameraBundle } from '../sources/camera-bundle.ts';
import { abortQuietly, commitWrites, StoreError, toStoreError } from './errors.ts';
import { countByKind } from './seed.ts';
import { BUNDLED_DATASET_ID, MAX_SEED_LOG, type AngleMortDB, type DatasetRecord, type Place, type StoredCamera } from './schema.ts';
import { ValidationError } from '../validate.ts';
import { parseCamera } from '../sources/camera-record.ts';

/** Pseudo dataset id under which the user's own cameras are listed (they live in `userCameras`). */
export const USER_DATASET_ID = 'user';

/** Most cameras one dataset may hold when committed (the readers' own cap is lower; this is the last line). */
export const MAX_DATASET_CAMERAS = 200_000;

export interface DatasetListing {
  /** `toulouse`, `import:<id>`, `overpass:<rounded bbox>`, or `user` for the user's own cameras. */
  id: string;
  origin: DatasetRecord['origin'] | 'user';
  label: string;
  version: string;
  cameraCount: number;
  countsByKind: Record<CameraKind, number>;
  /** Extent in degrees; `null` for an empty user dataset. */
  bbox: BBox | null;
  /** Source names, e.g. "OpenStreetMap (Overpass API)". */
  sources: string[];
  attribution: string;
  /** When the data was produced (ISO date-time), and when this browser stored it. */
  generatedAt: string | null;
  /**
   * The date the data describes: the newest of its sources' dates (e.g. the OSM extract's), else `generatedAt`;
   * `null` when the data carries no date (an undated import: only `installedAt` is known).
   */
  dataDate: string | null;
  installedAt: string | null;
  hasGraph: boolean;
  /** Where the walls of its walk graph come from (absent: no graph, or a record from before walls). */
  wallSource?: 'mapped' | 'inferred' | 'none';
  /**
   * Estimated size on disk, in bytes: the UTF-8 length of the JSON serialisation of every stored record of
   * the dataset (cameras, dataset record, place) plus the graph's byte length. IndexedDB's own encoding
   * (structured clone, LevelDB/SQLite pages, indexes) differs, typically by a small constant factor; the
   * estimate is for comparing datasets, not for quota accounting.
   */
  sizeBytes: number;
  /** Only the bundled dataset is protected: it can be refreshed and exported, never deleted. */
  deletable: boolean;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of the JSON form of a stored value; ArrayBuffers count their byte length. */
export function estimateStoredBytes(value: unknown): number {
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  return encoder.encode(JSON.stringify(value) ?? '').byteLength;
}

/** Every dataset (bundled first, then by id) and the user's own cameras, with counts and sizes. */
export async function listDatasets(db: AngleMortDB): Promise<DatasetListing[]> {
  const tx = db.transaction(['datasets', 'cameras', 'graphs', 'places', 'userCameras']);
  const records = await tx.objectStore('datasets').getAll();
  const out: DatasetListing[] = [];
  const places = await tx.objectStore('places').getAll();
  for (const record of records) {
    let size = estimateStoredBytes(record);
    // One getAll, not a cursor: a request per record is far slower for a city's thousands of cameras.
    for (const camera of await tx.objectStore('cameras').index('byDatasetId').getAll(record.id)) size += estimateStoredBytes(camera);
    const graph = await tx.objectStore('graphs').get(record.id);
    if (graph) size += graph.bytes.byteLength + estimateStoredBytes({ ...graph, bytes: null });
    for (const p of places) if (p.datasetId === record.id) size += estimateStoredBytes(p);
    out.push({
      id: record.id,
      origin: record.origin,
      label: record.label,
      version: record.version,
      cameraCount: record.cameraCount,
      countsByKind: record.countsByKind,
      bbox: record.bbox,
      sources: record.sources.map((s) => s.name),
      attribution: record.attribution,
      generatedAt: record.generatedAt,
      dataDate: record.undated ? null : (newestSourceDate(record.sources) ?? record.generatedAt),
      installedAt: record.installedAt,
      hasGraph: record.hasGraph,
      ...(record.wallSource ? { wallSource: record.wallSource } : {}),
      sizeBytes: size,
      deletable: record.origin !== 'bundled',
    });
  }
  const user = await tx.objectStore('userCameras').getAll();
  await tx.done;
  out.sort((a, b) => (a.origin === 'bundled' ? -1 : b.origin === 'bundled' ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  out.push({
    id: USER_DATASET_ID,
    origin: 'user',
    label: 'Your own cameras',
    version: '',
    cameraCount: user.length,
    countsByKind: countByKind(user),
    bbox: user.length > 0 ? extentOf(user) : null,
    sources: ['You'],
    attribution: '',
    generatedAt: null,
    dataDate: null,
    installedAt: null,
    hasGraph: false,
    sizeBytes: user.reduce((n, c) => n + estimateStoredBytes(c), 0),
    deletable: user.length > 0,
  });
  return out;
}

/** The bbox of a set of points, degrees (kept under this name for the store's callers). */
export const extentOf = bboxOfPoints;

/** What a commit writes: a whole dataset (its cameras replace any previous version of the same id). */
export interface DatasetCommit {
  /** `import:<id>` or `overpass:<rounded bbox>`; never the bundled dataset's id. */
  id: string;
  origin: 'import' | 'overpass';
  label: string;
  /** Content-derived or date-derived version string. */
  version: string;
  /** The dataset's area, degrees (the rounded bbox for a download, the cameras' extent for an import). */
  bbox: BBox;
  attribution: string;
  sources: CameraBundle['sources'];
  /** When the data was produced (ISO date-time; for a download, when it was fetched). */
  generatedAt: string;
  cameras: readonly Camera[];
  /** The encoded walk graph (lib/network's format), when one was built. */
  graph?: ArrayBuffer;
  /** The walls the graph was scored with (lib/walls' format) and their source; absent = none. */
  walls?: ArrayBuffer;
  wallSource?: 'mapped' | 'inferred' | 'none';
  /** The data carries no date: `generatedAt` is the import day (see DatasetRecord.undated). */
  undated?: true;
  /** A downloaded area, recorded in `places` (kind `area`). */
  place?: Place;
}

export interface CommitResult {
  record: DatasetRecord;
  /** Cameras of the previous version of the same dataset that were replaced (0 for a new dataset). */
  replaced: number;
}

/** Dataset ids a commit accepts: `import:` or `overpass:` then 1–120 safe characters. */
const COMMIT_ID = /^(import|overpass):[A-Za-z0-9_.,:-]{1,120}$/;

/**
 * Writes a dataset in ONE readwrite transaction over `datasets`, `cameras`, `graphs` and `places`:
 * removes the previous version's cameras, puts the new ones, the record, the graph (or removes a stale one)
 * and the area. Every camera is validated before the transaction starts; any failure aborts it, so the store
 * is exactly as before (the tests compare `dumpStore` before and after). Throws `StoreError`.
 */
export async function commitDataset(db: AngleMortDB, commit: DatasetCommit, now: Date = new Date()): Promise<CommitResult> {
  if (!COMMIT_ID.test(commit.id) || !commit.id.startsWith(`${commit.origin}:`)) {
    throw new StoreError('write-failed', `Bad dataset id ${JSON.stringify(commit.id.slice(0, 140))} for origin ${commit.origin}`);
  }
  if (commit.cameras.length > MAX_DATASET_CAMERAS) {
    throw new StoreError('write-failed', `${commit.cameras.length} cameras, over the ${MAX_DATASET_CAMERAS} per-dataset limit`);
  }
  const cameras: StoredCamera[] = [];
  const seen = new Set<string>();
  commit.cameras.forEach((raw, i) => {
    let camera: Camera;
    try {
      camera = parseCamera(raw, `cameras[${i}]`);
    } catch (e) {
      if (e instanceof ValidationError) throw new StoreError('write-failed', `Invalid camera: ${e.message}`, e.path);
      throw e;
    }
    // Two cameras with one id would silently collapse into one record: refuse instead.
    if (seen.has(camera.id)) throw new StoreError('write-failed', `Two cameras share the id ${camera.id}`, `cameras[${i}].id`);
    seen.add(camera.id);
    cameras.push({ ...camera, datasetId: commit.id });
  });
  const tx = db.transaction(['datasets', 'cameras', 'graphs', 'places'], 'readwrite');
  const pending: Promise<unknown>[] = [];
  try {
    const previous = await tx.objectStore('datasets').get(commit.id);
    const store = tx.objectStore('cameras');
    const oldKeys = await store.index('byDatasetId').getAllKeys(commit.id);
    for (const key of oldKeys) pending.push(store.delete(key));
    for (const c of cameras) pending.push(store.put(c));
    const installedAt = now.toISOString();
    const record: DatasetRecord = {
      id: commit.id,
      version: commit.version,
      label: commit.label,
      origin: commit.origin,
      generatedAt: commit.generatedAt,
      attribution: commit.attribution,
      bbox: commit.bbox,
      sources: commit.sources,
      cameraCount: cameras.length,
      countsByKind: countByKind(cameras),
      installedAt,
      seedCount: (previous?.seedCount ?? 0) + 1,
      seedLog: [...(previous?.seedLog ?? []), { version: commit.version, at: installedAt, cameraCount: cameras.length }].slice(
        -MAX_SEED_LOG,
      ),
      hasGraph: commit.graph !== undefined,
      ...(commit.graph !== undefined ? { wallSource: commit.wallSource ?? 'none' } : {}),
      ...(commit.undated ? { undated: true as const } : {}),
    };
    pending.push(tx.objectStore('datasets').put(record));
    const graphs = tx.objectStore('graphs');
    if (commit.graph !== undefined) {
      pending.push(
        graphs.put({
          datasetId: commit.id,
          version: commit.version,
          bytes: commit.graph,
          wallSource: commit.wallSource ?? 'none',
          ...(commit.walls ? { walls: commit.walls } : {}),
        }),
      );
    } else pending.push(graphs.delete(commit.id));
    if (commit.place) pending.push(tx.objectStore('places').put({ ...commit.place, datasetId: commit.id }));
    await Promise.all(pending);
    await tx.done;
    return { record, replaced: oldKeys.length };
  } catch (e) {
    await abortQuietly(tx, pending);
    throw toStoreError(e);
  }
}

/**
 * Deletes one dataset (cameras, record, graph, its places) in one transaction, or every user camera for
 * `USER_DATASET_ID`. The bundled dataset cannot be deleted (`write-failed`). Returns the cameras removed.
 */
export async function deleteDataset(db: AngleMortDB, id: string): Promise<number> {
  if (id === BUNDLED_DATASET_ID) throw new StoreError('write-failed', 'The bundled dataset cannot be deleted; use wipe to restore it.');
  if (id === USER_DATASET_ID) {
    const tx = db.transaction('userCameras', 'readwrite');
    const n = await tx.store.count();
    await tx.store.clear();
    await tx.done;
    return n;
  }
  const tx = db.transaction(['datasets', 'cameras', 'graphs', 'landmarks', 'places'], 'readwrite');
  const pending: Promise<unknown>[] = [];
  try {
    const keys = await tx.objectStore('cameras').index('byDatasetId').getAllKeys(id);
    for (const k of keys) pending.push(tx.objectStore('cameras').delete(k));
    pending.push(tx.objectStore('datasets').delete(id), tx.objectStore('graphs').delete(id), tx.objectStore('landmarks').delete(id));
    for (const p of await tx.objectStore('places').getAll()) if (p.datasetId === id) pending.push(tx.objectStore('places').delete(p.id));
    await Promise.all(pending);
    await tx.done;
    return keys.length;
  } catch (e) {
    await abortQuietly(tx, pending);
    throw toStoreError(e);
  }
}

/** Every object store of the schema, in a fixed order. */
export const STORE_NAMES = ['cameras', 'datasets', 'graphs', 'landmarks', 'places', 'settings', 'userCameras'] as const;

/**
 * Clears every store in one transaction (user cameras, imports, downloads, places, settings, graphs and the
 * bundled dataset too). The caller re-seeds the bundled dataset afterwards (`StoreService.wipe`).
 */
export async function clearAllStores(db: AngleMortDB): Promise<void> {
  const names = STORE_NAMES.filter((n) => db.objectStoreNames.contains(n));
  const tx = db.transaction(names, 'readwrite');
  await commitWrites(
    tx,
    names.map((n) => tx.objectStore(n).clear()),
  );
}

/** JSON with object keys sorted at every level, and binary data as hex, so equal contents give equal text. */
export function stableStringify(value: unknown): string {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    let hex = '';
    for (const b of bytes) hex += b.toString(16).padStart(2, '0');
    return JSON.stringify({ $bytes: hex });
  }
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A deterministic serialisation of the whole database: version, stores in name order, and in each store
 * every `[key, value]` pair in key order (out-of-line keys included). Two dumps are equal exactly when the
 * stored data is equal, which is what "a rejected import leaves the store byte-for-byte unchanged" checks.
 */
export async function dumpStore(db: AngleMortDB): Promise<string> {
  const names = [...db.objectStoreNames].sort();
  const tx = db.transaction(names as (typeof STORE_NAMES)[number][]);
  const parts: string[] = [];
  for (const name of names) {
    const store = tx.objectStore(name as (typeof STORE_NAMES)[number]);
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    parts.push(`${JSON.stringify(name)}:${stableStringify(keys.map((k, i) => [k, values[i]]))}`);
  }
  await tx.done;
  return `{"version":${db.version},"stores":{${parts.join(',')}}}`;
}

// ---------------------------------------------------------------------------------------------------
// Export

/** Cameras of one dataset (`datasetId` dropped), or the user's own for `USER_DATASET_ID`. */
export async function datasetCameras(db: AngleMortDB, id: string): Promise<Camera[]> {
  if (id === USER_DATASET_ID) return db.getAll('userCameras');
  const stored = await db.getAllFromIndex('cameras', 'byDatasetId', id);
  return stored.map(({ datasetId: _d, ...c }) => c);
}

/** Every dataset's cameras plus the user's (expired temporary ones included: an export is a backup). */
export async function allCameras(db: AngleMortDB): Promise<Camera[]> {
  const [stored, user] = await Promise.all([db.getAll('cameras'), db.getAll('userCameras')]);
  return [...stored.map(({ datasetId: _d, ...c }) => c), ...user];
}

/**
 * Cameras as a GeoJSON FeatureCollection of Points (RFC 7946, [lon, lat] degrees); every other Camera field
 * becomes a property, so the file re-imports through the GeoJSON reader. `metadata` carries the attribution.
 */
export function camerasToGeoJson(
  cameras: readonly Camera[],
  metadata: Record<string, string> = {},
): GeoJSON.FeatureCollection<GeoJSON.Point> & { metadata: Record<string, string> } {
  return {
    type: 'FeatureCollection',
    metadata,
    features: cameras.map(({ lon, lat, ...properties }) => ({
      type: 'Feature',
      id: properties.id,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: properties as unknown as GeoJSON.GeoJsonProperties,
    })),
  };
}

/** Saved places (Points) and downloaded areas (Polygons of their bbox) as GeoJSON. */
export function placesToGeoJson(places: readonly Place[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: places.map(({ lon, lat, bbox, ...properties }) => ({
      type: 'Feature',
      id: properties.id,
      geometry: bbox
        ? {
            type: 'Polygon',
            coordinates: [
              [
                [bbox.west, bbox.south],
                [bbox.east, bbox.south],
                [bbox.east, bbox.north],
                [bbox.west, bbox.north],
                [bbox.west, bbox.south],
              ],
            ],
          }
        : { type: 'Point', coordinates: [lon, lat] },
      properties: properties as unknown as GeoJSON.GeoJsonProperties,
    })),
  };
}

/** The newest `date` among a dataset's sources (ISO dates compare as text), if any has one. */
function newestSourceDate(sources: ReadonlyArray<{ date?: string }>): string | undefined {
  let newest: string | undefined;
  for (const s of sources) if (s.date && (newest === undefined || s.date > newest)) newest = s.date;
  return newest;
}
