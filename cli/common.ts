/**
 * Shared by the command-line tools: load a camera dataset, read a path (GPX or GeoJSON) or parse any file.
 * Errors are `CliError`s with a plain message; each CLI's `main` prints it and exits with code 1 (2 for
 * bad usage).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CAMERA_BUNDLE_FORMAT } from '../lib/sources/camera-bundle.ts';
import { CAMERA_KINDS, type Camera } from '../lib/cameras/types.ts';
import { MAX_CAMERA_FEATURES, MAX_CAMERA_FILE_BYTES } from '../lib/sources/limits.ts';
import { isLonLat } from '../lib/sources/types.ts';

/** The bundled Toulouse dataset written by `npm run data`. */
export const DEFAULT_DATASET = 'data/generated/bundle/cameras.json';

/** Max bytes of a path file (GPX / GeoJSON) the exposure CLI reads: 64 MiB. */
export const MAX_PATH_FILE_BYTES = 64 * 1024 * 1024;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function readText(path: string, maxBytes: number, what: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new CliError(`${what} ${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size > maxBytes) throw new CliError(`${what} ${path} is ${size} bytes, over the ${maxBytes}-byte limit`);
  return readFileSync(path, 'utf8');
}

/**
 * Read a whole file and parse its bytes, both failures as `CliError`s: "cannot read <path>: ENOENT" for
 * the file system, "<path>: <reader's message>" for the parser (e.g. readOsmPbf, readOsmXml).
 */
export function readAndParse<T>(path: string, parse: (bytes: Uint8Array) => T): T {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return parse(bytes);
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}

function parseJsonFile(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * The cameras of a dataset file: a camera bundle (`angle-mort/cameras@1`, what `npm run data` writes) or a
 * plain JSON array of cameras. Default: the bundled Toulouse dataset. Throws CliError when the file is
 * missing, not JSON, or not a camera list; single malformed cameras are an error too (a dataset is
 * generated, so a broken record means a broken file).
 */
export function loadCameraDataset(path: string = DEFAULT_DATASET): Camera[] {
  const full = resolve(path);
  const text = readText(full, MAX_CAMERA_FILE_BYTES, 'camera dataset');
  const data = parseJsonFile(text, path, 'camera dataset');
  let list: unknown;
  if (Array.isArray(data)) list = data;
  else if (data && typeof data === 'object' && (data as { format?: unknown }).format === CAMERA_BUNDLE_FORMAT) {
    list = (data as { cameras?: unknown }).cameras;
  } else {
    throw new CliError(`camera dataset ${path}: expected a "${CAMERA_BUNDLE_FORMAT}" bundle or an array of cameras`);
  }
  if (!Array.isArray(list)) throw new CliError(`camera dataset ${path}: "cameras" is not an array`);
  if (list.length > MAX_CAMERA_FEATURES) throw new CliError(`camera dataset ${path}: over ${MAX_CAMERA_FEATURES} cameras`);
  list.forEach((c, i) => {
    const problem = cameraProblem(c);
    if (problem) throw new CliError(`camera dataset ${path}: camera ${i}: ${problem}`);
  });
  return list as Camera[];
}

function cameraProblem(c: unknown): string | null {
  if (!c || typeof c !== 'object') return 'not an object';
  const r = c as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') return 'missing id';
  if (typeof r.lon !== 'number' || !Number.isFinite(r.lon) || Math.abs(r.lon) > 180) return 'bad lon';
  if (typeof r.lat !== 'number' || !Number.isFinite(r.lat) || Math.abs(r.lat) > 90) return 'bad lat';
  if (!CAMERA_KINDS.includes(r.kind as Camera['kind'])) return `unknown kind ${JSON.stringify(r.kind)}`;
  if (!Array.isArray(r.directions) || !r.directions.every((d) => typeof d === 'number' && Number.isFinite(d))) {
    return 'directions must be an array of numbers';
  }
  for (const k of ['fov', 'height'] as const) {
    if (r[k] !== undefined && (typeof r[k] !== 'number' || !Number.isFinite(r[k]))) return `bad ${k}`;
  }
  if (r.expires !== undefined && (typeof r.expires !== 'string' || Number.isNaN(Date.parse(r.expires)))) return 'bad expires';
  return null;
}

/** A named polyline read from a path file, [lon, lat] degrees. */
export interface PathLine {
  name: string;
  coords: Array<[number, number]>;
}

/**
 * The lines of a GPX file (tracks — each trkseg one line — and routes) or a GeoJSON file (LineString,
 * MultiLineString, as geometry, Feature or FeatureCollection). Throws CliError when there is none, or a
 * position is invalid.
 */
export function readPathFile(path: string): PathLine[] {
  const text = readText(resolve(path), MAX_PATH_FILE_BYTES, 'path file');
  const trimmed = text.trimStart();
  const lines = trimmed.startsWith('<') ? linesFromGpx(text, path) : linesFromGeoJson(parseJsonFile(text, path, 'path file'), path);
  if (lines.length === 0) throw new CliError(`path file ${path}: no line found (need a GPX track/route or a GeoJSON LineString)`);
  return lines;
}

/** GPX 1.0/1.1 without an XML library: <trkseg>/<rte> blocks of <trkpt>/<rtept lat=".." lon=".."> points. */
export function linesFromGpx(text: string, path = 'GPX'): PathLine[] {
  if (!/<gpx[\s>]/i.test(text)) throw new CliError(`path file ${path}: XML but not GPX (no <gpx> element)`);
  const out: PathLine[] = [];
  const blocks = [...text.matchAll(/<(trkseg|rte)\b[^>]*>([\s\S]*?)<\/\1>/gi)];
  blocks.forEach((b, i) => {
    const coords: Array<[number, number]> = [];
    for (const m of b[2].matchAll(/<(?:trkpt|rtept)\b([^>]*)>/gi)) {
      const lat = Number(/\blat\s*=\s*["']([^"']*)["']/i.exec(m[1])?.[1]);
      const lon = Number(/\blon\s*=\s*["']([^"']*)["']/i.exec(m[1])?.[1]);
      if (!isLonLat(lon, lat)) throw new CliError(`path file ${path}: ${b[1]} ${i + 1} has a point with invalid lat/lon`);
      coords.push([lon, lat]);
    }
    if (coords.length >= 2) out.push({ name: `${b[1] === 'rte' ? 'route' : 'track'} ${i + 1}`, coords });
  });
  return out;
}

export function linesFromGeoJson(data: unknown, path = 'GeoJSON'): PathLine[] {
  const out: PathLine[] = [];
  const visit = (g: unknown, name: string) => {
    if (!g || typeof g !== 'object') return;
    const o = g as Record<string, unknown>;
    if (o.type === 'FeatureCollection' && Array.isArray(o.features)) {
      o.features.forEach((f, i) => {
        visit(f, featureName(f, i));
      });
    } else if (o.type === 'Feature') visit(o.geometry, name);
    else if (o.type === 'LineString') out.push({ name, coords: positions(o.coordinates, path, name) });
    else if (o.type === 'MultiLineString' && Array.isArray(o.coordinates)) {
      o.coordinates.forEach((c, i) => {
        out.push({ name: `${name} part ${i + 1}`, coords: positions(c, path, name) });
      });
    } else if (o.type === 'GeometryCollection' && Array.isArray(o.geometries)) {
      o.geometries.forEach((x, i) => {
        visit(x, `${name} geometry ${i + 1}`);
      });
    }
  };
  if (!data || typeof data !== 'object' || typeof (data as { type?: unknown }).type !== 'string') {
    throw new CliError(`path file ${path}: not GeoJSON (no "type")`);
  }
  visit(data, 'line 1');
  return out.filter((l) => l.coords.length >= 2);
}

function featureName(f: unknown, i: number): string {
  const name = (f as { properties?: { name?: unknown } } | null)?.properties?.name;
  return typeof name === 'string' && name.trim() ? name.trim().slice(0, 100) : `feature ${i + 1}`;
}

function positions(c: unknown, path: string, name: string): Array<[number, number]> {
  if (!Array.isArray(c)) throw new CliError(`path file ${path}: ${name}: coordinates are not an array`);
  return c.map((p, i) => {
    if (!Array.isArray(p) || !isLonLat(p[0], p[1])) {
      throw new CliError(`path file ${path}: ${name}: position ${i} is not a valid [lon, lat]`);
    }
    return [p[0], p[1]] as [number, number];
  });
}

/** `--name value` and `--name=value` options plus positional arguments. */
export function parseArgs(argv: string[], known: string[]): { options: Record<string, string>; positional: string[] } {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (!known.includes(name)) throw new CliError(`unknown option --${name}`, 2);
      if (name === 'help') {
        options.help = '1';
        continue;
      }
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new CliError(`option --${name} needs a value`, 2);
      options[name] = value;
    } else positional.push(a);
  }
  return { options, positional };
}

/** Runs a CLI main: prints CliErrors (and other errors) plainly and sets the exit code. */
export async function runCli(main: (argv: string[]) => Promise<number> | number): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else {
      process.stderr.write(`error: ${(e as Error)?.message ?? String(e)}\n`);
      process.exitCode = 1;
    }
  }
}
