/**
 * The planner page's engine worker (`/planner-engine.js`, started by components/planner/local-planner.ts):
 * a PlannerService of the page's own, over the same IndexedDB the background writes, so routes, area reports
 * and the street layer are answered while the service worker sleeps — no wake-up, no engine rebuild (issue #14,
 * docs/routing.md "Where routes are computed"). It only reads the store: seeding, imports and user cameras stay
 * the background's; the page tells it when they changed.
 */
import { serveEngineRequests, type WorkerScope } from '../components/planner/engine-worker.ts';
import { PlannerService } from '../lib/planner/service.ts';
import { plannerDepsFromStore } from '../lib/store/planner-deps.ts';

export default defineUnlistedScript(() => {
  serveEngineRequests(globalThis as unknown as WorkerScope, new PlannerService(plannerDepsFromStore(indexedDB)));
});
