/** Fuzzing GPX, format detection and planImport, in a worker under a watchdog (see watchdog.ts). */
import { afterAll, describe, it } from 'vitest';
import { startFuzzWorker, writeFigures } from './watchdog.ts';

const JOBS = [
  'GPX: random input, mutated real walk, broken markup, depth 100,000, 50 MiB',
  'detectFormat never throws on any input',
  'planImport: random input under every name and format',
  'planImport: mutated real files of every format, detected or forced to a wrong format',
  'planImport: a 50 MiB file is refused by the size cap',
];
const worker = startFuzzWorker(new URL('./jobs-import.ts', import.meta.url), JOBS, 30_000);

afterAll(async () => {
  console.log(`\nfuzz figures (import):\n${writeFigures('fuzz-import.json', await worker.figures())}`);
});

describe('import path under fuzzing: every input plans or is refused with a typed error, and ends', () => {
  it.each(JOBS)('%s', (job) => worker.job(job));
});
