/**
 * The background, without the `browser` API: the store service, the planner service, and ONE table from
 * message type to handler. entrypoints/background.ts only wires this to `browser.*` (assets, messaging,
 * ports, commands); Node tests call the very same `createBackground` with fake-indexeddb.
 *
 * Layer: the top of lib/ (above lib/messages.ts, lib/store and lib/planner); only entry points import it.
 */
import type { BBox } from '../geo/index.ts';
import {
  errorResponse,
  MessageError,
  MAX_CAMERAS_PER_ANSWER,
  parseRequest,
  type Request,
  type RequestType,
  type Response,
  type ResponseMap,
} from '../messages.ts';
import { answerDepsCall, parseDepsCall } from '../planner/remote-deps.ts';
import { PlannerService } from '../planner/service.ts';
import type { Settings } from '../settings.ts';
import { builtAreaGraph } from '../store/area-graph.ts';
import { openAngleMortDB } from '../store/db.ts';
import { runDistrictDownload, type DistrictServerMessage } from '../store/district.ts';
import { plannerDepsFromStore } from '../store/planner-deps.ts';
import { getSettings } from '../store/records.ts';
import { StoreService } from '../store/service.ts';
import type { Broadcast, StoreStatus } from '../store/types.ts';

export interface BackgroundDeps {
  /** The IndexedDB factory: the worker's `indexedDB`, fake-indexeddb in Node tests. */
  factory: IDBFactory;
  /** Reads one of the extension's own assets as text; throws when it cannot. */
  readText(path: string): Promise<string>;
  /** Reads a binary asset; `undefined` when the extension does not ship it. */
  readBinary(path: string): Promise<ArrayBuffer | undefined>;
  /** Tells every tab (and extension page) that something changed; failures are the transport's business. */
  broadcast(message: Broadcast): Promise<void>;
  /** The network, for a district download the user asked for (the only request the extension sends). */
  fetch?: typeof fetch;
  /** Empties the extension's `browser.storage` areas during a wipe (absent in Node tests). */
  clearExtensionStorage?(): Promise<void>;
  now?(): Date;
  /** Database name override for tests. */
  dbName?: string;
  /** Bytes the loaded planner engines may hold together (default in lib/planner/engines.ts); read at each use. */
  engineMemoryBudget?: number;
}

/** What answers one request type, given the validated request. */
type Handler<T extends RequestType> = (request: Extract<Request, { type: T }>) => ResponseMap[T] | Promise<ResponseMap[T]>;

/** Every request type's handler: the one place a message type meets the code that answers it. */
export type HandlerTable = { [T in RequestType]: Handler<T> };

function handlerTable(store: StoreService, planner: PlannerService): HandlerTable {
  return {
    status: () => store.currentStatus(),
    'dataset/summary': () => store.datasetSummary(),
    'cameras/inBBox': (r) => store.camerasInBBox(r.bbox, r.limit ?? MAX_CAMERAS_PER_ANSWER),
    'settings/get': () => store.getSettings(),
    'settings/set': (r) => store.updateSettings(r.patch),
    'userCameras/list': () => store.listUserCameras(),
    'userCameras/put': (r) => store.putUserCamera(r.camera),
    'userCameras/delete': (r) => store.deleteUserCamera(r.id),
    'datasets/list': () => store.listDatasets(),
    'datasets/delete': (r) => store.deleteDataset(r.id),
    'datasets/reload': () => store.reload(),
    'store/wipe': () => store.wipe(),
    ...plannerHandlers(planner),
  };
}

/** The requests the planner answers from the stored graphs alone (the rest use the store's state or index). */
export const PLANNER_REQUESTS = ['route', 'area/report', 'streets/search', 'streets/inBBox', 'walls/inBBox', 'planner/warm'] as const;
export type PlannerRequestType = (typeof PLANNER_REQUESTS)[number];
const PLANNER_REQUEST_SET: ReadonlySet<string> = new Set(PLANNER_REQUESTS);

/** The planner's part of the table: the background's and the planner page's engine worker's (one home). */
function plannerHandlers(planner: PlannerService): Pick<HandlerTable, PlannerRequestType> {
  return {
    route: (r) => planner.route(r),
    'area/report': (r) => planner.areaReport(r),
    'streets/search': (r) => planner.searchStreets(r),
    'streets/inBBox': (r) => planner.streetsInBBox(r),
    'walls/inBBox': (r) => planner.wallsInBBox(r),
    'planner/warm': (r) => planner.warm(r),
  };
}

/**
 * True for a message an engine worker of a page answers (`route`, `area/report`, …, and `planner/warm`, which
 * the overlay's engine frame sends to build its engine when the panel opens), before any validation.
 */
export function isPlannerRequest(raw: unknown): boolean {
  return !!raw && typeof raw === 'object' && PLANNER_REQUEST_SET.has((raw as { type?: unknown }).type as string);
}

/**
 * The planner's requests answered by a PlannerService of its own (the engine worker of the planner page or of
 * the overlay's engine frame, entrypoints/planner-engine.ts): validated like the background's, `bad-request`
 * for any other type.
 */
export function createPlannerAnswerer(planner: PlannerService): (raw: unknown) => Promise<Response<unknown>> {
  const table = plannerHandlers(planner);
  return async (raw) => {
    try {
      const request = parseRequest(raw);
      const handler = PLANNER_REQUEST_SET.has(request.type)
        ? (table as Partial<Record<RequestType, (request: Request) => unknown>>)[request.type]
        : undefined;
      if (!handler) return errorResponse(new MessageError('type', `${request.type} is not a planner request`));
      return { ok: true, value: await handler(request) };
    } catch (e) {
      return errorResponse(e);
    }
  };
}

export interface Background {
  readonly store: StoreService;
  readonly planner: PlannerService;
  /** Answers one untrusted message: validated first, then `{ ok: true, value }` or `{ ok: false, error }`. */
  handle(raw: unknown): Promise<Response<unknown>>;
  /**
   * When this background's first message arrived and when its first planner request could start (the bundle
   * checked), ms on `performance.now()` (a worker's: since its start); diagnostics for the cold-start benchmark.
   */
  readonly timeline: { firstMessageAt?: number; firstPlannerStartAt?: number };
  /** Loads (and seeds) the store once per background lifetime. */
  ready(): Promise<StoreStatus>;
  /** The `toggle-overlay` keyboard command. */
  toggleOverlay(): Promise<Settings>;
  /**
   * "Get this district from OpenStreetMap": one download, reported through `post`; the store's index and
   * every overlay learn of the new area before `done` is posted. Needs `deps.fetch`.
   */
  downloadDistrict(bbox: BBox, signal: AbortSignal, post: (message: DistrictServerMessage) => void): Promise<void>;
  /**
   * One read of the planner's data for the overlay's engine frame (lib/planner/remote-deps.ts, D96), from the
   * same store and the same reads the background's own planner uses, once the bundle is stored.
   */
  answerEngineDeps(raw: unknown): Promise<Response<unknown>>;
  close(): void;
}

export function createBackground(deps: BackgroundDeps): Background {
  // The planning engine (walk graph + cameras + router) is built on the first planner request, from the
  // graph the store keeps; camera changes mark it stale so the next request re-scores their neighbourhood.
  const plannerDeps = plannerDepsFromStore(deps.factory, { dbName: deps.dbName, now: deps.now });
  const planner = new PlannerService({
    ...plannerDeps,
    get engineMemoryBudget() {
      return deps.engineMemoryBudget;
    },
  });
  const store = new StoreService({
    factory: deps.factory,
    readText: deps.readText,
    readBinary: deps.readBinary,
    broadcast: (message) => {
      if (message.type === 'dataset/changed') planner.camerasChanged();
      return deps.broadcast(message);
    },
    clearExtensionStorage: deps.clearExtensionStorage,
    now: deps.now,
    dbName: deps.dbName,
  });
  const table = handlerTable(store, planner);

  const timeline: Background['timeline'] = {};
  async function handle(raw: unknown): Promise<Response<unknown>> {
    timeline.firstMessageAt ??= performance.now();
    let request: Request;
    try {
      request = parseRequest(raw);
    } catch (e) {
      return errorResponse(e);
    }
    try {
      // The planner reads its own graph and cameras: it waits for the bundle to be stored, not for the
      // store's camera index (a woken worker's first route, issue #14).
      await (PLANNER_REQUEST_SET.has(request.type) ? store.seeded() : store.ready());
      if (PLANNER_REQUEST_SET.has(request.type)) timeline.firstPlannerStartAt ??= performance.now();
      const handler = table[request.type] as (request: Request) => unknown;
      return { ok: true, value: await handler(request) };
    } catch (e) {
      return errorResponse(e);
    }
  }

  async function downloadDistrict(bbox: BBox, signal: AbortSignal, post: (message: DistrictServerMessage) => void): Promise<void> {
    const fetchFn = deps.fetch;
    if (!fetchFn) return post({ type: 'failed', code: 'unavailable', message: 'No network access in this context.' });
    await store.ready();
    const db = await openAngleMortDB(deps.factory, deps.dbName ? { name: deps.dbName } : {});
    try {
      const settings = await getSettings(db);
      const last = await runDistrictDownload(bbox, {
        db,
        fetch: fetchFn,
        endpoint: settings.overpassEndpoint,
        timeoutSeconds: settings.overpassTimeoutSeconds,
        buildGraph: async (osm, cameras) => builtAreaGraph(osm, cameras),
        signal,
        post: (m) => {
          // The store's index and every overlay learn of the new area before the page hears "done".
          if (m.type !== 'done') post(m);
        },
      });
      if (last.type === 'done') {
        await handle({ type: 'datasets/reload' });
        post(last);
      }
    } finally {
      db.close();
    }
  }

  async function answerEngineDeps(raw: unknown): Promise<Response<unknown>> {
    const call = parseDepsCall(raw);
    if (!call) return errorResponse(new MessageError('type', 'not a read of the planner data'));
    try {
      await store.seeded();
      return { ok: true, value: await answerDepsCall(plannerDeps, call) };
    } catch (e) {
      return errorResponse(e);
    }
  }

  return {
    store,
    planner,
    handle,
    answerEngineDeps,
    timeline,
    ready: () => store.ready(),
    toggleOverlay: () => store.toggleOverlay(),
    downloadDistrict,
    close: () => store.close(),
  };
}
