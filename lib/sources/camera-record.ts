/**
 * The one definition of a valid stored camera, shared by every way a camera enters the store: the bundled
 * dataset (camera-bundle.ts, on seeding), imported and downloaded datasets (lib/store/datasets.ts) and the
 * user's own cameras from messages (lib/messages.ts, lib/store/records.ts). Returns a fresh object holding only
 * the known fields; throws ValidationError (lib/validate.ts) with the field's path.
 *
 * Units: lon/lat in degrees (WGS84), headings in degrees clockwise from north in [0, 360), field of view in
 * degrees in (0, 360], mounting height in metres in (0, 500], confidence in [0, 1]; dates are ISO 8601 starting
 * with YYYY-MM-DD. Our own pipeline and UI write exactly these (components/planner/CamerasPanel.tsx normalises
 * a heading of 360 to 0 before sending it).
 */
import { CAMERA_KINDS, type Camera, type CameraKind, type OperatorType, type SurveillanceScope } from '../cameras/types.ts';
import { checkPlainObject, fail, field as get, finite as num, nonEmptyString as str, oneOf } from '../validate.ts';
import { MAX_TEXT_FIELD_CHARS } from './limits.ts';

/** Longest id, source or source id, in UTF-16 code units. */
export const MAX_CAMERA_ID_CHARS = 200;
/** Most directions on one camera (OSM lists like `90;270`; nobody tags 16). */
export const MAX_CAMERA_DIRECTIONS = 16;
/** Most field names in `enrichedFrom.fields`, and their longest name. */
const MAX_ENRICHED_FIELDS = 32;
const MAX_FIELD_NAME_CHARS = 64;

const SCOPES: readonly SurveillanceScope[] = ['public', 'outdoor', 'indoor', 'unknown'];
const OPERATOR_TYPES: readonly OperatorType[] = ['public', 'private', 'unknown'];

function optStr(o: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = get(o, key);
  return v === undefined ? undefined : str(v, `${path}.${key}`, MAX_TEXT_FIELD_CHARS);
}

function isoDay(raw: unknown, path: string): string {
  if (typeof raw !== 'string' || raw.length > 40 || !/^\d{4}-\d{2}-\d{2}/.test(raw) || !Number.isFinite(Date.parse(raw))) {
    fail(path, 'must be an ISO 8601 date (YYYY-MM-DD…)');
  }
  return raw as string;
}

/** Validates one camera record. */
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
      if (deg === 360) fail(`${path}.directions[${i}]`, 'must be a heading in [0, 360)');
      return deg;
    }),
    surveillance: oneOf(get(o, 'surveillance'), `${path}.surveillance`, SCOPES),
    operatorType: oneOf(get(o, 'operatorType'), `${path}.operatorType`, OPERATOR_TYPES),
    source: str(get(o, 'source'), `${path}.source`, MAX_CAMERA_ID_CHARS),
    sourceId: str(get(o, 'sourceId'), `${path}.sourceId`, MAX_CAMERA_ID_CHARS),
    confidence: num(get(o, 'confidence'), `${path}.confidence`, 0, 1),
  };
  const fov = get(o, 'fov');
  if (fov !== undefined) {
    camera.fov = num(fov, `${path}.fov`, 0, 360);
    if (camera.fov === 0) fail(`${path}.fov`, 'must be in (0, 360]');
  }
  const height = get(o, 'height');
  if (height !== undefined) {
    camera.height = num(height, `${path}.height`, 0, 500);
    if (camera.height === 0) fail(`${path}.height`, 'must be in (0, 500] m');
  }
  for (const key of ['mount', 'zone', 'surveillanceType', 'operator', 'name'] as const) {
    const v = optStr(o, key, path);
    if (v !== undefined) camera[key] = v;
  }
  const sourceDate = get(o, 'sourceDate');
  if (sourceDate !== undefined) camera.sourceDate = isoDay(sourceDate, `${path}.sourceDate`);
  const expires = get(o, 'expires');
  if (expires !== undefined) camera.expires = isoDay(expires, `${path}.expires`);
  const enriched = get(o, 'enrichedFrom');
  if (enriched !== undefined) {
    const e = checkPlainObject(enriched, `${path}.enrichedFrom`);
    const fields = get(e, 'fields');
    if (!Array.isArray(fields) || fields.length > MAX_ENRICHED_FIELDS) {
      fail(`${path}.enrichedFrom.fields`, `must be an array of at most ${MAX_ENRICHED_FIELDS} names`);
    }
    camera.enrichedFrom = {
      source: str(get(e, 'source'), `${path}.enrichedFrom.source`, MAX_CAMERA_ID_CHARS),
      sourceId: str(get(e, 'sourceId'), `${path}.enrichedFrom.sourceId`, MAX_CAMERA_ID_CHARS),
      fields: (fields as unknown[]).map((f, i) => str(f, `${path}.enrichedFrom.fields[${i}]`, MAX_FIELD_NAME_CHARS)),
    };
  }
  return camera;
}
