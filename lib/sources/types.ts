/** What every camera reader returns (the cameras it could read, the records it refused, with why) and checks they share. */
import type { Camera } from '../cameras/types.ts';
import { isRecord } from './text.ts';

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
    typeof lon === 'number' &&
    typeof lat === 'number' &&
    Number.isFinite(lon) &&
    Number.isFinite(lat) &&
    Math.abs(lon) <= 180 &&
    Math.abs(lat) <= 90
  );
}

/**
 * The valid [lon, lat] of a GeoJSON Point feature, or why it has none: 'geometry is not a Point', or
 * `invalid(lon, lat)` for coordinates that are not a WGS84 pair (each reader words that reason itself).
 */
export function pointOf(feature: unknown, invalid: (lon: unknown, lat: unknown) => string): [number, number] | string {
  const geometry = isRecord(feature) ? feature.geometry : undefined;
  if (!isRecord(geometry) || geometry.type !== 'Point' || !Array.isArray(geometry.coordinates)) {
    return 'geometry is not a Point';
  }
  const [lon, lat] = geometry.coordinates as unknown[];
  return isLonLat(lon, lat) ? [lon, lat as number] : invalid(lon, lat);
}
