/**
 * How callers use the exposure engine: the options it is built with and the scorer it returns
 * (scorer.ts implements it; createExposureScorer builds one).
 */
import type { CoverageConfig, CoverageOverrides } from '../cameras/coverage.ts';
import type { Camera } from '../cameras/types.ts';
import type { BuildingIndex } from './buildings.ts';
import type { ExposureProfile } from './profile.ts';

export interface ExposureOptions {
  /** Overrides of the coverage defaults (DEFAULT_COVERAGE). */
  config?: CoverageOverrides;
  /** Building walls that block sight lines. Without it, cameras see through everything. */
  buildings?: BuildingIndex;
  /** Instant at which temporary cameras are checked for expiry. Default: now. */
  now?: Date;
  /** Count ALPR and speed cameras (with `vehicleCameraWeight`). Default true. */
  includeVehicleCameras?: boolean;
}

export interface ExposureScorer {
  /**
   * HOT PATH. Metres of the polyline (flat lon/lat arrays, degrees) in each tier — disjoint bands, so
   * id + rec + obs ≤ length — and the weighted exposure (metres) for routing. Writes [id, rec, obs, weighted]
   * into `out` (allocated when absent) and returns it. No allocation per call beyond `out`.
   */
  scoreTiers(lons: ArrayLike<number>, lats: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Full profile for display and reports. */
  profile(coords: Array<[number, number]>): ExposureProfile;
  /** Ids of the cameras that see any part of the polyline. */
  camerasSeeing(coords: Array<[number, number]>): string[];
  /** The cameras the scorer counts (active, and vehicle cameras only when included). */
  readonly cameras: readonly Camera[];
  readonly config: CoverageConfig;
}
