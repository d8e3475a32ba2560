/**
 * How far the street map of a view can be trusted, from what the store already holds (no network):
 * - cameras far from any walkable way: a camera more than `FAR_FROM_STREET_M` (40 m) from every walkable
 *   edge of the walk graph films a street the graph does not have (a street is missing, or the graph is a
 *   stale map). Cameras inside buildings' courtyards may trip it too; at 40 m, Toulouse's teaching graph
 *   flags the hyper-centre while a current OSM district flags almost nothing.
 * - cameras without a known direction: their coverage is a full disc, so exposure is overestimated there.
 * The note is shown when at least one camera is far from every street, or when at least half of at least
 * five cameras have no direction (docs/data-updates.md, "Data quality"). Pure; no browser globals.
 */
import Flatbush from 'flatbush';
import { distanceToSegment } from '../geo/segment.ts';

export const FAR_FROM_STREET_M = 40;
export const UNKNOWN_DIRECTION_SHARE = 0.5;
export const MIN_CAMERAS_FOR_DIRECTION_NOTE = 5;

const M_PER_DEG = 111_320;

export interface QualityCamera {
  id: string;
  lon: number;
  lat: number;
  directions: readonly number[];
}

export interface DistrictQuality {
  cameras: number;
  /** Cameras farther than the threshold from every walkable edge (ids, file order). */
  farFromStreet: string[];
  withoutDirection: number;
  /** withoutDirection / cameras (0 when there is none). */
  withoutDirectionShare: number;
  /** True when the note should be shown (see the module comment). */
  flagged: boolean;
}

/**
 * `streets`: walkable edges as flat [lon, lat, lon, lat, …] polylines (the `streets/inBBox` answer, asked with
 * a margin of at least `farMetres` around the cameras, so an edge just outside the view counts).
 */
export function districtQuality(
  cameras: readonly QualityCamera[],
  streets: ReadonlyArray<{ coords: readonly number[] }>,
  farMetres = FAR_FROM_STREET_M,
): DistrictQuality {
  const segs: number[] = [];
  for (const s of streets)
    for (let i = 0; i + 3 < s.coords.length; i += 2) segs.push(s.coords[i], s.coords[i + 1], s.coords[i + 2], s.coords[i + 3]);
  const count = segs.length / 4;
  let index: Flatbush | null = null;
  if (count > 0) {
    index = new Flatbush(count);
    for (let k = 0; k < count; k++) {
      const [a, b, c, d] = [segs[4 * k], segs[4 * k + 1], segs[4 * k + 2], segs[4 * k + 3]];
      index.add(Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d));
    }
    index.finish();
  }
  const farFromStreet: string[] = [];
  let withoutDirection = 0;
  for (const cam of cameras) {
    if (cam.directions.length === 0) withoutDirection++;
    const ky = M_PER_DEG;
    const kx = M_PER_DEG * Math.cos((cam.lat * Math.PI) / 180);
    const padLat = farMetres / ky;
    const padLon = farMetres / Math.max(1, kx);
    let near = false;
    if (index) {
      for (const k of index.search(cam.lon - padLon, cam.lat - padLat, cam.lon + padLon, cam.lat + padLat)) {
        const px = (segs[4 * k] - cam.lon) * kx;
        const py = (segs[4 * k + 1] - cam.lat) * ky;
        const qx = (segs[4 * k + 2] - cam.lon) * kx;
        const qy = (segs[4 * k + 3] - cam.lat) * ky;
        if (distanceToSegment(px, py, qx, qy) <= farMetres) {
          near = true;
          break;
        }
      }
    }
    if (!near) farFromStreet.push(cam.id);
  }
  const n = cameras.length;
  const share = n > 0 ? withoutDirection / n : 0;
  const flagged = farFromStreet.length > 0 || (n >= MIN_CAMERAS_FOR_DIRECTION_NOTE && share >= UNKNOWN_DIRECTION_SHARE);
  return { cameras: n, farFromStreet, withoutDirection, withoutDirectionShare: share, flagged };
}
