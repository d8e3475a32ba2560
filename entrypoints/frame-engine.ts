/**
 * The overlay engine frame's worker (`/frame-engine.js`, started by entrypoints/engine-frame, D96): the planner
 * page's engine worker, but reading the planner's data through the frame from the background
 * (lib/planner/remote-deps.ts), since a frame inside a map site may not open the extension's IndexedDB.
 * Reads go out as `{ kind: 'deps', id, call, … }` and come back as `{ kind: 'deps-answer', id, answer }`.
 */
import { serveEngineRequests, type WorkerScope } from '../components/planner/engine-worker.ts';
import { remotePlannerDeps, RemoteDepsError, type DepsCall } from '../lib/planner/remote-deps.ts';
import { PlannerService } from '../lib/planner/service.ts';

export default defineUnlistedScript({
  // Chromium only, like the frame page (entrypoints/engine-frame: its `manifest.include` meta).
  include: ['chrome'],
  main: () => serveFrameEngine(),
});

function serveFrameEngine(): void {
  const scope = globalThis as unknown as WorkerScope;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const ask = (call: DepsCall) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      scope.postMessage({ kind: 'deps', id, ...call });
    });
  scope.addEventListener('message', (event) => {
    const d = event.data as { kind?: unknown; id?: unknown; answer?: unknown } | null;
    if (d?.kind !== 'deps-answer' || typeof d.id !== 'number') return;
    const w = waiting.get(d.id);
    if (!w) return;
    waiting.delete(d.id);
    const a = d.answer as { ok?: unknown; value?: unknown; error?: { message?: unknown } } | null;
    if (a?.ok === true) w.resolve(a.value);
    else w.reject(new RemoteDepsError(`the background could not read the planner data: ${String(a?.error?.message ?? 'no answer')}`));
  });
  serveEngineRequests(scope, new PlannerService(remotePlannerDeps(ask)));
}
