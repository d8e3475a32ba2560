/**
 * Walls where no building is mapped: inferred from the street network's faces (infer.ts), stored in a
 * compact binary form (format.ts), and turned into the exposure engine's occlusion index (`wallIndex`).
 * docs/coverage-model.md ("Inferred walls") gives the rules and their validation on London, Porto, Monaco.
 */
import { buildingIndexFromFootprints, type BuildingIndex } from '../exposure/buildings.ts';
import { INFERRED_MOUNT_TOLERANCE_M } from './infer.ts';
import { decodeWalls } from './format.ts';

export {
  inferWalls,
  DEFAULT_WALL_OPTIONS,
  FACE_STATUSES,
  INFERRED_MOUNT_TOLERANCE_M,
  type FaceStatus,
  type InferredFace,
  type InferredWalls,
  type WallInferenceOptions,
} from './infer.ts';
export { insetRing } from './inset.ts';
export { encodeWalls, decodeWalls, WallFormatError, WALLS_MAGIC } from './format.ts';
export { HALF_WIDTH_M, halfWidthOf } from './widths.ts';

/** Where a dataset's walls come from: OSM building footprints, inferred from the streets, or none at all. */
export type WallSource = 'mapped' | 'inferred' | 'none';
export const WALL_SOURCES: readonly WallSource[] = ['mapped', 'inferred', 'none'];

/** Read an optional stored wall source; anything else (older records) is 'none'. */
export function wallSourceOf(value: unknown): WallSource {
  return value === 'mapped' || value === 'inferred' ? value : 'none';
}

/**
 * The occlusion index for a stored wall layer (GraphRecord.walls): mapped footprints get the engine's own
 * mount tolerance, inferred walls the wider one. Throws WallFormatError on bytes that do not decode.
 */
export function storedWallIndex(bytes: ArrayBuffer, source: WallSource): BuildingIndex | undefined {
  if (source === 'none') return undefined;
  const rings = decodeWalls(bytes);
  return source === 'inferred' ? wallIndex(rings) : buildingIndexFromFootprints(rings);
}

/**
 * The occlusion index for inferred walls: the rings as footprints, with the wider mount tolerance
 * (INFERRED_MOUNT_TOLERANCE_M) because an inferred wall only approximates where the façade stands.
 */
export function wallIndex(rings: Array<Array<[number, number]>>): BuildingIndex {
  const index = buildingIndexFromFootprints(rings);
  index.mountToleranceM = INFERRED_MOUNT_TOLERANCE_M;
  return index;
}
