/**
 * The one way tests find the real shared data (../shared/data beside the repository, or ANGLE_MORT_DATA_DIR):
 * read at test time, never copied into the repository. Unit tests, browser tests and benchmarks import it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DATA_DIR = process.env.ANGLE_MORT_DATA_DIR || resolve(REPO_ROOT, '../shared/data');
/** The same folder as a file: URL ending in `/`, for `new URL('toulouse/…', SHARED_DATA_URL)`. */
export const SHARED_DATA_URL = pathToFileURL(`${SHARED_DATA_DIR}/`);

/** The absolute path of a shared data file, from its path under ../shared/data. */
export function sharedPath(relative: string): string {
  return join(SHARED_DATA_DIR, relative);
}

/** The bytes of a shared data file. */
export function sharedFile(relative: string): Buffer {
  return readFileSync(sharedPath(relative));
}

export const OSM_CAMERAS = 'toulouse/osm-cameras-2026.min.json';
export const SURVEY = 'toulouse/sous-surveillance-2012.geojson';
export const TOULOUSE_MAPGR = 'toulouse/toulouse.mapgr';
export const MONACO_PBF = 'monaco/monaco-2019.osm.pbf';
export const PORTO_PBF = 'cities/porto-2020.osm.pbf';
export const LONDON_PBF = 'cities/london-2020.osm.pbf';
