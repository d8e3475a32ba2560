/**
 * Validation before anything reaches IndexedDB. The bundle ships with the extension, but it is still a
 * file that can be cut short or corrupted, and user cameras come through messages, so both are checked
 * field by field: each camera by the one camera validator, lib/sources/camera-record.ts.
 */
import { jsonEndsEarly } from '../sources/text.ts';
import { parseCameraBundle, type CameraBundle } from '../sources/camera-bundle.ts';
import { SourceError } from '../sources/errors.ts';
import { StoreError } from './errors.ts';

/** Largest bundle text accepted, in UTF-16 code units: 64 MiB (Toulouse is under 2 MiB). */
export const MAX_BUNDLE_CHARS = 64 * 1024 * 1024;

/**
 * Validates a parsed camera bundle with the pipeline's own validator (`parseCameraBundle`, one definition
 * of a valid bundle for writer and reader) and turns its `SourceError` into a `StoreError`:
 * `bundle-malformed` when it is not a camera bundle at all, `bundle-invalid` (with `path`, e.g.
 * `cameras[12].lat`) when a field is wrong or it is too large.
 */
export function validateCameraBundle(raw: unknown): CameraBundle {
  try {
    return parseCameraBundle(raw);
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    if (e.code === 'malformed' || e.code === 'unsupported') throw new StoreError('bundle-malformed', `Not a camera bundle: ${e.message}`);
    // parseCameraBundle names the field first: "camera bundle: cameras[12].lat is not a latitude".
    const path = /^camera bundle: ([A-Za-z0-9_.[\]]+) /.exec(e.message)?.[1];
    throw new StoreError('bundle-invalid', `Invalid camera bundle: ${e.message}`, path);
  }
}

/**
 * Parses the bundle file's text as JSON, without validating it. A cut file (the usual corruption: an
 * interrupted write or copy) is reported as `bundle-truncated`, other JSON errors as `bundle-malformed`.
 */
export function parseBundleJson(text: string): unknown {
  if (text.length > MAX_BUNDLE_CHARS) throw new StoreError('bundle-malformed', `Camera bundle larger than ${MAX_BUNDLE_CHARS} characters.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const truncated = jsonEndsEarly(text);
    throw new StoreError(
      truncated ? 'bundle-truncated' : 'bundle-malformed',
      `Camera bundle is ${truncated ? 'truncated' : 'not valid JSON'}: ${detail}`,
    );
  }
}

/** Parses and validates the bundle file's text. */
export function parseCameraBundleText(text: string): CameraBundle {
  return validateCameraBundle(parseBundleJson(text));
}
