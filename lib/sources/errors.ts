/**
 * The one error type every source reader throws. `code` is stable and machine-readable (the UI translates
 * it); `message` is plain English for logs and the CLI; `file` names the input when the caller knows it.
 */
export type SourceErrorCode =
  /** The input ends early (cut JSON, XML, PBF blob, CSV quote). */
  | 'truncated'
  /** The input is not the expected format (bad syntax, wrong structure). */
  | 'malformed'
  /** The input exceeds a documented size cap (bytes, features, elements). */
  | 'too-large'
  /** The structure is right but a value is not (coordinate out of range, array length mismatch). */
  | 'invalid-value'
  /** A valid file using a feature we do not read (PBF lzma blobs, non-Point geometries only, …). */
  | 'unsupported'
  /** A source file's checksum differs from the one recorded in the manifest. */
  | 'checksum-mismatch'
  /** A source file listed in the manifest cannot be read. */
  | 'missing';

export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    readonly code: SourceErrorCode,
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
  }

  /** The same error, now naming the file it came from (readers work on text and do not know it). */
  withFile(file: string): SourceError {
    if (this.file) return this;
    const bare = new SourceError(this.code, this.message, file);
    bare.stack = this.stack;
    return bare;
  }
}

export function isSourceError(e: unknown): e is SourceError {
  return e instanceof SourceError;
}
