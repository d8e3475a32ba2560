/**
 * The one normalised camera type every part of Angle Mort shares (DESIGN.md, "Camera model").
 * Angles are degrees clockwise from north; distances and heights are metres; dates are ISO 8601.
 */

/** What the device is. `alpr` and `speed` target vehicles, not faces. */
export type CameraKind = 'fixed' | 'dome' | 'ptz' | 'alpr' | 'speed' | 'unknown';

export const CAMERA_KINDS: readonly CameraKind[] = ['fixed', 'dome', 'ptz', 'alpr', 'speed', 'unknown'];

/** OSM `surveillance=*`: public = watches public space; outdoor = private outdoor area; indoor. */
export type SurveillanceScope = 'public' | 'outdoor' | 'indoor' | 'unknown';

/** Who runs it, when known (survey `op_type`, or inferred from `operator`). */
export type OperatorType = 'public' | 'private' | 'unknown';

export interface Camera {
  /** Stable unique id: `${source}:${sourceId}` (e.g. `osm:node/123`, `sous-surveillance:2467`, `user:…`). */
  id: string;
  lon: number;
  lat: number;
  kind: CameraKind;
  /**
   * Viewing directions in degrees [0, 360). Empty = unknown, which the coverage model treats as a full disc.
   * Several entries for `90;270`; a range `0-90` is stored as its middle with `fov` widened to cover it.
   */
  directions: number[];
  /** Horizontal field of view in degrees, when tagged (`camera:angle`, survey `angle`). */
  fov?: number;
  /** Mount height above ground in metres (`height`, `camera:height`). */
  height?: number;
  /** `camera:mount` (wall, pole, ceiling, …). */
  mount?: string;
  surveillance: SurveillanceScope;
  /** `surveillance:zone` (town, traffic, parking, building, shop, …). */
  zone?: string;
  /** `surveillance:type` (camera, ALPR, guard, …), lower-cased. */
  surveillanceType?: string;
  operator?: string;
  operatorType: OperatorType;
  /** A name or address describing the spot (plain text; never rendered as HTML). */
  name?: string;
  /** Dataset or origin: `osm`, `sous-surveillance`, `user`, `import:<id>`, `overpass:<area>`. */
  source: string;
  /** Identifier inside the source (`node/123`, survey `id_camera`, a uuid). */
  sourceId: string;
  /** Date the source data describes (ISO date). */
  sourceDate?: string;
  /** 0..1: how much we trust position and attributes (OSM 0.9, unmatched 2012 survey 0.5, …). */
  confidence: number;
  /** Temporary cameras (e.g. mobile 4G units) stop counting after this ISO date-time. */
  expires?: string;
  /** When another source contributed attributes (e.g. the 2012 survey's direction). */
  enrichedFrom?: { source: string; sourceId: string; fields: string[] };
}

/** True when a camera counts at instant `now` (temporary cameras expire). */
export function isCameraActive(camera: Camera, now: Date = new Date()): boolean {
  return camera.expires === undefined || Date.parse(camera.expires) > now.getTime();
}
