/**
 * The planner page's `send`: planner requests (routes, area reports, the street layer) are answered by the
 * page's own engine worker (entrypoints/planner-engine.ts), everything else by the background. The worker
 * keeps its engine as long as the page is open, so the first route after the browser stopped the idle
 * service worker costs a route, not a wake-up and an engine rebuild (issue #14; docs/routing.md "Where routes
 * are computed"). The background stays the authority: when the worker cannot start, crashes, or has no walk
 * graph (a first install still seeding), the request goes to the background as before.
 */
import { isPlannerRequest } from '../../lib/background/index.ts';
import type { Send } from './client.ts';
import { parseEngineWorkerAnswer, type EngineWorkerRequest } from './engine-protocol.ts';

/** What the page needs of a Worker (a fake in unit tests). */
export interface WorkerLike {
  postMessage(message: EngineWorkerRequest): void;
  addEventListener(type: 'message' | 'error', listener: (event: { data?: unknown }) => void): void;
  terminate(): void;
}

/** Requests that change nothing the planner reads: they do not make the worker reload. */
const READ_ONLY = new Set([
  'status',
  'dataset/summary',
  'cameras/inBBox',
  'settings/get',
  'settings/set',
  'userCameras/list',
  'datasets/list',
]);

export interface LocalPlanner {
  send: Send;
  /**
   * Asks the worker directly, ready or not (the overlay's engine frame warms its engine so); the background
   * answers when there is no worker or it goes away, unless `fallback` is false (the answer is then null).
   */
  ask(message: unknown, options?: { fallback?: boolean }): Promise<unknown>;
  /** Cameras or datasets changed (a `dataset/changed` broadcast): the worker reloads before its next answer. */
  changed(): void;
  close(): void;
  /** Requests the worker answered (diagnostics and tests). */
  readonly served: number;
}

export interface LocalPlannerOptions {
  /** Planner requests go to the worker only while this is true (default: always); to the background otherwise. */
  ready?: () => boolean;
}

export function createLocalPlanner(background: Send, startWorker: () => WorkerLike, options: LocalPlannerOptions = {}): LocalPlanner {
  const ready = options.ready ?? (() => true);
  let worker: WorkerLike | null = null;
  let nextId = 1;
  let served = 0;
  const pending = new Map<number, { message: unknown; fallback: boolean; resolve: (answer: unknown) => void }>();
  /** The worker is gone: what it still owed goes to the background, and so does everything after. */
  const retire = () => {
    worker?.terminate();
    worker = null;
    for (const { message, fallback, resolve } of pending.values()) resolve(fallback ? background(message) : null);
    pending.clear();
  };
  try {
    worker = startWorker();
    worker.addEventListener('error', retire);
    worker.addEventListener('message', (event) => {
      const got = parseEngineWorkerAnswer(event.data);
      const waiting = got && pending.get(got.id);
      if (!got || !waiting) return;
      pending.delete(got.id);
      const a = got.answer as { ok?: unknown; error?: { code?: unknown } } | null;
      // No walk graph in the worker's view (the store still seeding): the background knows best.
      if (a && a.ok === false && a.error?.code === 'no-graph' && waiting.fallback) waiting.resolve(background(waiting.message));
      else {
        served++;
        waiting.resolve(got.answer);
      }
    });
  } catch {
    worker = null;
  }
  const changed = () => worker?.postMessage({ kind: 'changed' });
  const ask = (message: unknown, { fallback = true }: { fallback?: boolean } = {}): Promise<unknown> => {
    const w = worker;
    if (!w) return fallback ? background(message) : Promise.resolve(null);
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, { message, fallback, resolve });
      w.postMessage({ kind: 'ask', id, message });
    });
  };
  const send: Send = async (message) => {
    if (worker && isPlannerRequest(message) && ready()) return ask(message);
    const answer = await background(message);
    const type = message && typeof message === 'object' ? (message as { type?: unknown }).type : undefined;
    // A planner request the background answered (the worker not ready) changes nothing either.
    if (!READ_ONLY.has(type as string) && !isPlannerRequest(message)) changed();
    return answer;
  };
  return {
    send,
    ask,
    changed,
    close: retire,
    get served() {
      return served;
    },
  };
}
