/**
 * Plain GeoJSON camera imports: a FeatureCollection (or a single Feature) of Points whose properties are
 * either OSM-like tags (`camera:type`, `direction`, …), survey-like fields (`apparence`, `direction`,
 * `angle`, as in the sous-surveillance export), or Angle Mort's own Camera fields (`kind`, `directions`,
 * `fov`). A Point with none of these is still a camera (the user imported a camera file) of kind unknown.
 */
import { cameraFromOsmTags } from '../cameras/tags.ts';
import { CAMERA_KINDS, type Camera, type CameraKind } from '../cameras/types.ts';
import { SourceError } from './errors.ts';
import { MAX_CAMERA_FEATURES, MAX_CAMERA_FILE_BYTES, MAX_TEXT_FIELD_CHARS } from './limits.ts';
import type { OsmTags } from './osm-model.ts';
import { cameraFromSurveyProperties } from './sous-surveillance.ts';
import { inputToText, isRecord, parseJson, textField, type SourceInput } from './text.ts';
import { pointOf, type CameraReadResult, type SourceReject } from './types.ts';

/** Confidence of a camera imported from a user's file: unknown provenance. */
export const IMPORT_CONFIDENCE = 0.6;

export interface ImportOptions {
  /** Camera.source for every camera, e.g. `import:my-file`. */
  source: string;
  sourceDate?: string;
  confidence?: number;
}

const WHAT = 'GeoJSON file';

export function readCameraGeoJson(input: SourceInput | unknown, options: ImportOptions): CameraReadResult {
  const data =
    typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer
      ? parseJson(inputToText(input, MAX_CAMERA_FILE_BYTES, WHAT), WHAT)
      : input;
  let features: unknown[];
  if (isRecord(data) && data.type === 'FeatureCollection' && Array.isArray(data.features)) features = data.features;
  else if (isRecord(data) && data.type === 'Feature') features = [data];
  else throw new SourceError('malformed', `${WHAT}: expected a GeoJSON FeatureCollection or Feature`);
  if (features.length > MAX_CAMERA_FEATURES) {
    throw new SourceError('too-large', `${WHAT}: ${features.length} features, over the ${MAX_CAMERA_FEATURES} limit`);
  }
  const cameras: Camera[] = [];
  const rejects: SourceReject[] = [];
  const seen = new Set<string>();
  features.forEach((feature, index) => {
    const props = isRecord(feature) && isRecord(feature.properties) ? feature.properties : {};
    const featureId = isRecord(feature) ? textField(feature.id, 200) : undefined;
    // Angle Mort's own export carries the camera's original `sourceId`: keep it, so a round trip is lossless.
    const ownSourceId = isOwnExport(props) ? textField(props.sourceId, 200) : undefined;
    let sourceId =
      (ownSourceId && !seen.has(ownSourceId) ? ownSourceId : undefined) ??
      textField(props.id, 200) ??
      textField(props.id_camera, 200) ??
      featureId ??
      `feature-${index + 1}`;
    if (seen.has(sourceId)) sourceId = `${sourceId}#${index + 1}`;
    const point = pointOf(feature, () => 'invalid coordinates');
    if (typeof point === 'string') {
      rejects.push({ sourceId, reason: point });
      return;
    }
    const [lon, lat] = point;
    const camera = cameraFromProperties(props, { ...options, sourceId, lon, lat });
    if (!camera) {
      rejects.push({ sourceId, reason: 'tagged as something other than a camera' });
      return;
    }
    seen.add(sourceId);
    cameras.push(camera);
  });
  const ownExport = features.length > 0 && features.every((f) => isRecord(f) && isRecord(f.properties) && isOwnExport(f.properties));
  return ownExport ? { cameras, rejects, ownExport } : { cameras, rejects };
}

/**
 * A Camera from a flat property record (GeoJSON properties, a CSV row). Returns null only when the
 * properties say explicitly that this is not a camera (e.g. `surveillance:type=guard`).
 */
export function cameraFromProperties(
  props: Record<string, unknown>,
  origin: ImportOptions & { sourceId: string; lon: number; lat: number },
): Camera | null {
  const confidence = origin.confidence ?? IMPORT_CONFIDENCE;
  if ('apparence' in props || 'id_camera' in props) {
    return cameraFromSurveyProperties(props, { ...origin, confidence });
  }
  const kind = textField(props.kind)?.toLowerCase();
  if (kind !== undefined && (CAMERA_KINDS as readonly string[]).includes(kind)) {
    return cameraFromOwnFields(props, kind as CameraKind, { ...origin, confidence });
  }
  const tags: OsmTags = {};
  for (const [k, v] of Object.entries(props)) {
    const text = textField(v, MAX_TEXT_FIELD_CHARS);
    if (text !== undefined) Object.defineProperty(tags, k, { value: text, enumerable: true });
  }
  const hasSurveillanceTagging =
    'man_made' in tags || 'surveillance' in tags || 'surveillance:type' in tags || 'camera:type' in tags || 'highway' in tags;
  if (!hasSurveillanceTagging) tags.man_made = 'surveillance';
  return cameraFromOsmTags(tags, { ...origin, confidence });
}

/** Angle Mort's own export: `kind`, `directions` (array or `;` list), `fov`, `height`, … */
function cameraFromOwnFields(
  props: Record<string, unknown>,
  kind: CameraKind,
  origin: ImportOptions & { sourceId: string; lon: number; lat: number; confidence: number },
): Camera | null {
  const tags: OsmTags = { man_made: 'surveillance' };
  // Only flat lists: join() on nested arrays recurses, and a hostile file can nest 100,000 deep.
  const dirs = Array.isArray(props.directions)
    ? props.directions
        .filter((d) => typeof d === 'number' || typeof d === 'string')
        .slice(0, 32)
        .join(';')
    : textField(props.directions);
  if (dirs) tags['camera:direction'] = dirs;
  const fov = textField(props.fov);
  if (fov) tags['camera:angle'] = fov;
  const height = textField(props.height);
  if (height) tags.height = height;
  for (const key of ['mount', 'zone', 'operator', 'name'] as const) {
    const v = textField(props[key]);
    if (v) tags[key === 'mount' ? 'camera:mount' : key === 'zone' ? 'surveillance:zone' : key] = v;
  }
  const scope = textField(props.surveillance);
  if (scope) tags.surveillance = scope;
  const camera = cameraFromOsmTags(tags, origin);
  if (!camera) return null;
  camera.kind = kind;
  const opType = textField(props.operatorType);
  if (opType === 'public' || opType === 'private') camera.operatorType = opType;
  const expires = textField(props.expires, 40);
  if (expires && Number.isFinite(Date.parse(expires))) camera.expires = new Date(Date.parse(expires)).toISOString();
  if (isOwnExport(props)) restoreOwnFields(camera, props);
  return camera;
}

/** A feature written by Angle Mort's export (`camerasToGeoJson`): its properties are a Camera's fields. */
function isOwnExport(props: Record<string, unknown>): boolean {
  const kind = textField(props.kind)?.toLowerCase();
  return (
    kind !== undefined &&
    (CAMERA_KINDS as readonly string[]).includes(kind) &&
    typeof props.source === 'string' &&
    typeof props.sourceId === 'string'
  );
}

const SCOPES = ['public', 'outdoor', 'indoor', 'unknown'];

/**
 * Angle Mort's own export back into the exact Camera it came from (export → import is lossless): the values
 * are taken as they are when valid (exact directions, fov, height, confidence, dates, enrichment); an
 * invalid one keeps what the tag parser made of it. `id` and `source` name the import's dataset instead.
 */
function restoreOwnFields(camera: Camera, props: Record<string, unknown>): void {
  const num = (v: unknown, ok: (n: number) => boolean) => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : undefined);
  if (Array.isArray(props.directions) && props.directions.length <= 32) {
    const dirs = props.directions.map((d) => num(d, (n) => n >= 0 && n < 360));
    if (dirs.every((d) => d !== undefined)) camera.directions = dirs as number[];
  }
  const fov = num(props.fov, (n) => n > 0 && n <= 360);
  if (fov !== undefined) camera.fov = fov;
  else if (props.fov === undefined) delete camera.fov;
  const height = num(props.height, (n) => n >= 0 && n <= 1000);
  if (height !== undefined) camera.height = height;
  else if (props.height === undefined) delete camera.height;
  const confidence = num(props.confidence, (n) => n >= 0 && n <= 1);
  if (confidence !== undefined) camera.confidence = confidence;
  const scope = textField(props.surveillance);
  if (scope && SCOPES.includes(scope)) camera.surveillance = scope as Camera['surveillance'];
  const opType = textField(props.operatorType);
  if (opType === 'public' || opType === 'private' || opType === 'unknown') camera.operatorType = opType;
  for (const key of ['mount', 'zone', 'operator', 'name', 'surveillanceType'] as const) {
    const v = textField(props[key], MAX_TEXT_FIELD_CHARS);
    if (v !== undefined) camera[key] = v;
    else if (props[key] === undefined) delete camera[key];
  }
  const sourceDate = textField(props.sourceDate, 40);
  if (sourceDate && Number.isFinite(Date.parse(sourceDate))) camera.sourceDate = sourceDate;
  const e = props.enrichedFrom;
  if (
    isRecord(e) &&
    typeof e.source === 'string' &&
    typeof e.sourceId === 'string' &&
    Array.isArray(e.fields) &&
    e.fields.length <= 32 &&
    e.fields.every((f) => typeof f === 'string')
  ) {
    camera.enrichedFrom = {
      source: e.source.slice(0, 200),
      sourceId: e.sourceId.slice(0, 200),
      fields: (e.fields as string[]).map((f) => f.slice(0, 60)),
    };
  }
}
