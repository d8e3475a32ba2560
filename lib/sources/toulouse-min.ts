/**
 * Reader for the Toulouse OpenStreetMap camera file (`toulouse/osm-cameras-2026.min.json`), a JSON object
 * of parallel arrays (PROVENANCE.md):
 * `{ v: 1, cats: string[4], lons: number[], lats: number[], cat: int[], pid: "node/<id>"[], name: string[],
 *    addr: { "<index>": text } }`.
 *
 * The whole file is refused (SourceError) when its structure is broken — arrays of different lengths can no
 * longer be trusted to line up. Single bad records (non-numeric or out-of-bbox coordinates, unknown
 * category, duplicate id) are rejected one by one with a reason.
 */
import type { BBox } from '../geo/index.ts';
import { bboxContains } from '../geo/index.ts';
import type { Camera, CameraKind } from '../cameras/types.ts';
import { OSM_CONFIDENCE } from '../cameras/tags.ts';
import { SourceError } from './errors.ts';
import { MAX_CAMERA_FEATURES, MAX_CAMERA_FILE_BYTES } from './limits.ts';
import { describeValue, inputToText, isRecord, parseJson, textField, type SourceInput } from './text.ts';
import { isLonLat, type CameraReadResult, type SourceReject } from './types.ts';

/** Category label (lower-cased, accents kept) → kind. The file's own labels, in French. */
const CATEGORY_KINDS: Record<string, CameraKind> = {
  'caméra fixe': 'fixed',
  'caméra dôme': 'dome',
  'radar vitesse': 'speed',
  'lapi / anpr': 'alpr',
};

/** `surveillance:type` implied by each kind in this file (the extraction kept only the category). */
const SURVEILLANCE_TYPE: Record<CameraKind, string> = {
  fixed: 'camera',
  dome: 'camera',
  ptz: 'camera',
  unknown: 'camera',
  alpr: 'alpr',
  speed: 'speed_camera',
};

/** The file's documented extent (PROVENANCE.md), with a small margin for rounding. */
export const TOULOUSE_OSM_BBOX: BBox = { west: 1.2555, south: 43.5102, east: 1.5694, north: 43.7206 };

export interface ToulouseMinOptions {
  /** Records outside this box are rejected. Default: TOULOUSE_OSM_BBOX. */
  bbox?: BBox;
  /** Camera.source; default `osm`. */
  source?: string;
  /** ISO date the extract describes; default `2026-06-07` (PROVENANCE.md). */
  sourceDate?: string;
}

const WHAT = 'Toulouse OSM camera file';

export function readToulouseMin(input: SourceInput, options: ToulouseMinOptions = {}): CameraReadResult {
  const data = parseJson(inputToText(input, MAX_CAMERA_FILE_BYTES, WHAT), WHAT);
  if (!isRecord(data)) throw new SourceError('malformed', `${WHAT}: expected a JSON object of parallel arrays`);
  if (data.v !== 1) throw new SourceError('unsupported', `${WHAT}: format version ${describeValue(data.v)} (expected 1)`);

  const arrays = ['cats', 'lons', 'lats', 'cat', 'pid', 'name'] as const;
  for (const key of arrays) {
    if (!Array.isArray(data[key])) throw new SourceError('malformed', `${WHAT}: "${key}" is missing or not an array`);
  }
  const cats = data.cats as unknown[];
  const lons = data.lons as unknown[];
  const lats = data.lats as unknown[];
  const cat = data.cat as unknown[];
  const pid = data.pid as unknown[];
  const name = data.name as unknown[];
  const n = lons.length;
  if (n > MAX_CAMERA_FEATURES) throw new SourceError('too-large', `${WHAT}: ${n} cameras, over the ${MAX_CAMERA_FEATURES} limit`);
  for (const [key, arr] of [
    ['lats', lats],
    ['cat', cat],
    ['pid', pid],
    ['name', name],
  ] as const) {
    if (arr.length !== n) {
      throw new SourceError('invalid-value', `${WHAT}: "${key}" has ${arr.length} entries but "lons" has ${n}`);
    }
  }
  const addr = data.addr === undefined ? {} : data.addr;
  if (!isRecord(addr)) throw new SourceError('malformed', `${WHAT}: "addr" is not an object`);

  const categoryKinds: Array<CameraKind | undefined> = cats.map((label) =>
    typeof label === 'string' && Object.hasOwn(CATEGORY_KINDS, label.trim().toLowerCase())
      ? CATEGORY_KINDS[label.trim().toLowerCase()]
      : undefined,
  );
  const bbox = options.bbox ?? TOULOUSE_OSM_BBOX;
  const source = options.source ?? 'osm';
  const sourceDate = options.sourceDate ?? '2026-06-07';
  const cameras: Camera[] = [];
  const rejects: SourceReject[] = [];
  const seen = new Set<string>();

  for (let i = 0; i < n; i++) {
    const sourceId = typeof pid[i] === 'string' ? (pid[i] as string).trim() : '';
    const label = sourceId || `index ${i}`;
    if (!/^(node|way|relation)\/[1-9][0-9]{0,15}$/.test(sourceId)) {
      rejects.push({ sourceId: label, reason: `invalid OSM id ${describeValue(pid[i])}` });
      continue;
    }
    if (seen.has(sourceId)) {
      rejects.push({ sourceId, reason: 'duplicate OSM id' });
      continue;
    }
    const lon = lons[i];
    const lat = lats[i];
    if (!isLonLat(lon, lat)) {
      rejects.push({ sourceId, reason: `invalid coordinates (${describeValue(lon)}, ${describeValue(lat)})` });
      continue;
    }
    if (!bboxContains(bbox, lon, lat as number)) {
      rejects.push({ sourceId, reason: `outside the expected bbox (${lon}, ${lat})` });
      continue;
    }
    const c = cat[i];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= cats.length) {
      rejects.push({ sourceId, reason: `invalid category index ${describeValue(c)}` });
      continue;
    }
    seen.add(sourceId);
    const kind = categoryKinds[c] ?? 'unknown';
    const camera: Camera = {
      id: `${source}:${sourceId}`,
      lon,
      lat: lat as number,
      kind,
      directions: [],
      surveillance: 'unknown',
      surveillanceType: SURVEILLANCE_TYPE[kind],
      operatorType: 'unknown',
      source,
      sourceId,
      sourceDate,
      confidence: OSM_CONFIDENCE,
    };
    const place = describePlace(name[i], addr[String(i)], cats[c]);
    if (place) camera.name = place;
    cameras.push(camera);
  }
  return { cameras, rejects };
}

/**
 * The extraction filled `name` with "<category> #<n>" when OSM had no name: that says nothing, so only real
 * names are kept. `addr` (an address such as "Angle 18 place Wilson …") is preferred when it is more than a
 * bare number.
 */
function describePlace(rawName: unknown, rawAddr: unknown, categoryLabel: unknown): string | undefined {
  const addr = textField(rawAddr);
  const name = textField(rawName);
  const generated = name !== undefined && typeof categoryLabel === 'string' && name.startsWith(`${categoryLabel} #`);
  const realName = generated ? undefined : name;
  const realAddr = addr !== undefined && !/^\d+$/.test(addr) ? addr : undefined;
  if (realName && realAddr) return `${realName}, ${realAddr}`;
  return realAddr ?? realName;
}
