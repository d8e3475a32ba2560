/**
 * Wall rings meeting a box, for the overlay's line of sight and mask (`walls/inBBox`, docs/overlay.md
 * "Walls"): small answers, the rings of one stored wall layer whose extent meets the view, as flat
 * [lon, lat, lon, lat, …] arrays (open: the closing point is implied), and the layer's id so the overlay
 * keeps its visibility polygons while the layer stays the same.
 */
import { checkPlainObject, fail } from '../validate.ts';
import type { BBox } from '../geo/index.ts';
import { wallSourceOf, type WallSource } from './index.ts';

/** Most rings one answer carries: all of bundled Toulouse has 5,285. */
export const MAX_WALL_RINGS_PER_ANSWER = 8_000;

export interface WallsInBBox {
  /** The wall source of the stored walk graph that shows this view ('none' when no graph meets it). */
  source: WallSource;
  /** Rings as flat [lon, lat, …] degrees, open. Empty with `none`. */
  rings: number[][];
  /** More rings met the box than were sent (the overlay then masks none rather than some). */
  truncated: boolean;
  /**
   * The stored layer the rings come from (a new id per decoded layer, i.e. per graph version): two answers
   * with the same id hold the same walls wherever both boxes reach. Absent when no layer answered.
   */
  layer?: string;
}

/** A decoded wall layer with each ring's extent, for box queries. */
export interface WallLayer {
  /** Unique per decoded layer (see WallsInBBox.layer). */
  id: string;
  source: WallSource;
  rings: number[][];
  /** [west, south, east, north] per ring. */
  extents: Float64Array;
}

/** Closed [lon, lat] rings (decodeWalls) → a layer answering box queries. */
export function wallLayer(source: WallSource, closedRings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): WallLayer {
  const rings: number[][] = [];
  const extents = new Float64Array(4 * closedRings.length);
  let k = 0;
  for (const r of closedRings) {
    const n = r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1] ? r.length - 1 : r.length;
    if (n < 3) continue;
    const flat = new Array<number>(2 * n);
    let w = Infinity,
      s = Infinity,
      e = -Infinity,
      no = -Infinity;
    for (let i = 0; i < n; i++) {
      const [lon, lat] = r[i];
      flat[2 * i] = lon;
      flat[2 * i + 1] = lat;
      if (lon < w) w = lon;
      if (lon > e) e = lon;
      if (lat < s) s = lat;
      if (lat > no) no = lat;
    }
    extents.set([w, s, e, no], 4 * k++);
    rings.push(flat);
  }
  return { id: `${source}:${Date.now().toString(36)}:${++layerCount}`, source, rings, extents: extents.slice(0, 4 * k) };
}

let layerCount = 0;

/** The layer's rings meeting `bbox`, at most `limit`. */
export function wallsInBBox(layer: WallLayer | null, bbox: BBox, limit = MAX_WALL_RINGS_PER_ANSWER): WallsInBBox {
  if (!layer || layer.source === 'none') return { source: layer?.source ?? 'none', rings: [], truncated: false };
  const out: number[][] = [];
  const x = layer.extents;
  for (let i = 0; i < layer.rings.length; i++) {
    if (x[4 * i + 2] < bbox.west || x[4 * i] > bbox.east || x[4 * i + 3] < bbox.south || x[4 * i + 1] > bbox.north) continue;
    if (out.length >= limit) return { source: layer.source, rings: [], truncated: true, layer: layer.id };
    out.push(layer.rings[i]);
  }
  return { source: layer.source, rings: out, truncated: false, layer: layer.id };
}

/**
 * Checks a `walls/inBBox` answer as it arrives in a content script: a clear error on anything but the
 * documented shape (rings of at least three finite corners, an even count of numbers).
 */
export function parseWallsInBBox(value: unknown): WallsInBBox {
  const o = checkPlainObject(value, 'walls');
  if (o.source !== 'mapped' && o.source !== 'inferred' && o.source !== 'none') fail('walls.source', 'must be mapped, inferred or none');
  if (!Array.isArray(o.rings)) fail('walls.rings', 'must be an array');
  const rings = o.rings as unknown[];
  rings.forEach((r, i) => {
    if (!Array.isArray(r) || r.length < 6 || r.length % 2 !== 0 || !r.every((v) => typeof v === 'number' && Number.isFinite(v)))
      fail(`walls.rings[${i}]`, 'must be an even list of at least 6 finite numbers');
  });
  if (typeof o.truncated !== 'boolean') fail('walls.truncated', 'must be a boolean');
  if (o.layer !== undefined && typeof o.layer !== 'string') fail('walls.layer', 'must be a string');
  const answer: WallsInBBox = { source: wallSourceOf(o.source), rings: rings as number[][], truncated: o.truncated as boolean };
  if (typeof o.layer === 'string') answer.layer = o.layer;
  return answer;
}
