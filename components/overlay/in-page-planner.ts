/**
 * The in-page planner's wiring on a host map: the planner map (planner-layer.ts) over the overlay's frame,
 * the dock panel (PlannerDock.tsx), the click-catching pick layer for the one map click the panel waits for
 * (Escape cancels), and the redraw of the planner canvas when its layers change. The controller lends it
 * the frame, the canvases and the frame box; the dock and the pick layer go in the frame box.
 */
import type { BBox } from '../../lib/geo/index.ts';
import type { MapFrame } from '../../lib/sites/projection.ts';
import type { SiteAdapter } from '../../lib/sites/types.ts';
import type { Lang } from '../i18n/core.ts';
import type { PortLike } from '../district/GetDistrict.tsx';
import type { PickRequest } from '../planner/map.ts';
import { saveTextFile } from '../save-file.ts';
import type { OverlayCanvases } from './canvases.ts';
import { EngineFrame } from './engine-frame.ts';
import type { EngineFrameEnv } from './overlay-env.ts';
import { PlannerAwake } from './planner-awake.ts';
import { OverlayPlannerMap, type DrawnRoutes } from './planner-layer.ts';
import { renderPlannerDock, unmountPlannerDock } from './PlannerDock.tsx';

/** The parts of the overlay's environment the planner uses (OverlayEnv in controller.ts). */
export interface PlannerEnv {
  window: Window & typeof globalThis;
  document: Document;
  adapter: SiteAdapter;
  send: (message: unknown) => Promise<unknown>;
  connect?: (name: string) => PortLike;
  engineFrame?: EngineFrameEnv;
}

/** What the controller lends the planner. */
export interface PlannerOverlay {
  frameBox: HTMLElement;
  canvases: OverlayCanvases;
  /** The frame the planner draws in: null while the overlay is off or its canvases hidden. */
  frame(): MapFrame | null;
  /** The user's "routes" layer switch. */
  routesShown(): boolean;
  /** The host map's visible box ("Get this district"). */
  viewBBox(): BBox | null;
  /** What the planner shows changed (test builds write their debug record). */
  changed(): void;
  /** The dock opened or closed and has rendered: place the legend and the card again. */
  relayout(): void;
}

export class InPagePlanner {
  readonly map: OverlayPlannerMap;
  /** The dock's root; it comes first in the frame box (see the controller's mount). */
  readonly dockRoot: HTMLDivElement;
  /** Catches the one map click the planner waits for; hidden (clicks go to the site) otherwise. */
  readonly pickLayer: HTMLDivElement;
  /** Marks, while the panel is open, where the "…at map centre" buttons place a point (placeCrosshair). */
  readonly crosshair: HTMLDivElement;
  private readonly pickPrompt: HTMLParagraphElement;
  /** The routes as last drawn (test builds' debug record). */
  drawnRoutes: DrawnRoutes = [];
  private dockLang: Lang | null = null;
  private panelOpen = false;
  /** The in-page planner's listeners for camera and dataset changes made elsewhere. */
  private readonly datasetListeners = new Set<() => void>();
  /** The dock's listeners for the host map settling (its data-quality note follows the view). */
  private readonly viewListeners = new Set<() => void>();
  /** False once destroyed: late answers to the dock no longer draw. */
  private live = true;
  /** Readies the background's engine while the panel is open and in use; null without `connect`. */
  readonly awake: PlannerAwake | null;
  /** The panel's own engine in an extension frame while it is open (D96); null without `engineFrame`. */
  readonly engine: EngineFrame | null;
  /** The dock's `send`: planner requests to the engine frame once it is ready, the rest to the background. */
  private readonly send: (message: unknown) => Promise<unknown>;
  private readonly onTouch = () => {
    this.awake?.touch();
    this.engine?.touch();
  };
  private readonly onVisibility = () => this.awake?.visibilityChanged();
  private readonly whenWarm = () => this.awake?.whenWarm() ?? Promise.resolve();
  private readonly onPickKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !this.map.pick) return;
    e.preventDefault();
    e.stopPropagation();
    this.map.cancelPick();
  };

  constructor(
    private readonly env: PlannerEnv,
    private readonly overlay: PlannerOverlay,
  ) {
    const doc = env.document;
    const frameBox = overlay.frameBox;
    this.map = new OverlayPlannerMap({
      frame: () => overlay.frame(),
      layersChanged: () => this.redraw(),
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
        const box = frameBox.getBoundingClientRect();
        if (p.width === 0 || box.width === 0) return none;
        const left = p.right - box.left;
        const right = box.right - p.left;
        return left <= right
          ? { ...none, left: Math.max(0, Math.min(box.width / 2, left)) }
          : { ...none, right: Math.max(0, Math.min(box.width / 2, right)) };
      },
      legendBottom: () => {
        const legend = frameBox.querySelector('.legend');
        if (!legend) return 0;
        const l = legend.getBoundingClientRect();
        const box = frameBox.getBoundingClientRect();
        if (l.width === 0 || l.top <= box.top + box.height / 2 || l.top >= box.bottom) return 0;
        return box.bottom - l.top;
      },
    });
    this.crosshair = doc.createElement('div');
    this.crosshair.className = 'crosshair';
    this.crosshair.setAttribute('aria-hidden', 'true');
    this.pickLayer = doc.createElement('div');
    this.pickLayer.className = 'pick';
    this.pickLayer.hidden = true;
    this.pickLayer.setAttribute('role', 'application');
    this.pickPrompt = doc.createElement('p');
    this.pickPrompt.className = 'pick-prompt';
    this.pickPrompt.setAttribute('role', 'status');
    this.pickLayer.append(this.pickPrompt);
    this.pickLayer.addEventListener('click', (e) => {
      const box = frameBox.getBoundingClientRect();
      this.map.clickAt(e.clientX - box.left, e.clientY - box.top);
    });
    this.dockRoot = doc.createElement('div');
    const { connect, window: win } = env;
    this.awake = connect
      ? new PlannerAwake({
          connect,
          viewBBox: () => overlay.viewBBox(),
          // Hidden tab, or the overlay off (its host is then display: none and the dock has no box).
          visible: () => doc.visibilityState !== 'hidden' && this.dockRoot.getClientRects().length > 0,
          now: () => win.performance.now(),
          setInterval: (fn, ms) => win.setInterval(fn, ms),
          clearInterval: (id) => win.clearInterval(id),
        })
      : null;
    const frameEnv = env.engineFrame;
    this.engine = frameEnv
      ? new EngineFrame({
          ...frameEnv,
          document: doc,
          mount: (frame) => {
            // Invisible and out of the way: one transparent pixel that takes no pointer, focus or reading.
            frame.style.cssText = 'position:absolute;left:0;top:0;width:1px;height:1px;border:0;opacity:0;pointer-events:none';
            frameBox.append(frame);
          },
          background: env.send,
          viewBBox: () => overlay.viewBBox(),
          // While the frame's engine is ready the service worker is not needed for routes: let it sleep.
          readyChanged: (ready) => this.awake?.setPaused(ready),
          now: () => win.performance.now(),
          random: (bytes) => win.crypto.getRandomValues(bytes),
          setTimeout: (fn, ms) => win.setTimeout(fn, ms),
          clearTimeout: (id) => win.clearTimeout(id),
        })
      : null;
    const engine = this.engine;
    this.send = engine ? engine.send : env.send;
    for (const type of ['pointerdown', 'keydown', 'focusin'] as const) this.dockRoot.addEventListener(type, this.onTouch);
    this.pickLayer.addEventListener('pointerdown', this.onTouch);
    doc.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Redraws the planner canvas (routes, area, the user's cameras) over the last full drawing. */
  redraw(): void {
    if (!this.live) return;
    const pm = this.map;
    const l = pm.layers;
    const empty =
      !l.routes.length &&
      !l.markers.length &&
      !l.area &&
      !l.blindSpots.length &&
      !l.waysOut.length &&
      !l.cameras.length &&
      !l.userCameras.length &&
      !pm.highlighted;
    const routes = this.overlay.canvases.drawPlanner(!this.overlay.routesShown() || empty ? null : pm);
    if (!routes) return;
    this.drawnRoutes = routes;
    this.overlay.changed();
  }

  /** Moves the crosshair to the centre of the map's visible part (OverlayPlannerMap.centrePoint). */
  placeCrosshair(): void {
    const p = this.map.centrePoint();
    if (!p) return;
    const style = this.crosshair.style;
    style.left = `${p[0]}px`;
    style.top = `${p[1]}px`;
  }

  private showPicking(pick: PickRequest | null): void {
    if (!this.live) return;
    const win = this.env.window;
    this.pickLayer.hidden = !pick;
    this.pickPrompt.textContent = pick ? pick.prompt : '';
    this.pickLayer.setAttribute('aria-label', pick ? pick.prompt : '');
    win.removeEventListener('keydown', this.onPickKey, true);
    if (pick) win.addEventListener('keydown', this.onPickKey, true);
    this.overlay.changed();
  }

  /** Cameras or datasets changed elsewhere (the background's `dataset/changed` broadcast). */
  datasetChanged(): void {
    // The frame's engine first: the dock's listeners plan again at once, and that request must find it reloaded.
    this.engine?.changed();
    for (const listener of [...this.datasetListeners]) listener();
  }

  private readonly subscribeDataset = (listener: () => void): (() => void) => {
    this.datasetListeners.add(listener);
    return () => this.datasetListeners.delete(listener);
  };

  /** The host map settled (the overlay's `onIdle`): the dock's quality note checks the new view. */
  viewSettled(): void {
    if (!this.live) return;
    // The person is reading the map: the panel is still in use.
    this.awake?.touch();
    this.engine?.touch();
    this.engine?.viewSettled();
    for (const listener of [...this.viewListeners]) listener();
  }

  private readonly subscribeView = (listener: () => void): (() => void) => {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  };

  /** Renders the dock in `lang` (once per language). */
  renderDock(lang: Lang): void {
    if (this.dockLang === lang) return;
    this.dockLang = lang;
    renderPlannerDock(this.dockRoot, {
      lang,
      map: this.map,
      send: this.send,
      onOpenChange: (open) => {
        this.overlay.frameBox.classList.toggle('planner-open', open);
        // Opening the panel readies the engine for this view while points are chosen; closing stops the pings.
        this.awake?.setOpen(open);
        this.panelOpen = open;
        // The engine frame once the background's engine is warm: the frame's reads would otherwise share the
        // woken worker with that build, and a route asked a second after opening would wait for both.
        if (!open) this.engine?.setOpen(false);
        else void this.whenWarm().then(() => this.panelOpen && this.engine?.setOpen(true));
        // The open panel is an obstacle for the legend and the card: place them once it has rendered.
        this.env.window.setTimeout(() => this.overlay.relayout(), 0);
      },
      onDatasetChanged: this.subscribeDataset,
      onViewSettled: this.subscribeView,
      ...(this.awake ? { whenWarm: this.whenWarm } : {}),
      download: (fileName, mime, text) => saveTextFile(this.dockRoot, fileName, text, mime),
      ...(this.env.connect ? { connect: this.env.connect, viewBBox: () => this.overlay.viewBBox() } : {}),
    });
  }

  /**
   * Test builds (the controller's debug hooks): one request sent as the dock sends it, timed here, and who was
   * to answer it (the engine frame once ready, else the background).
   */
  async timedRoute(ask: string): Promise<{ ms: number; ok: boolean; via: string }> {
    const via = this.engine?.state === 'ready' ? 'frame' : 'background';
    const t0 = this.env.window.performance.now();
    let answer: unknown;
    try {
      answer = await this.send(JSON.parse(ask));
    } catch (e) {
      answer = { ok: false, error: String(e) };
    }
    return { ms: this.env.window.performance.now() - t0, ok: (answer as { ok?: unknown } | null)?.ok === true, via };
  }

  /** The overlay went off: forget the drawn routes and drop a pending pick. */
  clear(): void {
    this.drawnRoutes = [];
    if (this.map.pick) this.map.cancelPick();
    // The engine frame stays (a hidden tab comes back to a ready engine); ten minutes untouched remove it.
    // The controller hides the overlay's host right after this: look again once it has.
    this.env.window.setTimeout(() => this.awake?.visibilityChanged(), 0);
  }

  destroy(): void {
    this.live = false;
    this.awake?.destroy();
    this.engine?.stop();
    this.env.document.removeEventListener('visibilitychange', this.onVisibility);
    this.env.window.removeEventListener('keydown', this.onPickKey, true);
    unmountPlannerDock(this.dockRoot);
  }
}
