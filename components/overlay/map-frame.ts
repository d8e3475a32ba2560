/**
 * Following the host map: reads the site's view through its adapter (lib/sites) and turns it into the
 * MapFrame the canvases draw, and says when to look again.
 *
 * The content script runs in an isolated world, so patching `history.pushState` would not see the page's
 * own calls. Instead:
 * - Leaflet sites: a MutationObserver on the map pane (style/class) calls `onChange` in the microtask after
 *   Leaflet moves it, in the same frame; zoom animations (CSS transitions, no DOM mutations) are followed
 *   frame by frame while the follower reports `animating`.
 * - Address sites (WebGL maps): while the user drags, wheels or presses navigation keys over the map the
 *   frame is hidden, and read again once the input has been quiet for SETTLE_MS.
 * - Both: a ResizeObserver on the container; the controller's poll asks `moved()` (catches
 *   `history.replaceState`, which fires no event).
 */
import { LeafletFollower } from '../../lib/sites/leaflet.ts';
import { frameFromCentre, type MapFrame } from '../../lib/sites/projection.ts';
import { isUnsupported, type SiteAdapter, type SiteView, type Unsupported } from '../../lib/sites/types.ts';

/** Address sites: quiet time after the last map input before the overlay shows again, ms. */
export const SETTLE_MS = 700;
/** While a Leaflet map shows no tiles yet, look again every frame for at most this long (ms), then every poll. */
export const TILE_WAIT_MS = 2000;
/**
 * Views with no map to draw on (a diary page, the iD editor, uMap's home, a place page before its map has
 * moved): the overlay draws no UI at all there — no dock, no status box over the site's own title or search.
 */
const NO_MAP_REASONS = new Set(['no-map', 'no-position', 'editor']);
const NAV_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', '+', '-', '=', 'PageUp', 'PageDown', 'Home', 'End']);

/** What `frameOf` found: a frame to draw, or why there is none right now. */
export type FrameRead =
  | { frame: MapFrame; animating: boolean }
  /** The user is moving an address map we cannot follow frame by frame: hide rather than drift. */
  | { hidden: 'input' }
  /** A vector base map inside Leaflet: no tiles to anchor on; wait for an address or map change. */
  | { hidden: 'vector' }
  /** Leaflet has no tiles (or address) yet; `retry`: look again next frame (else the poll looks again). */
  | { hidden: 'tiles'; retry: boolean };

export interface MapFrameEnv {
  window: Window & typeof globalThis;
  document: Document;
  adapter: SiteAdapter;
}

export class MapFrameReader {
  /** The last view read with a map (null: none, or not supported). */
  view: SiteView | null = null;
  private readonly follower = new LeafletFollower();
  /** When the Leaflet follower started waiting for tiles (0: not waiting). */
  private waitingSince = 0;
  private inputUntil = 0;
  private settleTimer = 0;
  private lastHref = '';
  private lastRectKey = '';
  private observedPane: Element | null = null;
  private paneObserver: MutationObserver | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private observedContainer: Element | null = null;

  constructor(
    private readonly env: MapFrameEnv,
    /** Something may have moved: read the view again. */
    private readonly onChange: () => void,
  ) {}

  /**
   * Listens, while the overlay is on, for whatever may move the map: address changes, resizes, scrolls, input
   * over the map on address-driven sites, and a `pollMs` poll that catches `history.replaceState` (which fires no
   * event). `quiet` runs once a second when nothing moved. Returns the function that removes all of it.
   */
  follow(pollMs: number, hooks: { wake(): void; isOverMap(e: Event): boolean; noMap(): boolean; quiet(): void }): () => void {
    const { window: win, document: doc } = this.env;
    const detach: Array<() => void> = [];
    const listen = (target: EventTarget, type: string, fn: (e: Event) => void, opts: AddEventListenerOptions = { passive: true }) => {
      target.addEventListener(type, fn, opts);
      detach.push(() => target.removeEventListener(type, fn, opts));
    };
    const wake = () => hooks.wake();
    listen(win, 'hashchange', wake);
    listen(win, 'popstate', wake);
    listen(win, 'resize', wake);
    listen(doc, 'scroll', wake, { passive: true, capture: true });
    if (this.env.adapter.follow === 'address') {
      const onInput = this.inputListener((e) => hooks.isOverMap(e));
      for (const type of ['wheel', 'pointermove', 'keydown', 'dblclick']) listen(win, type, onInput, { passive: true, capture: true });
    }
    let ticks = 0;
    const poll = win.setInterval(() => {
      if (this.moved(hooks.noMap())) hooks.wake();
      else if (++ticks % 4 === 0 && !hooks.noMap()) hooks.quiet();
    }, pollMs);
    detach.push(() => win.clearInterval(poll));
    return () => {
      for (const d of detach.splice(0)) d();
    };
  }

  /** The overlay turned on: the first poll reads the view whatever the address. */
  start(): void {
    this.lastHref = '';
  }

  /** The overlay turned off: no observer, no timer, the Leaflet follower forgets its anchor. */
  stop(): void {
    this.paneObserver?.disconnect();
    this.paneObserver = null;
    this.observedPane = null;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.observedContainer = null;
    this.env.window.clearTimeout(this.settleTimer);
    this.follower.reset();
  }

  /** For the poll: the address or the container's box changed, or a Leaflet pane is still to be found. */
  moved(noMap: boolean): boolean {
    const waitedOut = this.waitingSince > 0 && performance.now() - this.waitingSince >= TILE_WAIT_MS;
    return (
      this.env.window.location.href !== this.lastHref ||
      this.rectKey() !== this.lastRectKey ||
      (this.env.adapter.follow === 'leaflet' && !this.observedPane && !noMap) ||
      waitedOut
    );
  }

  /**
   * Address sites: a listener for map input (wheel, drag, navigation keys, double click) that hides the
   * frame until the input is quiet. `isOverMap`: the event is on the map, not on the site's own panels.
   */
  inputListener(isOverMap: (e: Event) => boolean): (e: Event) => void {
    return (e: Event) => {
      if (e.type === 'pointermove' && (e as PointerEvent).buttons === 0) return;
      if (e.type === 'keydown' && !NAV_KEYS.has((e as KeyboardEvent).key)) return;
      if (!isOverMap(e)) return;
      this.inputUntil = performance.now() + SETTLE_MS;
      this.onChange();
    };
  }

  /** Reads the site's view; a view with a map becomes `view` and its container is watched. */
  readView(): SiteView | Unsupported {
    const { window: win, document: doc, adapter } = this.env;
    this.lastHref = win.location.href;
    const view = adapter.readView(win.location, doc);
    if (isUnsupported(view)) {
      this.view = null;
      return view;
    }
    this.view = view;
    this.lastRectKey = this.rectKey();
    this.watchContainer(view);
    return view;
  }

  /** True for an unsupported view that has no map at all (the overlay then shows nothing). */
  static hasNoMap(view: Unsupported): boolean {
    return NO_MAP_REASONS.has(view.unsupported);
  }

  /** The frame of `view` now (`now`: performance.now()), or why there is none. */
  frameOf(view: SiteView, now: number): FrameRead {
    const { window: win, adapter } = this.env;
    if (adapter.follow === 'address' && now < this.inputUntil) {
      win.clearTimeout(this.settleTimer);
      this.settleTimer = win.setTimeout(() => this.onChange(), this.inputUntil - now + 10);
      return { hidden: 'input' };
    }
    if (adapter.follow !== 'leaflet') {
      return { frame: frameFromCentre(view.centre, view.zoom, view.container.width, view.container.height), animating: false };
    }
    const r = this.follower.read(view, win.location.href, (el) => win.getComputedStyle(el).transform, now);
    if ('hidden' in r) {
      if (r.hidden === 'no-tiles' && isVectorBaseMap(view.element)) {
        this.waitingSince = 0;
        return { hidden: 'vector' };
      }
      // Tiles or the address will arrive shortly: look again next frame (for a while), without drawing;
      // after TILE_WAIT_MS the address poll looks again instead.
      if (!this.waitingSince) this.waitingSince = now;
      return { hidden: 'tiles', retry: now - this.waitingSince < TILE_WAIT_MS };
    }
    this.waitingSince = 0;
    return { frame: r.frame, animating: r.animating };
  }

  private rectKey(): string {
    const v = this.view;
    if (!v) return '';
    const el = v.element;
    if (!el || el === this.env.document.documentElement) {
      return `${this.env.document.documentElement.clientWidth}x${this.env.document.documentElement.clientHeight}`;
    }
    const r = el.getBoundingClientRect();
    return `${r.left},${r.top},${r.width},${r.height}`;
  }

  private watchContainer(view: SiteView): void {
    const el = view.element ?? null;
    if (el && el !== this.observedContainer && typeof ResizeObserver !== 'undefined') {
      this.resizeObserver?.disconnect();
      this.resizeObserver = new ResizeObserver(() => this.onChange());
      this.resizeObserver.observe(el);
      this.observedContainer = el;
    }
    if (this.env.adapter.follow !== 'leaflet' || !el) return;
    const pane = el.querySelector('.leaflet-map-pane');
    if (pane && pane !== this.observedPane) {
      this.paneObserver?.disconnect();
      // Redraw in the microtask right after Leaflet moves the pane: same frame, no lag, no drift.
      this.paneObserver = new MutationObserver(() => this.onChange());
      this.paneObserver.observe(pane, { attributes: true, attributeFilter: ['style', 'class'] });
      this.observedPane = pane;
    }
  }
}

/** A vector base map drawn on a canvas inside Leaflet (MapLibre GL / Mapbox GL via their Leaflet bindings). */
function isVectorBaseMap(container: Element | undefined): boolean {
  return !!container?.querySelector('.maplibregl-canvas, .mapboxgl-canvas, .leaflet-gl-layer canvas');
}
