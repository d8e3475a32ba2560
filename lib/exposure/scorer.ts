/**
 * The exposure engine: how many metres of a polyline each coverage tier sees, analytically.
 *
 * For each segment of the line, in a local equirectangular frame around the segment (metres, x east,
 * y north; exact to < 0.1 % over the few hundred metres a camera sees):
 * 1. a flatbush index over the cameras' observation boxes gives the candidate cameras;
 * 2. for each, the parameter range t ∈ [0, 1] inside each tier's disc is the solution of a quadratic;
 * 3. a sector camera's wedge (split into pieces ≤ 180°) clips that range with two half-planes;
 * 4. with buildings, each wall near the camera casts an exact "shadow" range (three half-planes: between
 *    the rays to its ends, beyond its line), and the shadows are cut out of the range;
 * 5. a sweep over all cameras' range ends gives, per elementary piece, the best tier seen by any camera
 *    (tiers are disjoint bands: identification beats recognition beats observation) and the largest
 *    weight (tier weight × camera weight) for the routing cost.
 * No polygon is built or clipped, and nothing is allocated per call once the scratch buffers are warm.
 */
import { EARTH_RADIUS_M } from '../geo/index.ts';
import { addOutward, Float32TreeSearch, float32Index } from '../geo/flatbush-search.ts';
import { clipShadow, clipWedge, distanceToSegment, segmentInDisc } from '../geo/segment.ts';
import { coverageOf, resolveCoverageConfig, type CoverageConfig } from '../cameras/coverage.ts';
import { isCameraActive, type Camera } from '../cameras/types.ts';
import type { ExposureOptions, ExposureScorer } from './api.ts';
import type { BuildingIndex } from './buildings.ts';
import { ProfileRecorder, validateLine, type ExposureProfile } from './profile.ts';
import { growF, growI, sortEvents, subtractRanges, unionRanges } from './ranges.ts';

const RAD = Math.PI / 180;
/** Metres per degree of latitude (and of longitude at the equator) on the mean sphere turf also uses. */
const M_PER_DEG = EARTH_RADIUS_M * RAD;

export function createExposureScorer(cameras: Camera[], opts: ExposureOptions = {}): ExposureScorer {
  return new AnalyticExposureScorer(cameras, opts);
}

class AnalyticExposureScorer implements ExposureScorer {
  readonly cameras: Camera[];
  readonly config: CoverageConfig;
  private readonly camLon: Float64Array;
  private readonly camLat: Float64Array;
  /** 3 radii per camera (metres). */
  private readonly camR: Float64Array;
  /** Weight class per camera: 0 person camera (weight 1), 1 vehicle camera. */
  private readonly camCls: Uint8Array;
  /** CSR offsets into `wedges`; no wedge = disc. */
  private readonly wedgeStart: Int32Array;
  /** 4 numbers per wedge piece (≤ 180°): start unit vector U, end unit vector V (clockwise U → V). */
  private readonly wedges: Float64Array;
  /** Search over the camera index in degrees (lon, lat): no single frame, so cameras anywhere on Earth index correctly. */
  private readonly camSearch: Float32TreeSearch | null;
  private readonly pad: number;
  private readonly buildings: BuildingIndex | null;
  /** Search over the buildings' wall index (each tree gets its own search: lib/geo/flatbush-search.ts). */
  private readonly wallSearch: Float32TreeSearch | null;
  /** Weight of each (tier, class) category: tierWeight × classWeight. */
  private readonly catWeight: Float64Array;

  // Scratch buffers, grown on demand, reused by every call.
  private readonly tmp = new Float64Array(2);
  private evT = new Float64Array(256);
  private evC = new Int32Array(256);
  private nev = 0;
  private readonly counts = new Int32Array(6);
  private ang = new Float64Array(16);
  // Sized past what Toulouse's inferred walls need (41 shadows at most on one piece): growing one of these in
  // the middle of the pipeline's one cold run deoptimised the scoring loop and sent it back to the interpreter.
  private occ = new Float64Array(256);
  private vis = new Float64Array(256);
  /** Record mode (profile): per-camera pieces [cam, t0, t1, tier] and sweep pieces [t0, t1, tier]. */
  private recording = false;
  recCam: number[] = [];
  recPiece: number[] = [];

  constructor(cameras: Camera[], opts: ExposureOptions) {
    this.config = resolveCoverageConfig(opts.config);
    const now = opts.now ?? new Date();
    const includeVehicles = opts.includeVehicleCameras ?? true;
    const kept: Camera[] = [];
    const coverages = [];
    for (const c of cameras) {
      if (!Number.isFinite(c.lon) || !Number.isFinite(c.lat) || Math.abs(c.lat) > 90) continue;
      if (!isCameraActive(c, now)) continue;
      const cov = coverageOf(c, this.config);
      const vehicle = this.config.kinds[c.kind]?.vehicle ?? false;
      if (vehicle && (!includeVehicles || cov.weight <= 0)) continue;
      if (cov.radii[2] <= 0) continue;
      kept.push(c);
      coverages.push({ cov, vehicle });
    }
    this.cameras = kept;
    const n = kept.length;
    this.camLon = new Float64Array(n);
    this.camLat = new Float64Array(n);
    this.camR = new Float64Array(3 * n);
    this.camCls = new Uint8Array(n);
    this.wedgeStart = new Int32Array(n + 1);
    const wedgeList: number[] = [];
    let maxR = 0;
    for (let i = 0; i < n; i++) {
      const { cov, vehicle } = coverages[i];
      this.camLon[i] = kept[i].lon;
      this.camLat[i] = kept[i].lat;
      this.camR[3 * i] = cov.radii[0];
      this.camR[3 * i + 1] = cov.radii[1];
      this.camR[3 * i + 2] = cov.radii[2];
      maxR = Math.max(maxR, cov.radii[2]);
      this.camCls[i] = vehicle ? 1 : 0;
      if (cov.sectors !== 'disc') {
        for (const s of cov.sectors) {
          const a = s.centre - s.width / 2;
          const pieces =
            s.width <= 180
              ? [[a, a + s.width]]
              : [
                  [a, s.centre],
                  [s.centre, a + s.width],
                ];
          for (const [from, to] of pieces) {
            wedgeList.push(Math.sin(from * RAD), Math.cos(from * RAD), Math.sin(to * RAD), Math.cos(to * RAD));
          }
        }
      }
      this.wedgeStart[i + 1] = wedgeList.length / 4;
    }
    this.wedges = Float64Array.from(wedgeList);
    // Candidates are found in degrees, each query padded by the reach converted at the query's most
    // poleward latitude (docs/routing.md "Far-apart areas"): one local frame for the whole set mis-scaled
    // east–west distances far from its mean latitude and lost cameras in reach (±4° already did).
    this.pad = maxR * 1.02 + 1;
    if (n > 0) {
      // Float32 like the wall index, searched by the same float32-only routine (lib/geo/flatbush-search.ts:
      // a float64 camera tree beside a float32 wall tree cost ≈ 40 % of the scoring time when both went
      // through one search). A camera's box grows by < 1 µ° at most: extra candidates fail the exact disc test below.
      const index = float32Index(n);
      for (let i = 0; i < n; i++) addOutward(index, this.camLon[i], this.camLat[i], this.camLon[i], this.camLat[i]);
      index.finish();
      this.camSearch = new Float32TreeSearch(index);
    } else {
      this.camSearch = null;
    }
    this.buildings = opts.buildings?.index ? opts.buildings : null;
    this.wallSearch = this.buildings ? new Float32TreeSearch(this.buildings.index!) : null;
    const w = this.config.tierWeights;
    const clsW = [1, this.config.vehicleCameraWeight];
    this.catWeight = new Float64Array(6);
    for (let t = 0; t < 3; t++) for (let c = 0; c < 2; c++) this.catWeight[t * 2 + c] = w[t] * clsW[c];
  }

  scoreTiers(lons: ArrayLike<number>, lats: ArrayLike<number>, out: Float64Array = new Float64Array(4)): Float64Array {
    out[0] = out[1] = out[2] = out[3] = 0;
    const m = Math.min(lons.length, lats.length);
    for (let i = 1; i < m; i++) this.segment(lons[i - 1], lats[i - 1], lons[i], lats[i], out, 0);
    return out;
  }

  camerasSeeing(coords: Array<[number, number]>): string[] {
    return this.profile(coords).cameras.map((c) => c.id);
  }

  profile(coords: Array<[number, number]>): ExposureProfile {
    validateLine(coords);
    const acc = new Float64Array(4);
    const recorder = new ProfileRecorder();
    let along = 0;
    this.recording = true;
    try {
      for (let i = 1; i < coords.length; i++) {
        const [lonA, latA] = coords[i - 1];
        const [lonB, latB] = coords[i];
        this.recCam.length = 0;
        this.recPiece.length = 0;
        const L = this.segment(lonA, latA, lonB, latB, acc, along);
        recorder.addSegment(this.recCam, this.recPiece, along, L, lonA, latA, lonB, latB);
        along += L;
      }
    } finally {
      this.recording = false;
    }
    return recorder.finish(this.cameras, acc, along);
  }

  /**
   * Score one segment A→B (degrees) into acc [id, rec, obs, weighted] (metres); returns its length (metres).
   * `_along` is unused by the arithmetic; recording mode stores t-ranges the caller converts.
   */
  private segment(lonA: number, latA: number, lonB: number, latB: number, acc: Float64Array, _along: number): number {
    const kx = M_PER_DEG * Math.cos(((latA + latB) / 2) * RAD);
    const ky = M_PER_DEG;
    const dx = (lonB - lonA) * kx;
    const dy = (latB - latA) * ky;
    const L = Math.sqrt(dx * dx + dy * dy);
    // Zero-length, NaN or infinite segments (bad input on the hot path, which does not validate) score 0.
    if (!(L > 0 && L < Infinity)) return 0;
    const camSearch = this.camSearch;
    if (camSearch === null) return L;
    const pad = this.pad;
    const padLat = pad / M_PER_DEG;
    const poleward = Math.min(89.9, Math.max(Math.abs(latA), Math.abs(latB)) + padLat);
    const padLon = pad / (M_PER_DEG * Math.cos(poleward * RAD));
    const found = camSearch.search(
      Math.min(lonA, lonB) - padLon,
      Math.min(latA, latB) - padLat,
      Math.max(lonA, lonB) + padLon,
      Math.max(latA, latB) + padLat,
    );
    if (found === 0) return L;
    const ids = camSearch.ids;
    const tmp = this.tmp;
    const camR = this.camR;
    this.nev = 0;
    for (let q = 0; q < found; q++) {
      const j = ids[q];
      // A relative to the camera C, in the segment's frame.
      const rx = (lonA - this.camLon[j]) * kx;
      const ry = (latA - this.camLat[j]) * ky;
      if (!segmentInDisc(rx, ry, dx, dy, 0, 0, camR[3 * j + 2], 0, 1, tmp)) continue;
      const a2 = tmp[0];
      const b2 = tmp[1];
      let a1: number, b1: number, a0: number, b0: number;
      if (segmentInDisc(rx, ry, dx, dy, 0, 0, camR[3 * j + 1], a2, b2, tmp)) {
        a1 = tmp[0];
        b1 = tmp[1];
        if (segmentInDisc(rx, ry, dx, dy, 0, 0, camR[3 * j], a1, b1, tmp)) {
          a0 = tmp[0];
          b0 = tmp[1];
        } else a0 = b0 = (a1 + b1) / 2;
      } else a1 = b1 = a0 = b0 = (a2 + b2) / 2;

      // Angular pieces: the wedges' ranges within [a2, b2], merged (a sector > 180° is two touching wedges).
      let nAng = 0;
      const w0 = this.wedgeStart[j];
      const w1 = this.wedgeStart[j + 1];
      if (w0 === w1) {
        this.ang[0] = a2;
        this.ang[1] = b2;
        nAng = 1;
      } else {
        const W = this.wedges;
        for (let w = w0; w < w1; w++) {
          tmp[0] = a2;
          tmp[1] = b2;
          if (clipWedge(rx, ry, dx, dy, W[4 * w], W[4 * w + 1], W[4 * w + 2], W[4 * w + 3], tmp)) {
            if (2 * nAng + 2 > this.ang.length) this.ang = growF(this.ang);
            this.ang[2 * nAng] = tmp[0];
            this.ang[2 * nAng + 1] = tmp[1];
            nAng++;
          }
        }
        if (nAng === 0) continue;
        nAng = unionRanges(this.ang, nAng);
      }
      for (let p = 0; p < nAng; p++) {
        const j0 = this.ang[2 * p];
        const j1 = this.ang[2 * p + 1];
        if (this.buildings === null) {
          this.emitTiers(j, j0, j1, a2, a1, a0, b0, b1, b2);
        } else {
          const nVis = this.visibleRanges(lonA, latA, kx, ky, rx, ry, dx, dy, j, j0, j1);
          for (let v = 0; v < nVis; v++) {
            this.emitTiers(j, this.vis[2 * v], this.vis[2 * v + 1], a2, a1, a0, b0, b1, b2);
          }
        }
      }
    }
    this.sweep(L, acc);
    return L;
  }

  /** Push the five nested tier pieces of camera j (obs, rec, id, rec, obs), clipped to [v0, v1]. */
  private emitTiers(j: number, v0: number, v1: number, a2: number, a1: number, a0: number, b0: number, b1: number, b2: number): void {
    const cls = this.camCls[j];
    this.emit(j, v0, v1, a2, a1, 2, cls);
    this.emit(j, v0, v1, a1, a0, 1, cls);
    this.emit(j, v0, v1, a0, b0, 0, cls);
    this.emit(j, v0, v1, b0, b1, 1, cls);
    this.emit(j, v0, v1, b1, b2, 2, cls);
  }

  private emit(j: number, v0: number, v1: number, p0: number, p1: number, tier: number, cls: number): void {
    const t0 = p0 > v0 ? p0 : v0;
    const t1 = p1 < v1 ? p1 : v1;
    if (!(t1 > t0)) return;
    if (this.nev + 2 > this.evT.length) {
      this.evT = growF(this.evT);
      this.evC = growI(this.evC);
    }
    const cat = tier * 2 + cls;
    this.evT[this.nev] = t0;
    this.evC[this.nev++] = cat * 2;
    this.evT[this.nev] = t1;
    this.evC[this.nev++] = cat * 2 + 1;
    if (this.recording) this.recCam.push(j, t0, t1, tier);
  }

  /**
   * The parts of [j0, j1] camera j sees past the building walls, into `vis`; returns their count.
   * Exact: each wall's shadow is a t-range (see clipShadow); shadows are merged and cut out.
   */
  private visibleRanges(
    lonA: number,
    latA: number,
    kx: number,
    ky: number,
    rx: number,
    ry: number,
    dx: number,
    dy: number,
    j: number,
    j0: number,
    j1: number,
  ): number {
    const b = this.buildings!;
    const cLon = this.camLon[j];
    const cLat = this.camLat[j];
    // Bounding box of the triangle camera – S(j0) – S(j1), in degrees, then in the wall index frame.
    const s0Lon = lonA + (dx * j0) / kx;
    const s0Lat = latA + (dy * j0) / ky;
    const s1Lon = lonA + (dx * j1) / kx;
    const s1Lat = latA + (dy * j1) / ky;
    const bf = b.frame;
    const x0 = bf.x(Math.min(cLon, s0Lon, s1Lon));
    const x1 = bf.x(Math.max(cLon, s0Lon, s1Lon));
    const y0 = bf.y(Math.min(cLat, s0Lat, s1Lat));
    const y1 = bf.y(Math.max(cLat, s0Lat, s1Lat));
    // Candidates: every wall whose box meets the triangle's box (+ 0.5 m), and maybe a few more (float32 boxes,
    // lib/geo/flatbush-search.ts); clipShadow is the exact test, and a wall off the box casts no shadow into it.
    const wallSearch = this.wallSearch!;
    const nWalls = wallSearch.search(x0 - 0.5, y0 - 0.5, x1 + 0.5, y1 + 0.5);
    let nOcc = 0;
    const tol = Math.max(this.config.mountToleranceM, b.mountToleranceM ?? 0);
    const walls = b.walls;
    const tmp = this.tmp;
    for (let q = 0; q < nWalls; q++) {
      const w = wallSearch.ids[q] * 4;
      // Integers of 1e-7 degree, read back with the wall layer decoder's own division (bit-identical degrees).
      // The literal, not the imported WALL_UNITS_PER_DEGREE (= 1e7): V8 did not fold the imported binding here,
      // and scoring every Toulouse edge took 191 ms CPU warm against 125 ms (120–155 ms with the literal).
      const px = (walls[w] / 1e7 - cLon) * kx;
      const py = (walls[w + 1] / 1e7 - cLat) * ky;
      const qx = (walls[w + 2] / 1e7 - cLon) * kx;
      const qy = (walls[w + 3] / 1e7 - cLat) * ky;
      if (distanceToSegment(px, py, qx, qy) < tol) continue; // the wall the camera hangs on
      tmp[0] = j0;
      tmp[1] = j1;
      if (clipShadow(rx, ry, dx, dy, px, py, qx, qy, tmp)) {
        if (2 * nOcc + 2 > this.occ.length) this.occ = growF(this.occ);
        this.occ[2 * nOcc] = tmp[0];
        this.occ[2 * nOcc + 1] = tmp[1];
        nOcc++;
      }
    }
    if (this.vis.length < 2 * nOcc + 2) this.vis = new Float64Array(2 * nOcc + 2);
    return subtractRanges(this.occ, nOcc, j0, j1, this.vis);
  }

  /** Best tier and largest weight per elementary piece; adds metres into acc. */
  private sweep(L: number, acc: Float64Array): void {
    const n = this.nev;
    if (n === 0) return;
    sortEvents(this.evT, this.evC, 0, n - 1);
    const counts = this.counts;
    counts.fill(0);
    const cw = this.catWeight;
    let prev = this.evT[0];
    for (let e = 0; e < n; e++) {
      const t = this.evT[e];
      if (t > prev) {
        let tier = -1;
        let wmax = 0;
        for (let c = 0; c < 6; c++) {
          if (counts[c] > 0) {
            if (tier < 0) tier = c >> 1;
            if (cw[c] > wmax) wmax = cw[c];
          }
        }
        if (tier >= 0) {
          const len = (t - prev) * L;
          acc[tier] += len;
          acc[3] += wmax * len;
          if (this.recording) {
            const rp = this.recPiece;
            const last = rp.length - 3;
            if (last >= 0 && rp[last + 2] === tier && rp[last + 1] === prev) rp[last + 1] = t;
            else rp.push(prev, t, tier);
          }
        }
        prev = t;
      }
      const code = this.evC[e];
      counts[code >> 1] += code & 1 ? -1 : 1;
    }
  }
}
