/**
 * `npm run coverage -- --bbox w,s,e,n [--dataset f] [--buildings extract.osm.pbf] [--out coverage.geojson]
 *   [--no-vehicles]`
 *
 * Writes the coverage polygons (one per camera and tier, nested) of the cameras inside the box as a
 * GeoJSON FeatureCollection, to --out or to standard output.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { coveragePolygons } from '../lib/exposure/coverage-polygons.ts';
import { isValidBBox, type BBox } from '../lib/geo/index.ts';
import { CliError, DEFAULT_DATASET, loadCameraDataset, parseArgs, runCli } from './common.ts';
import { buildingsFromPbf, camerasFromPbf } from './exposure.ts';

const USAGE = `usage: npm run coverage -- --bbox w,s,e,n [--dataset f] [--buildings f.osm.pbf] [--out coverage.geojson] [--no-vehicles]
  --bbox        west,south,east,north in degrees (e.g. 1.44,43.60,1.45,43.61)
  --dataset     camera bundle / JSON array of cameras, or an .osm.pbf extract (default ${DEFAULT_DATASET})
  --buildings   .osm.pbf extract whose building=* footprints clip the polygons
  --out         output file (default: standard output)
`;

export function parseBBox(text: string): BBox {
  const parts = text.split(',').map((s) => Number(s.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    throw new CliError(`--bbox must be four numbers west,south,east,north (got "${text}")`, 2);
  }
  const [west, south, east, north] = parts;
  const b = { west, south, east, north };
  if (!isValidBBox(b)) throw new CliError(`--bbox ${text} is not a valid box (west < east, south < north, in range)`, 2);
  if (east - west > 1 || north - south > 1) throw new CliError('--bbox is larger than 1° × 1°: pick a city-sized box', 2);
  return b;
}

export async function main(argv: string[], print: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const noVehicles = argv.includes('--no-vehicles');
  const { options, positional } = parseArgs(
    argv.filter((a) => a !== '--no-vehicles'),
    ['bbox', 'dataset', 'buildings', 'out', 'help'],
  );
  if (options.help) {
    print(USAGE);
    return 0;
  }
  if (positional.length) throw new CliError(`unexpected argument ${positional[0]}\n${USAGE}`, 2);
  if (!options.bbox) throw new CliError(`--bbox is required\n${USAGE}`, 2);
  const bbox = parseBBox(options.bbox);
  const datasetPath = options.dataset ?? DEFAULT_DATASET;
  const cameras = datasetPath.endsWith('.pbf') ? camerasFromPbf(datasetPath) : loadCameraDataset(datasetPath);
  const buildings = options.buildings ? buildingsFromPbf(options.buildings) : undefined;
  const fc = coveragePolygons(cameras, { bbox, buildings, includeVehicleCameras: !noVehicles });
  const json = JSON.stringify(fc);
  const count = new Set(fc.features.map((f) => f.properties.camera)).size;
  if (options.out) {
    try {
      writeFileSync(options.out, json);
    } catch (e) {
      throw new CliError(`cannot write ${options.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    print(`wrote ${fc.features.length} polygons for ${count} cameras to ${options.out}\n`);
  } else print(json + '\n');
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runCli(main);
