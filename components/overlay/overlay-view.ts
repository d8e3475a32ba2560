/**
 * The overlay's per-change work, the base of OverlayController (controller.ts): read the host map's view, bring
 * the canvases in line (a transform of the last drawing, or a full redraw), and when the map settles fetch the
 * cameras for the view, place the clickable cameras, update the status line and the test-build record. The
 * controller adds the life cycle (settings, activation) and builds the shadow DOM these fields point into.
 */
import { isValidBBox, type BBox } from '../../lib/geo/index.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings.ts';
import { frameBBox, type MapFrame } from '../../lib/sites/projection.ts';
import { isUnsupported } from '../../lib/sites/types.ts';
import type { Lang } from '../i18n/core.ts';
import type { OverlayTextKey } from '../i18n/overlay.ts';
import { CameraFeed } from './camera-feed.ts';
import type { DrawMode } from './draw.ts';
import type { OverlayCanvases } from './canvases.ts';
import { benchmarkRedraw, writeDebugRecord } from './debug-hooks.ts';
import type { OverlayPanel } from './OverlayUi.ts';
import type { InPagePlanner } from './in-page-planner.ts';
import type { UiPlacement } from './placement.ts';
import type { HitTargets } from './hit-targets.ts';
import { MapFrameReader } from './map-frame.ts';
import type { OverlayShadowHost } from './shadow-host.ts';
import { IDLE_MS, type OverlayEnv, type OverlayStats } from './overlay-env.ts';

/** Pause between two line-of-sight slices (a redraw each), so input and painting go first. */
const SIGHT_SLICE_GAP_MS = 30;

export abstract class OverlayView {
  // Life cycle.
  protected settings: Settings = DEFAULT_SETTINGS;
  protected lang: Lang = 'en';
  protected active = false;
  /** True while the page has no map: the host is display:none and only the cheap address poll runs. */
  protected noMap = false;
  protected unfollow: () => void = () => {};
  protected raf = 0;
  protected idleTimer = 0;
  readonly stats: OverlayStats = { updates: 0, draws: 0, lastDrawMs: 0, maxDrawMs: 0, fetches: 0, sightPending: 0 };
  protected sightTimer = 0;
  // The jobs (one module each).
  protected readonly hostMap: MapFrameReader;
  protected readonly feed: CameraFeed;
  protected canvases!: OverlayCanvases;
  protected hits!: HitTargets;
  // What is shown: the frame drawn, the cameras in it, the status, legend and card.
  protected frame: MapFrame | null = null;
  protected approximate = false;
  protected mode: DrawMode = 'none';
  protected drawnIdx: Int32Array = new Int32Array(0);
  // The shadow DOM (null until mounted): host, the frame box over the map container, our boxes' placement.
  protected shell: OverlayShadowHost | null = null;
  protected panel!: OverlayPanel;
  protected placement!: UiPlacement;
  protected planner!: InPagePlanner;

  constructor(protected readonly env: OverlayEnv) {
    this.feed = new CameraFeed(env.send, this.stats, () => {
      if (this.panel) this.panel.selected = null;
    });
    this.hostMap = new MapFrameReader(env, () => this.update());
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

  protected requestFrame(): void {
    if (this.raf || !this.active) return;
    this.raf = this.env.window.requestAnimationFrame(() => {
      this.raf = 0;
      this.update();
    });
  }

  protected hideCanvas(): void {
    if (this.canvases.hide()) this.hits.layer.style.visibility = 'hidden';
  }

  /** Brings the canvases in line with `frame`: a CSS transform of the last drawing if it is exact (canvases.ts), else a full redraw. */
  protected draw(frame: MapFrame, force: boolean, animating = false): void {
    const dpr = this.env.window.devicePixelRatio || 1;
    if (!this.canvases.changed(frame, dpr, this.feed.setVersion, force)) return;
    this.hits.hide();
    this.canvases.show();
    if (!force && this.canvases.move(frame, dpr, this.feed.setVersion, animating)) return;
    this.fullRedraw(frame, dpr);
  }

  protected fullRedraw(frame: MapFrame, dpr: number): void {
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
    // Line of sight is computed a slice per redraw (sight-lines.ts): until it is complete, redraw again soon.
    this.stats.sightPending = this.feed.sight.pending;
    if (this.feed.sight.pending > 0 && !this.sightTimer) {
      this.sightTimer = this.env.window.setTimeout(() => {
        this.sightTimer = 0;
        if (!this.active || !this.frame) return;
        this.draw(this.frame, true);
        // A redraw hides the hit targets; idle puts them back (and writes the debug record).
        this.scheduleIdle();
      }, SIGHT_SLICE_GAP_MS);
    }
  }

  /** After the map stops: fetch cameras for the view, place hit targets, update status and debug. */
  protected scheduleIdle(): void {
    const win = this.env.window;
    win.clearTimeout(this.idleTimer);
    this.idleTimer = win.setTimeout(() => this.onIdle(), IDLE_MS);
  }

  protected onIdle(): void {
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
    this.planner.viewSettled();
    this.writeDebug();
  }

  protected async ensureCameras(frame: MapFrame): Promise<void> {
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

  protected onIdleAfterFetch(): void {
    this.placeHitTargets();
    this.showFeedStatus();
    this.writeDebug();
  }

  protected placeHitTargets(): void {
    const want = this.mode === 'symbols' && this.settings.layers.cameras;
    this.hits.place(this.feed.set, this.drawnIdx, want, this.lang, this.shell?.host.shadowRoot?.activeElement ?? null);
  }

  /** The status line after the map settles or cameras arrive: a fetch error, an approximate view, loading, or none. */
  protected showFeedStatus(): void {
    const { fetchError, fetching, set } = this.feed;
    const key = fetchError ? 'status.error' : this.approximate ? 'status.approximate' : fetching && !set ? 'status.loading' : null;
    this.panel.setStatus(key, fetchError ? { message: fetchError } : null);
  }

  protected setNoMap(noMap: boolean): void {
    this.noMap = noMap;
    const display = noMap || !this.active ? 'none' : '';
    if (this.shell && this.shell.host.style.display !== display) this.shell.host.style.display = display;
  }

  /**
   * Moves the card, the dock and the legend clear of the site's controls and floating panels (placement.ts).
   * Runs when the map settles, after our UI re-renders, and once a second from the address poll.
   */
  protected placeUi(): void {
    const shell = this.shell;
    if (!shell?.rect || this.noMap || !this.active) return;
    this.placement.place(this.env.document, this.hostMap.view?.element, shell.rect, shell.host);
    this.planner.placeCrosshair();
  }

  /** The host map's visible box (no margin), or null before the first frame ("Get this district"). */
  viewBBox(): BBox | null {
    if (!this.frame) return null;
    const b = frameBBox(this.frame, 0);
    return isValidBBox(b) ? b : null;
  }

  // ——— test builds (debug-hooks.ts) ———

  protected writeDebug(): void {
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

  protected benchmark(): void {
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
