/**
 * Walls where no building is mapped: inferred from the street network's faces (infer.ts), stored in a
 * compact binary form (format.ts), and turned into the exposure engine's occlusion index (`wallIndex`).
 * docs/coverage-model.md ("Inferred walls") gives the rules and their validation on London, Porto, Monaco.
 */
import {
  buildingIndexFromFootprints,
  footprintsFromWalls,
  lazyFootprints,
  wallBoxIndex,
  type BuildingIndex,
} from '../exposure/buildings.ts';
import { LocalFrame } from '../geo/index.ts';
import { INFERRED_MOUNT_TOLERANCE_M } from './infer.ts';
import { decodeWallRings, readWallParts, WALL_PART_HOLE, WALL_PART_LINE, WALL_PART_SOLID, type WallRings } from './format.ts';

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
  return withLazyFootprints(wallIndexFromBytes(bytes, source));
}

/**
 * `wallRingsIndex(decodeWallRings(bytes), source)` built straight from the stored layer's flat arrays, without
 * a JS array per corner (a cold worker or the pipeline's one run spends most of the decode there): the same
 * walls in the same order (solid rings of ≥ 3 corners, closed; then holes, closed; then open lines of ≥ 2
 * points), the same frame, the same Flatbush, byte for byte (tests/unit/walls/stored-index.test.ts). The
 * footprints are not built: callers that need them wrap it (`withLazyFootprints`). Throws WallFormatError.
 */
export function wallIndexFromBytes(bytes: ArrayBuffer, source: Exclude<WallSource, 'none'>): BuildingIndex {
  const { count, kinds, starts, ints } = readWallParts(bytes);
  // The parts that are walls, in the index's order, and whether each is closed.
  const order: number[] = [];
  for (let r = 0; r < count; r++) if (kinds[r] === WALL_PART_SOLID && starts[r + 1] - starts[r] >= 3) order.push(r);
  for (let r = 0; r < count; r++) if (kinds[r] === WALL_PART_HOLE && starts[r + 1] > starts[r]) order.push(r);
  for (let r = 0; r < count; r++) if (kinds[r] === WALL_PART_LINE && starts[r + 1] - starts[r] >= 2) order.push(r);
  let wallCount = 0;
  let sumLon = 0;
  let sumLat = 0;
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    const n = starts[r + 1] - starts[r];
    wallCount += kinds[r] === WALL_PART_LINE ? n - 1 : n;
    sumLon += ints[2 * starts[r]] / 1e7;
    sumLat += ints[2 * starts[r] + 1] / 1e7;
  }
  const frame = order.length ? new LocalFrame(sumLon / order.length, sumLat / order.length) : new LocalFrame(0, 0);
  // The solid rings come first, one wall per corner: where each footprint's walls start.
  let solids = 0;
  while (solids < order.length && kinds[order[solids]] === WALL_PART_SOLID) solids++;
  const ringStarts = new Uint32Array(solids + 1);
  for (let i = 0; i < solids; i++) ringStarts[i + 1] = ringStarts[i] + starts[order[i] + 1] - starts[order[i]];
  // The stored integers themselves (1e-7 degree, BuildingIndex.walls).
  const walls = new Int32Array(wallCount * 4);
  let w = 0;
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    const first = starts[r];
    const last = starts[r + 1] - 1;
    for (let k = first; k < last; k++) {
      walls[w++] = ints[2 * k];
      walls[w++] = ints[2 * k + 1];
      walls[w++] = ints[2 * k + 2];
      walls[w++] = ints[2 * k + 3];
    }
    if (kinds[r] !== WALL_PART_LINE) {
      walls[w++] = ints[2 * last];
      walls[w++] = ints[2 * last + 1];
      walls[w++] = ints[2 * first];
      walls[w++] = ints[2 * first + 1];
    }
  }
  const index: BuildingIndex = { frame, walls, wallCount, index: wallBoxIndex(walls, wallCount, frame), footprints: [], ringStarts };
  if (source === 'inferred') index.mountToleranceM = INFERRED_MOUNT_TOLERANCE_M;
  return index;
}

/**
 * The index's `footprints` rebuilt on first read, so the rings (≈ 5,000 arrays of small arrays for Toulouse) are
 * not held by an engine that only routes and scores (docs/routing.md, "The service worker's wake-up path"):
 * from the index's own walls (`ringStarts`: every index built from a stored layer or read from a wall index
 * file has them, so the engine need not keep the layer's bytes), else decoded again from `bytes`, the stored
 * layer it was built from.
 */
export function withLazyFootprints(index: BuildingIndex, bytes?: ArrayBuffer): BuildingIndex {
  if (index.ringStarts) return lazyFootprints(index, () => footprintsFromWalls(index));
  if (!bytes) throw new Error('a wall index without its footprint rings needs the stored layer');
  return lazyFromBytes(index, bytes);
}

/** Apart, so the closure above does not keep `bytes` alive (closures of one call share its variables). */
function lazyFromBytes(index: BuildingIndex, bytes: ArrayBuffer): BuildingIndex {
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
