/**
 * The camera bundle the dataset pipeline writes (`data/generated/bundle/cameras.json`) and the background
 * seeds into IndexedDB. `version` changes whenever the content changes, which triggers a re-seed.
 */
import type { BBox } from '../geo/index.ts';
import type { Camera } from './types.ts';

export const CAMERA_BUNDLE_FORMAT = 'angle-mort/cameras@1';

export interface CameraBundle {
  format: typeof CAMERA_BUNDLE_FORMAT;
  /** Dataset id, e.g. `toulouse`. */
  datasetId: string;
  /** Content-derived version; a different value means "replace the bundled dataset". */
  version: string;
  label: string;
  generatedAt: string;
  attribution: string;
  bbox: BBox;
  sources: Array<{ id: string; name: string; date?: string; licence: string; sha256: string }>;
  cameras: Camera[];
}
