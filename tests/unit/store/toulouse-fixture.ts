/**
 * Test fixtures built at test time from the real Toulouse OpenStreetMap camera file in ../shared/data
 * (never copied into the repo). The store does not care how cameras were derived, so this reads the
 * parallel-array format directly (the full tag parsing is the pipeline's job and tested there).
 */
import { readFileSync } from 'node:fs';
import 'fake-indexeddb/auto'; // idb checks `instanceof IDBRequest` etc. against the globals
import { IDBFactory } from 'fake-indexeddb';
import { CAMERA_BUNDLE_FORMAT, type CameraBundle } from '../../../lib/sources/camera-bundle.ts';
import type { Camera, CameraKind } from '../../../lib/cameras/types.ts';
import { OSM_CAMERAS, sharedPath } from '../../shared-data.ts';

export const TOULOUSE_OSM_FILE = sharedPath(OSM_CAMERAS);

interface ParallelArrays {
  cats: string[];
  lons: number[];
  lats: number[];
  cat: number[];
  pid: string[];
  name: string[];
  addr: Record<string, string>;
}

/** `cats` order in the file: fixed, dome, speed camera, ALPR (PROVENANCE.md). */
const KIND_BY_CAT: CameraKind[] = ['fixed', 'dome', 'speed', 'alpr'];

let cached: Camera[] | undefined;

/** The 2,269 Toulouse OSM cameras as `Camera` objects. */
export function toulouseCameras(): Camera[] {
  if (!cached) {
    const raw = JSON.parse(readFileSync(TOULOUSE_OSM_FILE, 'utf8')) as ParallelArrays;
    cached = raw.lons.map((lon, i) => {
      const camera: Camera = {
        id: `osm:${raw.pid[i]}`,
        lon,
        lat: raw.lats[i],
        kind: KIND_BY_CAT[raw.cat[i]] ?? 'unknown',
        directions: [],
        surveillance: 'unknown',
        operatorType: 'unknown',
        source: 'osm',
        sourceId: raw.pid[i],
        sourceDate: '2026-06-07',
        confidence: 0.9,
      };
      const addr = raw.addr[String(i)];
      if (addr) camera.name = addr;
      return camera;
    });
  }
  return cached.map((c) => ({ ...c, directions: [...c.directions] }));
}

export function toulouseBundle(version = 'osm-2026-06-07.1', cameras: Camera[] = toulouseCameras()): CameraBundle {
  return {
    format: CAMERA_BUNDLE_FORMAT,
    datasetId: 'toulouse',
    version,
    label: 'Toulouse (OpenStreetMap 2026-06-07)',
    generatedAt: '2026-11-28T08:00:00.000Z',
    attribution: '© OpenStreetMap contributors, ODbL',
    bbox: { west: 1.2565, south: 43.5112, east: 1.5684, north: 43.7196 },
    sources: [{ id: 'osm', name: 'OpenStreetMap', date: '2026-06-07', licence: 'ODbL-1.0', sha256: '0'.repeat(64) }],
    cameras,
  };
}

/** A fresh, empty in-memory IndexedDB for one test. */
export function freshFactory(): IDBFactory {
  return new IDBFactory();
}

export function userCamera(n: number, extra: Partial<Camera> = {}): Camera {
  return {
    id: `user:cam-${n}`,
    lon: 1.4442 + n * 1e-4,
    lat: 43.6045,
    kind: 'dome',
    directions: [],
    surveillance: 'public',
    operatorType: 'public',
    source: 'user',
    sourceId: `cam-${n}`,
    confidence: 1,
    name: `My camera ${n}`,
    ...extra,
  };
}
