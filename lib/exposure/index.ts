/**
 * What cameras see of a line: the analytic exposure engine (its interface in api.ts, scorer.ts, with its range
 * helpers in ranges.ts), the profile it reports (profile.ts) and the building occlusion index
 * (buildings.ts). See docs/coverage-model.md for the model and its sources.
 */
export type { ExposureOptions, ExposureScorer } from './api.ts';
export { createExposureScorer } from './scorer.ts';
export { ExposureInputError, type ExposureProfile, type CameraInterval } from './profile.ts';
export {
  buildingIndexFromOsm,
  buildingIndexFromFootprints,
  type BuildingIndex,
  type FootprintRing,
} from './buildings.ts';
