/**
 * Opening the database. The `IDBFactory` is a parameter (the background passes `indexedDB`, tests pass
 * fake-indexeddb's), which is why this calls `factory.open` itself instead of idb's `openDB`, which uses
 * the global one.
 */
import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { StoreError } from './errors.ts';
import { DB_NAME, DB_VERSION, MIGRATIONS, type AngleMortDB, type Migration } from './schema.ts';

export interface OpenOptions {
  /** Database name (tests use their own). Default `angle-mort`. */
  name?: string;
  /** Open at this schema version (tests open older versions to check upgrades). Default: the latest. */
  version?: number;
  /** The migration list; tests may pass a longer one to check a future step. Default `MIGRATIONS`. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating or upgrading) the database. Each migration above the stored version runs in order in
 * the one `versionchange` transaction, so an upgrade either completes or leaves the old version intact.
 */
export async function openAngleMortDB(factory: IDBFactory, opts: OpenOptions = {}): Promise<AngleMortDB> {
  const migrations = opts.migrations ?? MIGRATIONS;
  const version = opts.version ?? migrations[migrations.length - 1]?.version ?? DB_VERSION;
  let request: IDBOpenDBRequest;
  try {
    request = factory.open(opts.name ?? DB_NAME, version);
  } catch (e) {
    throw new StoreError('db-unavailable', `Cannot open IndexedDB: ${e instanceof Error ? e.message : String(e)}`);
  }
  let migrationError: unknown;
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as IDBPDatabase<unknown>;
    const tx = wrap(request.transaction!) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
    // The open request reports a failed upgrade; this promise would only duplicate it as unhandled.
    tx.done.catch(() => undefined);
    const steps = migrations.filter((m) => m.version > event.oldVersion && m.version <= version);
    // Steps may await IndexedDB requests (data migrations); the chain keeps them in order inside the
    // versionchange transaction. A failing step aborts it, so the stored version stays as it was.
    let chain: Promise<void> = Promise.resolve();
    for (const step of steps) chain = chain.then(() => step.migrate(db, tx));
    chain.catch((e) => {
      migrationError = e;
      try {
        tx.abort();
      } catch {
        /* already finished */
      }
    });
  });
  try {
    const db = (await wrap(request)) as unknown as AngleMortDB;
    // A newer version of the extension (another context) wants to upgrade: let it.
    db.addEventListener('versionchange', () => db.close());
    return db;
  } catch (e) {
    const cause = migrationError ?? e;
    const detail = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw new StoreError('db-unavailable', `Cannot open the Angle Mort database at version ${version}: ${detail}`);
  }
}
