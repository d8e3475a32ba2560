/**
 * What cameras see of a line: the analytic exposure engine (scorer.ts) and the building occlusion index
 * (buildings.ts). See docs/coverage-model.md for the model and its sources.
 */
export {
  createExposureScorer,
  ExposureInputError,
  type ExposureScorer,
  type ExposureProfile,
  type ExposureOptions,
  type CameraInterval,
} from './scorer.ts';
export {
  buildingIndexFromOsm,
  buildingIndexFromFootprints,
  type BuildingIndex,
  type FootprintRing,
} from './buildings.ts';
