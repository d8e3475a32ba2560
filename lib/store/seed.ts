/**
 * Writing the bundled dataset into IndexedDB (DESIGN.md, "Data flow" step 2).
 *
 * Rules (docs/store.md): the bundle is validated before anything is written; the write is ONE readwrite
 * transaction that replaces the bundled dataset's cameras, record and graph; the user's cameras, settings,
 * places and other datasets are never touched; the same version is never written twice; any failure
 * aborts the transaction, so the previous dataset stays exactly as it was, and is recorded and reported.
 */
import { CAMERA_KINDS, type CameraKind } from '../cameras/types.ts';
import type { CameraBundle } from '../sources/camera-bundle.ts';
import type { SeedFailure } from './types.ts';
import { StoreError, toStoreError, abortQuietly } from './errors.ts';
import { MAX_SEED_LOG, SEED_FAILURE_KEY, type AngleMortDB, type DatasetRecord, type StoredCamera } from './schema.ts';
import { validateCameraBundle } from './validate.ts';
import { decodeWallRings, WallFormatError } from '../walls/format.ts';

/** The bundle's wall layer (walls.bin) and where it comes from. */
export interface BundledWalls {
  bytes?: ArrayBuffer;
  source: 'mapped' | 'inferred' | 'none';
  /** Set by the seeding when the bundle's walls.bin could not be decoded: the decoder's reason. */
  unreadable?: string;
}

export interface SeedResult {
  /** `seeded`: this version was written now; `unchanged`: it was already stored, nothing was written. */
  status: 'seeded' | 'unchanged';
  dataset: DatasetRecord;
  /** What was written short of the bundle (an unreadable walls.bin: the graph is stored without walls). */
  warnings: string[];
}

/**
 * The bundle's walls if they decode; else none, with a warning. Walls refine the exposure figures, they
 * are not the data: a corrupt walls.bin must not cost the cameras and the graph (docs/store.md).
 */
function readableWalls(walls: BundledWalls | undefined, warnings: string[]): BundledWalls | undefined {
  if (!walls?.bytes) return walls;
  try {
    decodeWallRings(walls.bytes);
    return walls;
  } catch (e) {
    if (!(e instanceof WallFormatError)) throw e;
    warnings.push(`walls.bin is unreadable (${e.message}): the walk graph is stored without walls (wall source none).`);
    return { source: 'none', unreadable: e.message };
  }
}

export function countByKind(cameras: readonly { kind: CameraKind }[]): Record<CameraKind, number> {
  const counts = Object.fromEntries(CAMERA_KINDS.map((k) => [k, 0])) as Record<CameraKind, number>;
  for (const c of cameras) counts[c.kind]++;
  return counts;
}

/**
 * Validates `bundle` and, unless the stored version is the same, replaces the bundled dataset with it
 * (cameras, record and, when given, the walk graph; a stale graph is removed when none is given).
 * Throws a `StoreError` on failure after recording it (`lastSeedFailure`); nothing else has changed then.
 */
export async function seedBundledDataset(
  db: AngleMortDB,
  bundle: unknown,
  graphBytes?: ArrayBuffer,
  now: Date = new Date(),
  walls?: BundledWalls,
): Promise<SeedResult> {
  let valid: CameraBundle | undefined;
  try {
    valid = validateCameraBundle(bundle);
    const warnings: string[] = [];
    const kept = readableWalls(walls, warnings);
    return { ...(await writeBundle(db, valid, graphBytes, now, kept)), warnings };
  } catch (e) {
    const error = toStoreError(e);
    await recordSeedFailure(db, {
      code: error.code,
      message: error.message,
      at: now.toISOString(),
      ...(valid ? { bundleVersion: valid.version } : {}),
    });
    throw error;
  }
}

async function writeBundle(
  db: AngleMortDB,
  bundle: CameraBundle,
  graphBytes: ArrayBuffer | undefined,
  now: Date,
  walls?: BundledWalls,
): Promise<Omit<SeedResult, 'warnings'>> {
  const tx = db.transaction(['datasets', 'cameras', 'graphs', 'settings'], 'readwrite');
  // Every request's promise is collected and awaited together: when one fails the others reject with
  // AbortError, and an unawaited rejection would surface as an unhandled error.
  const pending: Promise<unknown>[] = [];
  try {
    const previous = await tx.objectStore('datasets').get(bundle.datasetId);
    const wallSource = graphBytes !== undefined ? (walls?.source ?? 'none') : undefined;
    if (previous && previous.version === bundle.version) {
      pending.push(tx.objectStore('settings').delete(SEED_FAILURE_KEY));
      await Promise.all(pending);
      await tx.done;
      return { status: 'unchanged', dataset: previous };
    }
    const cameras = tx.objectStore('cameras');
    const oldKeys = await cameras.index('byDatasetId').getAllKeys(bundle.datasetId);
    for (const key of oldKeys) pending.push(cameras.delete(key));
    for (const camera of bundle.cameras) {
      const stored: StoredCamera = { ...camera, datasetId: bundle.datasetId };
      pending.push(cameras.put(stored));
    }
    const installedAt = now.toISOString();
    const seedCount = (previous?.seedCount ?? 0) + 1;
    const record: DatasetRecord = {
      id: bundle.datasetId,
      version: bundle.version,
      label: bundle.label,
      origin: 'bundled',
      generatedAt: bundle.generatedAt,
      attribution: bundle.attribution,
      bbox: bundle.bbox,
      sources: bundle.sources,
      cameraCount: bundle.cameras.length,
      countsByKind: countByKind(bundle.cameras),
      installedAt,
      seedCount,
      seedLog: [...(previous?.seedLog ?? []), { version: bundle.version, at: installedAt, cameraCount: bundle.cameras.length }].slice(
        -MAX_SEED_LOG,
      ),
      hasGraph: graphBytes !== undefined,
      ...(wallSource ? { wallSource } : {}),
      ...(walls?.unreadable ? { wallsUnreadable: walls.unreadable } : {}),
    };
    pending.push(tx.objectStore('datasets').put(record));
    const graphs = tx.objectStore('graphs');
    if (graphBytes !== undefined) {
      pending.push(
        graphs.put({
          datasetId: bundle.datasetId,
          version: bundle.version,
          bytes: graphBytes,
          wallSource: wallSource ?? 'none',
          ...(walls?.bytes ? { walls: walls.bytes } : {}),
        }),
      );
    } else pending.push(graphs.delete(bundle.datasetId));
    pending.push(tx.objectStore('settings').delete(SEED_FAILURE_KEY));
    await Promise.all(pending);
    await tx.done;
    return { status: 'seeded', dataset: record };
  } catch (e) {
    await abortQuietly(tx, pending);
    throw toStoreError(e);
  }
}

/** Stores the last seeding failure (best effort: if even this write fails, the caller still gets the error). */
export async function recordSeedFailure(db: AngleMortDB, failure: SeedFailure): Promise<void> {
  try {
    await db.put('settings', failure, SEED_FAILURE_KEY);
  } catch {
    /* storage is broken or full; the failure is still reported in memory */
  }
}

export async function readSeedFailure(db: AngleMortDB): Promise<SeedFailure | null> {
  const raw = await db.get('settings', SEED_FAILURE_KEY);
  if (!raw || typeof raw !== 'object') return null;
  const f = raw as Partial<SeedFailure>;
  return typeof f.code === 'string' && typeof f.message === 'string' && typeof f.at === 'string'
    ? { code: f.code, message: f.message, at: f.at, ...(typeof f.bundleVersion === 'string' ? { bundleVersion: f.bundleVersion } : {}) }
    : null;
}

export { StoreError };
