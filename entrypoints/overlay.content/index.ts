/**
 * Content script on the supported map sites (lib/sites): finds the site's adapter and starts the overlay
 * (components/overlay/controller.ts). Matches = the supported sites only; test builds add localhost
 * (wxt.config.ts), where adapters accept only their own test-page paths. The planner panel
 * (components/overlay/PlannerDock.tsx) lives in the overlay's shadow root; its share links open planner.html.
 */
import { browser } from 'wxt/browser';
import { adapterFor, SITE_MATCH_PATTERNS } from '../../lib/sites/index.ts';
import { OverlayController } from '../../components/overlay/controller.ts';
import type { FramePort } from '../../components/overlay/engine-frame.ts';
import { ENGINE_FRAME_PAGE } from '../../lib/background/engine-deps.ts';
import { onBroadcast, sendToBackground } from '../../components/runtime.ts';

export default defineContentScript({
  matches: SITE_MATCH_PATTERNS,
  runAt: 'document_idle',
  main(ctx) {
    const adapter = adapterFor(window.location);
    if (!adapter) return;
    // Test builds are the ones whose manifest lets this script run on localhost.
    const testBuild = (browser.runtime.getManifest().content_scripts ?? []).some((cs) =>
      (cs.matches ?? []).some((m) => m.startsWith('http://localhost')),
    );
    const debug = testBuild && (location.hostname === 'localhost' || location.hostname === '127.0.0.1');
    const controller = new OverlayController({
      window,
      document,
      adapter,
      send: sendToBackground,
      onBroadcast,
      debug,
      connect: (name) => browser.runtime.connect({ name }),
      // The planner's engine frame (D96): Chromium builds declare its page web-accessible (wxt.config.ts). Test
      // pages can leave it out (`?am-no-engine-frame`) to test the service worker's path, Firefox's.
      ...(import.meta.env.BROWSER === 'firefox' || (debug && new URLSearchParams(location.search).has('am-no-engine-frame'))
        ? {}
        : {
            engineFrame: {
              frameUrl: browser.runtime.getURL(ENGINE_FRAME_PAGE),
              extensionId: browser.runtime.id,
              onConnect: (listener: (port: FramePort) => void) => {
                const fn = (port: unknown) => listener(port as FramePort);
                browser.runtime.onConnect.addListener(fn);
                return () => browser.runtime.onConnect.removeListener(fn);
              },
            },
          }),
    });
    // The popup's "Get this district" asks this tab for its map view (tabs.sendMessage needs no permission).
    browser.runtime.onMessage.addListener((message: unknown) => {
      if (message && typeof message === 'object' && (message as { type?: unknown }).type === 'district/view') {
        return Promise.resolve({ bbox: controller.viewBBox() });
      }
      return undefined;
    });
    // The popup asks which supported site this tab shows (it cannot read the tab's address without the
    // `tabs` permission), to put that site's switch first.
    const whichSite = (message: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
      if ((message as { type?: unknown } | null)?.type !== 'overlay/site') return undefined;
      sendResponse({ site: adapter.id });
      return undefined;
    };
    browser.runtime.onMessage.addListener(whichSite);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(whichSite);
      controller.destroy();
    });
    void controller.start();
  },
});
