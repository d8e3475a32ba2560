/**
 * PlannerService's data, read from the extension's IndexedDB (lib/store). The background passes its
 * `indexedDB`; tests pass fake-indexeddb. The connection opens on first use, after the store service has
 * seeded (callers await it first), and is shared by every later read.
 */
import { datasetCameras, allCameras } from '../store/datasets.ts';
import { openAngleMortDB } from '../store/db.ts';
import { getGraphBytes } from '../store/records.ts';
import type { AngleMortDB } from '../store/schema.ts';
import type { PlannerServiceDeps } from './service.ts';

/** The dataset whose walk graph the planner uses (the bundled one). */
export const PLANNER_DATASET_ID = 'toulouse';

export function plannerDepsFromStore(factory: IDBFactory, opts: { dbName?: string; now?: () => Date } = {}): PlannerServiceDeps {
  let db: Promise<AngleMortDB> | null = null;
  const open = () => (db ??= openAngleMortDB(factory, opts.dbName ? { name: opts.dbName } : {}).catch((e) => {
    db = null; // try again next time
    throw e;
  }));
  return {
    loadGraph: async () => getGraphBytes(await open(), PLANNER_DATASET_ID),
    graphVersion: async () => (await (await open()).get('graphs', PLANNER_DATASET_ID))?.version,
    loadCameras: async () => allCameras(await open()),
    loadBaselineCameras: async () => datasetCameras(await open(), PLANNER_DATASET_ID),
    now: opts.now,
  };
}
