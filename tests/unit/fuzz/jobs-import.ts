/**
 * Fuzz jobs for the GPX reader, format detection and planImport (the whole import path the options page
 * uses): random input, mutations of real files in every format, forced wrong formats, deep nesting, and a
 * 50 MiB file. Run in a worker by import.fuzz.test.ts; see harness.ts for the contract.
 *
 * planImport is held to a stricter contract than the readers: it throws ImportError only.
 */
import fc from 'fast-check';
import { readGpx } from '../../../lib/import/gpx.ts';
import { detectFormat, IMPORT_FORMATS, type ImportFormat } from '../../../lib/import/detect.ts';
import { isImportError } from '../../../lib/import/errors.ts';
import { planImport, type ImportPlan } from '../../../lib/import/plan.ts';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import {
  assertValidCamera,
  bytesOf,
  fuzzCase,
  FUZZ_SEED,
  mutatedBytes,
  mutatedCsv,
  mutatedJson,
  mutatedXml,
  randomInput,
  runs,
  textOf,
} from './harness.ts';
import {
  dataFile,
  monacoOverpassObject,
  monacoXml,
  SOUS_SURVEILLANCE,
  TOULOUSE_MIN,
  toulouseCsv,
  toulouseGeoJsonObject,
  toulouseGpx,
} from '../import/real-files.ts';

const DEPTH = 100_000;
const gpxSeed = textOf(toulouseGpx(60));
const csvSeed = textOf(toulouseCsv(100));
const geojsonSeed = JSON.stringify(toulouseGeoJsonObject(100));
const overpassSeed = JSON.stringify(monacoOverpassObject(10));
const xmlSeed = textOf(monacoXml(20));
const surveyObject = JSON.parse(textOf(dataFile(SOUS_SURVEILLANCE))) as { type: string; features: unknown[] };
const surveySeed = JSON.stringify({ ...surveyObject, features: surveyObject.features.slice(0, 100) });
const toulouseSeed = textOf(dataFile(TOULOUSE_MIN));
/** Stored cameras to plan against: 500 real Toulouse cameras. */
const existing = readToulouseMin(dataFile(TOULOUSE_MIN)).cameras.slice(0, 500);
const params = (n: number) => ({ numRuns: runs(n), seed: FUZZ_SEED });

function checkGpx(g: ReturnType<typeof readGpx>): void {
  for (const line of g.lines) {
    if (line.points.length < 2) throw new Error('a GPX line with fewer than 2 points');
    for (const [lon, lat] of line.points) {
      if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90))
        throw new Error(`GPX point ${lon},${lat}`);
    }
    if (line.name !== undefined && line.name.length > 1_000) throw new Error('GPX name not capped');
  }
}

function checkPlan(plan: ImportPlan): void {
  if (plan.kind === 'track') {
    checkGpx({ lines: plan.lines, waypoints: plan.waypoints, droppedShortSegments: 0 });
    if (!(Number.isFinite(plan.summary.lengthMetres) && plan.summary.lengthMetres >= 0)) throw new Error('track length');
    return;
  }
  plan.toAdd.forEach(assertValidCamera);
  plan.duplicates.forEach((d) => {
    assertValidCamera(d.camera);
  });
  const s = plan.summary;
  if (s.toAdd !== plan.toAdd.length || s.duplicates !== plan.duplicates.length || s.rejects !== plan.rejects.length) {
    throw new Error('summary counts differ from the lists');
  }
  if (s.read !== s.toAdd + s.duplicates) throw new Error('read ≠ toAdd + duplicates');
  if (Object.values(s.byKind).reduce((a, b) => a + b, 0) !== s.toAdd) throw new Error('byKind does not sum to toAdd');
  const ids = new Set(plan.toAdd.map((c) => c.id));
  if (ids.size !== plan.toAdd.length) throw new Error('duplicate ids among the cameras to add');
  if (!plan.toAdd.every((c) => c.source === plan.source)) throw new Error('a camera outside the import dataset');
  const stored = new Set(existing.map((c) => c.id));
  if (plan.toAdd.some((c) => stored.has(c.id))) throw new Error('a camera to add has a stored id');
}

/** planImport throws ImportError only; anything else (even a SourceError) breaks its contract. */
function plan(name: string, format: ImportFormat | undefined, bytes: Uint8Array): ImportPlan {
  try {
    return planImport({ name, bytes, format }, existing);
  } catch (e) {
    if (isImportError(e)) throw e;
    throw new Error(`planImport threw a non-ImportError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

const names = fc.constantFrom('cams.csv', 'cams.json', 'cams.geojson', 'walk.gpx', 'map.osm', 'area.pbf', 'export', 'x.txt');
const formats = fc.option(fc.constantFrom(...IMPORT_FORMATS), { nil: undefined, freq: 3 });

/** Mutations of every text format's real seed (PBF is fuzzed in the OSM job: its reader is shared). */
const mutatedImport = fc.oneof(
  mutatedBytes(bytesOf(gpxSeed)),
  mutatedXml(gpxSeed),
  mutatedCsv(csvSeed),
  mutatedBytes(bytesOf(csvSeed)),
  mutatedJson(geojsonSeed, { coordinateKeys: /^coordinates$/, depth: DEPTH }),
  mutatedJson(overpassSeed, { coordinateKeys: /^(lat|lon)$/ }),
  mutatedJson(surveySeed, { coordinateKeys: /^coordinates$/ }),
  mutatedJson(toulouseSeed, { coordinateKeys: /^(lons|lats)$/ }),
  mutatedXml(xmlSeed),
);

export const jobs: Record<string, () => void> = {
  'GPX: random input, mutated real walk, broken markup, depth 100,000, 50 MiB': () => {
    const deep = fc.constant(bytesOf('<gpx>' + '<trk>'.repeat(DEPTH) + '</trk>'.repeat(DEPTH) + '</gpx>'));
    const arb = fc.oneof(randomInput(), mutatedBytes(bytesOf(gpxSeed)), mutatedXml(gpxSeed), deep);
    fc.assert(
      fc.property(arb, (b) => void fuzzCase('gpx', b, readGpx, checkGpx)),
      params(600),
    );
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    big.set(bytesOf('<gpx>'));
    if (fuzzCase('gpx', big, readGpx, checkGpx) !== 'rejected') throw new Error('GPX accepted 50 MiB');
  },
  'detectFormat never throws on any input': () => {
    fc.assert(
      fc.property(names, fc.oneof(randomInput(), mutatedImport), (name, b) => {
        fuzzCase(
          'detectFormat',
          b,
          (x) => detectFormat(name, x),
          (f) => {
            if (f !== undefined && !IMPORT_FORMATS.includes(f)) throw new Error(`unknown format ${f}`);
          },
        );
      }),
      params(400),
    );
  },
  'planImport: random input under every name and format': () => {
    fc.assert(
      fc.property(
        names,
        formats,
        randomInput(),
        (name, format, b) => void fuzzCase('planImport', b, (x) => plan(name, format, x), checkPlan),
      ),
      params(400),
    );
  },
  'planImport: mutated real files of every format, detected or forced to a wrong format': () => {
    fc.assert(
      fc.property(
        names,
        formats,
        mutatedImport,
        (name, format, b) => void fuzzCase('planImport', b, (x) => plan(name, format, x), checkPlan),
      ),
      params(600),
    );
  },
  'planImport: a 50 MiB file is refused by the size cap': () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x20);
    big.set(bytesOf('{"type":"FeatureCollection","features":['));
    for (const format of [undefined, ...IMPORT_FORMATS]) {
      if (fuzzCase('planImport', big, (x) => plan('big.json', format, x), checkPlan) !== 'rejected') {
        throw new Error(`planImport accepted 50 MiB as ${format}`);
      }
    }
  },
};
