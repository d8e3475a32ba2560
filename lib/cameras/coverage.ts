/**
 * The coverage model: where a camera can see a pedestrian, in three tiers after the DORI standard
 * (IEC 62676-4). Every default lives in `DEFAULT_COVERAGE` below, with its source; docs/coverage-model.md
 * explains the choices at length.
 *
 * Facts the defaults rest on:
 * - DORI pixel densities (IEC 62676-4): identification 250 px/m, recognition 125 px/m, observation 62 px/m
 *   (detection 25 px/m, not used). For one lens and sensor the pixel density falls as 1/distance, so a
 *   camera that identifies out to r recognises out to 2r and observes out to ≈4r (250/62 = 4.03).
 * - PanoptiCity: an average fixed street camera at 5 m height identifies to ≈16 m and recognises to ≈60 m.
 * - kamerafrei (Berlin): 25 m disc for domes, 40 m cone for fixed cameras.
 * - Surveillance under Surveillance: seen length ≈ 7 × mount height, i.e. proportional to height.
 * - FlockHopper: ALPR readers reach ≈75 m.
 * - Typical fixed street cameras have an 80–90° horizontal field of view → 85° default.
 * - Toulouse's operators turn public cameras through 360°, so domes, PTZ cameras and fixed cameras of
 *   unknown direction count as full discs.
 *
 * Angles are degrees clockwise from north; radii and heights are metres on the ground.
 */
import type { Camera, CameraKind } from './types.ts';

export type CoverageTier = 'identification' | 'recognition' | 'observation';

/** Tiers from best (most detail) to worst; index 0/1/2 everywhere in the engine. */
export const COVERAGE_TIERS: readonly CoverageTier[] = ['identification', 'recognition', 'observation'];

/** Radii in metres for [identification, recognition, observation]. */
export type TierRadii = [id: number, rec: number, obs: number];

export interface KindCoverage {
  /** Ground radii (metres) of the three tiers for a camera mounted at `referenceHeight`. */
  radii: TierRadii;
  /** Horizontal field of view (degrees) when the camera has a direction and no tagged angle. */
  fov: number;
  /** True when the kind always counts as a full disc, whatever direction is tagged (domes, PTZ). */
  disc: boolean;
  /** True for cameras aimed at vehicles (ALPR, speed): their weight is `vehicleCameraWeight`. */
  vehicle: boolean;
}

export interface CoverageConfig {
  /** Per-kind radii, default field of view and disc/vehicle flags. */
  kinds: Record<CameraKind, KindCoverage>;
  /**
   * Mount height (metres) the default radii are given for. PanoptiCity's figures are for 5 m, the usual
   * height of a pole or first-floor wall camera.
   */
  referenceHeight: number;
  /**
   * A tagged height scales the radii linearly (Surveillance under Surveillance: length ≈ 7 × height),
   * clamped to [min, max] × the defaults, so that a mistyped `height=50` cannot make a 1 km disc.
   */
  heightScaleClamp: [min: number, max: number];
  /** Weight (0..1) of ALPR and speed cameras, which film plates rather than faces. 0 ignores them. */
  vehicleCameraWeight: number;
  /**
   * Weight of a metre in each tier, for the routing cost. DORI pixel densities 250:125:62 normalised to
   * identification = 1, i.e. "how much detail of you is recorded".
   */
  tierWeights: [id: number, rec: number, obs: number];
  /**
   * Building edges closer than this (metres) to a camera are ignored for occlusion: wall-mounted cameras
   * are mapped on (or a little inside) the wall they hang on, which must not hide the street they face.
   */
  mountToleranceM: number;
}

/** Defaults, one place, each with its source (see the module comment and docs/coverage-model.md). */
export const DEFAULT_COVERAGE: CoverageConfig = {
  kinds: {
    // 15/30/60 m: PanoptiCity's ≈16 m identification at 5 m, then DORI ratios ×2 and ×4 (recognition
    // ≈30 m; kamerafrei's 40 m cone sits between recognition and observation; 7 × 5 m = 35 m).
    // PanoptiCity's 60 m "recognise" becomes our observation radius: by DORI's 250:125 ratio, a camera
    // identifying at 16 m recognises at ≈32 m (docs/coverage-model.md).
    fixed: { radii: [15, 30, 60], fov: 85, disc: false, vehicle: false },
    // Domes and PTZ are zoomable and turned through 360° (Toulouse): kamerafrei's 25 m disc as the
    // identification radius, DORI ×2 and ×4 beyond it.
    dome: { radii: [25, 50, 100], fov: 360, disc: true, vehicle: false },
    ptz: { radii: [25, 50, 100], fov: 360, disc: true, vehicle: false },
    // ALPR: FlockHopper's 75 m plate-reading range as observation, narrow lens (plate readers use
    // tele lenses, 30–50°); a person in frame is recognisable within ≈40 m.
    alpr: { radii: [20, 40, 75], fov: 45, disc: false, vehicle: true },
    // Speed cameras photograph plate and driver at 20–50 m in a narrow beam.
    speed: { radii: [10, 25, 50], fov: 30, disc: false, vehicle: true },
    // Unknown devices: treated as the commonest kind, a fixed street camera.
    unknown: { radii: [15, 30, 60], fov: 85, disc: false, vehicle: false },
  },
  referenceHeight: 5,
  heightScaleClamp: [0.5, 2],
  vehicleCameraWeight: 0.3,
  tierWeights: [1, 0.5, 0.25],
  mountToleranceM: 2,
};

/**
 * Overrides of the defaults: any top-level field, and per-kind fields merged into that kind's defaults
 * (`{ kinds: { fixed: { fov: 70 } } }`). Every `Partial<CoverageConfig>` is one.
 */
export type CoverageOverrides = Partial<Omit<CoverageConfig, 'kinds'>> & {
  kinds?: Partial<Record<CameraKind, Partial<KindCoverage>>>;
};

/** The defaults with `partial` applied; throws RangeError on values that would break the model. */
export function resolveCoverageConfig(partial?: CoverageOverrides): CoverageConfig {
  if (!partial) return DEFAULT_COVERAGE;
  const kinds = { ...DEFAULT_COVERAGE.kinds };
  if (partial.kinds) {
    for (const k of Object.keys(partial.kinds) as CameraKind[]) {
      kinds[k] = { ...DEFAULT_COVERAGE.kinds[k], ...partial.kinds[k] };
    }
  }
  const config: CoverageConfig = { ...DEFAULT_COVERAGE, ...partial, kinds };
  validateCoverageConfig(config);
  return config;
}

/** Throws a RangeError naming the bad field; a weight < 0 would break routing (cost must be ≥ length). */
export function validateCoverageConfig(c: CoverageConfig): void {
  for (const [kind, k] of Object.entries(c.kinds)) {
    const [a, b, o] = k.radii;
    if (![a, b, o].every((r) => Number.isFinite(r) && r >= 0) || a > b || b > o) {
      throw new RangeError(`coverage: ${kind} radii must be finite, ≥ 0 and non-decreasing (got ${k.radii.join('/')})`);
    }
    if (!(k.fov > 0 && k.fov <= 360)) throw new RangeError(`coverage: ${kind} fov must be in (0, 360]`);
  }
  if (!(c.referenceHeight > 0)) throw new RangeError('coverage: referenceHeight must be > 0');
  if (!(c.vehicleCameraWeight >= 0 && c.vehicleCameraWeight <= 1)) {
    throw new RangeError('coverage: vehicleCameraWeight must be in [0, 1]');
  }
  if (!c.tierWeights.every((w) => Number.isFinite(w) && w >= 0)) throw new RangeError('coverage: tierWeights must be ≥ 0');
  if (!(c.mountToleranceM >= 0)) throw new RangeError('coverage: mountToleranceM must be ≥ 0');
}

export interface CameraCoverage {
  /** Sectors (degrees: centre bearing, full width), or 'disc' for a full circle. */
  sectors: Array<{ centre: number; width: number }> | 'disc';
  /** Ground radii in metres: [identification, recognition, observation]. */
  radii: TierRadii;
  /** Weight in [0, 1] of a metre seen by this camera (before the tier weight). */
  weight: number;
}

/**
 * Where `camera` sees a pedestrian. Tagged values win over defaults: `fov` (camera:angle), `height`
 * (scales the radii), `directions` (one sector each). Domes/PTZ and cameras without a direction are discs.
 */
export function coverageOf(
  camera: Pick<Camera, 'kind' | 'directions' | 'fov' | 'height'>,
  config: CoverageConfig = DEFAULT_COVERAGE,
): CameraCoverage {
  const kind = config.kinds[camera.kind] ?? config.kinds.unknown;
  let scale = 1;
  if (camera.height !== undefined && Number.isFinite(camera.height) && camera.height > 0) {
    const [lo, hi] = config.heightScaleClamp;
    scale = Math.min(hi, Math.max(lo, camera.height / config.referenceHeight));
  }
  const radii: TierRadii = [kind.radii[0] * scale, kind.radii[1] * scale, kind.radii[2] * scale];
  const weight = kind.vehicle ? config.vehicleCameraWeight : 1;

  const fov = camera.fov !== undefined && Number.isFinite(camera.fov) && camera.fov > 0 ? camera.fov : kind.fov;
  const directions = camera.directions.filter(Number.isFinite);
  if (kind.disc || directions.length === 0 || fov >= 360) return { sectors: 'disc', radii, weight };
  const sectors = directions.map((d) => ({ centre: ((d % 360) + 360) % 360, width: Math.min(fov, 360) }));
  // Several directions whose sectors together close the circle are a disc too.
  if (sectors.reduce((s, x) => s + x.width, 0) >= 360 && coversCircle(sectors)) return { sectors: 'disc', radii, weight };
  return { sectors, radii, weight };
}

/** True when the union of sectors is the whole circle (checked at 1° resolution is not enough: exact). */
function coversCircle(sectors: Array<{ centre: number; width: number }>): boolean {
  // Sort the sector starts and check that each gap is closed by some sector.
  const spans = sectors
    .map((s) => [s.centre - s.width / 2, s.centre + s.width / 2] as [number, number])
    .map(([a, b]) => [((a % 360) + 360) % 360, (((a % 360) + 360) % 360) + (b - a)] as [number, number])
    .sort((p, q) => p[0] - q[0]);
  let reach = spans[0][1];
  const start = spans[0][0];
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] > reach) return false;
    reach = Math.max(reach, spans[i][1]);
  }
  return reach >= start + 360;
}

/** The largest observation radius any camera can have under `config` (metres), for index padding. */
export function maxCoverageRadius(config: CoverageConfig = DEFAULT_COVERAGE): number {
  let m = 0;
  for (const k of Object.values(config.kinds)) m = Math.max(m, k.radii[2]);
  return m * config.heightScaleClamp[1];
}
