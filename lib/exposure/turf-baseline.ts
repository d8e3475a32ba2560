/**
 * The straightforward way to score exposure, kept as the reference the analytic engine is measured
 * against (benchmark and agreement tests), not for production use: turf circle/sector polygons per camera
 * and tier, then point-in-polygon sampling along each segment.
 *
 * - Polygons: `turf.circle` / `turf.sector` with `steps` vertices per full circle (default 256, so the
 *   polygon's chord error at 100 m is < 1 cm).
 * - Candidates: a linear scan of all cameras' polygon boxes against the line's box (no spatial index —
 *   that is what "straightforward" means here).
 * - Sampling: each segment is cut into pieces of at most `sampleStepM` metres; the midpoint of each piece
 *   decides its tier (best tier of any camera whose polygon contains it) and weight. The error per tier
 *   boundary crossing is at most half a piece.
 * Occlusion is not modelled here (it would need turf difference per camera); compare without buildings.
 */
import { bbox as turfBbox, booleanPointInPolygon, circle, distance, point, sector } from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { coverageOf, resolveCoverageConfig, type CoverageOverrides } from '../cameras/coverage.ts';
import { isCameraActive, type Camera } from '../cameras/types.ts';

export interface TurfBaselineOptions {
  config?: CoverageOverrides;
  now?: Date;
  includeVehicleCameras?: boolean;
  /** Vertices per full circle. Default 256. */
  steps?: number;
  /** Longest sampled piece (metres). Default 0.25. */
  sampleStepM?: number;
}

type Poly = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>;

interface BaselineCamera {
  /** Polygons per tier (id, rec, obs), one per sector. */
  tiers: Poly[][];
  box: [number, number, number, number];
  weight: number;
}

export interface TurfBaseline {
  /** [id, rec, obs, weighted] metres, like ExposureScorer.scoreTiers. */
  score(lons: ArrayLike<number>, lats: ArrayLike<number>): Float64Array;
  /** Milliseconds spent building the polygons. */
  readonly buildMs: number;
}

export function createTurfBaseline(cameras: Camera[], opts: TurfBaselineOptions = {}): TurfBaseline {
  const started = performance.now();
  const config = resolveCoverageConfig(opts.config);
  const now = opts.now ?? new Date();
  const steps = opts.steps ?? 256;
  const step = opts.sampleStepM ?? 0.25;
  const list: BaselineCamera[] = [];
  for (const cam of cameras) {
    if (!Number.isFinite(cam.lon) || !Number.isFinite(cam.lat) || !isCameraActive(cam, now)) continue;
    const kind = config.kinds[cam.kind] ?? config.kinds.unknown;
    if (kind.vehicle && (opts.includeVehicleCameras === false || config.vehicleCameraWeight <= 0)) continue;
    const cov = coverageOf(cam, config);
    const c: [number, number] = [cam.lon, cam.lat];
    const tiers = cov.radii.map((r) =>
      cov.sectors === 'disc'
        ? [circle(c, r, { units: 'meters', steps }) as Poly]
        : cov.sectors.map(
            (s) =>
              sector(c, r, s.centre - s.width / 2, s.centre + s.width / 2, {
                units: 'meters',
                steps: Math.max(8, Math.ceil((steps * s.width) / 360)),
              }) as Poly,
          ),
    );
    const b = turfBbox(circle(c, cov.radii[2] * 1.01, { units: 'meters', steps: 16 }));
    list.push({ tiers, box: [b[0], b[1], b[2], b[3]], weight: cov.weight });
  }
  const tw = config.tierWeights;
  const buildMs = performance.now() - started;

  return {
    buildMs,
    score(lons, lats) {
      const out = new Float64Array(4);
      const n = Math.min(lons.length, lats.length);
      if (n < 2) return out;
      let w = Infinity,
        s = Infinity,
        e = -Infinity,
        no = -Infinity;
      for (let i = 0; i < n; i++) {
        w = Math.min(w, lons[i]);
        e = Math.max(e, lons[i]);
        s = Math.min(s, lats[i]);
        no = Math.max(no, lats[i]);
      }
      const near = list.filter((c) => c.box[0] <= e && c.box[2] >= w && c.box[1] <= no && c.box[3] >= s);
      if (near.length === 0) return out;
      for (let i = 1; i < n; i++) {
        const L = distance([lons[i - 1], lats[i - 1]], [lons[i], lats[i]], { units: 'meters' });
        if (!(L > 0)) continue;
        const pieces = Math.max(1, Math.ceil(L / step));
        const piece = L / pieces;
        for (let k = 0; k < pieces; k++) {
          const t = (k + 0.5) / pieces;
          const p = point([lons[i - 1] + (lons[i] - lons[i - 1]) * t, lats[i - 1] + (lats[i] - lats[i - 1]) * t]);
          let best = 3;
          let wmax = 0;
          for (const c of near) {
            for (let tier = 0; tier < 3; tier++) {
              if (c.tiers[tier].some((poly) => booleanPointInPolygon(p, poly))) {
                if (tier < best) best = tier;
                wmax = Math.max(wmax, tw[tier] * c.weight);
                break;
              }
            }
          }
          if (best < 3) {
            out[best] += piece;
            out[3] += wmax * piece;
          }
        }
      }
      return out;
    },
  };
}
