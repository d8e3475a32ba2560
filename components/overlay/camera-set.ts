/**
 * The cameras the overlay draws, in flat typed arrays (positions) beside the objects (for the card), with
 * their coverage computed once per fetch rather than once per frame.
 */
import type { Camera } from '../../lib/cameras/types.ts';
import { isCameraActive } from '../../lib/cameras/types.ts';
import { coverageOf, type CameraCoverage, type CoverageConfig, DEFAULT_COVERAGE } from '../../lib/cameras/coverage.ts';
import type { Settings } from '../../lib/settings.ts';

export interface CameraSet {
  cameras: Camera[];
  /** Degrees. */
  lons: Float64Array;
  lats: Float64Array;
  coverage: CameraCoverage[];
  /** True for cameras aimed at vehicles (ALPR, speed): drawn in their own colour. */
  vehicle: Uint8Array;
  /** True for private operators. */
  privateOperator: Uint8Array;
  /** Scratch: container CSS px of each camera for the current frame (x0, y0, x1, y1, …). */
  xy: Float64Array;
}

/** True when `camera` passes the user's filters (kinds; public/private, unknown operators follow public). */
export function passesFilters(camera: Camera, filters: Settings['filters']): boolean {
  if (filters.kinds[camera.kind] === false) return false;
  return camera.operatorType === 'private' ? filters.privateCameras : filters.publicCameras;
}

/** Keeps the active cameras that pass `filters`, and lays them out for drawing. */
export function buildCameraSet(
  all: readonly Camera[],
  filters: Settings['filters'],
  now: Date = new Date(),
  config: CoverageConfig = DEFAULT_COVERAGE,
): CameraSet {
  const cameras = all.filter(
    (c) => Number.isFinite(c.lon) && Number.isFinite(c.lat) && isCameraActive(c, now) && passesFilters(c, filters),
  );
  const n = cameras.length;
  const set: CameraSet = {
    cameras,
    lons: new Float64Array(n),
    lats: new Float64Array(n),
    coverage: new Array(n),
    vehicle: new Uint8Array(n),
    privateOperator: new Uint8Array(n),
    xy: new Float64Array(2 * n),
  };
  for (let i = 0; i < n; i++) {
    const c = cameras[i];
    set.lons[i] = c.lon;
    set.lats[i] = c.lat;
    set.coverage[i] = coverageOf(c, config);
    set.vehicle[i] = config.kinds[c.kind]?.vehicle ? 1 : 0;
    set.privateOperator[i] = c.operatorType === 'private' ? 1 : 0;
  }
  return set;
}
