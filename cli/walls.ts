/**
 * `npm run -s walls -- --osm <file.osm.pbf|file.osm> [--json]`
 *
 * Checks walls inferred from the streets against the real buildings of an OSM extract: every walkable edge
 * scored with the mapped buildings, the inferred walls and no walls (lib/walls/validate.ts). Prints one
 * JSON object with --json, else a short table.
 */
import { pathToFileURL } from 'node:url';
import { readOsmPbf } from '../lib/sources/osm-pbf.ts';
import { readOsmXml } from '../lib/sources/osm-xml.ts';
import type { OsmData } from '../lib/sources/osm-model.ts';
import { validateWalls } from '../lib/walls/validate.ts';
import { CliError, parseArgs, readAndParse, runCli } from './common.ts';
import { table } from './exposure.ts';

const USAGE = `usage: npm run -s walls -- --osm <file.osm.pbf|file.osm> [--json]
  --osm   an OpenStreetMap extract with streets, buildings and cameras
  --json  print one JSON object instead of a table
`;

export async function main(argv: string[], print: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const json = argv.includes('--json');
  const { options, positional } = parseArgs(
    argv.filter((a) => a !== '--json'),
    ['osm', 'help'],
  );
  if (options.help) {
    print(USAGE);
    return 0;
  }
  if (positional.length) throw new CliError(`unexpected argument ${positional[0]}\n${USAGE}`, 2);
  if (!options.osm) throw new CliError(`--osm is required\n${USAGE}`, 2);
  const v = validateWalls(readOsm(options.osm));
  if (json) {
    print(JSON.stringify({ file: options.osm, ...v }) + '\n');
    return 0;
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const km = (m: number) => (m / 1000).toFixed(2);
  print(`${options.osm}: ${v.edges} walkable edges, ${km(v.lengthMetres)} km, ${v.cameras} cameras, ${v.buildings} buildings\n`);
  print(
    table(
      ['walls', 'seen km', 'share of length'],
      [
        ['none', km(v.seenMetres.none), pct(v.seenMetres.none / Math.max(1, v.lengthMetres))],
        ['mapped', km(v.seenMetres.mapped), pct(v.seenMetres.mapped / Math.max(1, v.lengthMetres))],
        ['inferred', km(v.seenMetres.inferred), pct(v.seenMetres.inferred / Math.max(1, v.lengthMetres))],
      ],
    ),
  );
  print(`false unseen ${km(v.falseUnseenMetres)} km (${pct(v.falseUnseenShare)} of seen with mapped; target ≤ 5 %)\n`);
  print(`false seen ${km(v.falseSeenMetres)} km; overestimate removed ${pct(v.overestimateRemoved)} (target ≥ 50 %)\n`);
  print(
    `faces: ${Object.entries(v.faces)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; ${v.wallRings} wall rings inferred in ${v.inferMs} ms\n`,
  );
  for (const w of v.warnings) print(`warning: ${w}\n`);
  return 0;
}

function readOsm(path: string): OsmData {
  return readAndParse(path, (bytes) => (path.endsWith('.pbf') ? readOsmPbf(bytes) : readOsmXml(bytes)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runCli(main);
