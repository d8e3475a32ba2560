/** Real Toulouse cameras (shared data, read at test time, never copied) and small camera builders. */
import { readFileSync } from 'node:fs';
import { readToulouseMin } from '../../../../lib/sources/toulouse-min.ts';
import type { Camera } from '../../../../lib/cameras/types.ts';
import { OSM_CAMERAS, sharedPath } from '../../../shared-data.ts';

export const TOULOUSE_FILE = sharedPath(OSM_CAMERAS);

let cached: Camera[] | null = null;
export function toulouseCameras(): Camera[] {
  cached ??= readToulouseMin(readFileSync(TOULOUSE_FILE, 'utf8')).cameras;
  return cached;
}

export function camera(over: Partial<Camera> = {}): Camera {
  return {
    id: 'user:test',
    lon: 1.444,
    lat: 43.6045,
    kind: 'fixed',
    directions: [90],
    surveillance: 'public',
    operatorType: 'public',
    source: 'user',
    sourceId: 'test',
    confidence: 0.9,
    ...over,
  };
}
