/**
 * Reader for the sous-surveillance.net export (`toulouse/sous-surveillance-2012.geojson`): a GeoJSON
 * FeatureCollection of Points whose properties are strings (PROVENANCE.md).
 *
 * `contenu_popup` is untrusted HTML. It is never rendered nor parsed by a DOM: `htmlToText` and `htmlLinks`
 * mine it for the zone ("Surveillance : …") and the city (the link's `<city>.sous-surveillance.net` host).
 *
 * Decisions (docs/data-pipeline.md):
 * - `apparence` → kind: `dome` → dome; `radar` → speed; `boite` (box housing), `nue` (bare bullet camera)
 *   and `encastre` (flush-mounted) are housings of a camera that cannot turn → fixed; empty or other → unknown.
 * - `direction` and `angle` use 0 for "unknown" in this export (and `angle` sometimes -1): both read as
 *   unknown. A camera really facing north is thus lost; the survey has no way to say it.
 * - The French zone labels are mapped to OSM `surveillance:zone` values.
 */
import type { Camera, CameraKind, OperatorType } from '../cameras/types.ts';
import { parseFieldOfView, parseHeading } from '../cameras/tags.ts';
import { SourceError } from './errors.ts';
import { MAX_CAMERA_FEATURES, MAX_CAMERA_FILE_BYTES } from './limits.ts';
import { describeValue, htmlLinks, htmlToText, inputToText, isRecord, parseJson, textField, type SourceInput } from './text.ts';
import { pointOf, type CameraReadResult, type SourceReject } from './types.ts';

/** Confidence of a survey camera: 2012, participatory, positions placed by hand on a map. */
export const SURVEY_CONFIDENCE = 0.5;
export const SURVEY_SOURCE = 'sous-surveillance';
export const SURVEY_DATE = '2012-11-15';

const APPEARANCE_KINDS: Record<string, CameraKind> = {
  dome: 'dome',
  radar: 'speed',
  boite: 'fixed',
  nue: 'fixed',
  encastre: 'fixed',
};

/** Survey zone label → OSM `surveillance:zone`. Unlisted labels are kept lower-cased as they are. */
const ZONES: Record<string, string> = {
  batiments: 'building',
  edifices_pub: 'building',
  commerces: 'shop',
  commerce: 'shop',
  banques: 'bank',
  banque: 'bank',
  traffic: 'traffic',
  trafic: 'traffic',
  parking: 'parking',
  municipale: 'town',
  population: 'town',
  transport: 'public_transport',
};

export interface SousSurveillanceOptions {
  /** Keep only this city (the subdomain, e.g. `toulouse`); default: every city. */
  city?: string;
}

export interface SousSurveillanceResult extends CameraReadResult {
  /** Features per city subdomain over the whole file (before the city filter); `?` = no link found. */
  byCity: Record<string, number>;
}

const WHAT = 'sous-surveillance export';

export function readSousSurveillance(input: SourceInput, options: SousSurveillanceOptions = {}): SousSurveillanceResult {
  const data = parseJson(inputToText(input, MAX_CAMERA_FILE_BYTES, WHAT), WHAT);
  if (!isRecord(data) || data.type !== 'FeatureCollection' || !Array.isArray(data.features)) {
    throw new SourceError('malformed', `${WHAT}: expected a GeoJSON FeatureCollection`);
  }
  const features = data.features as unknown[];
  if (features.length > MAX_CAMERA_FEATURES) {
    throw new SourceError('too-large', `${WHAT}: ${features.length} features, over the ${MAX_CAMERA_FEATURES} limit`);
  }
  const wantedCity = options.city?.toLowerCase();
  const cameras: Camera[] = [];
  const rejects: SourceReject[] = [];
  const byCity: Record<string, number> = {};
  const seen = new Set<string>();

  features.forEach((feature, index) => {
    const props = isRecord(feature) && isRecord(feature.properties) ? feature.properties : undefined;
    const sourceId = textField(props?.id_camera) ?? `feature ${index}`;
    const popup = typeof props?.contenu_popup === 'string' ? props.contenu_popup : '';
    const city = cityOfPopup(popup) ?? '?';
    byCity[city] = (byCity[city] ?? 0) + 1;
    if (wantedCity !== undefined && city !== wantedCity) return;
    if (!props) {
      rejects.push({ sourceId, reason: 'not a GeoJSON Feature with properties' });
      return;
    }
    const point = pointOf(feature, (lon, lat) => `invalid coordinates (${describeValue(lon)}, ${describeValue(lat)})`);
    if (typeof point === 'string') {
      rejects.push({ sourceId, reason: point });
      return;
    }
    const [lon, lat] = point;
    if (!/^[0-9]{1,12}$/.test(sourceId)) {
      rejects.push({ sourceId, reason: 'missing or invalid id_camera' });
      return;
    }
    if (seen.has(sourceId)) {
      rejects.push({ sourceId, reason: 'duplicate id_camera' });
      return;
    }
    seen.add(sourceId);

    cameras.push(cameraFromSurveyProperties(props, { lon, lat, sourceId, zone: zoneOfPopup(popup) }));
  });
  return { cameras, rejects, byCity };
}

/**
 * A Camera from one survey feature's properties (`apparence`, `direction`, `angle`, `op_type`, `op_name`,
 * `title`), also used for survey-like GeoJSON/CSV imports. `origin.source` defaults to `sous-surveillance`.
 */
export function cameraFromSurveyProperties(
  props: Record<string, unknown>,
  origin: { lon: number; lat: number; sourceId: string; zone?: string; source?: string; sourceDate?: string; confidence?: number },
): Camera {
  const { lon, lat, sourceId, zone } = origin;
  const source = origin.source ?? SURVEY_SOURCE;
  const appearance = textField(props.apparence)?.toLowerCase();
  const kind: CameraKind =
    appearance !== undefined && Object.hasOwn(APPEARANCE_KINDS, appearance) ? APPEARANCE_KINDS[appearance] : 'unknown';
  const directionText = textField(props.direction);
  const direction = directionText === undefined || Number(directionText) === 0 ? null : parseHeading(directionText);
  const fov = parseFieldOfView(textField(props.angle));
  const opType = textField(props.op_type)?.toLowerCase();
  const operatorType: OperatorType = opType === 'public' || opType === 'private' ? opType : 'unknown';

  const camera: Camera = {
    id: `${source}:${sourceId}`,
    lon,
    lat,
    kind,
    directions: direction === null ? [] : [direction],
    surveillance: 'unknown',
    surveillanceType: kind === 'speed' ? 'speed_camera' : 'camera',
    operatorType,
    source,
    sourceId,
    sourceDate: origin.sourceDate ?? (source === SURVEY_SOURCE ? SURVEY_DATE : undefined),
    confidence: origin.confidence ?? SURVEY_CONFIDENCE,
  };
  if (fov !== undefined) camera.fov = fov;
  const operator = textField(props.op_name);
  if (operator) camera.operator = operator;
  if (zone) camera.zone = zone;
  const title = textField(props.title);
  if (title) camera.name = htmlToText(title, 1_000) || undefined;
  if (camera.name === undefined) delete camera.name;
  if (camera.sourceDate === undefined) delete camera.sourceDate;
  return camera;
}

/** The city subdomain of the popup's sous-surveillance.net link (`toulouse`), or undefined. */
export function cityOfPopup(popup: string): string | undefined {
  for (const href of htmlLinks(popup)) {
    const m = /^(?:https?:)?\/\/([a-z0-9-]{1,63})\.sous-surveillance\.net(?:[/?#:]|$)/i.exec(href.trim());
    if (m && m[1].toLowerCase() !== 'www') return m[1].toLowerCase();
  }
  return undefined;
}

/** The zone from the popup's "Surveillance : <zone>" line, mapped to OSM vocabulary; undefined when blank. */
export function zoneOfPopup(popup: string): string | undefined {
  for (const line of htmlToText(popup).split('\n')) {
    const m = /^Surveillance\s*:\s*(.*)$/i.exec(line);
    if (!m) continue;
    const label = m[1].trim().toLowerCase().slice(0, 100);
    if (label === '') return undefined;
    return Object.hasOwn(ZONES, label) ? ZONES[label] : label;
  }
  return undefined;
}
