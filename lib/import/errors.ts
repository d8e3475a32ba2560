/**
 * The one error `planImport` throws. `code` is stable for the UI to translate: the reader's own
 * `SourceError` code when a reader refused the file (its `cause`), or one of the import-level codes.
 */
import type { SourceError, SourceErrorCode } from '../sources/errors.ts';

export type ImportErrorCode =
  | SourceErrorCode
  /** The content matches no supported format (and none was chosen). */
  | 'unknown-format'
  /** The file holds no bytes, or only white space. */
  | 'empty';

export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    /** The file name the user chose. */
    readonly file: string,
    /** The reader's error, when a reader refused the file. */
    override readonly cause?: SourceError,
  ) {
    super(`${file}: ${message}`);
  }
}

export function isImportError(e: unknown): e is ImportError {
  return e instanceof ImportError;
}
