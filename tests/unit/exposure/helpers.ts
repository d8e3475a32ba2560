/** Test helpers: cameras and lines placed in metres around a point in Toulouse (Place du Capitole). */
import { LocalFrame } from '../../../lib/geo/index.ts';
import type { Camera, CameraKind } from '../../../lib/cameras/types.ts';

export const ORIGIN = new LocalFrame(1.4442, 43.6045);

/** [lon, lat] of the point x metres east and y metres north of ORIGIN. */
export function at(x: number, y: number): [number, number] {
  return [ORIGIN.lon(x), ORIGIN.lat(y)];
}

export function line(...pts: Array<[number, number]>): Array<[number, number]> {
  return pts.map(([x, y]) => at(x, y));
}

export function camera(id: string, x: number, y: number, kind: CameraKind, extra: Partial<Camera> = {}): Camera {
  const [lon, lat] = at(x, y);
  return {
    id,
    lon,
    lat,
    kind,
    directions: [],
    surveillance: 'public',
    operatorType: 'public',
    source: 'test',
    sourceId: id,
    confidence: 1,
    ...extra,
  };
}

export function flat(coords: Array<[number, number]>): [Float64Array, Float64Array] {
  return [Float64Array.from(coords, (c) => c[0]), Float64Array.from(coords, (c) => c[1])];
}
