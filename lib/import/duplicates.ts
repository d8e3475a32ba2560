/**
 * Duplicate detection for imports: a camera is a duplicate when another one stands within a few metres and
 * could be the same device (compatible kind and directions). Several cameras on one pole pointing different
 * ways are distinct; two records of the same dome by two sources are not.
 */
import Flatbush from 'flatbush';
import { haversineMetres } from '../geo/index.ts';
import type { Camera, CameraKind } from '../cameras/types.ts';

/**
 * Duplicate radius against stored cameras, in metres: 5 m covers the scatter between two surveys of one
 * device (GPS and hand placement on a map differ by 2–5 m), and stays below the spacing of cameras on
 * neighbouring poles.
 */
export const DUPLICATE_RADIUS_M = 5;

/**
 * Duplicate radius inside one file, in metres: 1 m. One source records each device once, so two records
 * a few metres apart are usually two devices (the Toulouse OSM file has 173 same-kind pairs within 5 m but
 * only 67 at the same spot); a repeated row or node sits at (almost) the same coordinates.
 */
export const IN_FILE_DUPLICATE_RADIUS_M = 1;

/** Two directions further apart than this (degrees) are two cameras, whatever their distance. */
export const SAME_DIRECTION_TOLERANCE_DEG = 45;

const M_PER_DEG_LAT = 111_320;

/** Kinds that may describe the same device: equal, either unknown, or dome vs PTZ (both turn). */
export function kindsCompatible(a: CameraKind, b: CameraKind): boolean {
  if (a === b || a === 'unknown' || b === 'unknown') return true;
  const turning = (k: CameraKind) => k === 'dome' || k === 'ptz';
  return turning(a) && turning(b);
}

/** Unknown direction (empty list) matches anything; otherwise some pair within the tolerance. */
export function directionsCompatible(a: readonly number[], b: readonly number[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  for (const x of a) {
    for (const y of b) {
      const d = Math.abs(((((x - y) % 360) + 540) % 360) - 180);
      if (d <= SAME_DIRECTION_TOLERANCE_DEG) return true;
    }
  }
  return false;
}

export function couldBeSameCamera(a: Camera, b: Camera): boolean {
  return kindsCompatible(a.kind, b.kind) && directionsCompatible(a.directions, b.directions);
}

export interface DuplicateMatch {
  /** Index in `candidates` of the camera found to be a duplicate. */
  index: number;
  /** The camera it duplicates. */
  of: Camera;
  /** Where that camera is: already stored, or earlier in the same file. */
  in: 'existing' | 'file';
  distanceMetres: number;
}

function buildIndex(cameras: readonly Camera[]): Flatbush | null {
  if (cameras.length === 0) return null;
  const index = new Flatbush(cameras.length);
  for (const c of cameras) index.add(c.lon, c.lat, c.lon, c.lat);
  index.finish();
  return index;
}

/** Degrees of longitude and latitude spanning `radius` metres at latitude `lat`. */
function searchBox(lon: number, lat: number, radius: number): [number, number, number, number] {
  const dLat = radius / M_PER_DEG_LAT;
  const dLon = radius / (M_PER_DEG_LAT * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

/**
 * Duplicates among `candidates`, against `existing` first, then against earlier candidates that are not
 * themselves duplicates (the first record of a device is kept). A candidate whose id is already stored is
 * a duplicate of that camera whatever the distance. Each candidate appears at most once, matched to the
 * nearest compatible camera.
 */
export function findDuplicates(
  candidates: readonly Camera[],
  existing: readonly Camera[],
  radii: { existingMetres?: number; fileMetres?: number } = {},
): DuplicateMatch[] {
  const existingRadius = radii.existingMetres ?? DUPLICATE_RADIUS_M;
  const fileRadius = radii.fileMetres ?? IN_FILE_DUPLICATE_RADIUS_M;
  const existingIndex = buildIndex(existing);
  const fileIndex = buildIndex(candidates);
  const existingById = new Map(existing.map((c) => [c.id, c]));
  const isDuplicate = new Uint8Array(candidates.length);
  const matches: DuplicateMatch[] = [];

  const nearest = (c: Camera, pool: readonly Camera[], index: Flatbush | null, radiusMetres: number, accept: (i: number) => boolean) => {
    if (!index) return undefined;
    let best: { i: number; d: number } | undefined;
    for (const i of index.search(...searchBox(c.lon, c.lat, radiusMetres))) {
      if (!accept(i)) continue;
      const other = pool[i];
      const d = haversineMetres(c.lon, c.lat, other.lon, other.lat);
      if (d <= radiusMetres && couldBeSameCamera(c, other) && (!best || d < best.d)) best = { i, d };
    }
    return best;
  };

  candidates.forEach((c, i) => {
    const sameId = existingById.get(c.id);
    if (sameId) {
      isDuplicate[i] = 1;
      matches.push({ index: i, of: sameId, in: 'existing', distanceMetres: haversineMetres(c.lon, c.lat, sameId.lon, sameId.lat) });
      return;
    }
    const inStore = nearest(c, existing, existingIndex, existingRadius, () => true);
    if (inStore) {
      isDuplicate[i] = 1;
      matches.push({ index: i, of: existing[inStore.i], in: 'existing', distanceMetres: inStore.d });
      return;
    }
    const inFile = nearest(c, candidates, fileIndex, fileRadius, (j) => j < i && isDuplicate[j] === 0);
    if (inFile) {
      isDuplicate[i] = 1;
      matches.push({ index: i, of: candidates[inFile.i], in: 'file', distanceMetres: inFile.d });
    }
  });
  return matches;
}
