/**
 * Building footprints as an occlusion index: every wall (footprint edge) in a flatbush index over a local
 * metric frame, so the exposure engine can find the walls near a camera's sight lines in O(log n).
 * Walls are 2-D: a building hides everything behind it whatever its height (a camera on a 5 m pole does
 * not see over a 3-storey block; low buildings are the exception we accept).
 */
import type Flatbush from 'flatbush';
import { addOutward, float32Index } from '../geo/flatbush-search.ts';
import { LocalFrame } from '../geo/index.ts';
import { buildingRingsFromOsm } from '../sources/osm-buildings.ts';
import type { OsmData } from '../sources/osm-model.ts';

/**
 * Wall ends are held as integers of 1e-7 degree (≈ 1 cm), the very integers a stored wall layer keeps
 * (lib/walls/format.ts): 16 bytes a wall instead of 32. Read one as `walls[k] / WALL_UNITS_PER_DEGREE`,
 * exactly the wall layer decoder's arithmetic, so a wall read here is bit-identical to the decoded one.
 */
export const WALL_UNITS_PER_DEGREE = 1e7;

/** A closed ring of [lon, lat] degrees (first point repeated last, or not: both are accepted). */
export type FootprintRing = Array<[number, number]>;

export interface BuildingIndex {
  /** Frame the wall index is built in (metres east/north of its origin). */
  frame: LocalFrame;
  /**
   * Wall endpoints, 4 integers per wall: lon1, lat1, lon2, lat2 in 1e-7 degree (degrees = value /
   * WALL_UNITS_PER_DEGREE).
   */
  walls: Int32Array;
  wallCount: number;
  /**
   * Flatbush over the walls' boxes in `frame` metres, float32 rounded outward (lib/geo/flatbush-search.ts): a
   * search returns every wall whose exact box meets the query, and maybe a few more; null when there are no walls.
   */
  index: Flatbush | null;
  /** The footprints themselves, for display clipping (coverage polygons). */
  footprints: FootprintRing[];
  /**
   * Where the footprints are among the walls, when they are the first walls (an index built from a stored
   * layer, or read from a wall index file): footprint i is closed by walls ringStarts[i] … ringStarts[i + 1] − 1,
   * its corners their first ends. Lets `lazyFootprints` rebuild the rings from the walls alone.
   */
  ringStarts?: Uint32Array;
  /**
   * Walls closer than this to a camera are ignored (metres), when larger than the coverage config's
   * `mountToleranceM`: inferred walls (lib/walls) only approximate where the façade is.
   */
  mountToleranceM?: number;
}

/**
 * The footprints an index over these rings draws: the rings with at least 3 valid points, each closed
 * (first point repeated last). The one rule for which rings are walls, so a lazily re-decoded layer
 * (`lazyFootprints`) gives the same rings as the build did.
 */
export function keptFootprints(rings: FootprintRing[]): FootprintRing[] {
  const kept: FootprintRing[] = [];
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 3) continue;
    if (!ring.every(validPosition)) continue;
    const closed = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1];
    const r = closed ? ring : [...ring, ring[0]];
    if (r.length < 4) continue;
    kept.push(r);
  }
  return kept;
}

/**
 * An index over the given footprints (closed rings; also drawn as footprints) and extra wall lines (open
 * polylines, e.g. pieces of a multipolygon's outer ring). Rings with fewer than 3 points or bad
 * coordinates are skipped. The walls are quantised to 1e-7 degree as a stored wall layer is (≤ 5 mm; rings read
 * back from a stored layer are already on that grid, so they keep their exact values); the footprints, drawn
 * only, keep the given degrees.
 */
export function buildingIndexFromFootprints(rings: FootprintRing[], wallLines: FootprintRing[] = []): BuildingIndex {
  const kept = keptFootprints(rings);
  const lines = wallLines.filter((l) => Array.isArray(l) && l.length >= 2 && l.every(validPosition));
  let wallCount = 0;
  let sumLon = 0;
  let sumLat = 0;
  for (const r of [...kept, ...lines]) {
    wallCount += r.length - 1;
    sumLon += r[0][0];
    sumLat += r[0][1];
  }
  const parts = kept.length + lines.length;
  const frame = parts ? new LocalFrame(sumLon / parts, sumLat / parts) : new LocalFrame(0, 0);
  const walls = new Int32Array(wallCount * 4);
  const q = (degrees: number) => Math.round(degrees * WALL_UNITS_PER_DEGREE);
  let w = 0;
  for (const r of [...kept, ...lines]) {
    for (let i = 1; i < r.length; i++) {
      walls[w++] = q(r[i - 1][0]);
      walls[w++] = q(r[i - 1][1]);
      walls[w++] = q(r[i][0]);
      walls[w++] = q(r[i][1]);
    }
  }
  return { frame, walls, wallCount, index: wallBoxIndex(walls, wallCount, frame), footprints: kept };
}

/**
 * The Flatbush over `wallCount` walls (4 integers each: lon1, lat1, lon2, lat2 in 1e-7 degree), their boxes in
 * `frame` metres, added in wall order; null when there are none. The one way a wall index is built, so an index
 * built from the stored bytes (lib/walls `wallIndexFromBytes`) equals one built from decoded rings, byte for byte.
 */
export function wallBoxIndex(walls: Int32Array, wallCount: number, frame: LocalFrame): Flatbush | null {
  if (wallCount === 0) return null;
  const index = float32Index(wallCount);
  const box = new Float64Array(4);
  for (let i = 0; i < wallCount; i++) {
    wallBox(walls, i, frame, box);
    addOutward(index, box[0], box[1], box[2], box[3]);
  }
  index.finish();
  return index;
}

/** Wall i's box in `frame` metres into `out`: minX, minY, maxX, maxY (the one arithmetic for its box). */
function wallBox(walls: Int32Array, i: number, frame: LocalFrame, out: Float64Array): void {
  const x1 = frame.x(walls[4 * i] / WALL_UNITS_PER_DEGREE);
  const y1 = frame.y(walls[4 * i + 1] / WALL_UNITS_PER_DEGREE);
  const x2 = frame.x(walls[4 * i + 2] / WALL_UNITS_PER_DEGREE);
  const y2 = frame.y(walls[4 * i + 3] / WALL_UNITS_PER_DEGREE);
  out[0] = Math.min(x1, x2);
  out[1] = Math.min(y1, y2);
  out[2] = Math.max(x1, x2);
  out[3] = Math.max(y1, y2);
}

/**
 * The walls whose exact box (in `b.frame` metres, as `wallBoxIndex` computes it) meets [minX, maxX] ×
 * [minY, maxY], ascending: the index's candidates without the few its float32 boxes add, so what is drawn does
 * not depend on how the tree is stored. (The scorer's hot path keeps the raw candidates: its shadow test is exact
 * and an extra wall, outside the query box, casts no shadow into it.)
 */
export function wallsInBox(b: BuildingIndex, minX: number, minY: number, maxX: number, maxY: number): number[] {
  if (!b.index) return [];
  const out: number[] = [];
  const box = new Float64Array(4);
  for (const i of b.index.search(minX, minY, maxX, maxY)) {
    wallBox(b.walls, i, b.frame, box);
    if (box[0] > maxX || box[2] < minX || box[1] > maxY || box[3] < minY) continue;
    out.push(i);
  }
  return out.sort((a, c) => a - c);
}

/**
 * The same index with lazy `footprints`: computed by `rings()` on first read, then kept. Only display
 * clipping (coverage polygons) reads the footprints; routing and scoring use the walls and the Flatbush, so
 * an engine need not hold every ring as JS arrays (lib/walls `storedWallIndex`, docs/routing.md). A new
 * object with the getter in its literal (redefining a property of the given one would put it in V8's slow
 * dictionary mode, and the scorer reads these fields on its hot path).
 */
export function lazyFootprints(index: BuildingIndex, rings: () => FootprintRing[]): BuildingIndex {
  let cached: FootprintRing[] | undefined;
  return {
    frame: index.frame,
    walls: index.walls,
    wallCount: index.wallCount,
    index: index.index,
    get footprints() {
      cached ??= keptFootprints(rings());
      return cached;
    },
    ringStarts: index.ringStarts,
    mountToleranceM: index.mountToleranceM,
  };
}

/**
 * The footprint rings of an index that carries `ringStarts`, rebuilt from its walls: each ring's corners are
 * its walls' first ends in degrees (`/ WALL_UNITS_PER_DEGREE`, the wall layer decoder's arithmetic), closed by
 * the first corner again: for an index built from a stored layer, exactly the solid rings its decoder gives.
 */
export function footprintsFromWalls(index: BuildingIndex): FootprintRing[] {
  const starts = index.ringStarts;
  if (!starts) throw new Error('this wall index does not say where its footprints are');
  const w = index.walls;
  const rings: FootprintRing[] = [];
  for (let r = 0; r + 1 < starts.length; r++) {
    const ring: FootprintRing = [];
    for (let k = starts[r]; k < starts[r + 1]; k++) ring.push([w[4 * k] / WALL_UNITS_PER_DEGREE, w[4 * k + 1] / WALL_UNITS_PER_DEGREE]);
    if (ring.length > 0) ring.push([ring[0][0], ring[0][1]]);
    rings.push(ring);
  }
  return rings;
}

function validPosition(p: unknown): p is [number, number] {
  return Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

/**
 * Footprints of the extract's blocking buildings (lib/sources/osm-buildings.ts): closed building ways and
 * the outer rings of multipolygon buildings; their inner rings (courtyards) and cut-off member ways are
 * walls only.
 */
export function buildingIndexFromOsm(osm: OsmData): BuildingIndex {
  const b = buildingRingsFromOsm(osm);
  return buildingIndexFromFootprints(b.rings, [...b.holes.flat(), ...b.lines]);
}
