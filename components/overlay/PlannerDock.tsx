/**
 * The planner panel docked in the overlay's shadow root on a host map page: collapsed by default behind a
 * small "Plan a discreet walk" button; the panel (components/planner/Planner.tsx) is created on the first
 * opening and kept (hidden) afterwards, so closing it loses nothing and its routes stay drawn.
 *
 * Preact renders text as text only (no HTML from data anywhere in the panel).
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../i18n/core.ts';
import { translator } from '../i18n/core.ts';
import { overlayText } from '../i18n/overlay.ts';
import type { Send } from '../planner/client.ts';
import { Planner } from '../planner/Planner.tsx';
import type { PlannerMap } from '../planner/map.ts';
import type { BBox } from '../../lib/geo/index.ts';
import { DISTRICT_CSS, GetDistrict, type PortLike } from '../district/GetDistrict.tsx';
import { DataQualityNote, QUALITY_CSS } from '../district/DataQualityNote.tsx';
import { overpassEndpoint } from '../planner/client.ts';

export interface PlannerDockProps {
  lang: Lang;
  map: PlannerMap;
  send: Send;
  /** planner.html of the extension: share links open the standalone page, never a server. */
  download(fileName: string, mime: string, text: string): void;
  /** Called when the panel opens or closes (the overlay moves its legend and card aside). */
  onOpenChange(open: boolean): void;
  /** The host map's current view ("Get this district"); absent = no district button. */
  viewBBox?(): BBox | null;
  /** `browser.runtime.connect`, for the district download's port. */
  connect?(name: string): PortLike;
  /** Camera and dataset changes made elsewhere (the background's broadcast), see PlannerProps. */
  onDatasetChanged?(listener: () => void): () => void;
  /** The host map settled (the overlay's idle); returns the unsubscribe. The quality note follows the view. */
  onViewSettled?(listener: () => void): () => void;
  /**
   * Resolves when the background has readied the engine the panel's opening asked for (planner-awake.ts):
   * the quality note's requests wait for it, so they do not compete with the engine build of a woken worker.
   */
  whenWarm?(): Promise<void>;
}

/**
 * The data-quality note's key for a view: its box rounded to 4 decimals (≈ 10 m), so a map that settles
 * without moving does not check again. Null without a view.
 */
export function viewKeyOf(view: BBox | null | undefined): string | null {
  if (!view) return null;
  return [view.west, view.south, view.east, view.north].map((v) => v.toFixed(4)).join(',');
}

function Dock(props: PlannerDockProps) {
  const t = translator(overlayText, props.lang);
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState(false);
  const getEndpoint = () => overpassEndpoint(props.send);
  const [viewKey, setViewKey] = useState(() => viewKeyOf(props.viewBBox?.()));
  // The quality note waits for the engine the opening asked for (issue #14: the first route comes first).
  const [noteReady, setNoteReady] = useState(!props.whenWarm);
  const { whenWarm } = props;
  useEffect(() => {
    if (!open || !whenWarm) return;
    let live = true;
    setNoteReady(false);
    void whenWarm().then(() => live && setNoteReady(true));
    return () => {
      live = false;
    };
  }, [open, whenWarm]);
  const { onViewSettled, viewBBox } = props;
  useEffect(() => onViewSettled?.(() => setViewKey(viewKeyOf(viewBBox?.()))), [onViewSettled, viewBBox]);
  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) setCreated(true);
    else props.map.setPicking?.(null);
    props.onOpenChange(next);
  };
  return (
    <div class={`dock${open ? ' open' : ''}`}>
      <button type="button" class="dock-toggle" aria-expanded={open} aria-controls="am-planner-panel" onClick={toggle}>
        <span aria-hidden="true">{open ? '✕' : '↝'}</span> {open ? t('planner.close') : t('planner.open')}
      </button>
      {props.viewBBox && props.connect && (
        <GetDistrict lang={props.lang} getView={props.viewBBox} connect={props.connect} getEndpoint={getEndpoint} />
      )}
      {open && noteReady && viewKey !== null && props.viewBBox && props.connect && (
        <DataQualityNote
          lang={props.lang}
          send={props.send}
          getView={props.viewBBox}
          connect={props.connect}
          getEndpoint={getEndpoint}
          viewKey={viewKey}
        />
      )}
      {created && (
        <section id="am-planner-panel" class="dock-panel" aria-label={t('planner.region')} hidden={!open}>
          <Planner
            map={props.map}
            send={props.send}
            lang={props.lang}
            download={props.download}
            geolocation={globalThis.navigator?.geolocation ?? null}
            onDatasetChanged={props.onDatasetChanged}
            explicitPick
          />
        </section>
      )}
    </div>
  );
}

/** Renders (or re-renders, e.g. after a language change) the dock into `root`. */
export function renderPlannerDock(root: Element, props: PlannerDockProps): void {
  render(<Dock {...props} />, root);
}

export function unmountPlannerDock(root: Element): void {
  render(null, root);
}

/** Dock styles for the shadow root (the panel's own come from `plannerStyles`). */
export const DOCK_CSS =
  DISTRICT_CSS +
  QUALITY_CSS +
  `
.dock { position: absolute; z-index: 3; left: var(--am-dock-left, 10px); top: var(--am-dock-top, 84px); display: flex; flex-direction: column; gap: 6px;
  max-height: calc(100% - var(--am-dock-top, 84px) - 26px);
  width: 370px; max-width: calc(100% - 20px); pointer-events: none; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; }
.dock > * { pointer-events: auto; }
.dock-toggle { align-self: flex-start; font: 600 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0d3c7a;
  background: #fff; border: 1px solid #1565c0; border-radius: 16px; padding: 6px 12px; cursor: pointer; box-shadow: 0 1px 4px rgba(0,0,0,0.35); }
.dock-toggle:hover { background: #e3eaf5; }
.dock .am-district-get { font: 600 13px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #0d3c7a; background: #fff;
  border: 1px solid #1565c0; border-radius: 16px; padding: 6px 12px; cursor: pointer; box-shadow: 0 1px 4px rgba(0,0,0,0.35); }
.dock .am-district-get:hover { background: #e3eaf5; }
.dock .am-district button:focus-visible { outline: 3px solid #ff9800; outline-offset: 1px; }
.dock-toggle:focus-visible { outline: 3px solid #ff9800; outline-offset: 1px; }
.dock-panel { overflow: auto; min-height: 0; background: rgba(255,255,255,0.97); border-radius: 8px; padding: 10px 12px;
  box-shadow: 0 2px 8px rgba(0,0,0,0.35); }
.dock-panel[hidden] { display: none; }
.dock-panel .am-planner { font-size: 13px; }
.dock-panel .am-title { font-size: 15px; }
.dock-panel .am-table { font-size: 12px; }
.dock-panel .am-table td, .dock-panel .am-table th { padding: 1px 4px; }
/* While the planner is open its "…at map centre" buttons place points at the centre of the map's visible part: mark it
   (left/top set by InPagePlanner.placeCrosshair; 50 % until then). */
.crosshair { display: none; position: absolute; left: 50%; top: 50%; width: 28px; height: 28px; margin: -14px 0 0 -14px; pointer-events: none;
  background: linear-gradient(#0d3c7a, #0d3c7a) center / 2px 100% no-repeat, linear-gradient(#0d3c7a, #0d3c7a) center / 100% 2px no-repeat;
  filter: drop-shadow(0 0 1px #fff) drop-shadow(0 0 1px #fff); }
.frame.planner-open .crosshair { display: block; }
.pick { position: absolute; z-index: 2; inset: 0; pointer-events: auto; cursor: crosshair; }
.pick[hidden] { display: none; }
.pick-prompt { position: absolute; left: 50%; top: 10px; transform: translateX(-50%); max-width: 70%; padding: 6px 12px;
  font: 600 13px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #fff; background: rgba(13,60,122,0.92);
  border-radius: 14px; pointer-events: none; }
`;
