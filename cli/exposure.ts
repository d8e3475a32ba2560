/**
 * `npm run exposure -- <file.gpx|file.geojson> [--dataset cameras.json|extract.osm.pbf] [--buildings extract.osm.pbf]
 *   [--out exposed.geojson] [--no-vehicles]`
 *
 * Prints, for each line of the file, the metres in each coverage tier and the cameras that see it, and
 * writes the exposed stretches (all lines) as a GeoJSON FeatureCollection when --out is given.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Camera } from '../lib/cameras/types.ts';
import { buildingIndexFromOsm, createExposureScorer, type BuildingIndex } from '../lib/exposure/index.ts';
import { readOsmPbf } from '../lib/sources/osm-pbf.ts';
import { camerasFromOsm } from '../lib/sources/osm-cameras.ts';
import { CliError, DEFAULT_DATASET, loadCameraDataset, parseArgs, readAndParse, readPathFile, runCli } from './common.ts';

const USAGE = `usage: npm run exposure -- <file.gpx|file.geojson> [--dataset f] [--buildings f.osm.pbf] [--out exposed.geojson] [--no-vehicles]
  --dataset     camera bundle / JSON array of cameras, or an .osm.pbf extract (default ${DEFAULT_DATASET})
  --buildings   .osm.pbf extract whose building=* footprints block the view (line of sight)
  --out         write the exposed stretches as GeoJSON
  --no-vehicles leave out ALPR and speed cameras
`;

export async function main(argv: string[], print: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const noVehicles = argv.includes('--no-vehicles');
  const { options, positional } = parseArgs(
    argv.filter((a) => a !== '--no-vehicles'),
    ['dataset', 'buildings', 'out', 'help'],
  );
  if (options.help) {
    print(USAGE);
    return 0;
  }
  if (positional.length !== 1) throw new CliError(`expected one path file\n${USAGE}`, 2);
  const lines = readPathFile(positional[0]);
  const datasetPath = options.dataset ?? DEFAULT_DATASET;
  const cameras = datasetPath.endsWith('.pbf') ? camerasFromPbf(datasetPath) : loadCameraDataset(datasetPath);
  const buildings = options.buildings ? buildingsFromPbf(options.buildings) : undefined;
  const scorer = createExposureScorer(cameras, { buildings, includeVehicleCameras: !noVehicles });

  const features: unknown[] = [];
  print(
    `dataset: ${datasetPath} (${scorer.cameras.length} active cameras)${buildings ? `, ${buildings.footprints.length} buildings` : ''}\n`,
  );
  for (const l of lines) {
    const p = scorer.profile(l.coords);
    print(`\n${l.name}\n`);
    const pct = (m: number) => (p.length > 0 ? `${((100 * m) / p.length).toFixed(1)} %` : '–');
    const rows: Array<[string, number]> = [
      ['identification', p.metres.identification],
      ['recognition', p.metres.recognition],
      ['observation', p.metres.observation],
      ['unseen', p.unseen],
      ['length', p.length],
    ];
    print(
      table(
        ['tier', 'metres', 'share'],
        rows.map(([t, m]) => [t, m.toFixed(1), t === 'length' ? '100 %' : pct(m)]),
      ),
    );
    print(`weighted exposure ${p.weighted.toFixed(1)} m, density ${p.density.toFixed(3)} per metre\n`);
    if (p.cameras.length === 0) print('no camera sees this line\n');
    else {
      print(`${p.cameras.length} camera(s) see it:\n`);
      print(
        table(
          ['camera', 'kind', 'metres', 'best tier', 'stretches (m from start)'],
          p.cameras.map((c) => [
            c.id,
            c.kind,
            c.metres.toFixed(1),
            bestTier(c.intervals.map((i) => i.tier)),
            mergeRanges(c.intervals)
              .map(([a, b]) => `${a.toFixed(0)}–${b.toFixed(0)}`)
              .join(', '),
          ]),
        ),
      );
    }
    for (const f of p.stretches.features) features.push({ ...f, properties: { line: l.name, ...f.properties } });
  }
  if (options.out) {
    try {
      writeFileSync(options.out, JSON.stringify({ type: 'FeatureCollection', features }, null, 1));
    } catch (e) {
      throw new CliError(`cannot write ${options.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    print(`\nwrote ${features.length} exposed stretch(es) to ${options.out}\n`);
  }
  return 0;
}

export function camerasFromPbf(path: string): Camera[] {
  return camerasFromOsm(readPbf(path), { source: 'osm' }).cameras;
}

export function buildingsFromPbf(path: string): BuildingIndex {
  return buildingIndexFromOsm(readPbf(path));
}

function readPbf(path: string) {
  return readAndParse(path, readOsmPbf);
}

const TIER_ORDER = ['identification', 'recognition', 'observation'];
function bestTier(tiers: string[]): string {
  return TIER_ORDER.find((t) => tiers.includes(t)) ?? '–';
}

function mergeRanges(iv: Array<{ from: number; to: number }>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const { from, to } of [...iv].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1e-6) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** A plain-text table; cells are data, printed as text. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runCli(main);
