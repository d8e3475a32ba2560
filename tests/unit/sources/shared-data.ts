/** Where the real shared data lives for tests: ANGLE_MORT_DATA_DIR, else ../shared/data next to the repo. */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DATA_DIR = process.env.ANGLE_MORT_DATA_DIR || resolve(REPO_ROOT, '../shared/data');

export function sharedFile(relative: string): Buffer {
  return readFileSync(join(SHARED_DATA_DIR, relative));
}

export const OSM_CAMERAS = 'toulouse/osm-cameras-2026.min.json';
export const SURVEY = 'toulouse/sous-surveillance-2012.geojson';
export const MONACO_PBF = 'monaco/monaco-2019.osm.pbf';
