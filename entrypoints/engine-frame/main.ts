/**
 * The overlay's engine frame (`/engine-frame.html`, D96): an invisible extension page the overlay's content script
 * puts in its shadow root while the planner is in use. Its engine worker (entrypoints/frame-engine.ts) reads the
 * planner's data from the background once, builds its engine, and answers the overlay's planner requests through
 * a `tabs.connect` port to the content script of its own tab, so the first route after the service worker's idle
 * stop costs one route. The content script's side, and why the channel is the browser's:
 * components/overlay/engine-frame.ts.
 */
import { browser } from 'wxt/browser';
import { ENGINE_FRAME_PORT } from '../../components/overlay/engine-frame.ts';
import { linkEngineDeps, serveEngineFramePort } from '../../components/planner/frame-host.ts';
import { ENGINE_DEPS_PORT } from '../../lib/background/engine-deps.ts';
import { createLocalPlanner, type WorkerLike } from '../../components/planner/local-planner.ts';
import { sendToBackground } from '../../components/runtime.ts';

async function main(): Promise<void> {
  const nonce = location.hash.slice(1);
  // The content script names its frame with 32 hex digits; anything else did not come from it.
  if (!/^[0-9a-f]{32}$/.test(nonce)) return;
  const tab = await browser.tabs.getCurrent();
  if (tab?.id === undefined) return; // not inside a tab: nothing to serve
  // The worker reads the planner's data through the background: this frame may not open IndexedDB.
  const worker = new Worker('/frame-engine.js');
  linkEngineDeps(worker, () => browser.runtime.connect({ name: ENGINE_DEPS_PORT }));
  const local = createLocalPlanner(sendToBackground, () => worker as unknown as WorkerLike);
  // Test builds only: browser tests read which requests the frame's engine answered, and the last of each type.
  const answered: Record<string, number> = {};
  const last: Record<string, { message: unknown; answer: unknown }> = {};
  const record = (message: unknown, answer: unknown) => {
    const type = String((message as { type?: unknown } | null)?.type);
    answered[type] = (answered[type] ?? 0) + 1;
    last[type] = { message, answer };
  };
  if (__ANGLE_MORT_TEST__) (globalThis as unknown as { __angleMortFrame: unknown }).__angleMortFrame = { answered, last };
  // The overlay runs in the tab's top frame only (entrypoints/overlay.content).
  const port = browser.tabs.connect(tab.id, { name: ENGINE_FRAME_PORT, frameId: 0 });
  serveEngineFramePort(port, local, __ANGLE_MORT_TEST__ ? record : undefined);
}

void main();
