/**
 * The body of an engine worker (the planner page's, entrypoints/planner-engine.ts, and the overlay engine frame's,
 * entrypoints/frame-engine.ts): a PlannerService answering the engine worker protocol
 * (components/planner/engine-protocol.ts) through the background's own planner table. The two differ only in
 * where the service reads its data.
 */
import { createPlannerAnswerer } from '../../lib/background/index.ts';
import type { PlannerService } from '../../lib/planner/service.ts';
import { parseEngineWorkerRequest } from './engine-protocol.ts';

/** A dedicated worker's global scope, as far as an engine worker uses it. */
export interface WorkerScope {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function serveEngineRequests(scope: WorkerScope, planner: PlannerService): void {
  const answer = createPlannerAnswerer(planner);
  scope.addEventListener('message', (event) => {
    const request = parseEngineWorkerRequest(event.data);
    if (!request) return;
    if (request.kind === 'changed') return planner.camerasChanged();
    void answer(request.message).then((value) => scope.postMessage({ id: request.id, answer: value }));
  });
}
