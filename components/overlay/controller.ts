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
 * The jobs live beside it: following the host map (map-frame.ts), the shadow DOM and its placement over the
 * map (shadow-host.ts), the canvases and their one transform-or-redraw path (canvases.ts), the camera feed
 * (camera-feed.ts), the clickable cameras (hit-targets.ts), the in-page planner (in-page-planner.ts), our
 * boxes' placement clear of the site's panels (placement.ts) and the test-build debug record
 * (debug-hooks.ts). The controller wires them, owns the status/card/legend, and a POLL_MS address poll that
 * catches `history.replaceState` (which fires no event) and the site's panels moving.
 */
import { isValidBBox, type BBox } from '../../lib/geo/index.ts';
import { sendRequest } from '../../lib/messages.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings.ts';
import { frameBBox, type MapFrame } from '../../lib/sites/projection.ts';
import { isUnsupported } from '../../lib/sites/types.ts';
import { resolveLang, type Lang } from '../i18n/core.ts';
import type { OverlayTextKey } from '../i18n/overlay.ts';
import { CameraFeed } from './camera-feed.ts';
import type { DrawMode } from './draw.ts';
import { OverlayCanvases } from './canvases.ts';
import { benchmarkRedraw, listenForDebug, writeDebugRecord } from './debug-hooks.ts';
import { OVERLAY_CSS, OverlayPanel } from './OverlayUi.ts';
import { plannerStyles } from '../planner/Planner.tsx';
import { DOCK_CSS } from './PlannerDock.tsx';
import { InPagePlanner } from './in-page-planner.ts';
import { UiPlacement } from './placement.ts';
import { HitTargets } from './hit-targets.ts';
import { MapFrameReader } from './map-frame.ts';
import { OverlayShadowHost } from './shadow-host.ts';
import { IDLE_MS, POLL_MS, type OverlayEnv, type OverlayStats } from './overlay-env.ts';

export class OverlayController {
  // Life cycle.
  private settings: Settings = DEFAULT_SETTINGS;
  private lang: Lang = 'en';
  private active = false;
  /** True while the page has no map: the host is display:none and only the cheap address poll runs. */
  private noMap = false;
  private unfollow: () => void = () => {};
  private raf = 0;
  private idleTimer = 0;
  readonly stats: OverlayStats = { updates: 0, draws: 0, lastDrawMs: 0, maxDrawMs: 0, fetches: 0 };
  // The jobs (one module each).
  private readonly hostMap: MapFrameReader;
  private readonly feed: CameraFeed;
  private canvases!: OverlayCanvases;
  private hits!: HitTargets;
  // What is shown: the frame drawn, the cameras in it, the status, legend and card.
  private frame: MapFrame | null = null;
  private approximate = false;
  private mode: DrawMode = 'none';
  private drawnIdx: Int32Array = new Int32Array(0);
  // The shadow DOM (null until mounted): host, the frame box over the map container, our boxes' placement.
  private shell: OverlayShadowHost | null = null;
  private panel!: OverlayPanel;
  private placement!: UiPlacement;
  private planner!: InPagePlanner;
  private readonly unsubscribe: () => void;
  private readonly onVisibility = () => this.applyState();

  constructor(private readonly env: OverlayEnv) {
    this.feed = new CameraFeed(env.send, this.stats, () => {
      if (this.panel) this.panel.selected = null;
    });
    this.hostMap = new MapFrameReader(env, () => this.update());
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
    this.planner?.destroy();
    this.shell?.host.remove();
    this.shell = null;
  }

  get isActive(): boolean {
    return this.active;
  }

  applySettings(settings: Settings): void {
    const filtersChanged = JSON.stringify(settings.filters) !== JSON.stringify(this.settings.filters);
    this.settings = settings;
    this.lang = resolveLang(settings.language, this.env.window.navigator.language);
    if (filtersChanged && this.feed.all.length > 0) this.feed.rebuild(settings.filters);
    this.canvases?.invalidate();
    if (this.shell) {
      this.planner.renderDock(this.lang);
      this.planner.redraw();
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
      this.planner?.datasetChanged();
      this.feed.reset();
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
    this.shell!.host.style.display = '';
    this.unfollow = this.hostMap.follow(POLL_MS, {
      wake: () => this.update(),
      isOverMap: (e) => !this.shell || this.shell.isOverMap(e, this.hits.layer),
      noMap: () => this.noMap,
      // The site's panels open and close without moving the map (osm.org's welcome panel, layer switcher):
      // look at them once a second and move our boxes if they changed.
      quiet: () => this.placeUi(),
    });
    this.hostMap.start();
    this.update();
  }

  private deactivate(): void {
    if (!this.active) return;
    this.active = false;
    this.unfollow();
    this.hostMap.stop();
    if (this.raf) this.env.window.cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.env.window.clearTimeout(this.idleTimer);
    this.frame = null;
    if (this.panel) this.panel.selected = null;
    if (this.shell) {
      this.canvases.clear();
      this.planner.clear();
      this.hits.layer.replaceChildren();
      this.shell.host.style.display = 'none';
      this.writeDebug();
    }
  }

  private mount(): void {
    if (this.shell) return;
    const doc = this.env.document;
    const shell = new OverlayShadowHost(doc);
    this.canvases = new OverlayCanvases(doc);
    this.hits = new HitTargets(
      doc,
      () => this.feed.set,
      (camera, fromKeyboard) => {
        this.panel.select(camera);
        // Opened from the keyboard (Enter/Space): the focus goes into the card; Escape or × brings it back.
        if (fromKeyboard) (this.panel.root.querySelector('.card .close') as HTMLElement | null)?.focus({ preventScroll: true });
      },
    );
    this.panel = new OverlayPanel(
      doc.createElement('div'),
      () => ({
        lang: this.lang,
        legend: this.canvases.visible && this.mode !== 'none',
        mode: this.mode,
        wallSource: this.feed.walls?.source ?? null,
      }),
      () => {
        if (!this.shell?.rect || this.noMap) return;
        // A new card or status changes our boxes' sizes: place them again (without waiting for the poll).
        this.placement.invalidate();
        this.placeUi();
      },
      () => this.hits.focusRoving(),
    );
    this.planner = new InPagePlanner(this.env, {
      frameBox: shell.frameBox,
      canvases: this.canvases,
      frame: () => (this.active && this.canvases.visible ? this.frame : null),
      routesShown: () => this.settings.layers.routes,
      viewBBox: () => this.viewBBox(),
      changed: () => this.writeDebug(),
      relayout: () => {
        this.placement.invalidate();
        this.placeUi();
      },
    });
    const { dockRoot, pickLayer } = this.planner;
    // The dock comes first so Tab reaches "Plan a discreet walk" before hundreds of camera buttons; it is
    // stacked above everything else by z-index (DOCK_CSS).
    const crosshair = doc.createElement('div');
    crosshair.className = 'crosshair';
    crosshair.setAttribute('aria-hidden', 'true');
    this.placement = new UiPlacement(shell.frameBox, dockRoot, this.panel.root);
    const { coverageCanvas, plannerCanvas, canvas } = this.canvases;
    shell.mount(OVERLAY_CSS + DOCK_CSS + plannerStyles, [
      dockRoot,
      coverageCanvas,
      plannerCanvas,
      canvas,
      crosshair,
      this.hits.layer,
      this.panel.root,
      pickLayer,
    ]);
    this.shell = shell;
    this.planner.renderDock(this.lang);
    if (this.env.debug)
      listenForDebug(
        shell.host,
        () => this.benchmark(),
        () => this.writeDebug(),
      );
  }

  // ——— the per-change update ———

  /** Reads the view and redraws if anything moved. Cheap when nothing changed. */
  update(): void {
    if (!this.active) return;
    this.stats.updates++;
    const doc = this.env.document;
    const now = performance.now();
    const view = this.hostMap.readView();
    if (isUnsupported(view) && MapFrameReader.hasNoMap(view)) {
      // No map on this page: draw nothing at all (not even a status box over the page's own content).
      this.hideCanvas();
      this.setNoMap(true);
      this.panel.statusKey = null;
      this.writeDebug();
      return;
    }
    this.setNoMap(false);
    if (isUnsupported(view)) {
      this.hideCanvas();
      // Say why over the whole window: the map container may be what is missing.
      this.shell!.placeFrameBox({ left: 0, top: 0, width: doc.documentElement.clientWidth, height: doc.documentElement.clientHeight });
      this.panel.setStatus(`hidden.${view.unsupported}` as OverlayTextKey, null);
      this.writeDebug();
      return;
    }
    this.shell!.placeHost(view);
    this.shell!.placeFrameBox(view.container);
    const r = this.hostMap.frameOf(view, now);
    if ('hidden' in r) {
      this.hideCanvas();
      if (r.hidden === 'vector') {
        // osm.org's vector layers (MapLibre inside Leaflet): say so instead of drawing off the tiles.
        if (this.panel.statusKey !== 'status.vector') this.panel.setStatus('status.vector');
        this.placeUi();
        this.writeDebug();
      } else if (r.hidden === 'tiles' && r.retry) this.requestFrame();
      return;
    }
    if (this.panel.statusKey === 'status.vector') this.panel.setStatus(null);
    this.approximate = view.approximate === true;
    this.frame = r.frame;
    this.draw(r.frame, false, r.animating);
    if (r.animating) this.requestFrame();
    this.scheduleIdle();
  }

  private requestFrame(): void {
    if (this.raf || !this.active) return;
    this.raf = this.env.window.requestAnimationFrame(() => {
      this.raf = 0;
      this.update();
    });
  }

  private hideCanvas(): void {
    if (this.canvases.hide()) this.hits.layer.style.visibility = 'hidden';
  }

  /** Brings the canvases in line with `frame`: a CSS transform of the last drawing if it is exact (canvases.ts), else a full redraw. */
  private draw(frame: MapFrame, force: boolean, animating = false): void {
    const dpr = this.env.window.devicePixelRatio || 1;
    if (!this.canvases.changed(frame, dpr, this.feed.setVersion, force)) return;
    this.hits.hide();
    this.canvases.show();
    if (!force && this.canvases.move(frame, dpr, this.feed.setVersion, animating)) return;
    this.fullRedraw(frame, dpr);
  }

  private fullRedraw(frame: MapFrame, dpr: number): void {
    const set = this.feed.set;
    const r = this.canvases.redraw(frame, dpr, this.feed.setVersion, set, this.settings.layers, this.feed.walls);
    if (!r) return;
    this.mode = r.mode;
    this.planner.redraw();
    // Keep the cameras inside the container itself, in container CSS px.
    this.drawnIdx = this.canvases.toContainer(set, r.drawn, frame);
    this.stats.draws++;
    this.stats.lastDrawMs = r.ms;
    this.stats.maxDrawMs = Math.max(this.stats.maxDrawMs, r.ms);
  }

  /** After the map stops: fetch cameras for the view, place hit targets, update status and debug. */
  private scheduleIdle(): void {
    const win = this.env.window;
    win.clearTimeout(this.idleTimer);
    this.idleTimer = win.setTimeout(() => this.onIdle(), IDLE_MS);
  }

  private onIdle(): void {
    if (!this.active || !this.frame || !this.canvases.visible) return;
    const doc = this.env.document;
    // Still dragging (Leaflet marks the body) or zoom-animating: not idle yet.
    if (doc.body?.classList.contains('leaflet-dragging') || this.hostMap.view?.element?.querySelector('.leaflet-zoom-anim')) {
      this.scheduleIdle();
      return;
    }
    if (this.canvases.transformed || this.canvases.drawnFrame !== this.frame)
      this.fullRedraw(this.frame, this.env.window.devicePixelRatio || 1);
    void this.ensureCameras(this.frame);
    this.placeHitTargets();
    this.showFeedStatus();
    this.placeUi();
    this.writeDebug();
  }

  private async ensureCameras(frame: MapFrame): Promise<void> {
    const fresh = await this.feed.ensure(
      frame,
      () => this.settings.filters,
      () => this.active,
    );
    if (fresh && this.frame && this.canvases.visible) {
      this.draw(this.frame, true);
      this.onIdleAfterFetch();
    }
  }

  private onIdleAfterFetch(): void {
    this.placeHitTargets();
    this.showFeedStatus();
    this.writeDebug();
  }

  private placeHitTargets(): void {
    const want = this.mode === 'symbols' && this.settings.layers.cameras;
    this.hits.place(this.feed.set, this.drawnIdx, want, this.lang, this.shell?.host.shadowRoot?.activeElement ?? null);
  }

  /** The status line after the map settles or cameras arrive: a fetch error, an approximate view, loading, or none. */
  private showFeedStatus(): void {
    const { fetchError, fetching, set } = this.feed;
    const key = fetchError ? 'status.error' : this.approximate ? 'status.approximate' : fetching && !set ? 'status.loading' : null;
    this.panel.setStatus(key, fetchError ? { message: fetchError } : null);
  }

  private setNoMap(noMap: boolean): void {
    this.noMap = noMap;
    const display = noMap || !this.active ? 'none' : '';
    if (this.shell && this.shell.host.style.display !== display) this.shell.host.style.display = display;
  }

  /**
   * Moves the card, the dock and the legend clear of the site's controls and floating panels (placement.ts).
   * Runs when the map settles, after our UI re-renders, and once a second from the address poll.
   */
  private placeUi(): void {
    const shell = this.shell;
    if (!shell?.rect || this.noMap || !this.active) return;
    this.placement.place(this.env.document, this.hostMap.view?.element, shell.rect, shell.host);
  }

  /** The host map's visible box (no margin), or null before the first frame ("Get this district"). */
  viewBBox(): BBox | null {
    if (!this.frame) return null;
    const b = frameBBox(this.frame, 0);
    return isValidBBox(b) ? b : null;
  }

  // ——— test builds (debug-hooks.ts) ———

  private writeDebug(): void {
    if (!this.env.debug || !this.shell) return;
    writeDebugRecord(
      this.shell.host,
      {
        site: this.env.adapter.id,
        active: this.active,
        noMap: this.noMap,
        visible: this.active && this.canvases.visible,
        status: this.panel.statusKey,
        mode: this.mode,
        frame: this.frame,
        rect: this.shell.rect,
        set: this.feed.set,
        drawnIdx: this.drawnIdx,
        truncated: this.feed.truncated,
        stats: this.stats,
        plannerMap: this.planner.map,
        routesLayer: this.settings.layers.routes,
        drawnRoutes: this.planner.drawnRoutes,
      },
      this.env.window.devicePixelRatio,
    );
  }

  private benchmark(): void {
    if (!this.frame || !this.canvases.ctx || !this.feed.set || !this.shell) return;
    const dpr = this.env.window.devicePixelRatio || 1;
    const result = benchmarkRedraw(
      this.canvases,
      this.frame,
      this.feed.set,
      this.settings.layers,
      dpr,
      this.feed.walls,
      this.drawnIdx.length,
    );
    this.fullRedraw(this.frame, dpr);
    this.shell.host.dataset.angleMortBench = JSON.stringify(result);
  }
}
