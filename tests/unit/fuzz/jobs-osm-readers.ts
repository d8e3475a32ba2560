/**
 * Fuzz jobs for the OpenStreetMap readers (Overpass JSON, OSM XML, OSM PBF), the camera extraction that
 * follows them, and the Overpass client's answer parser: random input and mutations of real Monaco and
 * Toulouse data. Run in a worker by osm-readers.fuzz.test.ts; see harness.ts for the contract.
 */
import fc from 'fast-check';
import { readOverpassJson } from '../../../lib/sources/overpass.ts';
import { readOsmXml } from '../../../lib/sources/osm-xml.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import type { OsmData } from '../../../lib/sources/osm-model.ts';
import { parseOverpassBytes } from '../../../lib/sources/overpass-client.ts';
import {
  assertValidCameras,
  bytesOf,
  fuzzCase,
  FUZZ_SEED,
  mutatedBytes,
  mutatedJson,
  mutatedXml,
  randomInput,
  runs,
  textOf,
} from './harness.ts';
import { monacoOverpassObject, monacoPbfHead, monacoXml, toulouseOverpassObject } from '../import/real-files.ts';

const overpassSeeds = [JSON.stringify(monacoOverpassObject(15)), JSON.stringify(toulouseOverpassObject(150))];
const xmlSeed = textOf(monacoXml(30));
const pbfSeed = monacoPbfHead();
const DEPTH = 100_000;

/** Structural invariants of OsmData, then the cameras extracted from it. */
function checkOsm(osm: OsmData): void {
  for (const n of osm.nodes.values()) {
    if (
      !(Number.isSafeInteger(n.id) && Number.isFinite(n.lon) && Number.isFinite(n.lat) && Math.abs(n.lon) <= 180 && Math.abs(n.lat) <= 90)
    ) {
      throw new Error(`invalid node ${JSON.stringify(n).slice(0, 200)}`);
    }
  }
  for (const w of osm.ways) {
    if (!Number.isSafeInteger(w.id) || !w.nodeIds.every(Number.isSafeInteger)) throw new Error(`invalid way ${w.id}`);
    for (const p of [...(w.geometry ?? []), ...(w.center ? [w.center] : [])]) {
      if (!(Number.isFinite(p.lon) && Number.isFinite(p.lat) && Math.abs(p.lon) <= 180 && Math.abs(p.lat) <= 90)) {
        throw new Error(`way ${w.id} has an invalid coordinate ${JSON.stringify(p)}`);
      }
    }
  }
  assertValidCameras(camerasFromOsm(osm, { source: 'import:fuzz' }));
}

const targets = {
  'overpass-json': (b: Uint8Array) => fuzzCase('overpass-json', b, (x) => readOverpassJson(x), checkOsm),
  'osm-xml': (b: Uint8Array) => fuzzCase('osm-xml', b, (x) => readOsmXml(x), checkOsm),
  'osm-pbf': (b: Uint8Array) => fuzzCase('osm-pbf', b, (x) => readOsmPbf(x), checkOsm),
  'overpass-client parse': (b: Uint8Array) =>
    fuzzCase(
      'overpass-client parse',
      b,
      (x) => {
        // The client returns its errors; throw them so the harness counts them as typed rejections.
        const r = parseOverpassBytes(x);
        if (r instanceof Error) throw r;
        return r.data;
      },
      checkOsm,
    ),
};
const params = (n: number) => ({ numRuns: runs(n), seed: FUZZ_SEED });

function fifty(prefix: string): Uint8Array {
  const b = new Uint8Array(50 * 1024 * 1024).fill(0x20);
  b.set(bytesOf(prefix));
  return b;
}

export const jobs: Record<string, () => void> = {
  'random bytes and strings, every OSM reader': () => {
    for (const target of Object.values(targets))
      fc.assert(
        fc.property(randomInput(), (b) => void target(b)),
        params(300),
      );
  },
  'Overpass JSON: bytes, wrong types, NaN/Infinity, out-of-range coordinates, depth 100,000': () => {
    const arb = fc.oneof(
      ...overpassSeeds.map((s) => mutatedBytes(bytesOf(s))),
      ...overpassSeeds.map((s) => mutatedJson(s, { coordinateKeys: /^(lat|lon)$/, depth: DEPTH })),
    );
    fc.assert(
      fc.property(arb, (b) => void targets['overpass-json'](b)),
      params(300),
    );
    fc.assert(
      fc.property(arb, (b) => void targets['overpass-client parse'](b)),
      params(100),
    );
  },
  'OSM XML: bytes, attribute values, broken and extra markup, depth 100,000': () => {
    const deep = fc.constant(bytesOf('<osm>' + '<a>'.repeat(DEPTH) + '</a>'.repeat(DEPTH) + '</osm>'));
    fc.assert(
      fc.property(fc.oneof(mutatedBytes(bytesOf(xmlSeed)), mutatedXml(xmlSeed), deep), (b) => void targets['osm-xml'](b)),
      params(400),
    );
  },
  '50 MiB inputs end in a typed outcome (these readers cap at 256 MiB; the importer at 32 MiB)': () => {
    for (const [name, prefix] of [
      ['overpass-json', '{"elements":['],
      ['osm-xml', '<osm version="0.6">'],
      ['osm-pbf', '\u0000\u0000\u0000\u000d'],
    ] as const) {
      if (targets[name](fifty(prefix)) !== 'rejected') throw new Error(`${name} accepted 50 MiB of spaces`);
    }
  },
  // Last in this worker: if the PBF reader hangs, the watchdog stops the worker and no other job is lost.
  'OSM PBF: truncated, flipped, spliced blobs of the real Monaco file': () => {
    fc.assert(
      fc.property(mutatedBytes(pbfSeed), (b) => void targets['osm-pbf'](b)),
      params(150),
    );
  },
};
