/**
 * `npm run route -- --from lat,lon --to lat,lon [--via "lat,lon;lat,lon"] [--alpha N] [--max-detour P]
 *   [--gpx out.gpx] [--geojson out.geojson] [--graph graph.bin] [--dataset cameras.json]`
 *
 * Prints the three alternatives (shortest, balanced, most discreet) side by side, then the cameras that
 * see each one in walking order. The walk graph comes from data/generated/bundle/graph.bin when present
 * (written by `npm run data`), else it is built from ../shared/data/toulouse/toulouse.mapgr and scored
 * with the camera dataset on the fly (≈ 1 s).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { LonLat } from '../lib/geo/index.ts';
import { createExposureScorer } from '../lib/exposure/index.ts';
import { scoreWalkGraph } from '../lib/network/exposure.ts';
import { decodeWalkGraph, WalkGraphFormatError } from '../lib/network/format.ts';
import { parseMapgr } from '../lib/network/mapgr.ts';
import { walkGraphFromMapgr, type WalkGraph } from '../lib/network/walk-graph.ts';
import {
  ALTERNATIVES,
  DEFAULT_ALPHA,
  DEFAULT_MAX_DETOUR,
  Router,
  routesToGeoJson,
  routesToGpx,
  WALKING_SPEED_MPS,
  type Route,
} from '../lib/routing/index.ts';
import { dirname, join } from 'node:path';
import { decodeWalls, encodeWalls, inferWalls, storedWallIndex, wallIndex } from '../lib/walls/index.ts';
import type { BuildingIndex, ExposureProfile } from '../lib/exposure/index.ts';

/** Walls inferred while building the graph from the mapgr file (no graph.bin yet). */
let builtWalls: Array<Array<[number, number]>> | undefined;

/** The walls beside a graph file (walls.bin, as `npm run data` writes them), or those just inferred. */
function wallsFor(graphPath: string, print: (s: string) => void): BuildingIndex | undefined {
  if (builtWalls) return wallIndex(builtWalls);
  const path = join(dirname(graphPath), 'walls.bin');
  if (!existsSync(path)) {
    print('walls: none (no walls.bin beside the graph): exposure is an upper bound\n');
    return undefined;
  }
  try {
    const bytes = readFileSync(path);
    const index = storedWallIndex(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, 'inferred');
    print(`walls: inferred from the streets (${path})\n`);
    return index;
  } catch (e) {
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}
import { CliError, DEFAULT_DATASET, loadCameraDataset, parseArgs, runCli } from './common.ts';

export const DEFAULT_GRAPH = 'data/generated/bundle/graph.bin';
export const DEFAULT_MAPGR = '../shared/data/toulouse/toulouse.mapgr';

const USAGE = `usage: npm run route -- --from lat,lon --to lat,lon [options]
  --via "lat,lon;lat,lon"  points to pass through, in order
  --alpha N                avoidance strength of the balanced route, N ≥ 0 (default ${DEFAULT_ALPHA})
  --max-detour P           longest detour in percent of the shortest route (default ${DEFAULT_MAX_DETOUR * 100})
  --gpx out.gpx            write the three routes as GPX tracks
  --geojson out.geojson    write the three routes as a GeoJSON FeatureCollection
  --graph graph.bin        walk graph file (default ${DEFAULT_GRAPH}, else built from ${DEFAULT_MAPGR})
  --dataset cameras.json   camera dataset for the camera lists (default ${DEFAULT_DATASET})
`;

const LABELS: Record<(typeof ALTERNATIVES)[number], string> = {
  shortest: 'shortest',
  balanced: 'balanced',
  discreet: 'most discreet',
};

/** "43.6045,1.4440" → [lon, lat]. The CLI takes lat,lon like map sites' URLs; the engine uses lon, lat. */
export function parseLatLon(text: string, what: string): LonLat {
  const parts = text.split(',').map((s) => s.trim());
  const [lat, lon] = parts.map(Number);
  if (parts.length !== 2 || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new CliError(`${what}: expected "lat,lon" in degrees, got "${text}"`, 2);
  }
  return [lon, lat];
}

function loadGraph(options: Record<string, string>, print: (s: string) => void): WalkGraph {
  const path = options.graph ?? DEFAULT_GRAPH;
  if (existsSync(path)) {
    const started = performance.now();
    try {
      const g = decodeWalkGraph(new Uint8Array(readFileSync(path)));
      print(`graph: ${path} (${g.nodeCount} nodes, ${g.edgeCount} edges, loaded in ${(performance.now() - started).toFixed(0)} ms)\n`);
      return g;
    } catch (e) {
      if (e instanceof WalkGraphFormatError) throw new CliError(`${path}: ${e.message}`);
      throw e;
    }
  }
  if (options.graph) throw new CliError(`graph file ${path} not found`);
  if (!existsSync(DEFAULT_MAPGR)) throw new CliError(`no ${DEFAULT_GRAPH} (run npm run data) and no ${DEFAULT_MAPGR}`);
  const g = walkGraphFromMapgr(parseMapgr(new Uint8Array(readFileSync(DEFAULT_MAPGR))));
  const cameras = loadCameraDataset(options.dataset ?? DEFAULT_DATASET);
  // Toulouse has no building footprints: walls inferred from the streets, as the pipeline does.
  // Quantised as walls.bin stores them, so these figures match the extension's.
  const rings = decodeWalls(encodeWalls(inferWalls(g, { cameras }).rings));
  scoreWalkGraph(g, createExposureScorer(cameras, { buildings: wallIndex(rings) }));
  print(`graph: built from ${DEFAULT_MAPGR} and ${cameras.length} cameras, walls inferred (no ${DEFAULT_GRAPH} yet)\n`);
  builtWalls = rings;
  return g;
}

export async function main(argv: string[], print: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { options, positional } = parseArgs(argv, [
    'from',
    'to',
    'via',
    'alpha',
    'max-detour',
    'gpx',
    'geojson',
    'graph',
    'dataset',
    'help',
  ]);
  if (options.help) {
    print(USAGE);
    return 0;
  }
  if (positional.length) throw new CliError(`unexpected argument "${positional[0]}"\n${USAGE}`, 2);
  if (!options.from || !options.to) throw new CliError(`--from and --to are required\n${USAGE}`, 2);
  const from = parseLatLon(options.from, '--from');
  const to = parseLatLon(options.to, '--to');
  const via = options.via ? options.via.split(';').map((p, i) => parseLatLon(p, `--via point ${i + 1}`)) : [];
  const alpha = options.alpha === undefined ? DEFAULT_ALPHA : Number(options.alpha);
  if (!Number.isFinite(alpha) || alpha < 0) throw new CliError(`--alpha must be a number ≥ 0`, 2);
  const detourPercent = options['max-detour'] === undefined ? DEFAULT_MAX_DETOUR * 100 : Number(options['max-detour'].replace(/%$/, ''));
  if (!Number.isFinite(detourPercent) || detourPercent < 0) throw new CliError(`--max-detour must be a percentage ≥ 0`, 2);

  builtWalls = undefined;
  const graph = loadGraph(options, print);
  const buildings = wallsFor(options.graph ?? DEFAULT_GRAPH, print);
  let profile: ((coords: LonLat[]) => ExposureProfile) | undefined;
  try {
    // The cameras along each route are found with the same walls the graph was scored with.
    const scorer = createExposureScorer(loadCameraDataset(options.dataset ?? DEFAULT_DATASET), { buildings });
    profile = (coords: LonLat[]) => scorer.profile(coords);
  } catch (e) {
    print(`(no camera list: ${(e as Error).message})\n`);
  }
  const router = new Router(graph, { profile });
  const started = performance.now();
  const result = router.route({ from, to, via, alpha, maxDetour: detourPercent / 100 });
  const elapsed = performance.now() - started;
  if (!result.ok) throw new CliError(`${result.reason}: ${result.message}`);

  const [sf, st] = [result.snaps[0], result.snaps[result.snaps.length - 1]];
  print(`from ${from[1]},${from[0]} (snapped ${sf.distance.toFixed(0)} m) to ${to[1]},${to[0]} (snapped ${st.distance.toFixed(0)} m)`);
  print(
    `${via.length ? `, via ${via.length} point(s)` : ''}; detour cap ${detourPercent} % (≤ ${result.maxLength.toFixed(0)} m); ` +
      `${result.searches} searches in ${elapsed.toFixed(1)} ms\n\n`,
  );
  const rs = ALTERNATIVES.map((n) => result[n]);
  const m = (x: number) => `${Math.round(x)} m`;
  const rows: string[][] = [
    ['length', ...rs.map((r) => m(r.length))],
    ['walking time', ...rs.map((r) => `${Math.round(r.duration / 60)} min`)],
    ['seen by cameras', ...rs.map((r) => `${m(r.exposedMetres)} (${(100 * r.exposedShare).toFixed(0)} %)`)],
    ['  identification', ...rs.map((r) => m(r.exposure.identification))],
    ['  recognition', ...rs.map((r) => m(r.exposure.recognition))],
    ['  observation', ...rs.map((r) => m(r.exposure.observation))],
    ['weighted exposure', ...rs.map((r) => m(r.exposure.weighted))],
    ['cameras', ...rs.map((r) => (r.cameras ? String(r.cameras.length) : '–'))],
    ['α', ...rs.map((r) => r.alpha.toFixed(2))],
    ['same as', ...rs.map((r) => (r.sameAs ? LABELS[r.sameAs] : ''))],
  ];
  print(table(['', ...ALTERNATIVES.map((n) => LABELS[n])], rows));
  print(`(walking time at ${WALKING_SPEED_MPS} m/s; tiers are disjoint; the router minimises length + α × weighted exposure)\n`);
  ALTERNATIVES.forEach((n, i) => {
    const r: Route = rs[i];
    if (r.sameAs) return;
    print(`\n${LABELS[n]}: ${r.streets.slice(0, 12).join(' → ') || '(unnamed ways)'}${r.streets.length > 12 ? ' → …' : ''}\n`);
    if (r.cameras?.length) print(camerasInOrder(r.cameras));
  });
  if (options.gpx) {
    writeFileSync(options.gpx, routesToGpx(result));
    print(`\nwrote ${options.gpx}\n`);
  }
  if (options.geojson) {
    writeFileSync(options.geojson, JSON.stringify(routesToGeoJson(result)) + '\n');
    print(`${options.gpx ? '' : '\n'}wrote ${options.geojson}\n`);
  }
  return 0;
}

/** Cameras listed after the group that sees the start (the rest are summarised as "… N more"). */
const CAMERAS_LISTED = 15;

/**
 * The cameras along a route in walking order. Those that already see the start (first seen within 0.5 m)
 * are one summary line: in a watched square they can be a dozen or more, and listing them one by one
 * "at 0 m" hid every camera met further on (the list used to show only the first 15, all at 0 m).
 */
export function camerasInOrder(cameras: ReadonlyArray<{ id: string; kind: string; firstSeenAt: number; metres: number }>): string {
  const atStart = cameras.filter((c) => c.firstSeenAt < 0.5);
  const later = cameras.filter((c) => c.firstSeenAt >= 0.5);
  let out = '';
  if (atStart.length) {
    const ids = atStart.slice(0, 6).map((c) => `${c.id} (${c.kind})`);
    out += `  ${atStart.length} camera${atStart.length === 1 ? '' : 's'} see${atStart.length === 1 ? 's' : ''} the start: ${ids.join(', ')}${atStart.length > 6 ? `, … ${atStart.length - 6} more` : ''}\n`;
  }
  if (later.length) {
    const list = later
      .slice(0, CAMERAS_LISTED)
      .map((c) => `${c.id} (${c.kind}, from ${Math.round(c.firstSeenAt)} m, ${Math.round(c.metres)} m seen)`);
    out += `  ${atStart.length ? 'then, in walking order' : 'cameras in walking order'}: ${list.join('; ')}${later.length > CAMERAS_LISTED ? `; … ${later.length - CAMERAS_LISTED} more` : ''}\n`;
  }
  return out;
}

/** A plain-text table, first column left-aligned; cells are data, printed as text. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runCli(main);
