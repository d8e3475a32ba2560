/** What every camera reader returns: the cameras it could read, and the records it refused, with why. */
import type { Camera } from '../cameras/types.ts';

export interface SourceReject {
  /** Identifier of the refused record in its source (`node/123`, a survey id, `row 12`). */
  sourceId: string;
  /** Plain-English reason, e.g. "outside the expected bbox". */
  reason: string;
}

export interface CameraReadResult {
  cameras: Camera[];
  rejects: SourceReject[];
  /**
   * Every feature is an Angle Mort export record (GeoJSON): its cameras were already distinct stored
   * cameras, so the import keeps each (no in-file duplicate merging) and the round trip is lossless.
   */
  ownExport?: boolean;
}

/** Valid WGS84 longitude/latitude pair. */
export function isLonLat(lon: unknown, lat: unknown): lon is number {
  return (
    typeof lon === 'number' && typeof lat === 'number' && Number.isFinite(lon) && Number.isFinite(lat) &&
    Math.abs(lon) <= 180 && Math.abs(lat) <= 90
  );
}
