/**
 * Keeps the overlay planner's engine ready while the person is using the panel (issue #14): while the panel
 * is open, its tab visible and the person touched it in the last `PLANNER_AWAKE_MAX_IDLE_MS`, it holds the
 * background's awake port open (`PLANNER_AWAKE_PORT`) and posts a `planner/warm` request with the map's view
 * box at once and every `PLANNER_AWAKE_PING_MS`. The first one builds the engine while points are being
 * chosen; the next ones, being extension events, keep the service worker from Chromium's 30 s idle stop.
 * Closing the panel, hiding the tab or a long pause disconnects the port and stops the pings, and so does the
 * panel's engine frame once it is ready (engine-frame.ts: it answers the routes then). Only the view
 * box is sent, never a point of a route (docs/routing.md, "Where routes are computed").
 */
import type { BBox } from '../../lib/geo/index.ts';
import { PLANNER_AWAKE_PING_MS, PLANNER_AWAKE_PORT } from '../../lib/messages.ts';
import type { PortLike } from '../district/GetDistrict.tsx';

/** No ping after this long without a touch of the panel or the map: a forgotten open panel frees the worker. */
export const PLANNER_AWAKE_MAX_IDLE_MS = 10 * 60_000;
/** At most this many reconnections a minute when the worker goes away while the panel is open. */
const MAX_RECONNECTS_PER_MINUTE = 3;

export interface PlannerAwakeDeps {
  /** `browser.runtime.connect({ name })`; throws once the extension was reloaded. */
  connect(name: string): PortLike;
  /** The host map's visible box, or null when not known yet. */
  viewBBox(): BBox | null;
  /** The panel can be seen: its tab visible and the overlay shown. */
  visible(): boolean;
  now(): number;
  setInterval(fn: () => void, ms: number): number;
  clearInterval(id: number): void;
}

export class PlannerAwake {
  private port: PortLike | null = null;
  private timer = 0;
  private open = false;
  /** The overlay's engine frame answers routes (engine-frame.ts): the service worker may sleep. */
  private paused = false;
  private lastTouch = -Infinity;
  private reconnects: number[] = [];
  /** `planner/warm` requests posted (test builds' diagnostics, unit tests). */
  pings = 0;
  /** Settled by the next answer on the port (or its loss): see `whenWarm`. */
  private warmWaiters: Array<() => void> = [];

  constructor(private readonly deps: PlannerAwakeDeps) {}

  /** True while the port is held open. */
  get connected(): boolean {
    return this.port !== null;
  }

  /**
   * Resolves once the background answered the pending `planner/warm` (its engine is built), at once when no
   * port is held, and after `maxMs` at the latest: the panel's other first requests wait for it, so a woken
   * worker builds the engine before anything else competes with it.
   */
  whenWarm(maxMs = 5_000): Promise<void> {
    if (!this.port) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, maxMs);
      this.warmWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private settleWaiters(): void {
    for (const settle of this.warmWaiters.splice(0)) settle();
  }

  /** The panel opened or closed. Opening counts as a touch. */
  setOpen(open: boolean): void {
    this.open = open;
    if (open) this.lastTouch = this.deps.now();
    this.update();
  }

  /** The person used the panel or moved the map: the pings go on (or start again after a long pause). */
  touch(): void {
    this.lastTouch = this.deps.now();
    this.update();
  }

  /** The panel's engine frame became ready (true) or went away (false): no pings while it answers. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    this.update();
  }

  /** The tab or the overlay was shown or hidden. */
  visibilityChanged(): void {
    this.update();
  }

  destroy(): void {
    this.open = false;
    this.update();
  }

  private wanted(): boolean {
    return this.open && !this.paused && this.deps.visible() && this.deps.now() - this.lastTouch < PLANNER_AWAKE_MAX_IDLE_MS;
  }

  private update(): void {
    if (!this.wanted()) this.stop();
    else if (!this.port) this.start();
  }

  private start(): void {
    let port: PortLike;
    try {
      port = this.deps.connect(PLANNER_AWAKE_PORT);
    } catch {
      return; // the extension was reloaded or removed: this page's script is an orphan
    }
    this.port = port;
    port.onMessage.addListener(() => this.settleWaiters()); // 'built', 'loaded', 'none' or an error: the wait is over
    port.onDisconnect.addListener(() => {
      if (this.port !== port) return;
      this.port = null;
      this.deps.clearInterval(this.timer);
      this.settleWaiters();
      // The worker went away (stopped, updated, crashed) with the panel still in use: wake it again, a few times a minute at most.
      const now = this.deps.now();
      this.reconnects = this.reconnects.filter((t) => now - t < 60_000);
      if (this.wanted() && this.reconnects.length < MAX_RECONNECTS_PER_MINUTE) {
        this.reconnects.push(now);
        this.start();
      }
    });
    this.ping();
    this.timer = this.deps.setInterval(() => (this.wanted() ? this.ping() : this.stop()), PLANNER_AWAKE_PING_MS);
  }

  private ping(): void {
    const port = this.port;
    if (!port) return;
    const bbox = this.deps.viewBBox();
    try {
      port.postMessage(bbox ? { type: 'planner/warm', bbox } : { type: 'planner/warm' });
      this.pings++;
    } catch {
      this.stop(); // a port that cannot carry a message is gone
    }
  }

  private stop(): void {
    this.deps.clearInterval(this.timer);
    this.timer = 0;
    const port = this.port;
    this.port = null;
    this.settleWaiters();
    try {
      port?.disconnect();
    } catch {
      /* already gone */
    }
  }
}
