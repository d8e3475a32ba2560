// Runs one fuzz jobs module in a worker thread (TypeScript through tsx), job by job, reporting to the
// watchdog in the test thread: { type: 'start' | 'end', job, error? }, { type: 'case', … } from the harness,
// and { type: 'figures', figures } at the end. A job that never ends is stopped by the watchdog.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { jobs } = await import(workerData.module);
const { figuresSnapshot } = await import(workerData.harness);
for (const name of workerData.jobs) {
  parentPort.postMessage({ type: 'start', job: name });
  let error;
  try {
    await jobs[name]();
  } catch (e) {
    // fast-check puts the parser's error in `cause`; keep the chain, first lines of each.
    const parts = [];
    for (let x = e; x && parts.length < 4; x = x.cause)
      parts.push(
        String(x.stack ?? x)
          .split('\n')
          .slice(0, 8)
          .join('\n'),
      );
    error = parts.join('\nCaused by: ').slice(0, 8000);
  }
  parentPort.postMessage({ type: 'figures', figures: figuresSnapshot() });
  parentPort.postMessage({ type: 'end', job: name, error });
}
parentPort.postMessage({ type: 'done' });
