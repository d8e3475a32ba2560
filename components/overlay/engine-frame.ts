/**
 * The overlay planner's own engine (issue #14, D96): while the planner panel is open, an invisible extension
 * frame (`/engine-frame.html`, entrypoints/engine-frame) in the overlay's shadow root holds an engine of its own
 * in a worker, built once from the planner's data read through the background (lib/planner/remote-deps.ts: the
 * frame may not open IndexedDB inside a map site), so a route asked after Chromium stopped the idle service
 * worker costs one route instead of a wake-up and an engine rebuild, as on the planner page.
 *
 * - **The channel is the browser's, not the page's.** The frame finds its tab (`tabs.getCurrent`) and connects
 *   to this content script with `tabs.connect` (port `ENGINE_FRAME_PORT`); the port is accepted only from this
 *   extension's frame page carrying the nonce this script put in its address. Nothing travels through
 *   `window.postMessage`, so the host page can neither read an answer nor ask a route, even if it copies the
 *   frame's address (a copy would talk to this script, never to the page).
 * - **The service worker answers until the frame is ready.** The frame warms its engine for the map's view at
 *   once (`planner/warm`); planner requests go to it only after that answer, every other request to the
 *   background as before. A frame that does not connect within `ENGINE_FRAME_CONNECT_MS`, disconnects or whose
 *   worker fails hands what it owed to the background (components/planner/local-planner.ts).
 * - **It lives while the planner is in use.** The first opening of the panel starts it; it stays until
 *   `PLANNER_AWAKE_MAX_IDLE_MS` without a touch of the panel or a move of the map (closing the panel does not
 *   remove it, nor does hiding the tab or the overlay: coming back finds its engine ready), or until the overlay
 *   is torn down; the panel's next opening or touch brings it back.
 */
import { ENGINE_FRAME_PAGE } from '../../lib/background/engine-deps.ts';
import type { BBox } from '../../lib/geo/index.ts';
import type { Send } from '../planner/client.ts';
import { createLocalPlanner, type LocalPlanner, type WorkerLike } from '../planner/local-planner.ts';
import { PLANNER_AWAKE_MAX_IDLE_MS } from './planner-awake.ts';

/** The name of the port the frame opens to the content script. */
export const ENGINE_FRAME_PORT = 'angle-mort/engine-frame';
/** A frame that has not connected after this long is given up: the background answers. */
export const ENGINE_FRAME_CONNECT_MS = 20_000;

/** A runtime port as the content script sees one (`browser.runtime.Port`; a fake in unit tests). */
export interface FramePort {
  name: string;
  sender?: { id?: string; url?: string };
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

export interface EngineFrameDeps {
  document: Document;
  /** Puts the frame where it belongs (the overlay's shadow root). */
  mount(frame: HTMLIFrameElement): void;
  /** `runtime.getURL(ENGINE_FRAME_PAGE)`: the address the frame is loaded from. */
  frameUrl: string;
  /** `runtime.id`: a connecting port must come from this extension. */
  extensionId: string;
  /** `runtime.onConnect`: subscribes; returns the unsubscribe function. */
  onConnect(listener: (port: FramePort) => void): () => void;
  /** The background's `send`: what the frame cannot answer, and everything while it is not ready. */
  background: Send;
  viewBBox(): BBox | null;
  /** The frame's engine became ready, or the frame went away (the awake port pauses while it is ready). */
  readyChanged(ready: boolean): void;
  now(): number;
  random(bytes: Uint8Array): Uint8Array;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** A route across the middle of the view, a few hundred metres long (`warmUpRoute`). */
export function warmUpRoute(bbox: BBox): { type: 'route'; from: [number, number]; to: [number, number] } {
  const lon = (bbox.west + bbox.east) / 2;
  const lat = (bbox.south + bbox.north) / 2;
  const d = Math.min(0.003, (bbox.east - bbox.west) / 4);
  return { type: 'route', from: [lon - d, lat], to: [lon + d, lat] };
}

export type EngineFrameState = 'closed' | 'connecting' | 'warming' | 'ready' | 'failed';

/** A WorkerLike over the frame's port: local-planner's retreat to the background covers a lost frame. */
function portWorker(port: FramePort): WorkerLike & { lost(): void } {
  const errorListeners: Array<(event: { data?: unknown }) => void> = [];
  return {
    postMessage: (message) => port.postMessage(message),
    addEventListener(type, listener) {
      if (type === 'message') port.onMessage.addListener((data) => listener({ data }));
      else errorListeners.push(listener);
    },
    terminate: () => {
      try {
        port.disconnect();
      } catch {
        /* already gone */
      }
    },
    lost: () => {
      for (const listener of errorListeners) listener({});
    },
  };
}

export class EngineFrame {
  private frame: HTMLIFrameElement | null = null;
  private local: LocalPlanner | null = null;
  private nonce = '';
  private unsubscribe: (() => void) | null = null;
  private connectTimer = 0;
  private idleTimer = 0;
  private panelOpen = false;
  private lastTouch = -Infinity;
  private servedBefore = 0;
  /** The panel's requests the background is answering while there is no frame; the frame starts after them. */
  private inFlight = 0;
  private startWhenIdle = false;
  /** Where the frame is (test builds' diagnostics, unit tests). */
  state: EngineFrameState = 'closed';

  constructor(private readonly deps: EngineFrameDeps) {}

  /** Requests the frame answered since this overlay started. */
  get served(): number {
    return this.servedBefore + (this.local?.served ?? 0);
  }

  /**
   * The panel opened or closed. Opening starts the frame (again after a failure); closing keeps it until
   * `PLANNER_AWAKE_MAX_IDLE_MS` after the last touch, so reopening the panel finds its engine ready.
   */
  setOpen(open: boolean): void {
    this.panelOpen = open;
    if (open && this.state === 'failed') this.state = 'closed';
    this.touch();
  }

  /** The panel or the map was used: the frame stays, or comes back if the panel is open. */
  touch(): void {
    this.lastTouch = this.deps.now();
    if (!this.frame && this.panelOpen && this.state !== 'failed') {
      // Not while the background is answering the panel: the frame's reads would share its thread.
      if (this.inFlight > 0) this.startWhenIdle = true;
      else this.start();
    }
    if (!this.frame) return;
    this.deps.clearTimeout(this.idleTimer);
    this.idleTimer = this.deps.setTimeout(() => this.idleCheck(), PLANNER_AWAKE_MAX_IDLE_MS);
  }

  /** Planner requests to the ready frame, the rest (and all while it is not ready) to the background. */
  readonly send: Send = (message) => {
    if (this.local) return this.local.send(message);
    this.inFlight++;
    const settled = () => {
      if (--this.inFlight > 0 || !this.startWhenIdle) return;
      this.startWhenIdle = false;
      // After the caller had its answer (the panel draws the routes first).
      this.deps.setTimeout(() => this.touch(), 0);
    };
    const answer = this.deps.background(message);
    answer.then(settled, settled);
    return answer;
  };

  /**
   * The map settled on a new view: a ready frame warms the engine of that view (nothing to do when it is the one
   * loaded), as the awake port's pings do for the background, so panning to another stored area does not leave
   * the first route there to build it.
   */
  viewSettled(): void {
    const bbox = this.deps.viewBBox();
    if (this.state === 'ready' && this.local && bbox) void this.local.ask({ type: 'planner/warm', bbox }, { fallback: false });
  }

  /** Cameras or datasets changed: the frame's engine reloads before its next answer. */
  changed(): void {
    this.local?.changed();
  }

  /** The overlay is torn down (page left, extension reloaded): the frame and its engine go at once. */
  stop(): void {
    this.close('closed');
  }

  private idleCheck(): void {
    const idle = this.deps.now() - this.lastTouch;
    if (idle >= PLANNER_AWAKE_MAX_IDLE_MS) this.close('closed');
    else this.idleTimer = this.deps.setTimeout(() => this.idleCheck(), PLANNER_AWAKE_MAX_IDLE_MS - idle);
  }

  private start(): void {
    const deps = this.deps;
    this.nonce = [...deps.random(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    this.state = 'connecting';
    this.unsubscribe = deps.onConnect((port) => this.connected(port));
    const frame = deps.document.createElement('iframe');
    frame.className = 'engine-frame';
    frame.title = 'Angle Mort';
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.src = `${deps.frameUrl}#${this.nonce}`;
    this.frame = frame;
    deps.mount(frame);
    this.connectTimer = deps.setTimeout(() => {
      if (this.state === 'connecting') this.close('failed');
    }, ENGINE_FRAME_CONNECT_MS);
  }

  /** True for the port of the frame this script made: this extension's frame page with this nonce. */
  private ours(port: FramePort): boolean {
    if (port.name !== ENGINE_FRAME_PORT || port.sender?.id !== this.deps.extensionId || !port.sender.url) return false;
    try {
      const url = new URL(port.sender.url);
      return url.pathname === ENGINE_FRAME_PAGE && url.hash === `#${this.nonce}` && url.host === this.deps.extensionId;
    } catch {
      return false;
    }
  }

  private connected(port: FramePort): void {
    if (port.name !== ENGINE_FRAME_PORT) return; // another feature's port
    if (this.state !== 'connecting' || !this.ours(port)) {
      port.disconnect();
      return;
    }
    this.deps.clearTimeout(this.connectTimer);
    this.state = 'warming';
    const worker = portWorker(port);
    const local = createLocalPlanner(this.deps.background, () => worker, { ready: () => this.state === 'ready' });
    this.local = local;
    port.onDisconnect.addListener(() => {
      if (this.local !== local) return;
      worker.lost(); // what the frame still owed goes to the background
      this.close('closed');
    });
    const bbox = this.deps.viewBBox();
    // No retreat to the background for this one: a frame closed while warming must not wake the service worker.
    const warming = () => this.local === local && this.state === 'warming';
    void (async () => {
      const answer = await local.ask(bbox ? { type: 'planner/warm', bbox } : { type: 'planner/warm' }, { fallback: false });
      if (!warming()) return;
      if ((answer as { ok?: unknown } | null)?.ok !== true) return this.close('failed');
      // One route in the view before the frame answers for real: a worker's first route runs code nothing has
      // compiled yet (the search, the camera lists' occlusion tests), several times a warm one. Its points come
      // from the view alone; whatever it answers (no street there), the frame is ready after it.
      if (bbox) await local.ask(warmUpRoute(bbox), { fallback: false });
      if (!warming()) return;
      this.state = 'ready';
      this.deps.readyChanged(true);
    })();
  }

  private close(state: EngineFrameState): void {
    const wasReady = this.state === 'ready';
    this.deps.clearTimeout(this.connectTimer);
    this.deps.clearTimeout(this.idleTimer);
    this.unsubscribe?.();
    this.unsubscribe = null;
    const local = this.local;
    this.local = null;
    if (local) {
      this.servedBefore += local.served;
      local.close();
    }
    this.frame?.remove();
    this.frame = null;
    this.state = state;
    if (wasReady) this.deps.readyChanged(false);
  }
}
