/**
 * The overlay's line of sight (docs/overlay.md "Walls"): each drawn camera's coverage at each tier, clipped
 * by the walls of the `walls/inBBox` answer as the exposure engine clips it (lib/exposure/visibility.ts).
 * Polygons are computed on first draw and kept per camera while the wall layer stays the same, so a drag
 * or a zoom only projects and fills them.
 */
import { DEFAULT_COVERAGE } from '../../lib/cameras/coverage.ts';
import { buildingIndexFromFootprints, type BuildingIndex } from '../../lib/exposure/buildings.ts';
import { visibilityRings, wallsNear, type SightRing } from '../../lib/exposure/visibility.ts';
import { projectPoints, type MapFrame } from '../../lib/sites/projection.ts';
import type { BBox } from '../../lib/geo/index.ts';
import { wallIndex } from '../../lib/walls/index.ts';
import type { WallsInBBox } from '../../lib/walls/view.ts';
import type { CameraSet } from './camera-set.ts';

/** Cached cameras before the cache is emptied (a long session panning across a city). */
const MAX_CACHED = 20_000;
/** Metres per degree of latitude, a lower bound (for the "is the camera's reach inside the box" check). */
const M_PER_DEG = 111_000;

/**
 * Per tier: the rings to fill, or null for the plain disc or wedge (no wall within reach). Each ring is its
 * corners in world units (Web Mercator, the whole world 1 × 1: x then y), so a frame only scales and shifts
 * them (`toFrame`).
 */
export type CameraSight = Array<Float64Array[] | null>;

/** The frame whose container px are world units (256 × 2^-8 = 1 px per world). */
const WORLD: MapFrame = { zoom: -8, left: 0, top: 0, width: 1, height: 1 };

function toWorld(r: SightRing): Float64Array {
  const out = new Float64Array(2 * r.lons.length);
  projectPoints(WORLD, r.lons, r.lats, out);
  return out;
}

/** World-unit ring corners → container CSS px of `frame` × `scale`, into `out`. */
export function toFrame(world: Float64Array, frame: MapFrame, scale: number, out: Float64Array): void {
  const k = 256 * 2 ** frame.zoom;
  for (let i = 0; i < world.length; i += 2) {
    out[i] = (world[i] * k - frame.left) * scale;
    out[i + 1] = (world[i + 1] * k - frame.top) * scale;
  }
}

export class SightLines {
  private index: BuildingIndex | null = null;
  private tolerance = DEFAULT_COVERAGE.mountToleranceM;
  private bbox: BBox | null = null;
  private layer: string | null = null;
  private readonly cache = new Map<string, CameraSight>();
  private keys = new WeakMap<CameraSet, string[]>();
  /** Cameras computed so far (for tests and the bench). */
  computed = 0;
  /**
   * Most time (ms) one redraw spends computing polygons (see `beginFrame`); past it, uncached cameras are
   * drawn plain (their whole cone: an overestimate, never a false "unseen") and counted in `pending`, and the
   * overlay redraws again soon. Infinity (the default) computes everything at once.
   */
  budgetMs = Infinity;
  /** Cameras drawn plain in the current redraw because the budget ran out. */
  pending = 0;
  private frameStart = 0;
  private frameComputed = 0;

  /** A redraw starts: its budget runs from now. */
  beginFrame(): void {
    this.pending = 0;
    this.frameComputed = 0;
    this.frameStart = performance.now();
  }

  /** A new walls answer for `bbox`: the cache survives when it comes from the same stored layer. */
  update(answer: WallsInBBox | null, bbox: BBox): void {
    const rings = answer && answer.source !== 'none' && !answer.truncated ? answer.rings : [];
    const layer = rings.length && answer?.layer ? answer.layer : null;
    if (layer === null || layer !== this.layer) this.cache.clear();
    this.layer = layer;
    this.bbox = bbox;
    if (!rings.length) {
      this.index = null;
      return;
    }
    const closed = rings.map((r) => {
      const ring: Array<[number, number]> = [];
      for (let k = 0; k < r.length; k += 2) ring.push([r[k], r[k + 1]]);
      return ring;
    });
    this.index = answer?.source === 'inferred' ? wallIndex(closed) : buildingIndexFromFootprints(closed);
    this.tolerance = Math.max(DEFAULT_COVERAGE.mountToleranceM, this.index.mountToleranceM ?? 0);
  }

  /** What camera `i` of `set` sees at each tier; every entry null without walls. */
  of(set: CameraSet, i: number): CameraSight | null {
    if (!this.index) return null;
    let keys = this.keys.get(set);
    if (!keys) {
      keys = new Array<string>(set.cameras.length);
      this.keys.set(set, keys);
    }
    let key = keys[i];
    if (key === undefined) {
      const c = set.cameras[i];
      const cov = set.coverage[i];
      key = `${c.id}|${c.lon}|${c.lat}|${cov.radii.join(',')}|${cov.sectors === 'disc' ? 'disc' : cov.sectors.map((s) => `${s.centre}/${s.width}`).join(',')}`;
      keys[i] = key;
    }
    const hit = this.cache.get(key);
    if (hit) return hit;
    // Past the budget (and at least one camera computed in this redraw, so every redraw makes progress).
    if (this.budgetMs !== Infinity && this.frameComputed > 0 && performance.now() - this.frameStart > this.budgetMs) {
      this.pending++;
      return null;
    }
    this.frameComputed++;
    const lon = set.lons[i];
    const lat = set.lats[i];
    const cov = set.coverage[i];
    const near = wallsNear(lon, lat, cov.radii[2], this.index, this.tolerance);
    const sight: CameraSight = near ? visibilityRings(near, cov.radii, cov.sectors).map((rs) => rs.map(toWorld)) : [null, null, null];
    this.computed++;
    // Cache only what the answer fully covers: every wall within reach of the camera came with it.
    const reach = cov.radii[2] / M_PER_DEG;
    const b = this.bbox;
    const lonReach = reach / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    if (b && lon - lonReach > b.west && lon + lonReach < b.east && lat - reach > b.south && lat + reach < b.north) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(key, sight);
    }
    return sight;
  }
}
