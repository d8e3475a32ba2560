/**
 * The overlay on a host map page: a canvas in a shadow root over the map container, following the map
 * through the site adapter (lib/sites) and drawing the cameras the background sends for the view.
 *
 * Life cycle, and why it does nothing while off or hidden: `apply(settings)` activates the overlay only when
 * the global and per-site switches are on and the tab is visible. Active = listeners, observers and a slow
 * address poll are attached; inactive = every one of them is removed, no timer, no animation frame, the shadow
 * host is `display: none`. Only the settings broadcast and `visibilitychange` listeners stay, and they do
 * nothing but call `apply`.
 *
 * Following the map (documented choice): the content script runs in an isolated world, so patching
 * `history.pushState` would not see the page's own calls. Instead:
 * - Leaflet sites: a MutationObserver on the map pane (style/class) redraws synchronously in the microtask
 *   after Leaflet moves it, in the same frame; zoom animations (CSS transitions, no DOM mutations) run an
 *   animation-frame loop only while Leaflet's `leaflet-zoom-anim` class is present.
 * - Address sites (WebGL maps): the overlay hides while the user drags, wheels or presses navigation keys,
 *   and redraws when the address changes or the input has been quiet for SETTLE_MS.
 * - Both: `hashchange`/`popstate`, a ResizeObserver on the container, window `resize`/`scroll`, and a
 *   POLL_MS address poll (catches `history.replaceState`, which fires no event).
 */
import type { Camera } from '../../lib/cameras/types.ts';
import { isValidBBox, type BBox } from '../../lib/geo/index.ts';
import { MAX_CAMERAS_PER_ANSWER, sendRequest } from '../../lib/messages.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings.ts';
import { LeafletFollower } from '../../lib/sites/leaflet.ts';
import { frameBBox, frameFromCentre, type MapFrame } from '../../lib/sites/projection.ts';
import { isUnsupported, type CssRect, type SiteAdapter, type SiteView } from '../../lib/sites/types.ts';
import { resolveLang, translator, type Lang } from '../i18n/core.ts';
import { overlayText, type OverlayTextKey } from '../i18n/overlay.ts';
import { buildCameraSet, type CameraSet } from './camera-set.ts';
import { COVERAGE_ALPHA, createSymbolSprites, drawOverlay, type CoverageLayer, type DrawMode, type SymbolSprites } from './draw.ts';
import { buildWallMask, type WallMask } from './walls-mask.ts';
import { renderOverlayUi, OVERLAY_CSS } from './OverlayUi.ts';
import { plannerStyles } from '../planner/Planner.tsx';
import { drawPlannerLayers, OverlayPlannerMap, type DrawnRoutes } from './planner-layer.ts';
import { DOCK_CSS, renderPlannerDock, unmountPlannerDock } from './PlannerDock.tsx';
import type { PickRequest } from '../planner/map.ts';
import { saveTextFile } from '../save-file.ts';
import type { PortLike } from '../district/GetDistrict.tsx';
import { hostObstacles, placeBox, PLACEMENT_MARGIN } from './placement.ts';
import { nextCameraTarget } from './camera-keys.ts';

/** Address poll while active, ms. */
export const POLL_MS = 250;
/** Address sites: quiet time after the last map input before the overlay shows again, ms. */
export const SETTLE_MS = 700;
/** After the last draw, when hit targets, camera fetches and the test-build debug record update, ms. */
export const IDLE_MS = 120;
/**
 * Views with no map to draw on (a diary page, the iD editor, uMap's home, a place page before its map has
 * moved): the overlay draws no UI at all there — no dock, no status box over the site's own title or search.
 */
const NO_MAP_REASONS = new Set(['no-map', 'no-position', 'editor']);
/** While a Leaflet map shows no tiles yet, look again every frame for at most this long (ms), then every poll. */
export const TILE_WAIT_MS = 2000;
/** A pointer that moves further than this (CSS px) between press and release on a camera was a drag, not a click. */
export const CLICK_SLOP_PX = 4;
/** Most clickable camera targets at once (the closest cameras win at high zoom anyway). */
export const MAX_HIT_TARGETS = 600;
/**
 * Shadow host styles. In the map container: a 0×0 box at its corner, above Leaflet's tile, overlay and
 * marker panes (200–600) and under its controls (800+). On the page: above everything.
 */
const HOST_IN_MAP = 'position:absolute;left:0;top:0;width:0;height:0;z-index:650;pointer-events:none;';
const HOST_ON_PAGE = 'position:fixed;left:0;top:0;width:0;height:0;z-index:2147483000;pointer-events:none;';
/** Resolution of the coverage layer, device px per CSS px (see CoverageLayer in draw.ts). */
export const COVERAGE_SCALE = 0.5;
/** The canvas extends this far beyond the map container on every side, CSS px (see `draw`). */
export const CANVAS_MARGIN_PX = 160;

export interface OverlayEnv {
  window: Window & typeof globalThis;
  document: Document;
  adapter: SiteAdapter;
  /** `browser.runtime.sendMessage`. */
  send: (message: unknown) => Promise<unknown>;
  /** Subscribes to background broadcasts; returns the unsubscribe function. */
  onBroadcast: (listener: (message: unknown) => void) => () => void;
  /** Test builds: write the drawn camera positions as JSON on the shadow host (`data-angle-mort`). */
  debug: boolean;
  /** `browser.runtime.connect` ("Get this district from OpenStreetMap" in the dock); absent = no button. */
  connect?: (name: string) => PortLike;
}

/** Counters that prove what the overlay did (exposed in test builds). */
export interface OverlayStats {
  updates: number;
  draws: number;
  lastDrawMs: number;
  maxDrawMs: number;
  fetches: number;
}

export class OverlayController {
  private settings: Settings = DEFAULT_SETTINGS;
  private active = false;
  private host: HTMLElement | null = null;
  private frameBox!: HTMLDivElement;
  private canvas!: HTMLCanvasElement;
  private ctx: CanvasRenderingContext2D | null = null;
  private hitLayer!: HTMLDivElement;
  private uiRoot!: HTMLDivElement;
  /** Routes, area and the user's cameras: a canvas between the coverage and the camera symbols. */
  private plannerCanvas!: HTMLCanvasElement;
  private plannerCtx: CanvasRenderingContext2D | null = null;
  private plannerMap!: OverlayPlannerMap;
  private dockRoot!: HTMLDivElement;
  /** The in-page planner's listeners for camera and dataset changes made elsewhere. */
  private readonly datasetListeners = new Set<() => void>();
  private dockLang: Lang | null = null;
  /** Catches the one map click the planner waits for; hidden (clicks go to the site) otherwise. */
  private pickLayer!: HTMLDivElement;
  private pickPrompt!: HTMLParagraphElement;
  private drawnRoutes: DrawnRoutes = [];
  private readonly onPickKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !this.plannerMap?.pick) return;
    e.preventDefault();
    e.stopPropagation();
    this.plannerMap.cancelPick();
  };
  private readonly follower = new LeafletFollower();
  /** When the Leaflet follower started waiting for tiles (0: not waiting). */
  private waitingSince = 0;
  /** True while the page has no map: the host is display:none and only the cheap address poll runs. */
  private noMap = false;
  /** The camera (id) whose button holds the one tab stop of the camera list (roving tabindex). */
  private rovingId: string | null = null;
  private pressAt: { x: number; y: number } | null = null;
  private pollTicks = 0;
  private placementKey = '';
  private detach: Array<() => void> = [];
  private raf = 0;
  private idleTimer = 0;
  private settleTimer = 0;
  private lastHref = '';
  private lastRectKey = '';
  private observedPane: Element | null = null;
  private paneObserver: MutationObserver | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private observedContainer: Element | null = null;
  private frame: MapFrame | null = null;
  private rect: CssRect | null = null;
  private drawKey = '';
  /** The frame of the last full redraw, and what it was drawn with. */
  private drawnFrame: MapFrame | null = null;
  private drawnDpr = 0;
  private drawnSetVersion = -1;
  /** True while the canvas shows an older drawing moved by a CSS transform. */
  private transformed = false;
  private canvasVisible = false;
  private inputUntil = 0;
  private all: Camera[] = [];
  private set: CameraSet | null = null;
  private setVersion = 0;
  private cachedBBox: BBox | null = null;
  private fetching = false;
  private truncated = false;
  private fetchError: string | null = null;
  private statusKey: OverlayTextKey | null = null;
  private approximate = false;
  private mode: DrawMode = 'none';
  private drawnIdx: Int32Array = new Int32Array(0);
  private selected: Camera | null = null;
  private lang: Lang = 'en';
  readonly stats: OverlayStats = { updates: 0, draws: 0, lastDrawMs: 0, maxDrawMs: 0, fetches: 0 };
  private readonly unsubscribe: () => void;
  private readonly onVisibility = () => this.applyState();

  constructor(private readonly env: OverlayEnv) {
    this.unsubscribe = env.onBroadcast((m) => this.onBroadcastMessage(m));
    env.document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Reads the settings from the background, then shows or stays off accordingly. */
  async start(): Promise<void> {
    const answer = await sendRequest(this.env.send, { type: 'settings/get' });
    this.applySettings(answer.ok ? answer.value : DEFAULT_SETTINGS);
  }

  /** Stops everything and removes the shadow host (page navigation away, extension reload). */
  destroy(): void {
    this.deactivate();
    this.unsubscribe();
    this.env.document.removeEventListener('visibilitychange', this.onVisibility);
    this.env.window.removeEventListener('keydown', this.onPickKey, true);
    if (this.dockRoot) unmountPlannerDock(this.dockRoot);
    this.host?.remove();
    this.host = null;
  }

  get isActive(): boolean {
    return this.active;
  }

  applySettings(settings: Settings): void {
    const filtersChanged = JSON.stringify(settings.filters) !== JSON.stringify(this.settings.filters);
    this.settings = settings;
    this.lang = resolveLang(settings.language, this.env.window.navigator.language);
    if (filtersChanged && this.all.length > 0) this.rebuildSet();
    this.drawKey = '';
    if (this.host) {
      this.renderDock();
      this.redrawPlanner();
    }
    this.applyState();
    if (this.active) this.update();
  }

  private onBroadcastMessage(message: unknown): void {
    if (!message || typeof message !== 'object') return;
    const m = message as { type?: unknown; settings?: unknown };
    if (m.type === 'settings/changed' && m.settings && typeof m.settings === 'object') {
      this.applySettings(m.settings as Settings);
    } else if (m.type === 'dataset/changed') {
      for (const listener of [...this.datasetListeners]) listener();
      this.cachedBBox = null;
      this.all = [];
      this.set = null;
      if (this.active) this.update();
    }
  }

  private wanted(): boolean {
    const s = this.settings;
    return s.overlayEnabled && s.siteEnabled[this.env.adapter.id] !== false && this.env.document.visibilityState !== 'hidden';
  }

  private applyState(): void {
    if (this.wanted()) this.activate();
    else this.deactivate();
  }

  // ——— activation ———

  private activate(): void {
    if (this.active) return;
    this.active = true;
    this.mount();
    this.host!.style.display = '';
    const { window: win, document: doc } = this.env;
    const listen = (target: EventTarget, type: string, fn: (e: Event) => void, opts: AddEventListenerOptions = { passive: true }) => {
      target.addEventListener(type, fn, opts);
      this.detach.push(() => target.removeEventListener(type, fn, opts));
    };
    const wake = () => this.update();
    listen(win, 'hashchange', wake);
    listen(win, 'popstate', wake);
    listen(win, 'resize', wake);
    listen(doc, 'scroll', wake, { passive: true, capture: true });
    if (this.env.adapter.follow === 'address') {
      const onInput = (e: Event) => {
        if (e.type === 'pointermove' && (e as PointerEvent).buttons === 0) return;
        if (e.type === 'keydown' && !NAV_KEYS.has((e as KeyboardEvent).key)) return;
        if (!this.isOverMap(e)) return;
        this.inputUntil = performance.now() + SETTLE_MS;
        this.update();
      };
      for (const type of ['wheel', 'pointermove', 'keydown', 'dblclick']) listen(win, type, onInput, { passive: true, capture: true });
    }
    const poll = win.setInterval(() => {
      const waitedOut = this.waitingSince > 0 && performance.now() - this.waitingSince >= TILE_WAIT_MS;
      if (win.location.href !== this.lastHref || this.rectKey() !== this.lastRectKey || (this.env.adapter.follow === 'leaflet' && !this.observedPane && !this.noMap) || waitedOut) this.update();
      // The site's panels open and close without moving the map (osm.org's welcome panel, layer switcher):
      // look at them once a second and move our boxes if they changed.
      else if (++this.pollTicks % 4 === 0 && !this.noMap) this.placeUi();
    }, POLL_MS);
    this.detach.push(() => win.clearInterval(poll));
    this.lastHref = '';
    this.update();
  }

  private deactivate(): void {
    if (!this.active) return;
    this.active = false;
    for (const d of this.detach.splice(0)) d();
    this.paneObserver?.disconnect();
    this.paneObserver = null;
    this.observedPane = null;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.observedContainer = null;
    if (this.raf) this.env.window.cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.env.window.clearTimeout(this.idleTimer);
    this.env.window.clearTimeout(this.settleTimer);
    this.follower.reset();
    this.frame = null;
    this.drawKey = '';
    this.drawnFrame = null;
    this.selected = null;
    if (this.host) {
      this.ctx?.clearRect(0, 0, this.canvas.width, this.canvas.height);
      this.coverageLayer?.ctx.clearRect(0, 0, this.coverageLayer.canvas.width, this.coverageLayer.canvas.height);
      this.plannerCtx?.clearRect(0, 0, this.plannerCanvas.width, this.plannerCanvas.height);
      this.drawnRoutes = [];
      if (this.plannerMap.pick) this.plannerMap.cancelPick();
      this.hitLayer.replaceChildren();
      this.host.style.display = 'none';
      this.writeDebug();
    }
  }

  private mount(): void {
    if (this.host) return;
    const doc = this.env.document;
    const host = doc.createElement('angle-mort-overlay');
    host.style.cssText = HOST_ON_PAGE;
    const shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = OVERLAY_CSS + DOCK_CSS + plannerStyles;
    this.frameBox = doc.createElement('div');
    this.frameBox.className = 'frame';
    this.canvas = doc.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.hitLayer = doc.createElement('div');
    this.hitLayer.className = 'hits';
    this.hitLayer.setAttribute('role', 'group');
    this.hitLayer.addEventListener('pointerdown', (e) => {
      this.pressAt = { x: e.clientX, y: e.clientY };
    });
    this.hitLayer.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const idx = Number(target?.dataset?.idx);
      // A press that moved was a drag of the map (the press went on to Leaflet), not a click on the camera.
      const p = this.pressAt;
      this.pressAt = null;
      if (p && e.detail > 0 && Math.hypot(e.clientX - p.x, e.clientY - p.y) > CLICK_SLOP_PX) return;
      if (this.set && Number.isInteger(idx) && this.set.cameras[idx]) {
        this.selected = this.set.cameras[idx];
        this.rovingId = this.selected.id;
        this.renderUi();
        // Opened from the keyboard (Enter/Space): the focus goes into the card; Escape or × brings it back.
        if (e.detail === 0) (this.uiRoot.querySelector('.card .close') as HTMLElement | null)?.focus({ preventScroll: true });
      }
    });
    // One tab stop for all the cameras; arrow keys move between them (roving tabindex).
    this.hitLayer.addEventListener('keydown', (e) => this.onCameraKey(e));
    this.hitLayer.addEventListener('focusin', (e) => {
      const idx = Number((e.target as HTMLElement)?.dataset?.idx);
      if (this.set && Number.isInteger(idx) && this.set.cameras[idx]) this.rovingId = this.set.cameras[idx].id;
    });
    this.uiRoot = doc.createElement('div');
    this.plannerCanvas = doc.createElement('canvas');
    this.plannerCanvas.className = 'planner';
    this.plannerCanvas.setAttribute('aria-hidden', 'true');
    this.plannerCtx = this.plannerCanvas.getContext('2d');
    this.plannerMap = new OverlayPlannerMap({
      frame: () => (this.active && this.canvasVisible ? this.frame : null),
      layersChanged: () => this.redrawPlanner(),
      pickingChanged: (pick) => this.showPicking(pick),
      moveTo: (centre, zoom) => {
        const { window: win, adapter } = this.env;
        const hash = adapter.viewHash?.(win.location, centre, zoom);
        if (!hash) return false;
        win.location.hash = hash;
        return true;
      },
      covered: () => {
        // The open planner panel covers one side of the map: a route framed behind it would be hidden.
        const none = { left: 0, top: 0, right: 0, bottom: 0 };
        const panel = this.dockRoot.querySelector('.dock-panel:not([hidden])');
        if (!panel) return none;
        const p = panel.getBoundingClientRect();
        const box = this.frameBox.getBoundingClientRect();
        if (p.width === 0 || box.width === 0) return none;
        const left = p.right - box.left;
        const right = box.right - p.left;
        return left <= right ? { ...none, left: Math.max(0, Math.min(box.width / 2, left)) } : { ...none, right: Math.max(0, Math.min(box.width / 2, right)) };
      },
    });
    this.pickLayer = doc.createElement('div');
    this.pickLayer.className = 'pick';
    this.pickLayer.hidden = true;
    this.pickLayer.setAttribute('role', 'application');
    this.pickPrompt = doc.createElement('p');
    this.pickPrompt.className = 'pick-prompt';
    this.pickPrompt.setAttribute('role', 'status');
    this.pickLayer.append(this.pickPrompt);
    this.pickLayer.addEventListener('click', (e) => {
      const box = this.frameBox.getBoundingClientRect();
      this.plannerMap.clickAt(e.clientX - box.left, e.clientY - box.top);
    });
    this.dockRoot = doc.createElement('div');
    // The dock comes first so Tab reaches "Plan a discreet walk" before hundreds of camera buttons; it is
    // stacked above everything else by z-index (DOCK_CSS).
    const crosshair = doc.createElement('div');
    crosshair.className = 'crosshair';
    crosshair.setAttribute('aria-hidden', 'true');
    this.frameBox.append(this.dockRoot, this.plannerCanvas, this.canvas, crosshair, this.hitLayer, this.uiRoot, this.pickLayer);
    // Our buttons, legend, card, planner and pick layer must not also act on the map underneath (drag, click,
    // zoom), as Leaflet's own controls do with disableClickPropagation. The canvases take no pointer events.
    for (const type of ['pointerdown', 'mousedown', 'touchstart', 'click', 'dblclick', 'contextmenu', 'wheel']) {
      this.frameBox.addEventListener(type, (e) => {
        // The wheel still zooms the map over the pick layer (the user may zoom in to pick precisely).
        if (type === 'wheel' && !(e.target as Element | null)?.closest?.('.card, .legend, .dock')) return;
        // A press on a camera symbol goes on to the map, so a drag that starts there pans it (as a drag from a
        // Leaflet or Google marker does); a release without movement still opens the card (click, above).
        if ((type === 'pointerdown' || type === 'mousedown' || type === 'touchstart' || type === 'wheel') && (e.target as Element | null)?.closest?.('.hits')) return;
        e.stopPropagation();
      });
    }
    // Typing in the planner, or moving along the cameras, must not trigger the site's shortcuts or move its map.
    for (const type of ['keydown', 'keyup', 'keypress']) {
      this.frameBox.addEventListener(type, (e) => {
        if ((e.target as Element | null)?.closest?.('.dock, .hits, .card, .legend')) e.stopPropagation();
      });
    }
    shadow.append(style, this.frameBox);
    (doc.body ?? doc.documentElement).appendChild(host);
    this.host = host;
    this.ctx = this.canvas.getContext('2d');
    // The coverage tier map is its own canvas under the symbols: the compositor scales it up and applies
    // its opacity, so a redraw never copies it on the main thread.
    const coverageCanvas = doc.createElement('canvas');
    coverageCanvas.className = 'coverage';
    coverageCanvas.setAttribute('aria-hidden', 'true');
    coverageCanvas.style.opacity = String(COVERAGE_ALPHA);
    this.frameBox.insertBefore(coverageCanvas, this.plannerCanvas);
    this.coverageCanvas = coverageCanvas;
    const coverageCtx = coverageCanvas.getContext('2d');
    if (coverageCtx) {
      this.coverageLayer = {
        ctx: coverageCtx,
        canvas: coverageCanvas,
        scale: COVERAGE_SCALE,
        composite: false,
      };
    }
    this.renderDock();
    if (this.env.debug) {
      // Test builds: a page can ask for a timed full redraw (the performance figures in docs/overlay.md).
      host.addEventListener('angle-mort-bench', () => this.benchmark());
      // …and a fresh copy of the counters, to prove that nothing ran while the overlay was off.
      host.addEventListener('angle-mort-stats', () => this.writeDebug());
    }
  }

  private isOverMap(e: Event): boolean {
    // Input inside our own panel is not the user moving the map.
    if (this.host && e.composedPath().includes(this.host)) return e.composedPath().includes(this.hitLayer);
    const r = this.rect;
    if (!r) return true;
    const p = e as PointerEvent;
    if (typeof p.clientX !== 'number') return true;
    return p.clientX >= r.left && p.clientX <= r.left + r.width && p.clientY >= r.top && p.clientY <= r.top + r.height;
  }

  private rectKey(): string {
    const v = this.lastView;
    if (!v) return '';
    const el = v.element;
    if (!el || el === this.env.document.documentElement) {
      return `${this.env.document.documentElement.clientWidth}x${this.env.document.documentElement.clientHeight}`;
    }
    const r = el.getBoundingClientRect();
    return `${r.left},${r.top},${r.width},${r.height}`;
  }

  private lastView: SiteView | null = null;

  // ——— the per-change update ———

  /** Reads the view and redraws if anything moved. Cheap when nothing changed. */
  update(): void {
    if (!this.active) return;
    this.stats.updates++;
    const { window: win, document: doc, adapter } = this.env;
    const now = performance.now();
    this.lastHref = win.location.href;
    const view = adapter.readView(win.location, doc);
    if (isUnsupported(view) && NO_MAP_REASONS.has(view.unsupported)) {
      // No map on this page: draw nothing at all (not even a status box over the page's own content).
      this.lastView = null;
      this.hideCanvas();
      this.setNoMap(true);
      this.statusKey = null;
      this.writeDebug();
      return;
    }
    this.setNoMap(false);
    if (isUnsupported(view)) {
      this.lastView = null;
      this.hideCanvas();
      // Say why over the whole window: the map container may be what is missing.
      this.placeFrameBox({ left: 0, top: 0, width: doc.documentElement.clientWidth, height: doc.documentElement.clientHeight });
      this.setStatus(`hidden.${view.unsupported}` as OverlayTextKey, null);
      this.writeDebug();
      return;
    }
    this.lastView = view;
    this.lastRectKey = this.rectKey();
    this.watchContainer(view);
    this.placeHost(view);
    this.placeFrameBox(view.container);

    if (adapter.follow === 'address' && now < this.inputUntil) {
      // The user is moving a map we cannot follow frame by frame: hide rather than drift.
      this.hideCanvas();
      win.clearTimeout(this.settleTimer);
      this.settleTimer = win.setTimeout(() => this.update(), this.inputUntil - now + 10);
      return;
    }

    let frame: MapFrame;
    let animating = false;
    if (adapter.follow === 'leaflet') {
      const r = this.follower.read(view, win.location.href, (el) => win.getComputedStyle(el).transform, now);
      if ('hidden' in r) {
        this.hideCanvas();
        if (r.hidden === 'no-tiles' && isVectorBaseMap(view.element)) {
          // A vector base map (MapLibre inside Leaflet: osm.org's vector layers) has no tiles to anchor on.
          // Say so, and wait for an address or map change instead of looking again every frame.
          this.waitingSince = 0;
          if (this.statusKey !== 'status.vector') this.setStatus('status.vector', null);
          this.placeUi();
          this.writeDebug();
          return;
        }
        // Tiles or the address will arrive shortly: look again next frame (for a while), without drawing;
        // after TILE_WAIT_MS the address poll looks again instead.
        if (!this.waitingSince) this.waitingSince = now;
        if (now - this.waitingSince < TILE_WAIT_MS) this.requestFrame();
        return;
      }
      this.waitingSince = 0;
      if (this.statusKey === 'status.vector') this.setStatus(null, null);
      frame = r.frame;
      animating = r.animating;
    } else {
      frame = frameFromCentre(view.centre, view.zoom, view.container.width, view.container.height);
    }
    this.approximate = view.approximate === true;
    this.frame = frame;
    this.draw(frame, false, animating);
    if (animating) this.requestFrame();
    this.scheduleIdle();
  }

  private requestFrame(): void {
    if (this.raf || !this.active) return;
    this.raf = this.env.window.requestAnimationFrame(() => {
      this.raf = 0;
      this.update();
    });
  }

  private watchContainer(view: SiteView): void {
    const el = view.element ?? null;
    if (el && el !== this.observedContainer && typeof ResizeObserver !== 'undefined') {
      this.resizeObserver?.disconnect();
      this.resizeObserver = new ResizeObserver(() => this.update());
      this.resizeObserver.observe(el);
      this.observedContainer = el;
    }
    if (this.env.adapter.follow !== 'leaflet' || !el) return;
    const pane = el.querySelector('.leaflet-map-pane');
    if (pane && pane !== this.observedPane) {
      this.paneObserver?.disconnect();
      // Redraw in the microtask right after Leaflet moves the pane: same frame, no lag, no drift.
      this.paneObserver = new MutationObserver(() => this.update());
      this.paneObserver.observe(pane, { attributes: true, attributeFilter: ['style', 'class'] });
      this.observedPane = pane;
    }
  }

  /**
   * The shadow host lives inside the map container when there is one: it then stacks with the map (above
   * the tiles, under the site's own panels and search boxes, which are usually siblings of the map) instead
   * of painting over the whole page. Without a container it goes on <body>, above everything.
   */
  private placeHost(view: SiteView | null): void {
    const host = this.host!;
    const doc = this.env.document;
    const el = view?.element;
    const target = el && el !== doc.documentElement ? el : (doc.body ?? doc.documentElement);
    if (host.parentNode === target) return;
    host.style.cssText = target === el ? HOST_IN_MAP : HOST_ON_PAGE;
    target.appendChild(host);
    this.rect = null;
  }

  /** Puts the frame box over `r` (viewport CSS px), wherever the host's own box ended up. */
  private placeFrameBox(r: CssRect): void {
    const h = this.host!.getBoundingClientRect();
    const left = r.left - h.left;
    const top = r.top - h.top;
    if (this.rect && left === this.frameLeft && top === this.frameTop && r.width === this.rect.width && r.height === this.rect.height) return;
    this.rect = r;
    this.frameLeft = left;
    this.frameTop = top;
    const s = this.frameBox.style;
    s.left = `${left}px`;
    s.top = `${top}px`;
    s.width = `${r.width}px`;
    s.height = `${r.height}px`;
  }

  private frameLeft = 0;
  private frameTop = 0;

  private hideCanvas(): void {
    if (this.canvasVisible) {
      this.styleCanvases((st) => (st.visibility = 'hidden'));
      this.hitLayer.style.visibility = 'hidden';
      this.canvasVisible = false;
    }
    this.drawKey = '';
  }

  /**
   * Brings the canvas in line with `frame`. A full redraw costs milliseconds (rasterising hundreds of
   * translucent cones); moving a bitmap costs nothing on the compositor. So while the map moves, the last
   * drawing is only translated (pans) or scaled (zoom animations) with a CSS transform — exact, because a
   * Web Mercator frame change at fixed zoom is a translation and a zoom change a scaling. The canvas extends
   * CANVAS_MARGIN_PX beyond the container so pans do not uncover blank edges; a full redraw happens when
   * the margin runs out, when the zoom settles at a new level, and once the map is idle.
   */
  private draw(frame: MapFrame, force: boolean, animating = false): void {
    const dpr = this.env.window.devicePixelRatio || 1;
    const key = `${frame.zoom},${frame.left},${frame.top},${frame.width},${frame.height},${dpr},${this.setVersion}`;
    if (!force && key === this.drawKey) return;
    this.drawKey = key;
    if (this.hitLayer.childElementCount > 0 && this.hitLayer.style.visibility !== 'hidden') this.hitLayer.style.visibility = 'hidden';
    if (!this.canvasVisible) {
      this.styleCanvases((st) => (st.visibility = ''));
      this.canvasVisible = true;
    }
    const d = this.drawnFrame;
    if (!force && d && d.width === frame.width && d.height === frame.height && this.drawnDpr === dpr && this.drawnSetVersion === this.setVersion) {
      const s = 2 ** (frame.zoom - d.zoom);
      if (s === 1 || animating) {
        const m = CANVAS_MARGIN_PX;
        // Canvas pixel q (CSS) showed container point q − m of frame d; now it must land on s·(q − m + d.left) − frame.left.
        const tx = s * (d.left - m) - frame.left + m;
        const ty = s * (d.top - m) - frame.top + m;
        const covers = tx - m <= 0 && ty - m <= 0 && tx - m + s * (frame.width + 2 * m) >= frame.width && ty - m + s * (frame.height + 2 * m) >= frame.height;
        if (covers) {
          const transform = s === 1 ? `translate(${tx}px, ${ty}px)` : `translate(${tx}px, ${ty}px) scale(${s})`;
          this.styleCanvases((st) => (st.transform = transform));
          this.transformed = true;
          return;
        }
      }
    }
    this.fullRedraw(frame, dpr);
  }

  private sprites: SymbolSprites | null = null;
  private coverageLayer: CoverageLayer | null = null;
  /** Walls in the fetched box (`walls/inBBox`): the coverage is cut by them, the legend names their source. */
  private walls: WallMask | null = null;
  private coverageCanvas: HTMLCanvasElement | null = null;

  /** Both canvases move together (same CSS box, same transform). */
  private styleCanvases(apply: (style: CSSStyleDeclaration) => void): void {
    apply(this.canvas.style);
    apply(this.plannerCanvas.style);
    if (this.coverageCanvas) apply(this.coverageCanvas.style);
  }

  private spritesFor(dpr: number): SymbolSprites {
    if (!this.sprites || this.sprites.dpr !== dpr) {
      const doc = this.env.document;
      this.sprites = createSymbolSprites((w, h) => Object.assign(doc.createElement('canvas'), { width: w, height: h }), dpr);
    }
    return this.sprites;
  }

  private fullRedraw(frame: MapFrame, dpr: number): void {
    const m = CANVAS_MARGIN_PX;
    const big: MapFrame = { zoom: frame.zoom, left: frame.left - m, top: frame.top - m, width: frame.width + 2 * m, height: frame.height + 2 * m };
    const cw = Math.round(big.width * dpr);
    const ch = Math.round(big.height * dpr);
    if (this.canvas.width !== cw || this.canvas.height !== ch) {
      this.canvas.width = cw;
      this.canvas.height = ch;
      this.plannerCanvas.width = cw;
      this.plannerCanvas.height = ch;
      this.styleCanvases((st) => {
        st.width = `${big.width}px`;
        st.height = `${big.height}px`;
        st.left = `${-m}px`;
        st.top = `${-m}px`;
      });
    }
    this.styleCanvases((st) => (st.transform = ''));
    this.transformed = false;
    this.drawnFrame = frame;
    this.drawnDpr = dpr;
    this.drawnSetVersion = this.setVersion;
    if (!this.ctx) return;
    const t0 = performance.now();
    let inCanvas: Int32Array = new Int32Array(0);
    if (this.set) {
      const r = drawOverlay(this.ctx, big, this.set, this.settings.layers, dpr, this.spritesFor(dpr), this.coverageLayer ?? undefined, this.walls);
      this.mode = r.mode;
      inCanvas = r.drawn;
    } else {
      this.ctx.setTransform(1, 0, 0, 1, 0, 0);
      this.ctx.clearRect(0, 0, cw, ch);
      this.mode = 'none';
    }
    const ms = performance.now() - t0;
    this.redrawPlanner();
    // Keep the cameras inside the container itself, in container CSS px (xy is in canvas CSS px).
    const inside: number[] = [];
    if (this.set) {
      const xy = this.set.xy;
      for (const i of inCanvas) {
        xy[2 * i] -= m;
        xy[2 * i + 1] -= m;
        if (xy[2 * i] >= 0 && xy[2 * i + 1] >= 0 && xy[2 * i] <= frame.width && xy[2 * i + 1] <= frame.height) inside.push(i);
      }
    }
    this.drawnIdx = Int32Array.from(inside);
    this.stats.draws++;
    this.stats.lastDrawMs = ms;
    this.stats.maxDrawMs = Math.max(this.stats.maxDrawMs, ms);
  }

  /** After the map stops: fetch cameras for the view, place hit targets, update status and debug. */
  private scheduleIdle(): void {
    const win = this.env.window;
    win.clearTimeout(this.idleTimer);
    this.idleTimer = win.setTimeout(() => this.onIdle(), IDLE_MS);
  }

  private onIdle(): void {
    if (!this.active || !this.frame || !this.canvasVisible) return;
    const doc = this.env.document;
    // Still dragging (Leaflet marks the body) or zoom-animating: not idle yet.
    if (doc.body?.classList.contains('leaflet-dragging') || this.lastView?.element?.querySelector('.leaflet-zoom-anim')) {
      this.scheduleIdle();
      return;
    }
    if (this.transformed || this.drawnFrame !== this.frame) this.fullRedraw(this.frame, this.env.window.devicePixelRatio || 1);
    void this.ensureCameras(this.frame);
    this.placeHitTargets();
    const status: OverlayTextKey | null = this.fetchError ? 'status.error' : this.approximate ? 'status.approximate' : this.fetching && !this.set ? 'status.loading' : null;
    this.setStatus(status, this.fetchError ? { message: this.fetchError } : null);
    this.placeUi();
    this.writeDebug();
  }

  private async ensureCameras(frame: MapFrame): Promise<void> {
    if (this.fetching) return;
    const view = frameBBox(frame, 0);
    const c = this.cachedBBox;
    if (c && view.west >= c.west && view.east <= c.east && view.south >= c.south && view.north <= c.north) return;
    // One screen of margin on every side: small pans need no new request.
    const bbox = frameBBox(frame, Math.max(frame.width, frame.height));
    if (!isValidBBox(bbox)) return;
    this.fetching = true;
    this.stats.fetches++;
    try {
      const [answer, walls] = await Promise.all([
        sendRequest(this.env.send, { type: 'cameras/inBBox', bbox, limit: MAX_CAMERAS_PER_ANSWER }),
        // Walls are a refinement: a failure (older background, no graph) draws the coverage uncut, source 'none'.
        sendRequest(this.env.send, { type: 'walls/inBBox', bbox }).catch(() => null),
      ]);
      if (!this.active) return;
      const w = walls?.ok ? (walls.value as { source?: unknown; rings?: unknown; truncated?: unknown }) : null;
      const source = w?.source === 'mapped' || w?.source === 'inferred' ? w.source : 'none';
      this.walls = buildWallMask(source, Array.isArray(w?.rings) ? (w.rings as number[][]) : []);
      if (!answer.ok) {
        this.fetchError = answer.error.message;
        return;
      }
      this.fetchError = null;
      const value = answer.value as unknown;
      // Tolerate a bare array (older background) as well as the documented { cameras, truncated }.
      const cameras = Array.isArray(value) ? (value as Camera[]) : ((value as { cameras?: Camera[] })?.cameras ?? []);
      this.truncated = !Array.isArray(value) && (value as { truncated?: boolean })?.truncated === true;
      this.all = cameras;
      this.cachedBBox = this.truncated ? null : bbox;
      this.rebuildSet();
    } finally {
      this.fetching = false;
    }
    if (this.frame && this.canvasVisible) {
      this.draw(this.frame, true);
      this.onIdleAfterFetch();
    }
  }

  private onIdleAfterFetch(): void {
    this.placeHitTargets();
    this.setStatus(this.fetchError ? 'status.error' : this.approximate ? 'status.approximate' : null, this.fetchError ? { message: this.fetchError } : null);
    this.writeDebug();
  }

  private rebuildSet(): void {
    this.set = buildCameraSet(this.all, this.settings.filters);
    this.setVersion++;
    this.selected = null;
  }

  /**
   * One button per drawn camera (clicks open its card), but a single tab stop for all of them: the button of
   * `rovingId` (else the first) has tabindex 0, the others -1, and the arrow keys move between neighbours
   * (`onCameraKey`) — Tab goes past hundreds of cameras in one step.
   */
  private placeHitTargets(): void {
    const layer = this.hitLayer;
    const set = this.set;
    const wantTargets = set && this.mode === 'symbols' && this.settings.layers.cameras;
    const focusedId = this.focusedCameraId();
    if (!wantTargets) {
      layer.replaceChildren();
      layer.removeAttribute('aria-label');
      return;
    }
    const t = translator(overlayText, this.lang);
    const doc = this.env.document;
    const n = Math.min(this.drawnIdx.length, MAX_HIT_TARGETS);
    const buttons: HTMLButtonElement[] = [];
    let roving: HTMLButtonElement | null = null;
    for (let k = 0; k < n; k++) {
      const i = this.drawnIdx[k];
      const b = doc.createElement('button');
      b.type = 'button';
      b.dataset.idx = String(i);
      b.tabIndex = -1;
      b.style.left = `${set.xy[2 * i] - 9}px`;
      b.style.top = `${set.xy[2 * i + 1] - 9}px`;
      const kind = t(`kind.${set.cameras[i].kind}` as OverlayTextKey);
      b.setAttribute('aria-label', t('card.cameraButton', { kind }));
      b.title = kind;
      if (set.cameras[i].id === this.rovingId) roving = b;
      buttons.push(b);
    }
    roving ??= buttons[0] ?? null;
    if (roving) roving.tabIndex = 0;
    layer.setAttribute('aria-label', t('cameras.group', { count: buttons.length }));
    layer.replaceChildren(...buttons);
    layer.style.visibility = '';
    // A redraw while a camera had the focus keeps the focus on that camera.
    if (focusedId && roving && set.cameras[Number(roving.dataset.idx)].id === focusedId) roving.focus({ preventScroll: true });
  }

  private focusedCameraId(): string | null {
    const active = (this.host?.shadowRoot?.activeElement ?? null) as HTMLElement | null;
    if (!active || active.parentElement !== this.hitLayer || !this.set) return null;
    return this.set.cameras[Number(active.dataset.idx)]?.id ?? null;
  }

  /** Arrow keys: the nearest camera in that direction; Home/End: the first/last in reading order. */
  private onCameraKey(e: KeyboardEvent): void {
    const from = e.target as HTMLElement;
    if (from.parentElement !== this.hitLayer) return;
    const buttons = Array.from(this.hitLayer.children) as HTMLButtonElement[];
    const points = buttons.map((b) => [parseFloat(b.style.left), parseFloat(b.style.top)] as [number, number]);
    const next = nextCameraTarget(points, buttons.indexOf(from as HTMLButtonElement), e.key);
    if (next === null) return;
    e.preventDefault();
    if (next < 0) return;
    from.tabIndex = -1;
    buttons[next].tabIndex = 0;
    buttons[next].focus({ preventScroll: true });
  }

  private setStatus(key: OverlayTextKey | null, vars: Record<string, string> | null): void {
    this.statusKey = key;
    this.statusVars = vars;
    this.renderUi();
  }

  private statusVars: Record<string, string> | null = null;

  private setNoMap(noMap: boolean): void {
    this.noMap = noMap;
    const display = noMap || !this.active ? 'none' : '';
    if (this.host && this.host.style.display !== display) this.host.style.display = display;
  }

  /**
   * Moves the card, the dock and the legend clear of the site's controls and floating panels (placement.ts).
   * Runs when the map settles, after our UI re-renders, and once a second from the address poll.
   */
  private placeUi(): void {
    if (!this.host || !this.rect || this.noMap || !this.active) return;
    const frame = { width: this.rect.width, height: this.rect.height };
    const obstacles = hostObstacles(this.env.document, this.lastView?.element, this.rect, this.host);
    const m = PLACEMENT_MARGIN;
    const dock = this.dockRoot.querySelector<HTMLElement>('.dock');
    const toggle = dock?.querySelector<HTMLElement>('.dock-toggle');
    const dockPos = placeBox(frame, { width: Math.min(370, frame.width - 2 * m), height: toggle?.offsetHeight || 34 }, 'top-left', obstacles, { x: 1, y: 2 });
    const own = [...obstacles];
    const fb = this.frameBox.getBoundingClientRect();
    if (dock?.classList.contains('open')) {
      const r = dock.getBoundingClientRect();
      own.push({ left: r.left - fb.left, top: r.top - fb.top, width: r.width, height: r.height });
    }
    const card = this.uiRoot.querySelector<HTMLElement>('.card');
    const cardPos = placeBox(frame, { width: 280, height: card?.offsetHeight || 120 }, 'top-right', own);
    const legend = this.uiRoot.querySelector<HTMLElement>('.legend');
    const lw = legend?.offsetWidth || 160;
    const lh = legend?.offsetHeight || 40;
    const legendPos = placeBox(frame, { width: lw, height: lh }, 'bottom-left', own);
    const vars: Array<[string, number]> = [
      ['--am-dock-left', dockPos.left],
      ['--am-dock-top', dockPos.top],
      ['--am-card-right', frame.width - cardPos.left - 280],
      ['--am-card-top', cardPos.top],
      ['--am-legend-left', legendPos.left],
      ['--am-legend-bottom', frame.height - legendPos.top - lh],
    ];
    const key = vars.map(([, v]) => Math.round(v)).join(',');
    if (key === this.placementKey) return;
    this.placementKey = key;
    for (const [name, v] of vars) this.frameBox.style.setProperty(name, `${Math.round(v)}px`);
  }

  private renderUi(): void {
    if (!this.host) return;
    const t = translator(overlayText, this.lang);
    const status = this.statusKey ? t(this.statusKey, this.statusVars ?? undefined) : null;
    renderOverlayUi(this.uiRoot, {
      lang: this.lang,
      status,
      legend: this.canvasVisible && this.mode !== 'none',
      mode: this.mode,
      wallSource: this.walls?.source ?? null,
      selected: this.selected,
      onClose: () => {
        this.selected = null;
        this.renderUi();
        // Back to the camera the card was opened from.
        (this.hitLayer.querySelector('button[tabindex="0"]') as HTMLElement | null)?.focus({ preventScroll: true });
      },
    });
    if (this.rect && !this.noMap) {
      // A new card or status changes our boxes' sizes: place them again (without waiting for the poll).
      this.placementKey = '';
      this.placeUi();
    }
  }

  // ——— the planner ———

  /**
   * Redraws the planner canvas for the frame the canvases were last fully drawn at: whatever CSS transform
   * they carry now applies to it too, so routes stay exactly on the camera symbols' projection.
   */
  private redrawPlanner(): void {
    const ctx = this.plannerCtx;
    const d = this.drawnFrame;
    if (!ctx || !this.host) return;
    const pm = this.plannerMap;
    const l = pm.layers;
    const empty = !l.routes.length && !l.markers.length && !l.area && !l.blindSpots.length && !l.waysOut.length && !l.cameras.length && !l.userCameras.length && !pm.highlighted;
    if (!d || !this.settings.layers.routes || empty) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this.plannerCanvas.width, this.plannerCanvas.height);
      this.drawnRoutes = [];
    } else {
      const m = CANVAS_MARGIN_PX;
      const big: MapFrame = { zoom: d.zoom, left: d.left - m, top: d.top - m, width: d.width + 2 * m, height: d.height + 2 * m };
      const drawn = drawPlannerLayers(ctx, big, l, this.drawnDpr || 1, pm.highlighted);
      // Container CSS px of the frame drawn (the canvas starts `m` before the container).
      this.drawnRoutes = drawn.map((r) => ({ ...r, points: r.points.map(([lon, lat, x, y]) => [lon, lat, round3(x - m), round3(y - m)] as [number, number, number, number]) }));
    }
    this.writeDebug();
  }

  private showPicking(pick: PickRequest | null): void {
    if (!this.host) return;
    const win = this.env.window;
    this.pickLayer.hidden = !pick;
    this.pickPrompt.textContent = pick ? pick.prompt : '';
    this.pickLayer.setAttribute('aria-label', pick ? pick.prompt : '');
    win.removeEventListener('keydown', this.onPickKey, true);
    if (pick) win.addEventListener('keydown', this.onPickKey, true);
    this.writeDebug();
  }

  private readonly subscribeDataset = (listener: () => void): (() => void) => {
    this.datasetListeners.add(listener);
    return () => this.datasetListeners.delete(listener);
  };

  private renderDock(): void {
    if (this.dockLang === this.lang) return;
    this.dockLang = this.lang;
    renderPlannerDock(this.dockRoot, {
      lang: this.lang,
      map: this.plannerMap,
      send: this.env.send,
      onOpenChange: (open) => {
        this.frameBox.classList.toggle('planner-open', open);
        // The open panel is an obstacle for the legend and the card: place them once it has rendered.
        this.env.window.setTimeout(() => {
          this.placementKey = '';
          this.placeUi();
        }, 0);
      },
      onDatasetChanged: this.subscribeDataset,
      download: (fileName, mime, text) => saveTextFile(this.dockRoot, fileName, text, mime),
      ...(this.env.connect ? { connect: this.env.connect, viewBBox: () => this.viewBBox() } : {}),
    });
  }

  /** The host map's visible box (no margin), or null before the first frame ("Get this district"). */
  viewBBox(): BBox | null {
    if (!this.frame) return null;
    const b = frameBBox(this.frame, 0);
    return isValidBBox(b) ? b : null;
  }

  // ——— test builds ———

  private writeDebug(): void {
    if (!this.env.debug || !this.host) return;
    const set = this.set;
    // [id, lon, lat, x, y]: container CSS px of each drawn camera, for the alignment tests.
    const drawn: Array<[string, number, number, number, number]> = [];
    if (set && this.active && this.canvasVisible) {
      for (const i of this.drawnIdx) drawn.push([set.cameras[i].id, set.lons[i], set.lats[i], round3(set.xy[2 * i]), round3(set.xy[2 * i + 1])]);
    }
    this.host.dataset.angleMort = JSON.stringify({
      site: this.env.adapter.id,
      active: this.active,
      noMap: this.noMap,
      visible: this.active && this.canvasVisible,
      status: this.statusKey,
      mode: this.mode,
      frame: this.frame,
      rect: this.rect,
      dpr: this.env.window.devicePixelRatio,
      cameraCount: set?.cameras.length ?? 0,
      truncated: this.truncated,
      stats: this.stats,
      drawn,
      planner: {
        picking: this.plannerMap?.pick ? this.plannerMap.pick.prompt : null,
        routesLayer: this.settings.layers.routes,
        // [lon, lat, x, y] per drawn vertex, container CSS px, for the alignment tests.
        routes: this.active && this.canvasVisible ? this.drawnRoutes : [],
        area: this.plannerMap?.layers.area?.kind ?? null,
        areaPolygon: Boolean(this.plannerMap?.layers.area?.polygon),
      },
    });
  }

  /**
   * Test builds: time `runs` full redraws of the current view (canvas of container + margins, device px),
   * with all layers and with each layer alone, so the figures say where the time goes.
   */
  private benchmark(): void {
    if (!this.frame || !this.ctx || !this.set || !this.host) return;
    const m = CANVAS_MARGIN_PX;
    const f = this.frame;
    const big: MapFrame = { zoom: f.zoom, left: f.left - m, top: f.top - m, width: f.width + 2 * m, height: f.height + 2 * m };
    const dpr = this.env.window.devicePixelRatio || 1;
    const runs = 40;
    const time = (layers: Settings['layers']) => {
      const times: number[] = [];
      for (let k = 0; k < runs; k++) {
        const t0 = performance.now();
        drawOverlay(this.ctx!, big, this.set!, layers, dpr, this.spritesFor(dpr), this.coverageLayer ?? undefined, this.walls);
        // Reading one pixel forces the canvas to rasterise now, so the time includes the pixels, not just the calls.
        this.ctx!.getImageData(0, 0, 1, 1);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { median: times[runs >> 1], p95: times[Math.floor(runs * 0.95)], max: times[runs - 1] };
    };
    const layers = this.settings.layers;
    const result = {
      runs,
      cameras: this.set.cameras.length,
      drawn: this.drawnIdx.length,
      canvas: [this.canvas.width, this.canvas.height],
      all: time(layers),
      coverageOnly: time({ ...layers, cameras: false }),
      camerasOnly: time({ ...layers, coverage: false }),
    };
    this.fullRedraw(this.frame, dpr);
    this.host.dataset.angleMortBench = JSON.stringify(result);
  }
}

/** A vector base map drawn on a canvas inside Leaflet (MapLibre GL / Mapbox GL via their Leaflet bindings). */
function isVectorBaseMap(container: Element | undefined): boolean {
  return !!container?.querySelector('.maplibregl-canvas, .mapboxgl-canvas, .leaflet-gl-layer canvas');
}

const NAV_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', '+', '-', '=', 'PageUp', 'PageDown', 'Home', 'End']);

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
