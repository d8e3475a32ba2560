/**
 * The background: owns the database and answers typed messages. All logic lives in lib/background
 * (`createBackground`: the store, the planner and the one message table); this file only wires it to the
 * browser (the extension's own assets, messaging, the district and planner-awake ports, the keyboard command).
 */
import { browser, type PublicPath } from 'wxt/browser';
import { serveAwakePort, type AwakeCounts } from '../lib/background/awake.ts';
import { ENGINE_DEPS_PORT, isEngineFrameSender, serveEngineDepsPort } from '../lib/background/engine-deps.ts';
import { createBackground } from '../lib/background/index.ts';
import { PLANNER_AWAKE_PORT } from '../lib/messages.ts';
import { DISTRICT_PORT, parseDistrictClientMessage } from '../lib/store/district.ts';
import type { Broadcast } from '../lib/store/types.ts';

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
  const scriptStartedAt = performance.now();
  const background = createBackground({
    factory: indexedDB,
    readText: async (path) => (await fetchOwnAsset(path)).text(),
    readBinary: async (path) => {
      try {
        return await (await fetchOwnAsset(path)).arrayBuffer();
      } catch {
        return undefined; // a bundle without a walk graph still serves its cameras (routes then answer no-graph)
      }
    },
    broadcast,
    fetch: (input, init) => fetch(input, init),
    // Wipe: every browser.storage area the extension may have written (the store itself is IndexedDB).
    clearExtensionStorage: async () => {
      await Promise.all([browser.storage.local.clear(), browser.storage.session?.clear(), browser.storage.sync?.clear()]);
    },
  });

  browser.runtime.onMessage.addListener((message: unknown, _sender: unknown, sendResponse?: (answer: unknown) => void) => {
    // Our own broadcasts echo back to pages only; a background never answers them.
    if (
      message &&
      typeof message === 'object' &&
      ((message as { type?: unknown }).type === 'settings/changed' || (message as { type?: unknown }).type === 'dataset/changed')
    ) {
      return undefined;
    }
    const answer = background.handle(message);
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
  // The overlay's planner panel, open in a visible tab: its `planner/warm` pings ready the engine of its view
  // and keep this worker from its idle stop while it stays open (lib/background/awake.ts).
  const awake: AwakeCounts = { open: 0, opened: 0, pings: 0 };
  browser.runtime.onConnect.addListener((port) => {
    if (port.name === PLANNER_AWAKE_PORT) serveAwakePort(port, background.handle, awake);
  });
  // The overlay's engine frame reads the planner's data here (D96); only its own page may open this port.
  let depsPortsOpened = 0;
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== ENGINE_DEPS_PORT) return;
    if (!isEngineFrameSender(port.sender, browser.runtime.id)) return port.disconnect();
    depsPortsOpened++;
    serveEngineDepsPort(port, background.answerEngineDeps);
  });
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
      void background.downloadDistrict(message.bbox, controller.signal, post);
    });
  });

  browser.commands.onCommand.addListener((command) => {
    if (command === 'toggle-overlay') void background.toggleOverlay().catch(() => undefined);
  });

  // Loading is memoised per background lifetime, so these never seed twice; seeding itself also skips
  // a version that is already stored.
  browser.runtime.onInstalled.addListener(() => void background.ready());
  browser.runtime.onStartup.addListener(() => void background.ready());
  // A service worker woken by a message seeds (or finds the bundle stored) at once; the camera index is built
  // by the first request that needs it, so a woken worker's route does not share the thread with it.
  void background.store.seeded();

  // Test builds only (compiled out of release builds): browser tests read how the planner's engines were
  // loaded (persisted landmark table or rebuilt) from the service worker.
  if (__ANGLE_MORT_TEST__) {
    (globalThis as unknown as { __angleMortTest: unknown }).__angleMortTest = {
      engineLoads: () => background.planner.engineLoads.slice(),
      /** Milliseconds this worker's store start took (open, bundle check, camera index). */
      storeLoadMillis: async () => (await background.ready()).loadMillis,
      /** The overlay planner's awake ports in this worker's lifetime: open now, ever opened, pings received. */
      awake: () => ({ ...awake }),
      /** Engine frame data ports opened in this worker's lifetime. */
      depsPorts: () => depsPortsOpened,
      /** This worker's wake-up, ms since its start: script run, first message, first planner request's start. */
      timeline: () => ({ scriptStartedAt, ...background.timeline, catalogue: background.planner.lastReload }),
      /** Whether @turf/jsts was evaluated in this worker (bundled lazily: wxt.config.ts `lazyJsts`). */
      jstsLoaded: () => (globalThis as { __angleMortJstsLoaded?: boolean }).__angleMortJstsLoaded === true,
    };
  }
});
