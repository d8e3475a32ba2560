/**
 * The one error type the store throws. `code` is stable and machine-readable (the popup translates it);
 * `message` is plain English for logs. A failed seed never changes what is stored (see docs/store.md).
 */
export type StoreErrorCode =
  /** The bundle file could not be fetched (missing asset, read error). */
  | 'bundle-missing'
  /** The bundle text ends early (cut JSON). */
  | 'bundle-truncated'
  /** The bundle is not JSON, or not a camera bundle at all. */
  | 'bundle-malformed'
  /** The bundle has the right shape but a value is wrong (`path` names it). */
  | 'bundle-invalid'
  /** IndexedDB refused the write (transaction aborted, constraint, I/O error). */
  | 'write-failed'
  /** The browser's storage quota is exhausted. */
  | 'quota-exceeded'
  /** The database could not be opened (blocked, version error, private mode without IndexedDB). */
  | 'db-unavailable';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** The offending field for `bundle-invalid` (`cameras[12].lat`). */
    readonly path?: string,
  ) {
    super(message);
  }
}

export function isStoreError(e: unknown): e is StoreError {
  return e instanceof StoreError;
}

/** Maps whatever IndexedDB threw (DOMException, idb's errors) to a StoreError. */
export function toStoreError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const name = e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '';
  const message = e instanceof Error || (e && typeof e === 'object' && 'message' in e) ? String((e as Error).message) : String(e);
  if (name === 'QuotaExceededError') return new StoreError('quota-exceeded', `Storage quota exceeded: ${message}`);
  return new StoreError('write-failed', `IndexedDB write failed (${name || 'error'}): ${message}`);
}

/**
 * Aborts a failed readwrite transaction (nothing it wrote stays) and waits for every pending request,
 * collecting their rejections so none surfaces as an unhandled error.
 */
export async function abortQuietly(tx: { abort(): void; done: Promise<void> }, pending: Promise<unknown>[]): Promise<void> {
  try {
    tx.abort();
  } catch {
    /* the transaction already aborted itself */
  }
  await Promise.allSettled([...pending, tx.done]);
}

/**
 * Waits for a readwrite transaction's requests, then for the transaction itself; on any failure aborts it
 * (nothing is written) and throws the failure as a StoreError.
 */
export async function commitWrites(tx: { abort(): void; done: Promise<void> }, pending: Promise<unknown>[]): Promise<void> {
  try {
    await Promise.all(pending);
    await tx.done;
  } catch (e) {
    await abortQuietly(tx, pending);
    throw toStoreError(e);
  }
}
