/**
 * Wall rings meeting a box, for the overlay's coverage mask (`walls/inBBox`, docs/overlay.md "Walls"):
 * small answers, the rings of one stored wall layer whose extent meets the view, as flat
 * [lon, lat, lon, lat, …] arrays (open: the closing point is implied).
 */
import type { BBox } from '../geo/index.ts';
import type { WallSource } from './index.ts';

/** Most rings one answer carries: all of bundled Toulouse has 5,214. */
export const MAX_WALL_RINGS_PER_ANSWER = 8_000;

export interface WallsInBBox {
  /** The wall source of the stored walk graph that shows this view ('none' when no graph meets it). */
  source: WallSource;
  /** Rings as flat [lon, lat, …] degrees, open. Empty with `none`. */
  rings: number[][];
  /** More rings met the box than were sent (the overlay then masks none rather than some). */
  truncated: boolean;
}

/** A decoded wall layer with each ring's extent, for box queries. */
export interface WallLayer {
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
  return { source, rings, extents: extents.slice(0, 4 * k) };
}

/** The layer's rings meeting `bbox`, at most `limit`. */
export function wallsInBBox(layer: WallLayer | null, bbox: BBox, limit = MAX_WALL_RINGS_PER_ANSWER): WallsInBBox {
  if (!layer || layer.source === 'none') return { source: layer?.source ?? 'none', rings: [], truncated: false };
  const out: number[][] = [];
  const x = layer.extents;
  for (let i = 0; i < layer.rings.length; i++) {
    if (x[4 * i + 2] < bbox.west || x[4 * i] > bbox.east || x[4 * i + 3] < bbox.south || x[4 * i + 1] > bbox.north) continue;
    if (out.length >= limit) return { source: layer.source, rings: [], truncated: true };
    out.push(layer.rings[i]);
  }
  return { source: layer.source, rings: out, truncated: false };
}
