/**
 * The planner page's engine worker (`/planner-engine.js`, started by components/planner/local-planner.ts):
 * a PlannerService of the page's own, over the same IndexedDB the background writes, so routes, area reports
 * and the street layer are answered while the service worker sleeps — no wake-up, no engine rebuild (issue #14,
 * docs/routing.md "Where routes are computed"). It only reads the store: seeding, imports and user cameras stay
 * the background's; the page tells it when they changed.
 */
import { createPlannerAnswerer } from '../lib/background/index.ts';
import { PlannerService } from '../lib/planner/service.ts';
import { plannerDepsFromStore } from '../lib/store/planner-deps.ts';
import { parseEngineWorkerRequest } from '../components/planner/engine-protocol.ts';

export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as {
    addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
    postMessage(message: unknown): void;
  };
  const planner = new PlannerService(plannerDepsFromStore(indexedDB));
  const answer = createPlannerAnswerer(planner);
  scope.addEventListener('message', (event) => {
    const request = parseEngineWorkerRequest(event.data);
    if (!request) return;
    if (request.kind === 'changed') return planner.camerasChanged();
    void answer(request.message).then((value) => scope.postMessage({ id: request.id, answer: value }));
  });
});
