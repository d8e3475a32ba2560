/**
 * Runs fuzz jobs in a worker thread under a watchdog, so "never a hang" is tested, not hoped for: a parser
 * stuck in a loop cannot be interrupted inside its own thread (nor by vitest's time-out), but a worker can
 * be terminated. A job that does not finish within its time budget fails with the input that was running.
 */
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { figuresTable, type Figure } from './harness.ts';

export interface FuzzWorker {
  /** Resolves when the job passed; rejects with its failure, or with the hang report. */
  job(name: string): Promise<void>;
  /** Figures from the worker (after all jobs ended, or what was known at a hang). */
  figures(): Promise<Record<string, Figure>>;
}

/**
 * Starts `module` (exporting `jobs: Record<string, () => void>`) in a worker and runs `names` in order.
 * `budgetMs` is per job: long enough for the job on a busy 2-core machine, far shorter than a stuck loop.
 */
export function startFuzzWorker(module: URL, names: string[], budgetMs = 60_000): FuzzWorker {
  const pending = new Map<string, { resolve: () => void; reject: (e: Error) => void; promise: Promise<void> }>();
  for (const name of names) {
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined);
    pending.set(name, { resolve, reject, promise });
  }
  /** The latest figures the worker sent (after each job), kept if it is stopped later. */
  let latest: Record<string, Figure> = {};
  let figuresResolve!: (f: Record<string, Figure>) => void;
  const figures = new Promise<Record<string, Figure>>((res) => (figuresResolve = res));
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { module: module.href, harness: new URL('./harness.ts', import.meta.url).href, jobs: names },
    env: { ...process.env },
  });
  let current: string | undefined;
  let lastCase = '(no case started)';
  let timer: NodeJS.Timeout | undefined;
  const failRemaining = (why: string) => {
    for (const [name, p] of pending) p.reject(new Error(`${name}: ${why}`));
    pending.clear();
  };
  worker.on(
    'message',
    (m: { type: string; job?: string; error?: string; target?: string; input?: string; figures?: Record<string, Figure> }) => {
      if (m.type === 'start') {
        current = m.job;
        timer = setTimeout(() => {
          const p = pending.get(current!);
          pending.delete(current!);
          p?.reject(new Error(`${current}: no result within ${budgetMs} ms — a parser hangs. Last case started: ${lastCase}`));
          failRemaining(`not run: the worker was stopped after a hang in ${current}`);
          void worker.terminate();
          figuresResolve(latest);
        }, budgetMs);
      } else if (m.type === 'case') {
        lastCase = `${m.target} on ${m.input}`;
      } else if (m.type === 'end') {
        clearTimeout(timer);
        const p = pending.get(m.job!);
        pending.delete(m.job!);
        if (m.error) p?.reject(new Error(m.error));
        else p?.resolve();
      } else if (m.type === 'figures') {
        latest = m.figures ?? latest;
      } else if (m.type === 'done') {
        figuresResolve(latest);
      }
    },
  );
  worker.on('error', (e) => {
    clearTimeout(timer);
    failRemaining(`worker error ${e.message}`);
    figuresResolve(latest);
  });
  worker.on('exit', () => {
    clearTimeout(timer);
    failRemaining('the worker exited early');
    figuresResolve(latest);
  });
  return {
    job: (name) => pending.get(name)?.promise ?? Promise.reject(new Error(`unknown job ${name}`)),
    figures: () => figures,
  };
}

/** Writes figures to tests/.tmp/<file> (git-ignored) and returns the Markdown table. */
export function writeFigures(file: string, figures: Record<string, Figure>): string {
  const dir = new URL('../../.tmp/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(file, dir), JSON.stringify(figures, null, 2));
  return figuresTable(figures);
}
