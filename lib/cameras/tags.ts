/**
 * OpenStreetMap tags → Camera. Real tags are messy (free text typed by thousands of mappers), so every
 * parser here is total: an unreadable value degrades to "unknown" (an empty direction list, an absent
 * field, kind `unknown`), and nothing throws on any string.
 *
 * Angles are degrees clockwise from north in [0, 360); heights are metres.
 */
import { normaliseDegrees } from '../geo/index.ts';
import type { Camera, CameraKind, OperatorType, SurveillanceScope } from './types.ts';

/** An element's tags: the shape of lib/sources' `OsmTags`, named here so cameras need not import the readers. */
type OsmTags = Readonly<Record<string, string>>;

/** Confidence given to a camera read from OpenStreetMap (see docs/data-pipeline.md). */
export const OSM_CONFIDENCE = 0.9;

/**
 * Lens field of view (degrees) assumed when a direction *range* (`0-90`) has no `camera:angle`: the camera
 * can point anywhere in the range, so the seen sector is the range plus one lens width. 85° matches the
 * default horizontal field of view of DESIGN.md ("Camera model").
 */
export const ASSUMED_LENS_FOV_DEG = 85;

/** 16-point compass (English), plus French `O` (ouest) forms, since Toulouse mappers write both. */
const COMPASS: Record<string, number> = {};
{
  const points = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'];
  points.forEach((p, i) => {
    COMPASS[p] = i * 22.5;
    // French: ouest. The O-forms never collide with an English abbreviation.
    if (p.includes('W')) COMPASS[p.replaceAll('W', 'O')] = i * 22.5;
  });
  Object.assign(COMPASS, { NORTH: 0, EAST: 90, SOUTH: 180, WEST: 270 });
}

/** `record[key]` only when it is the record's own entry (a tag value like `constructor` must not reach the prototype). */
function lookup<T>(record: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Field value after trimming; undefined when absent or blank. Values longer than 1,000 chars are cut. */
function tagValue(tags: OsmTags, key: string): string | undefined {
  const raw = tags[key];
  if (typeof raw !== 'string') return undefined;
  const v = raw.trim();
  return v === '' ? undefined : v.slice(0, 1000);
}

/** A plain decimal number, or null. A comma decimal mark (`5,5`) is accepted only when `commaDecimal`. */
function parseDecimal(text: string, commaDecimal = false): number | null {
  const t = commaDecimal ? text.trim().replace(',', '.') : text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/**
 * One heading: degrees (`90`, `90.5`, `-30`, `90°`) or a compass abbreviation (`N`, `nne`, `SO`).
 * Returns degrees in [0, 360), or null when unreadable. Numbers outside [-360, 360] are data errors, not
 * headings, and read as null.
 */
export function parseHeading(text: string): number | null {
  const t = text.trim().replace(/\s*(°|deg|degrees?)$/i, '');
  if (t === '') return null;
  const upper = t.toUpperCase();
  const compass = lookup(COMPASS, upper);
  if (compass !== undefined) return compass;
  const n = parseDecimal(t);
  if (n === null || Math.abs(n) > 360) return null;
  return round3(normaliseDegrees(n));
}

function round3(x: number): number {
  const r = Math.round(x * 1000) / 1000;
  return r === 360 ? 0 : r;
}

export interface ParsedDirection {
  /** Headings in [0, 360), deduplicated; empty = unknown (a full disc for coverage). */
  directions: number[];
  /**
   * Widest clockwise span (degrees) of a range found in the value, e.g. 90 for `0-90`. Undefined when the
   * value has no range. 360 = "can point anywhere" (then `directions` is empty).
   */
  rangeSpan?: number;
}

const RANGE = /^\s*(-?[0-9.]+|[a-z]+)\s*(?:°|deg)?\s*-\s*(-?[0-9.]+|[a-z]+)\s*(?:°|deg)?\s*$/i;

/**
 * Parses an OSM `camera:direction` / `direction` value: a heading, a `;`-separated list of headings, or
 * clockwise ranges `from-to` (`90-270`, `350-10`, `E-W`; `0-360` = any direction). A range is stored as its
 * middle heading, with its span reported so the caller can widen the field of view. Unreadable parts are
 * dropped; an entirely unreadable value gives `{ directions: [] }`. A comma separates list items like `;`
 * (a frequent mapper slip: `N,S`, `90,270`); headings with a decimal comma are therefore not supported.
 */
export function parseDirection(value: string | undefined): ParsedDirection {
  if (typeof value !== 'string') return { directions: [] };
  const directions: number[] = [];
  let rangeSpan: number | undefined;
  let anyDirection = false;
  for (const part of value.split(/[;,]/).slice(0, 32)) {
    if (part.trim() === '') continue;
    const single = parseHeading(part);
    if (single !== null) {
      directions.push(single);
      continue;
    }
    const m = RANGE.exec(part);
    if (!m) continue;
    const from = parseHeading(m[1]);
    const to = parseHeading(m[2]);
    if (from === null || to === null) continue;
    // `0-360` and `0-359` both mean "any direction" (OSM wiki, Key:camera:direction).
    const rawTo = parseDecimal(m[2]);
    let span = normaliseDegrees(to - from);
    if ((rawTo !== null && Math.abs(rawTo) === 360 && from === 0) || span >= 359) span = 360;
    if (span >= 360) {
      anyDirection = true;
      rangeSpan = 360;
      continue;
    }
    // A range from a heading to itself (`90-90`, `e-E`) is that one heading, not a zero-wide range.
    if (span === 0) {
      directions.push(from);
      continue;
    }
    directions.push(round3(normaliseDegrees(from + span / 2)));
    rangeSpan = Math.max(rangeSpan ?? 0, span);
  }
  if (anyDirection) return { directions: [], rangeSpan: 360 };
  const unique = [...new Set(directions)];
  return rangeSpan === undefined ? { directions: unique } : { directions: unique, rangeSpan };
}

/** A positive length in metres: `5`, `5.5`, `5 m`, `5m`, `5,5 m`. Feet (`16'`, `16 ft`) are converted. */
export function parseHeightMetres(value: string | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\s*([0-9]+(?:[.,][0-9]+)?)\s*(m|metres?|meters?|ft|feet|')?\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1].replace(',', '.'));
  const unit = (m[2] ?? 'm').toLowerCase();
  const metres = unit === 'ft' || unit === 'feet' || unit === "'" ? n * 0.3048 : n;
  // Anything above 500 m is not a camera mount (tallest towers aside): treat as a typo.
  return Number.isFinite(metres) && metres > 0 && metres <= 500 ? Math.round(metres * 100) / 100 : undefined;
}

/** Horizontal field of view in degrees, in (0, 360]; `0`, negatives and garbage → undefined. */
export function parseFieldOfView(value: string | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const n = parseDecimal(value.trim().replace(/\s*(°|deg|degrees?)$/i, ''), true);
  return n !== null && n > 0 && n <= 360 ? n : undefined;
}

const CAMERA_TYPE_KIND: Record<string, CameraKind> = {
  fixed: 'fixed',
  static: 'fixed',
  dome: 'dome',
  panning: 'ptz',
  ptz: 'ptz',
  pan_tilt_zoom: 'ptz',
  'pan-tilt-zoom': 'ptz',
  rotating: 'ptz',
};

/** `surveillance:type` values that are not a camera at all (a human guard, a mirror, a sign). */
const NOT_A_CAMERA = new Set(['guard', 'guards', 'security_guard', 'human', 'dog', 'mirror', 'sign', 'no', 'none']);
const ALPR_TYPES = new Set(['alpr', 'anpr', 'lpr', 'lapi', 'plate_recognition', 'licence_plate_recognition', 'license_plate_recognition']);

/** Kind from `camera:type`, `surveillance:type` and `highway=speed_camera`; ALPR and speed win over the lens type. */
export function cameraKindFromTags(tags: OsmTags): CameraKind {
  const type = tagValue(tags, 'surveillance:type')?.toLowerCase();
  if (type && ALPR_TYPES.has(type)) return 'alpr';
  if (tagValue(tags, 'highway') === 'speed_camera' || type === 'speed_camera' || tagValue(tags, 'enforcement') === 'maxspeed') {
    return 'speed';
  }
  const cameraType = tagValue(tags, 'camera:type')?.toLowerCase();
  return lookup(CAMERA_TYPE_KIND, cameraType) ?? 'unknown';
}

const SCOPES: Record<string, SurveillanceScope> = { public: 'public', outdoor: 'outdoor', indoor: 'indoor' };

/**
 * Public authorities show up in `operator` (Toulouse: "Mairie de Toulouse", "Police municipale", SNCF …);
 * anything else named is private. Unnamed → unknown.
 */
const PUBLIC_OPERATOR =
  /\b(mairie|ville|commune|municipal[e]?|police|gendarmerie|pr[ée]fecture|d[ée]partement|r[ée]gion|m[ée]tropole|toulouse m[ée]tropole|[ée]tat|minist[eè]re|city|council|government|sncf|tiss[ée]o|ratp|dir(?:ection)? interd[ée]partementale)\b/i;

function operatorTypeFromTags(tags: OsmTags): OperatorType {
  const opType = tagValue(tags, 'operator:type')?.toLowerCase();
  if (opType === 'public' || opType === 'government' || opType === 'community') return 'public';
  if (opType === 'private' || opType === 'commercial' || opType === 'business') return 'private';
  const operator = tagValue(tags, 'operator');
  if (!operator) return 'unknown';
  return PUBLIC_OPERATOR.test(operator) ? 'public' : 'private';
}

/** True when the tags describe surveillance equipment that is (or may be) a camera. */
export function isCameraTagged(tags: OsmTags): boolean {
  const type = tagValue(tags, 'surveillance:type')?.toLowerCase();
  if (type && NOT_A_CAMERA.has(type)) return false;
  if (tagValue(tags, 'highway') === 'speed_camera') return true;
  return tagValue(tags, 'man_made') === 'surveillance' || type !== undefined || tagValue(tags, 'camera:type') !== undefined;
}

/** Where a tagged object sits and where it came from. */
export interface CameraOrigin {
  /** Defaults to `${source}:${sourceId}`. */
  id?: string;
  source: string;
  sourceId: string;
  lon: number;
  lat: number;
  sourceDate?: string;
  /** Defaults to OSM_CONFIDENCE. */
  confidence?: number;
}

/**
 * A Camera from an OSM object's tags, or null when the object is not a camera (no surveillance tagging,
 * `surveillance:type=guard`, …) or its position is not a valid WGS84 coordinate. Never throws.
 */
export function cameraFromOsmTags(tags: OsmTags | null | undefined, origin: CameraOrigin): Camera | null {
  if (!tags || typeof tags !== 'object') return null;
  if (!isCameraTagged(tags)) return null;
  const { lon, lat } = origin;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;

  const kind = cameraKindFromTags(tags);
  const parsed = parseDirection(tagValue(tags, 'camera:direction') ?? tagValue(tags, 'direction'));
  const angle = parseFieldOfView(tagValue(tags, 'camera:angle'));
  let fov = angle;
  if (parsed.rangeSpan !== undefined && parsed.rangeSpan < 360) {
    fov = Math.min(360, parsed.rangeSpan + (angle ?? ASSUMED_LENS_FOV_DEG));
  }
  const scope = tagValue(tags, 'surveillance')?.toLowerCase();
  const type = tagValue(tags, 'surveillance:type')?.toLowerCase();

  const camera: Camera = {
    id: origin.id ?? `${origin.source}:${origin.sourceId}`,
    lon,
    lat,
    kind,
    directions: parsed.directions,
    surveillance: lookup(SCOPES, scope) ?? 'unknown',
    operatorType: operatorTypeFromTags(tags),
    source: origin.source,
    sourceId: origin.sourceId,
    confidence: origin.confidence ?? OSM_CONFIDENCE,
  };
  if (fov !== undefined) camera.fov = fov;
  const height = parseHeightMetres(tagValue(tags, 'camera:height') ?? tagValue(tags, 'height'));
  if (height !== undefined) camera.height = height;
  const mount = tagValue(tags, 'camera:mount');
  if (mount) camera.mount = mount.toLowerCase();
  const zone = tagValue(tags, 'surveillance:zone');
  if (zone) camera.zone = zone.toLowerCase();
  if (type) camera.surveillanceType = type;
  else if (kind === 'speed') camera.surveillanceType = 'speed_camera';
  const operator = tagValue(tags, 'operator');
  if (operator) camera.operator = operator;
  const name = tagValue(tags, 'name') ?? tagValue(tags, 'description') ?? tagValue(tags, 'addr:street');
  if (name) camera.name = name;
  if (origin.sourceDate) camera.sourceDate = origin.sourceDate;
  return camera;
}
