/** Import planning: the public surface the options page and the store use. See docs/data-updates.md. */
export { planImport, contentId, MAX_IMPORT_BYTES } from './plan.ts';
export type { ImportInput, ImportPlan, CameraImportPlan, TrackImportPlan, ImportReject, ImportDuplicate, ImportLimits } from './plan.ts';
export { detectFormat, IMPORT_FORMATS, type ImportFormat } from './detect.ts';
export { ImportError, isImportError, type ImportErrorCode } from './errors.ts';
export { readGpx, MAX_GPX_BYTES, MAX_GPX_POINTS, type GpxData, type GpxLine, type GpxWaypoint } from './gpx.ts';
export {
  findDuplicates,
  couldBeSameCamera,
  DUPLICATE_RADIUS_M,
  IN_FILE_DUPLICATE_RADIUS_M,
  SAME_DIRECTION_TOLERANCE_DEG,
} from './duplicates.ts';
export { applyCameraDetails, cameraDetailIds, type CameraDetailsResult } from './camera-details.ts';
