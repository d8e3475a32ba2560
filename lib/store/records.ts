/**
 * Reads and small writes on the store: settings, the user's own cameras, dataset summaries, and the
 * cameras the spatial index is built from. Everything read back is treated as untrusted (it may have
 * been written by an older version), so settings are re-validated on the way out.
 */
import { isCameraActive, type Camera } from '../cameras/types.ts';
import { applySettingsPatch, normaliseSettings, type Settings, type SettingsPatch } from '../settings.ts';
import type { DatasetSummary, OtherDatasetSummary } from './types.ts';
import { toStoreError, StoreError } from './errors.ts';
import { SETTINGS_KEY, type AngleMortDB, type DatasetRecord } from './schema.ts';
import { ValidationError } from '../validate.ts';
import { parseCamera } from '../sources/camera-record.ts';

export async function getSettings(db: AngleMortDB): Promise<Settings> {
  return normaliseSettings(await db.get('settings', SETTINGS_KEY));
}

/** Applies a (validated) patch in one transaction, so two quick toggles cannot lose each other. */
export async function updateSettings(db: AngleMortDB, patch: SettingsPatch): Promise<Settings> {
  const tx = db.transaction('settings', 'readwrite');
  try {
    const next = applySettingsPatch(normaliseSettings(await tx.store.get(SETTINGS_KEY)), patch);
    await tx.store.put(next, SETTINGS_KEY);
    await tx.done;
    return next;
  } catch (e) {
    await tx.done.catch(() => undefined);
    throw toStoreError(e);
  }
}

export async function listUserCameras(db: AngleMortDB): Promise<Camera[]> {
  return db.getAll('userCameras');
}

/** Stores one of the user's cameras (validated again here: the store is the last line). */
export async function putUserCamera(db: AngleMortDB, camera: Camera): Promise<Camera> {
  let valid: Camera;
  try {
    valid = parseCamera(camera);
  } catch (e) {
    if (e instanceof ValidationError) throw new StoreError('write-failed', `Invalid user camera: ${e.message}`, e.path);
    throw e;
  }
  if (valid.source !== 'user' || !valid.id.startsWith('user:'))
    throw new StoreError('write-failed', "A user camera needs source 'user' and an id starting with 'user:'.");
  try {
    await db.put('userCameras', valid);
  } catch (e) {
    throw toStoreError(e);
  }
  return valid;
}

/** Removes one of the user's cameras; `false` when there was none with that id. */
export async function deleteUserCamera(db: AngleMortDB, id: string): Promise<boolean> {
  const tx = db.transaction('userCameras', 'readwrite');
  const existed = (await tx.store.getKey(id)) !== undefined;
  if (existed) await tx.store.delete(id);
  await tx.done;
  return existed;
}

export async function getDatasetRecord(db: AngleMortDB, datasetId: string): Promise<DatasetRecord | undefined> {
  return db.get('datasets', datasetId);
}

export function summariseDataset(record: DatasetRecord): DatasetSummary {
  return {
    id: record.id,
    version: record.version,
    label: record.label,
    cameraCount: record.cameraCount,
    countsByKind: record.countsByKind,
    bbox: record.bbox,
    attribution: record.attribution,
    sources: record.sources.map(({ id, name, date, licence }) => ({ id, name, licence, ...(date ? { date } : {}) })),
    generatedAt: record.generatedAt,
    installedAt: record.installedAt,
    hasGraph: record.hasGraph,
    ...(record.wallSource ? { wallSource: record.wallSource } : {}),
    ...(typeof record.wallsUnreadable === 'string' ? { wallsUnreadable: record.wallsUnreadable } : {}),
    ...(record.undated ? { undated: true as const } : {}),
  };
}

/** Every stored dataset but the bundled one (downloaded districts, imports), by label then id. */
export async function listOtherDatasets(db: AngleMortDB): Promise<OtherDatasetSummary[]> {
  const out: OtherDatasetSummary[] = [];
  for (const { id, origin, label, cameraCount } of await db.getAll('datasets')) {
    if (origin !== 'bundled') out.push({ id, origin, label, cameraCount });
  }
  return out.sort((a, b) => a.label.localeCompare(b.label) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function countCameras(db: AngleMortDB, datasetId: string): Promise<number> {
  return db.countFromIndex('cameras', 'byDatasetId', datasetId);
}

/**
 * The cameras the overlay and the router count: every dataset's cameras plus the user's, without the
 * temporary ones that have expired at `now`. The `datasetId` field is dropped (it is storage detail).
 */
export async function loadActiveCameras(db: AngleMortDB, now: Date = new Date()): Promise<Camera[]> {
  const [stored, user] = await Promise.all([db.getAll('cameras'), db.getAll('userCameras')]);
  const out: Camera[] = [];
  for (const s of stored) {
    const { datasetId: _datasetId, ...camera } = s;
    if (isCameraActive(camera, now)) out.push(camera);
  }
  for (const camera of user) if (isCameraActive(camera, now)) out.push(camera);
  return out;
}

export async function getGraphBytes(db: AngleMortDB, datasetId: string): Promise<ArrayBuffer | undefined> {
  return (await db.get('graphs', datasetId))?.bytes;
}
