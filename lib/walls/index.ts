/**
 * Walls where no building is mapped: inferred from the street network's faces (infer.ts), stored in a
 * compact binary form (format.ts), and turned into the exposure engine's occlusion index (`wallIndex`).
 * docs/coverage-model.md ("Inferred walls") gives the rules and their validation on London, Porto, Monaco.
 */
import { buildingIndexFromFootprints, lazyFootprints, type BuildingIndex } from '../exposure/buildings.ts';
import { INFERRED_MOUNT_TOLERANCE_M } from './infer.ts';
import { decodeWallRings, type WallRings } from './format.ts';

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
export {
  encodeWalls,
  encodeWallRings,
  decodeWalls,
  decodeWallRings,
  WallFormatError,
  WALLS_MAGIC,
  WALLS_MAGIC_V2,
  type WallRings,
} from './format.ts';
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
  return withLazyFootprints(wallRingsIndex(decodeWallRings(bytes), source), bytes);
}

/**
 * The index's `footprints` decoded again from the stored layer on first read, so the rings (≈ 65,000 small
 * arrays for Toulouse) are not held by an engine that only routes and scores (docs/routing.md, "The service
 * worker's wake-up path"). For an index built from `bytes`, or adopted from a wall index file keyed by them.
 */
export function withLazyFootprints(index: BuildingIndex, bytes: ArrayBuffer): BuildingIndex {
  return lazyFootprints(index, () => decodeWallRings(bytes).rings);
}

/**
 * The occlusion index for decoded walls: solid rings are footprints; the edges of their holes
 * (courtyards) and open lines are walls only, so a camera in a courtyard sees the courtyard and nothing
 * through its walls (docs/coverage-model.md, "Mapped walls").
 */
export function wallRingsIndex(layer: WallRings, source: Exclude<WallSource, 'none'>): BuildingIndex {
  const lines = [...layer.holes.flat(), ...layer.lines];
  return source === 'inferred' ? wallIndex(layer.rings, lines) : buildingIndexFromFootprints(layer.rings, lines);
}

/**
 * The occlusion index for inferred walls: the rings as footprints, with the wider mount tolerance
 * (INFERRED_MOUNT_TOLERANCE_M) because an inferred wall only approximates where the façade stands.
 */
export function wallIndex(rings: Array<Array<[number, number]>>, lines: Array<Array<[number, number]>> = []): BuildingIndex {
  const index = buildingIndexFromFootprints(rings, lines);
  index.mountToleranceM = INFERRED_MOUNT_TOLERANCE_M;
  return index;
}

/**
 * The solid rings for an area fill that clears what is inside a building (the overlay's mask, each ring
 * filled even-odd on its own): a ring with holes becomes one "keyhole" ring, the outer ring with a
 * there-and-back bridge to each hole, whose even-odd inside is the outer minus its holes (the bridges,
 * crossed twice, cancel out), so a courtyard stays drawn. Open lines fill nothing and are left out.
 */
export function fillRings(layer: WallRings): Array<Array<[number, number]>> {
  return layer.rings.map((ring, i) => {
    const holes = layer.holes[i] ?? [];
    if (holes.length === 0 || ring.length < 2) return ring;
    const start = ring[0];
    const out: Array<[number, number]> = [start];
    for (const h of holes) {
      if (h.length < 4) continue;
      out.push(...h, start);
    }
    out.push(...ring.slice(1));
    return out;
  });
}
