/**
 * Merging a base camera set (OpenStreetMap) with a survey (the 2012 sous-surveillance.net export).
 *
 * 1. Exact duplicates — same position rounded to 5 decimals (≈ 1 m), same kind, same directions — are
 *    dropped, in OSM and in the survey: they add nothing to coverage and double-count exposure. The first
 *    one in input order stays; the report names every dropped id and the id it duplicates.
 * 2. Each survey camera is matched to the nearest OSM camera of a compatible kind within `radiusMetres`
 *    (default 15 m), one to one, closest pairs first. The OSM camera keeps its position and identity and
 *    takes the survey's direction and field of view (and zone/operator) where it has none; `enrichedFrom`
 *    records which survey camera gave which fields.
 * 3. Unmatched survey cameras are kept as they are (source `sous-surveillance`, confidence 0.5).
 *
 * Why 15 m: survey positions were placed by hand on 2012 web map tiles, on the façade or on the street in
 * front of it; in central Toulouse the matched pairs are 0.1–14 m apart and the next-nearest candidates
 * 15–36 m. 15 m is about the width of a central street: wider would start pairing cameras on opposite
 * façades.
 */
import { LocalFrame } from '../geo/index.ts';
import type { Camera, CameraKind } from './types.ts';

/** Survey-to-OSM match radius in metres (see above). */
export const DEFAULT_MERGE_RADIUS_M = 15;
/** Confidence of a survey camera kept without an OSM match. */
export const UNMATCHED_SURVEY_CONFIDENCE = 0.5;

export interface MergeOptions {
  radiusMetres?: number;
  unmatchedConfidence?: number;
}

export interface MergeMatch {
  surveyId: string;
  osmId: string;
  distanceMetres: number;
  /** Camera fields the survey filled in on the OSM camera (may be empty when the OSM camera had them all). */
  fields: string[];
}

export interface MergeKept {
  surveyId: string;
  /** Why it was not matched, e.g. "nearest compatible OSM camera is 20.0 m away". */
  reason: string;
}

export interface MergeDrop {
  id: string;
  duplicateOf: string;
  reason: string;
}

export interface MergeReport {
  radiusMetres: number;
  matched: MergeMatch[];
  kept: MergeKept[];
  dropped: MergeDrop[];
}

export interface MergeResult {
  cameras: Camera[];
  report: MergeReport;
}

/**
 * True when two cameras may be the same device. Same kind, or one unknown, or dome/PTZ (a dome housing
 * usually holds a PTZ). Fixed vs dome is not: at one street corner a fixed camera and a dome are usually
 * two devices, and merging them would lose one. ALPR and speed cameras only match their own kind.
 */
export function kindsCompatible(a: CameraKind, b: CameraKind): boolean {
  if (a === b || a === 'unknown' || b === 'unknown') return true;
  const turning = (k: CameraKind) => k === 'dome' || k === 'ptz';
  return turning(a) && turning(b);
}

function duplicateKey(c: Camera): string {
  return `${c.lon.toFixed(5)},${c.lat.toFixed(5)},${c.kind},${[...c.directions].sort((x, y) => x - y).join(';')}`;
}

/** Drops exact duplicates (see module doc), keeping the first of each group. */
export function dropExactDuplicates(cameras: readonly Camera[], dropped: MergeDrop[]): Camera[] {
  const firstByKey = new Map<string, Camera>();
  const out: Camera[] = [];
  for (const c of cameras) {
    const key = duplicateKey(c);
    const first = firstByKey.get(key);
    if (first) {
      dropped.push({
        id: c.id,
        duplicateOf: first.id,
        reason: `exact duplicate of ${first.id}: same position at 5 decimals, same kind (${c.kind}) and directions`,
      });
      continue;
    }
    firstByKey.set(key, c);
    out.push(c);
  }
  return out;
}

export function mergeSources(osm: readonly Camera[], survey: readonly Camera[], options: MergeOptions = {}): MergeResult {
  const radius = options.radiusMetres ?? DEFAULT_MERGE_RADIUS_M;
  const unmatchedConfidence = options.unmatchedConfidence ?? UNMATCHED_SURVEY_CONFIDENCE;
  const report: MergeReport = { radiusMetres: radius, matched: [], kept: [], dropped: [] };
  const base = dropExactDuplicates(osm, report.dropped).map((c) => ({ ...c, directions: [...c.directions] }));
  const surveyCameras = dropExactDuplicates(survey, report.dropped);
  if (surveyCameras.length === 0) return { cameras: base, report };

  // Candidate pairs within the radius, in a local metric frame around the survey's centre: a grid of
  // radius-sized cells makes this linear instead of |osm| × |survey|.
  const lon0 = surveyCameras.reduce((s, c) => s + c.lon, 0) / surveyCameras.length;
  const lat0 = surveyCameras.reduce((s, c) => s + c.lat, 0) / surveyCameras.length;
  const frame = new LocalFrame(lon0, lat0);
  const cell = (x: number) => Math.floor(x / radius);
  const grid = new Map<string, number[]>();
  base.forEach((c, i) => {
    const key = `${cell(frame.x(c.lon))},${cell(frame.y(c.lat))}`;
    const list = grid.get(key);
    if (list) list.push(i);
    else grid.set(key, [i]);
  });

  interface Pair {
    s: number;
    o: number;
    d: number;
  }
  const pairs: Pair[] = [];
  const nearestIncompatible = new Map<number, Pair>();
  const nearestAny = new Map<number, number>();
  surveyCameras.forEach((sc, s) => {
    const x = frame.x(sc.lon);
    const y = frame.y(sc.lat);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const o of grid.get(`${cell(x) + dx},${cell(y) + dy}`) ?? []) {
          const oc = base[o];
          const d = Math.hypot(frame.x(oc.lon) - x, frame.y(oc.lat) - y);
          if (d > radius) continue;
          nearestAny.set(s, Math.min(nearestAny.get(s) ?? Infinity, d));
          if (kindsCompatible(sc.kind, oc.kind)) pairs.push({ s, o, d });
          else if (d < (nearestIncompatible.get(s)?.d ?? Infinity)) nearestIncompatible.set(s, { s, o, d });
        }
      }
    }
  });
  // Closest pairs first, ties broken by input order so the result is deterministic.
  pairs.sort((a, b) => a.d - b.d || a.s - b.s || a.o - b.o);
  const surveyMatched = new Map<number, Pair>();
  const osmTaken = new Set<number>();
  for (const p of pairs) {
    if (surveyMatched.has(p.s) || osmTaken.has(p.o)) continue;
    surveyMatched.set(p.s, p);
    osmTaken.add(p.o);
  }

  const kept: Camera[] = [];
  surveyCameras.forEach((sc, s) => {
    const match = surveyMatched.get(s);
    if (match) {
      const target = base[match.o];
      const fields = enrich(target, sc);
      report.matched.push({ surveyId: sc.id, osmId: target.id, distanceMetres: round1(match.d), fields });
      return;
    }
    kept.push({ ...sc, confidence: Math.min(sc.confidence, unmatchedConfidence) });
    report.kept.push({ surveyId: sc.id, reason: unmatchedReason(s, radius, pairs, nearestIncompatible, base) });
  });
  return { cameras: [...base, ...kept], report };
}

/** Copies the survey's attributes the OSM camera lacks; returns the names of the fields it filled. */
function enrich(target: Camera, from: Camera): string[] {
  const fields: string[] = [];
  if (target.directions.length === 0 && from.directions.length > 0) {
    target.directions = [...from.directions];
    fields.push('directions');
  }
  if (target.fov === undefined && from.fov !== undefined) {
    target.fov = from.fov;
    fields.push('fov');
  }
  if (target.zone === undefined && from.zone !== undefined) {
    target.zone = from.zone;
    fields.push('zone');
  }
  if (target.operator === undefined && from.operator !== undefined) {
    target.operator = from.operator;
    fields.push('operator');
  }
  if (target.operatorType === 'unknown' && from.operatorType !== 'unknown') {
    target.operatorType = from.operatorType;
    fields.push('operatorType');
  }
  if (fields.length > 0) target.enrichedFrom = { source: from.source, sourceId: from.sourceId, fields };
  return fields;
}

function unmatchedReason(
  s: number,
  radius: number,
  pairs: readonly { s: number; o: number; d: number }[],
  nearestIncompatible: Map<number, { o: number; d: number }>,
  base: readonly Camera[],
): string {
  const compatible = pairs.filter((p) => p.s === s);
  if (compatible.length > 0) {
    const p = compatible[0];
    return `every compatible OSM camera within ${radius} m is matched to a closer survey camera (nearest: ${base[p.o].id} at ${round1(p.d)} m)`;
  }
  const other = nearestIncompatible.get(s);
  if (other) {
    return `no compatible OSM camera within ${radius} m (nearest: ${base[other.o].id}, a ${base[other.o].kind} camera, at ${round1(other.d)} m)`;
  }
  return `no OSM camera within ${radius} m`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
