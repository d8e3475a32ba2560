/** Fuzzing the OSM readers and the Overpass answer parser, in a worker under a watchdog (see watchdog.ts). */
import { afterAll, describe, it } from 'vitest';
import { startFuzzWorker, writeFigures } from './watchdog.ts';

const JOBS = [
  'random bytes and strings, every OSM reader',
  'Overpass JSON: bytes, wrong types, NaN/Infinity, out-of-range coordinates, depth 100,000',
  'OSM XML: bytes, attribute values, broken and extra markup, depth 100,000',
  '50 MiB inputs end in a typed outcome (these readers cap at 256 MiB; the importer at 32 MiB)',
  'OSM PBF: truncated, flipped, spliced blobs of the real Monaco file',
];
const worker = startFuzzWorker(new URL('./jobs-osm-readers.ts', import.meta.url), JOBS, 20_000);

afterAll(async () => {
  console.log(`\nfuzz figures (OSM readers):\n${writeFigures('fuzz-osm-readers.json', await worker.figures())}`);
});

describe('OSM readers under fuzzing: every input imports or is refused with a typed error, and ends', () => {
  it.each(JOBS)('%s', (job) => worker.job(job));
});
