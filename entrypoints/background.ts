/**
 * The background: owns the database and answers typed messages. All logic lives in lib/store/service.ts;
 * this file only wires it to the browser (the extension's own assets, messaging, the keyboard command).
 */
import { browser, type PublicPath } from 'wxt/browser';
import { StoreService } from '../lib/store/service.ts';
import type { Broadcast } from '../lib/messages.ts';
import { handleWithPlanner, PlannerService } from '../lib/planner/service.ts';
import { plannerDepsFromStore } from '../lib/planner/store-deps.ts';
import { DISTRICT_PORT, parseDistrictClientMessage, runDistrictDownload } from '../lib/store/district.ts';
import { openAngleMortDB } from '../lib/store/db.ts';
import { getSettings } from '../lib/store/records.ts';
import { buildAreaGraph } from '../lib/store/area-graph.ts';

/** Fetches one of the extension's own packaged files (never anything remote). */
async function fetchOwnAsset(path: string): Promise<Response> {
  const response = await fetch(browser.runtime.getURL(`/${path}` as PublicPath));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

/** Tells every tab's content script, then the extension's own pages. No `tabs` permission is needed for this. */
async function broadcast(message: Broadcast): Promise<void> {
  const tabs = await browser.tabs.query({});
  await Promise.allSettled(
    // Tabs without our content script (most of them) reject: that is expected.
    tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message))),
  );
  // Popup and options pages, when open; no receiver is not an error.
  await browser.runtime.sendMessage(message).catch(() => undefined);
}

export default defineBackground(() => {
  // The planning engine (walk graph + cameras + router) is built on the first planner request, from the
  // graph the store keeps; camera changes mark it stale so the next request re-scores their neighbourhood.
  const planner = new PlannerService(plannerDepsFromStore(indexedDB));
  const service = new StoreService({
    factory: indexedDB,
    readText: async (path) => (await fetchOwnAsset(path)).text(),
    readBinary: async (path) => {
      try {
        return await (await fetchOwnAsset(path)).arrayBuffer();
      } catch {
        return undefined; // a bundle without a walk graph still serves its cameras (routes then answer no-graph)
      }
    },
    broadcast: (message) => {
      if (message.type === 'dataset/changed') planner.camerasChanged();
      return broadcast(message);
    },
    route: (request) => planner.route(request),
    // Wipe: every browser.storage area the extension may have written (the store itself is IndexedDB).
    clearExtensionStorage: async () => {
      await Promise.all([browser.storage.local.clear(), browser.storage.session?.clear(), browser.storage.sync?.clear()]);
    },
  });

  browser.runtime.onMessage.addListener((message: unknown, _sender: unknown, sendResponse?: (answer: unknown) => void) => {
    // Our own broadcasts echo back to pages only; a background never answers them.
    if (message && typeof message === 'object' && ((message as { type?: unknown }).type === 'settings/changed' || (message as { type?: unknown }).type === 'dataset/changed')) {
      return undefined;
    }
    const answer = handleWithPlanner(service, planner, message);
    // Chromium accepts a returned Promise in recent versions; sendResponse + `true` works everywhere.
    if (typeof sendResponse === 'function') {
      void answer.then(sendResponse);
      return true;
    }
    return answer;
  });

  // "Get this district from OpenStreetMap" (dock, planner page, popup): one port per download; closing the
  // port (page gone) or a `cancel` message aborts it. The graph is built here, in the service worker, which
  // cannot start Web Workers; the write happens once, at the end (lib/store/district.ts).
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== DISTRICT_PORT) return;
    const controller = new AbortController();
    let started = false;
    const post = (message: unknown) => {
      try {
        port.postMessage(message);
      } catch {
        /* the page went away */
      }
    };
    port.onDisconnect.addListener(() => controller.abort());
    port.onMessage.addListener((raw: unknown) => {
      const message = parseDistrictClientMessage(raw);
      if (!message) return post({ type: 'failed', code: 'bad-request', message: 'Not a district request.' });
      if (message.type === 'cancel') return controller.abort();
      if (started) return;
      started = true;
      void (async () => {
        await service.ready();
        const db = await openAngleMortDB(indexedDB);
        try {
          const settings = await getSettings(db);
          const last = await runDistrictDownload(message.bbox, {
            db,
            fetch: (input, init) => fetch(input, init),
            endpoint: settings.overpassEndpoint,
            timeoutSeconds: settings.overpassTimeoutSeconds,
            buildGraph: async (osm, cameras) => buildAreaGraph(osm, cameras).bytes,
            signal: controller.signal,
            post: (m) => {
              // The store's index and every overlay learn of the new area before the page hears "done".
              if (m.type !== 'done') post(m);
            },
          });
          if (last.type === 'done') {
            await handleWithPlanner(service, planner, { type: 'datasets/reload' });
            post(last);
          }
        } finally {
          db.close();
        }
      })();
    });
  });

  browser.commands.onCommand.addListener((command) => {
    if (command === 'toggle-overlay') void service.toggleOverlay().catch(() => undefined);
  });

  // Loading is memoised per background lifetime, so these never seed twice; seeding itself also skips
  // a version that is already stored.
  browser.runtime.onInstalled.addListener(() => void service.ready());
  browser.runtime.onStartup.addListener(() => void service.ready());
  // A service worker woken by a message also needs its index.
  void service.ready();

  // Test builds only (compiled out of release builds): browser tests read how the planner's engines were
  // loaded (persisted landmark table or rebuilt) from the service worker.
  if (__ANGLE_MORT_TEST__) {
    (globalThis as unknown as { __angleMortTest: unknown }).__angleMortTest = {
      engineLoads: () => planner.engineLoads.slice(),
      /** Milliseconds this worker's store start took (open, bundle check, camera index). */
      storeLoadMillis: async () => (await service.ready()).loadMillis,
    };
  }

});
