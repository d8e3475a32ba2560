/**
 * An in-memory spatial index of cameras (flatbush over lon/lat degrees), built once when the background
 * loads the store and rebuilt when the cameras change. It answers the overlay's "cameras in this view"
 * and "cameras near this point" without touching IndexedDB.
 */
import Flatbush from 'flatbush';
import { EARTH_RADIUS_M, haversineMetres, type BBox } from '../geo/index.ts';
import { isCameraActive, type Camera } from './types.ts';

const RAD = Math.PI / 180;

export interface CameraNear {
  camera: Camera;
  /** Great-circle distance from the query point, in metres. */
  distanceMetres: number;
}

export class CameraIndex {
  /** The indexed cameras, in index order (flatbush item i = cameras[i]). */
  readonly cameras: readonly Camera[];
  private readonly tree: Flatbush | null;

  /**
   * Indexes the cameras active at `now` (temporary cameras whose `expires` has passed are left out).
   * Pass bundled and user cameras together.
   */
  constructor(cameras: Iterable<Camera>, now: Date = new Date()) {
    const active: Camera[] = [];
    for (const c of cameras) if (isCameraActive(c, now)) active.push(c);
    this.cameras = active;
    // Flatbush refuses an empty index; an empty store (first start before seeding) is legitimate.
    if (active.length === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(active.length);
    for (const c of active) tree.add(c.lon, c.lat, c.lon, c.lat);
    tree.finish();
    this.tree = tree;
  }

  get size(): number {
    return this.cameras.length;
  }

  /**
   * Cameras inside `bbox` (degrees, edges included), at most `limit` of them, in index order (spatially
   * clustered, so a truncated answer still covers parts of the view evenly rather than one corner).
   */
  inBBox(bbox: BBox, limit = Infinity): Camera[] {
    if (!this.tree || limit <= 0) return [];
    const out: Camera[] = [];
    this.tree.search(bbox.west, bbox.south, bbox.east, bbox.north, (i) => {
      if (out.length < limit) out.push(this.cameras[i]);
      return false; // collect here instead of in flatbush's result array
    });
    return out;
  }

  /** How many cameras lie inside `bbox`, without building the list. */
  countInBBox(bbox: BBox): number {
    if (!this.tree) return 0;
    let n = 0;
    this.tree.search(bbox.west, bbox.south, bbox.east, bbox.north, () => {
      n++;
      return false;
    });
    return n;
  }

  /** Cameras within `radiusMetres` (great-circle) of (lon, lat), nearest first. */
  near(lon: number, lat: number, radiusMetres: number): CameraNear[] {
    if (!this.tree || !(radiusMetres >= 0)) return [];
    // A bbox that contains the circle: degrees of latitude are uniform; longitude shrinks with cos(lat).
    const dLat = radiusMetres / (EARTH_RADIUS_M * RAD);
    const cosLat = Math.cos(Math.min(89.9, Math.abs(lat) + dLat) * RAD);
    const dLon = Math.min(180, dLat / Math.max(cosLat, 1e-6));
    const found: CameraNear[] = [];
    this.tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, (i) => {
      const camera = this.cameras[i];
      const d = haversineMetres(lon, lat, camera.lon, camera.lat);
      if (d <= radiusMetres) found.push({ camera, distanceMetres: d });
      return false;
    });
    return found.sort((a, b) => a.distanceMetres - b.distanceMetres);
  }
}
