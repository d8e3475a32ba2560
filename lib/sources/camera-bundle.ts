/**
 * The camera bundle the dataset pipeline writes (`data/generated/bundle/cameras.json`) and the background
 * seeds into IndexedDB. `version` changes whenever the content changes, which triggers a re-seed.
 */
import type { BBox } from '../geo/index.ts';
import { isValidBBox } from '../geo/index.ts';
import { SourceError } from './errors.ts';
import { MAX_CAMERA_FEATURES } from './limits.ts';
import { describeValue } from './text.ts';
import type { Camera } from '../cameras/types.ts';
import { ValidationError } from '../validate.ts';
import { parseCamera } from './camera-record.ts';

export const CAMERA_BUNDLE_FORMAT = 'angle-mort/cameras@1';

export interface CameraBundle {
  format: typeof CAMERA_BUNDLE_FORMAT;
  /** Dataset id, e.g. `toulouse`. */
  datasetId: string;
  /** Content-derived version; a different value means "replace the bundled dataset". */
  version: string;
  label: string;
  generatedAt: string;
  attribution: string;
  bbox: BBox;
  sources: Array<{ id: string; name: string; date?: string; licence: string; sha256: string }>;
  cameras: Camera[];
}

/**
 * Validates untrusted JSON (a fetched or imported bundle) as a CameraBundle, field by field. Throws a
 * SourceError — `unsupported` for another format, `too-large` over the camera cap, `malformed` or
 * `invalid-value` naming the first bad field (e.g. `cameras[12].lat`). Never returns a partly valid bundle.
 * Unknown extra fields are dropped, so what is stored is exactly the declared shape.
 */
export function parseCameraBundle(json: unknown): CameraBundle {
  if (!isObject(json)) throw new SourceError('malformed', 'camera bundle: not a JSON object');
  if (json.format !== CAMERA_BUNDLE_FORMAT) {
    throw new SourceError('unsupported', `camera bundle: format ${describeValue(json.format)}, expected ${CAMERA_BUNDLE_FORMAT}`);
  }
  const bbox = json.bbox;
  if (!isObject(bbox) || !isValidBBox(bbox as unknown as BBox)) throw bad('bbox', 'is not a valid WGS84 bbox');
  if (!Array.isArray(json.sources)) throw bad('sources', 'is not an array');
  if (!Array.isArray(json.cameras)) throw bad('cameras', 'is not an array');
  if (json.cameras.length > MAX_CAMERA_FEATURES) {
    throw new SourceError('too-large', `camera bundle: ${json.cameras.length} cameras, over the ${MAX_CAMERA_FEATURES} limit`);
  }
  const ids = new Set<string>();
  const cameras = json.cameras.map((c, i) => {
    const camera = parseBundledCamera(c, `cameras[${i}]`);
    if (ids.has(camera.id)) throw bad(`cameras[${i}].id`, `duplicates ${describeValue(camera.id)}`);
    ids.add(camera.id);
    return camera;
  });
  return {
    format: CAMERA_BUNDLE_FORMAT,
    datasetId: requiredText(json.datasetId, 'datasetId', 100),
    version: requiredText(json.version, 'version', 100),
    label: requiredText(json.label, 'label', 300),
    generatedAt: isoDate(json.generatedAt, 'generatedAt'),
    attribution: requiredText(json.attribution, 'attribution', 1000),
    bbox: { west: bbox.west as number, south: bbox.south as number, east: bbox.east as number, north: bbox.north as number },
    sources: json.sources.map((s, i) => {
      const at = `sources[${i}]`;
      if (!isObject(s)) throw bad(at, 'is not an object');
      const source: CameraBundle['sources'][number] = {
        id: requiredText(s.id, `${at}.id`, 100),
        name: requiredText(s.name, `${at}.name`, 300),
        licence: requiredText(s.licence, `${at}.licence`, 300),
        sha256: requiredText(s.sha256, `${at}.sha256`, 64),
      };
      if (!/^[0-9a-f]{64}$/.test(source.sha256)) throw bad(`${at}.sha256`, 'is not a hex SHA-256');
      if (s.date !== undefined) source.date = isoDate(s.date, `${at}.date`);
      return source;
    }),
    cameras,
  };
}

/** One bundled camera, by the one camera validator (camera-record.ts), its error worded as the bundle's. */
function parseBundledCamera(c: unknown, at: string): Camera {
  try {
    return parseCamera(c, at);
  } catch (e) {
    if (e instanceof ValidationError) throw bad(e.path, e.detail);
    throw e;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(field: string, problem: string): SourceError {
  return new SourceError('invalid-value', `camera bundle: ${field} ${problem}`);
}

function requiredText(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string' || v.length === 0) throw bad(field, 'is not a non-empty string');
  if (v.length > max) throw bad(field, `is longer than ${max} characters`);
  return v;
}

function isoDate(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length > 40 || !/^\d{4}-\d{2}-\d{2}/.test(v) || !Number.isFinite(Date.parse(v))) {
    throw bad(field, 'is not an ISO date');
  }
  return v;
}
