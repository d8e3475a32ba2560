/**
 * Building footprints as an occlusion index: every wall (footprint edge) in a flatbush index over a local
 * metric frame, so the exposure engine can find the walls near a camera's sight lines in O(log n).
 * Walls are 2-D: a building hides everything behind it whatever its height (a camera on a 5 m pole does
 * not see over a 3-storey block; low buildings are the exception we accept).
 */
import Flatbush from 'flatbush';
import { LocalFrame } from '../geo/index.ts';
import { buildingRingsFromOsm } from '../sources/osm-buildings.ts';
import type { OsmData } from '../sources/osm-model.ts';

/** A closed ring of [lon, lat] degrees (first point repeated last, or not: both are accepted). */
export type FootprintRing = Array<[number, number]>;

export interface BuildingIndex {
  /** Frame the wall index is built in (metres east/north of its origin). */
  frame: LocalFrame;
  /** Wall endpoints in degrees, 4 numbers per wall: lon1, lat1, lon2, lat2. */
  walls: Float64Array;
  wallCount: number;
  /** Flatbush over the walls' boxes in `frame` metres; null when there are no walls. */
  index: Flatbush | null;
  /** The footprints themselves, for display clipping (coverage polygons). */
  footprints: FootprintRing[];
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
 * coordinates are skipped.
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
  const walls = new Float64Array(wallCount * 4);
  let w = 0;
  for (const r of [...kept, ...lines]) {
    for (let i = 1; i < r.length; i++) {
      walls[w++] = r[i - 1][0];
      walls[w++] = r[i - 1][1];
      walls[w++] = r[i][0];
      walls[w++] = r[i][1];
    }
  }
  return { frame, walls, wallCount, index: wallBoxIndex(walls, wallCount, frame), footprints: kept };
}

/**
 * The Flatbush over `wallCount` walls (4 numbers each: lon1, lat1, lon2, lat2 degrees), their boxes in `frame`
 * metres, added in wall order; null when there are none. The one way a wall index is built, so an index built
 * from the stored bytes (lib/walls `wallIndexFromBytes`) equals one built from decoded rings, byte for byte.
 */
export function wallBoxIndex(walls: Float64Array, wallCount: number, frame: LocalFrame): Flatbush | null {
  if (wallCount === 0) return null;
  const index = new Flatbush(wallCount);
  for (let i = 0; i < wallCount; i++) {
    const x1 = frame.x(walls[4 * i]);
    const y1 = frame.y(walls[4 * i + 1]);
    const x2 = frame.x(walls[4 * i + 2]);
    const y2 = frame.y(walls[4 * i + 3]);
    index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
  }
  index.finish();
  return index;
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
    mountToleranceM: index.mountToleranceM,
  };
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
