/**
 * The planner panel: route planning, the event-area check and the user's own cameras, over any map that
 * implements `PlannerMap` (the standalone planner page's Leaflet map, or the host site's map in the
 * overlay). Self-contained: it talks to the background only through `send`, and to the map only through
 * `map`; it never touches the page outside its own root. Styles: `plannerStyles` (inject once).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LonLat } from '../../lib/geo/index.ts';
import type { SharedRequest } from '../../lib/planner/share.ts';
import { translator, type Lang } from '../i18n/core.ts';
import { plannerText } from '../i18n/planner.ts';
import { AreaPanel } from './AreaPanel.tsx';
import { CamerasPanel } from './CamerasPanel.tsx';
import type { Send } from './client.ts';
import { EMPTY_LAYERS, type PickRequest, type PlannerLayers, type PlannerMap } from './map.ts';
import { RoutePanel } from './RoutePanel.tsx';
import type { SetClick, T } from './tab.ts';

export interface PlannerProps {
  map: PlannerMap;
  send: Send;
  lang: Lang;
  /** A request read from a share link. */
  initial?: SharedRequest;
  /** Called with the current request's fragment (the standalone page mirrors it in its address). */
  onShareChange?(fragment: string): void;
  /** `navigator.geolocation`; used only when the user clicks "Start from my position". */
  geolocation?: Pick<Geolocation, 'getCurrentPosition'> | null;
  /** Saves a file the user asked for (GPX, GeoJSON, printable page). */
  download(fileName: string, mime: string, text: string): void;
  now?(): Date;
  /**
   * True on maps that belong to someone else (the host site under the overlay): a map click is taken only
   * after the user pressed a "… on map" button, once, and every other click stays the site's. False (the
   * standalone page): every click on the map places the next point.
   */
  explicitPick?: boolean;
  /**
   * Subscribes to camera and dataset changes made elsewhere (another tab, the options page, an expiry
   * elsewhere): the background's `dataset/changed`. The panel then plans the shown route again, re-checks
   * the shown area and reloads the user's cameras. Returns the unsubscribe function.
   */
  onDatasetChanged?(listener: () => void): () => void;
}

type Tab = 'route' | 'area' | 'cameras';
const TABS: Tab[] = ['route', 'area', 'cameras'];

export function Planner(props: PlannerProps) {
  const t = translator(plannerText, props.lang) as T;
  const [tab, setTab] = useState<Tab>('route');
  const [camerasVersion, setCamerasVersion] = useState(0);
  const click = useRef<((at: LonLat) => void) | null>(null);
  const handlers = useRef<Record<Tab, ((at: LonLat) => void) | null>>({ route: null, area: null, cameras: null });
  const picks = useRef<Record<Tab, PickRequest | null>>({ route: null, area: null, cameras: null });
  const explicit = props.explicitPick === true;
  const layers = useRef<PlannerLayers>({ ...EMPTY_LAYERS });
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => props.map.onClick((at) => click.current?.(at)), [props.map]);
  // Changes from elsewhere count like the user's own: same re-plan, same re-check.
  useEffect(() => props.onDatasetChanged?.(() => setCamerasVersion((v) => v + 1)), [props.onDatasetChanged]);
  click.current = handlers.current[tab];

  const setClickFor =
    (which: Tab): SetClick =>
    (handler, pick) => {
      handlers.current[which] = handler;
      picks.current[which] = handler && pick ? pick : null;
      if (which === tab) {
        click.current = handler;
        props.map.setPicking?.(picks.current[which]);
      }
    };
  // A tab switch: the map waits for what the new tab waits for (usually nothing).
  useEffect(() => props.map.setPicking?.(picks.current[tab]), [tab, props.map]);
  useEffect(() => () => props.map.setPicking?.(null), [props.map]);
  const setLayers = (part: Partial<PlannerLayers>) => {
    layers.current = { ...layers.current, ...part };
    props.map.setLayers(layers.current);
  };

  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  const onTabKey = (e: KeyboardEvent, i: number) => {
    const delta = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = (i + delta + TABS.length) % TABS.length;
    setTab(TABS[next]);
    tabRefs.current[next]?.focus();
  };

  return (
    <div class="am-planner" lang={props.lang}>
      <h1 class="am-title">{t('title')}</h1>
      <div role="tablist" aria-label={t('tabs')} class="am-tabs">
        {TABS.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            role="tab"
            type="button"
            id={`am-tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`am-tabpanel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t(`tab.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`am-tabpanel-${tab}`} aria-labelledby={`am-tab-${tab}`}>
        {/* The tab's name as the section heading (kept off screen: the tab shows it), so the cards' and reports'
            h3 follow an h2 (axe: heading-order). */}
        <h2 class="am-sr">{t(`tab.${tab}`)}</h2>
        <RoutePanel
          send={props.send}
          t={t}
          lang={props.lang}
          map={props.map}
          active={tab === 'route'}
          setClick={setClickFor('route')}
          explicitPick={explicit}
          setLayers={setLayers}
          initial={props.initial}
          onShareChange={props.onShareChange}
          geolocation={props.geolocation}
          download={props.download}
          camerasVersion={camerasVersion}
        />
        <AreaPanel
          send={props.send}
          t={t}
          lang={props.lang}
          map={props.map}
          active={tab === 'area'}
          setClick={setClickFor('area')}
          explicitPick={explicit}
          setLayers={setLayers}
          download={props.download}
          camerasVersion={camerasVersion}
        />
        <CamerasPanel
          send={props.send}
          t={t}
          lang={props.lang}
          map={props.map}
          active={tab === 'cameras'}
          setClick={setClickFor('cameras')}
          setLayers={setLayers}
          onChanged={() => setCamerasVersion((v) => v + 1)}
          now={props.now}
          camerasVersion={camerasVersion}
        />
      </div>
      <p class="am-attribution">
        <small>{t('attribution')}</small>
      </p>
    </div>
  );
}

/** The panel's CSS (plain, scoped by the `am-` prefix; the overlay puts it in its shadow root). */
export const plannerStyles = `
.am-planner{font:14px/1.4 system-ui,sans-serif;color:#1a1a1a;display:flex;flex-direction:column;gap:8px}
.am-title{font-size:17px;margin:0}
.am-tabs{display:flex;gap:2px;border-bottom:2px solid #1565c0}
.am-tabs [role=tab]{border:0;background:#e3eaf5;padding:6px 10px;border-radius:6px 6px 0 0;cursor:pointer;font:inherit}
.am-tabs [role=tab][aria-selected=true]{background:#1565c0;color:#fff;font-weight:600}
.am-panel{display:flex;flex-direction:column;gap:8px}.am-panel[hidden]{display:none}
.am-row{display:flex;gap:6px;align-items:center}.am-wrap{flex-wrap:wrap}
.am-planner button{font:inherit;padding:4px 8px;border:1px solid #90a4ae;border-radius:5px;background:#fff;cursor:pointer}
.am-planner button[aria-pressed=true]{background:#fff3cd;border-color:#b8860b}
.am-planner button:focus-visible,.am-planner input:focus-visible,.am-planner select:focus-visible,.am-planner a:focus-visible{outline:3px solid #ff9800;outline-offset:1px}
.am-planner .am-primary{background:#1565c0;color:#fff;border-color:#1565c0}
.am-point{display:flex;gap:6px;align-items:center}.am-point strong{min-width:80px}
.am-icon{padding:0 6px!important;min-width:24px;min-height:24px}
.am-sr{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.am-muted{color:#666}.am-hint{color:#37474f;margin:0;font-size:13px}.am-error{color:#b71c1c;margin:0}
.am-field{display:flex;flex-direction:column;gap:2px}.am-inline{flex-direction:row;align-items:center;gap:8px}
.am-field input[type=number]{width:80px}
.am-search input{width:100%;box-sizing:border-box;padding:4px}
.am-results{list-style:none;margin:2px 0;padding:0;border:1px solid #cfd8dc;border-radius:4px}
.am-results button{border:0!important;width:100%;text-align:left}
.am-cards{display:flex;flex-direction:column;gap:8px}
.am-card{border:1px solid #cfd8dc;border-left:6px solid;border-radius:6px;padding:6px 8px;background:#fafafa}
.am-card.am-selected{background:#fff;box-shadow:0 0 0 2px #1565c055}
.am-card h3{margin:0 0 4px;font-size:15px}
.am-card-title{border:0!important;background:none!important;padding:0!important;font-weight:700!important;display:inline-flex;align-items:center;gap:6px}
.am-stats{display:grid;grid-template-columns:auto 1fr;gap:0 10px;margin:0}.am-stats dt{color:#555}.am-stats dd{margin:0}
.am-bar{display:flex;height:10px;background:#cfd8dc;border-radius:5px;overflow:hidden;margin:4px 0}
.am-tiers{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2px 12px;font-size:13px}
.am-swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:middle}
.am-unseen{background:#cfd8dc}
.am-cameras,.am-blind,.am-ways{margin:4px 0;padding-left:20px;font-size:13px}
.am-cameras button,.am-blind button,.am-ways button{border:0!important;background:none!important;padding:0!important;text-align:left;color:#0d47a1;text-decoration:underline}
.am-best{font-weight:600}
.am-report{border-top:2px solid #1565c0;padding-top:6px}.am-report h3,.am-report h4{margin:6px 0 2px}
.am-big{font-size:16px;font-weight:600;margin:0}
.am-table{border-collapse:collapse;font-size:13px;width:100%;table-layout:fixed}.am-table th,.am-table td{overflow-wrap:anywhere;hyphens:auto}.am-table td,.am-table th{border:1px solid #cfd8dc;padding:2px 6px}
.am-usercams{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:6px}
.am-usercams li{border:1px solid #cfd8dc;border-radius:5px;padding:4px 6px}
.am-form{border:1px solid #b0bec5;border-radius:6px;padding:6px;display:flex;flex-direction:column;gap:6px}
fieldset.am-row{border:0;padding:0;margin:0}fieldset legend{font-weight:600;padding:0;margin-bottom:2px}
.am-attribution{margin:0;color:#555}
.am-note{margin:0;padding:4px 6px;border-left:4px solid #455a64;background:#eceff1;font-size:13px}
.am-trade{margin:4px 0 0;font-size:13px;font-weight:600}
.am-streets{margin:4px 0 0;font-size:12px}
.am-line-sample{vertical-align:middle}
ol.am-ways{list-style:none;padding-left:0}ol.am-ways li{margin-bottom:4px}
.am-search-label{display:flex;flex-direction:column;gap:2px}.am-search-caption{font-weight:600;display:inline-flex;align-items:center;gap:6px}
.am-badge{display:inline-block;min-width:20px;height:20px;border-radius:50%;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}
`;
