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
 * (debug-hooks.ts). The per-change update and drawing are its base class (overlay-view.ts); the controller
 * keeps the life cycle and builds the shadow DOM.
 */
import { sendRequest } from '../../lib/messages.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings.ts';
import { resolveLang } from '../i18n/core.ts';
import { OverlayCanvases } from './canvases.ts';
import { listenForDebug } from './debug-hooks.ts';
import { OVERLAY_CSS, OverlayPanel } from './OverlayUi.ts';
import { plannerStyles } from '../planner/Planner.tsx';
import { DOCK_CSS } from './PlannerDock.tsx';
import { InPagePlanner } from './in-page-planner.ts';
import { UiPlacement } from './placement.ts';
import { HitTargets } from './hit-targets.ts';
import { OverlayShadowHost } from './shadow-host.ts';
import { POLL_MS, type OverlayEnv } from './overlay-env.ts';

import { OverlayView } from './overlay-view.ts';

export class OverlayController extends OverlayView {
  private readonly unsubscribe: () => void;
  private readonly onVisibility = () => this.applyState();

  constructor(env: OverlayEnv) {
    super(env);
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
    this.env.window.clearTimeout(this.sightTimer);
    this.sightTimer = 0;
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
    const { dockRoot, pickLayer, crosshair } = this.planner;
    // The dock comes first so Tab reaches "Plan a discreet walk" before hundreds of camera buttons; it is
    // stacked above everything else by z-index (DOCK_CSS).
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
        (ask) => void this.planner.timedRoute(ask).then((result) => (shell.host.dataset.angleMortRoute = JSON.stringify(result))),
      );
  }
}
