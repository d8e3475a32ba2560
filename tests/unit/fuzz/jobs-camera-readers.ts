/**
 * Fuzz jobs for the camera-file readers (Toulouse OSM min file, sous-surveillance export, GeoJSON, CSV)
 * and the OSM tag parsers: random input and mutations of the real files. Run in a worker by
 * camera-readers.fuzz.test.ts; see harness.ts for the contract.
 */
import fc from 'fast-check';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import { readSousSurveillance } from '../../../lib/sources/sous-surveillance.ts';
import { readCameraGeoJson } from '../../../lib/sources/geojson.ts';
import { previewCsv, readCameraCsv } from '../../../lib/sources/csv.ts';
import { cameraFromOsmTags, parseDirection, parseFieldOfView, parseHeightMetres } from '../../../lib/cameras/tags.ts';
import {
  assertValidCamera,
  assertValidCameras,
  bytesOf,
  fuzzCase,
  FUZZ_SEED,
  mutatedBytes,
  mutatedCsv,
  mutatedJson,
  randomInput,
  runCase,
  runs,
  textOf,
} from './harness.ts';
import { dataFile, SOUS_SURVEILLANCE, TOULOUSE_MIN, toulouseCsv, toulouseGeoJsonObject } from '../import/real-files.ts';

const SOURCE = { source: 'import:fuzz' };
const toulouse = dataFile(TOULOUSE_MIN);
const surveyAll = dataFile(SOUS_SURVEILLANCE);
const surveyObject = JSON.parse(textOf(surveyAll)) as { type: string; features: unknown[] };
/** The first 150 survey features: mutating a smaller document keeps each case fast. */
const surveySmall = JSON.stringify({ ...surveyObject, features: surveyObject.features.slice(0, 150) });
const geojson = JSON.stringify(toulouseGeoJsonObject(150));
const csv = textOf(toulouseCsv(150));
const DEPTH = 100_000;

/** 50 MiB: a valid start, then spaces. Every camera reader must refuse it by its size cap. */
function fiftyMiB(): Uint8Array {
  const b = new Uint8Array(50 * 1024 * 1024).fill(0x20);
  b.set(bytesOf('{"type":"FeatureCollection","features":['));
  return b;
}

const targets = {
  'toulouse-min': (b: Uint8Array) => fuzzCase('toulouse-min', b, (x) => readToulouseMin(x), assertValidCameras),
  'sous-surveillance': (b: Uint8Array) => fuzzCase('sous-surveillance', b, (x) => readSousSurveillance(x), assertValidCameras),
  geojson: (b: Uint8Array) => fuzzCase('geojson', b, (x) => readCameraGeoJson(x, SOURCE), assertValidCameras),
  csv: (b: Uint8Array) =>
    fuzzCase(
      'csv',
      b,
      (x) => {
        previewCsv(x);
        return readCameraCsv(x, SOURCE);
      },
      assertValidCameras,
    ),
};
const params = (n: number) => ({ numRuns: runs(n), seed: FUZZ_SEED });

export const jobs: Record<string, () => void> = {
  'random bytes and strings, every camera reader': () => {
    for (const target of Object.values(targets))
      fc.assert(
        fc.property(randomInput(), (b) => void target(b)),
        params(300),
      );
  },
  'a 50 MiB input is refused by every camera reader': () => {
    const big = fiftyMiB();
    for (const [name, target] of Object.entries(targets)) {
      if (target(big) !== 'rejected') throw new Error(`${name} did not refuse 50 MiB`);
    }
  },
  'toulouse-min: truncated, flipped, spliced bytes': () => {
    fc.assert(
      fc.property(mutatedBytes(toulouse), (b) => void targets['toulouse-min'](b)),
      params(250),
    );
  },
  'toulouse-min: wrong types, NaN/Infinity, huge numbers, coordinates out of range, depth 100,000': () => {
    fc.assert(
      fc.property(mutatedJson(textOf(toulouse), { coordinateKeys: /^(lons|lats)$/, depth: DEPTH }), (b) => void targets['toulouse-min'](b)),
      params(100),
    );
  },
  'sous-surveillance: byte mutations of the whole export': () => {
    fc.assert(
      fc.property(mutatedBytes(surveyAll), (b) => void targets['sous-surveillance'](b)),
      params(40),
    );
  },
  'sous-surveillance: structure mutations, depth 100,000': () => {
    fc.assert(
      fc.property(mutatedJson(surveySmall, { coordinateKeys: /^coordinates$/, depth: DEPTH }), (b) => void targets['sous-surveillance'](b)),
      params(150),
    );
  },
  'geojson: byte and structure mutations of real records, depth 100,000': () => {
    fc.assert(
      fc.property(mutatedBytes(bytesOf(geojson)), (b) => void targets.geojson(b)),
      params(200),
    );
    fc.assert(
      fc.property(
        fc.oneof(mutatedJson(geojson, { coordinateKeys: /^coordinates$/, depth: DEPTH }), mutatedJson(surveySmall, { depth: DEPTH })),
        (b) => void targets.geojson(b),
      ),
      params(150),
    );
  },
  'csv: byte and cell mutations of real records': () => {
    fc.assert(
      fc.property(mutatedBytes(bytesOf(csv)), (b) => void targets.csv(b)),
      params(200),
    );
    fc.assert(
      fc.property(mutatedCsv(csv), (b) => void targets.csv(b)),
      params(250),
    );
  },
  'OSM tag parsers never throw and return in-range numbers': () => {
    const tagText = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        'NaN',
        'Infinity',
        '-Infinity',
        '1e400',
        '90;270',
        '0-360',
        '350-10',
        'NNE',
        'n',
        ';;;',
        '-',
        '5 m',
        '3,5',
        '12 ft',
        '-1',
        '1e308',
      ),
      fc.double().map(String),
    );
    fc.assert(
      fc.property(tagText, tagText, tagText, (a, b, c) => {
        runCase(
          'osm-tags',
          () => ({
            d: parseDirection(a),
            h: parseHeightMetres(b),
            f: parseFieldOfView(c),
            cam: cameraFromOsmTags(
              { man_made: 'surveillance', 'camera:direction': a, height: b, 'camera:angle': c, 'camera:type': a, surveillance: b },
              { source: 'fuzz', sourceId: 'node/1', lon: 1.44, lat: 43.6 },
            ),
          }),
          ({ d, h, f, cam }) => {
            if (!d.directions.every((x) => Number.isFinite(x) && x >= 0 && x < 360)) throw new Error(`direction ${a} → ${d.directions}`);
            if (h !== undefined && !(Number.isFinite(h) && h >= 0)) throw new Error(`height ${b} → ${h}`);
            if (f !== undefined && !(Number.isFinite(f) && f > 0 && f <= 360)) throw new Error(`fov ${c} → ${f}`);
            if (cam) assertValidCamera(cam);
          },
        );
      }),
      params(2_000),
    );
  },
};
