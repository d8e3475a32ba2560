/** Fuzzing the camera-file readers and tag parsers, in a worker under a watchdog (see watchdog.ts). */
import { afterAll, describe, it } from 'vitest';
import { startFuzzWorker, writeFigures } from './watchdog.ts';

const JOBS = [
  'random bytes and strings, every camera reader',
  'a 50 MiB input is refused by every camera reader',
  'toulouse-min: truncated, flipped, spliced bytes',
  'toulouse-min: wrong types, NaN/Infinity, huge numbers, coordinates out of range, depth 100,000',
  'sous-surveillance: byte mutations of the whole export',
  'sous-surveillance: structure mutations, depth 100,000',
  'geojson: byte and structure mutations of real records, depth 100,000',
  'csv: byte and cell mutations of real records',
  'OSM tag parsers never throw and return in-range numbers',
];
const worker = startFuzzWorker(new URL('./jobs-camera-readers.ts', import.meta.url), JOBS, 30_000);

afterAll(async () => {
  console.log(`\nfuzz figures (camera readers):\n${writeFigures('fuzz-camera-readers.json', await worker.figures())}`);
});

describe('camera readers under fuzzing: every input imports or is refused with a typed error, and ends', () => {
  it.each(JOBS)('%s', (job) => worker.job(job));
});
