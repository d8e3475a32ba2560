/**
 * Validation before anything reaches IndexedDB. The bundle ships with the extension, but it is still a
 * file that can be cut short or corrupted, and user cameras come through messages, so both are checked
 * field by field. Validators return fresh objects holding only the known fields.
 */
import { jsonEndsEarly } from '../sources/text.ts';
import { parseCameraBundle, type CameraBundle } from '../sources/camera-bundle.ts';
import { SourceError } from '../sources/errors.ts';
import { CAMERA_KINDS, type Camera, type CameraKind, type OperatorType, type SurveillanceScope } from '../cameras/types.ts';
import { MAX_TEXT_FIELD_CHARS } from '../sources/limits.ts';
import { StoreError } from './errors.ts';
import { checkPlainObject, fail, field as get, finite as num, isoDate, nonEmptyString as str, oneOf } from '../validate.ts';

/** Longest id, source or source id, in UTF-16 code units. */
export const MAX_CAMERA_ID_CHARS = 200;
/** Most directions on one camera (OSM lists like `90;270`; nobody tags 16). */
export const MAX_CAMERA_DIRECTIONS = 16;
/** Largest bundle text accepted, in UTF-16 code units: 64 MiB (Toulouse is under 2 MiB). */
export const MAX_BUNDLE_CHARS = 64 * 1024 * 1024;

function optStr(o: Record<string, unknown>, key: string, path: string, maxChars = MAX_TEXT_FIELD_CHARS): string | undefined {
  const v = get(o, key);
  return v === undefined ? undefined : str(v, `${path}.${key}`, maxChars);
}

const SCOPES: readonly SurveillanceScope[] = ['public', 'outdoor', 'indoor', 'unknown'];
const OPERATOR_TYPES: readonly OperatorType[] = ['public', 'private', 'unknown'];

/** Validates one camera (angles in degrees, height in metres, confidence 0..1). */
export function parseCamera(raw: unknown, path = 'camera'): Camera {
  const o = checkPlainObject(raw, path);
  const directionsRaw = get(o, 'directions');
  if (!Array.isArray(directionsRaw)) fail(`${path}.directions`, 'must be an array (empty = unknown)');
  const directionList = directionsRaw as unknown[];
  if (directionList.length > MAX_CAMERA_DIRECTIONS) fail(`${path}.directions`, `more than ${MAX_CAMERA_DIRECTIONS} directions`);
  const camera: Camera = {
    id: str(get(o, 'id'), `${path}.id`, MAX_CAMERA_ID_CHARS),
    lon: num(get(o, 'lon'), `${path}.lon`, -180, 180),
    lat: num(get(o, 'lat'), `${path}.lat`, -90, 90),
    kind: oneOf<CameraKind>(get(o, 'kind'), `${path}.kind`, CAMERA_KINDS),
    directions: directionList.map((d, i) => {
      const deg = num(d, `${path}.directions[${i}]`, 0, 360);
      return deg === 360 ? 0 : deg;
    }),
    surveillance: oneOf(get(o, 'surveillance'), `${path}.surveillance`, SCOPES),
    operatorType: oneOf(get(o, 'operatorType'), `${path}.operatorType`, OPERATOR_TYPES),
    source: str(get(o, 'source'), `${path}.source`, MAX_CAMERA_ID_CHARS),
    sourceId: str(get(o, 'sourceId'), `${path}.sourceId`, MAX_CAMERA_ID_CHARS),
    confidence: num(get(o, 'confidence'), `${path}.confidence`, 0, 1),
  };
  const fov = get(o, 'fov');
  if (fov !== undefined) camera.fov = num(fov, `${path}.fov`, 0, 360);
  const height = get(o, 'height');
  if (height !== undefined) camera.height = num(height, `${path}.height`, 0, 1_000);
  const mount = optStr(o, 'mount', path);
  if (mount !== undefined) camera.mount = mount;
  const zone = optStr(o, 'zone', path);
  if (zone !== undefined) camera.zone = zone;
  const surveillanceType = optStr(o, 'surveillanceType', path);
  if (surveillanceType !== undefined) camera.surveillanceType = surveillanceType;
  const operator = optStr(o, 'operator', path);
  if (operator !== undefined) camera.operator = operator;
  const name = optStr(o, 'name', path);
  if (name !== undefined) camera.name = name;
  const sourceDate = get(o, 'sourceDate');
  if (sourceDate !== undefined) camera.sourceDate = isoDate(sourceDate, `${path}.sourceDate`);
  const expires = get(o, 'expires');
  if (expires !== undefined) camera.expires = isoDate(expires, `${path}.expires`);
  const enriched = get(o, 'enrichedFrom');
  if (enriched !== undefined) {
    const e = checkPlainObject(enriched, `${path}.enrichedFrom`);
    const fields = get(e, 'fields');
    if (!Array.isArray(fields) || fields.length > 32) fail(`${path}.enrichedFrom.fields`, 'must be an array of at most 32 names');
    camera.enrichedFrom = {
      source: str(get(e, 'source'), `${path}.enrichedFrom.source`, MAX_CAMERA_ID_CHARS),
      sourceId: str(get(e, 'sourceId'), `${path}.enrichedFrom.sourceId`, MAX_CAMERA_ID_CHARS),
      fields: (fields as unknown[]).map((f, i) => str(f, `${path}.enrichedFrom.fields[${i}]`, 64)),
    };
  }
  return camera;
}

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
