/**
 * The overlay's own controls inside the shadow root: legend with the ODbL attribution, the status line,
 * and the card of the camera the user clicked. `OverlayPanel` keeps their state between renders.
 */
import type { Camera } from '../../lib/cameras/types.ts';
import { displayText } from '../../lib/text/display.ts';
import { coverageOf } from '../../lib/cameras/coverage.ts';
import { translator, type Lang } from '../i18n/core.ts';
import { overlayText, type OverlayTextKey } from '../i18n/overlay.ts';
import { cameraSourceText } from '../i18n/dataset.ts';
import { wallsCatalog } from '../i18n/walls.ts';
import type { WallSource } from '../../lib/walls/index.ts';
import { COLOURS, TIER_COLOURS, COVERAGE_ALPHA } from './draw-style.ts';
import type { DrawMode } from './draw.ts';

export interface OverlayUiProps {
  lang: Lang;
  /** The status line (already translated), or null. */
  status: string | null;
  /** Show the legend (the overlay is drawing). */
  legend: boolean;
  mode: DrawMode;
  /** The wall source of the drawn coverage (`walls/inBBox`); null before the first answer. */
  wallSource?: WallSource | null;
  selected: Camera | null;
  onClose: () => void;
}

type T = ReturnType<typeof translator<typeof overlayText>>;
type Child = Node | string | null | undefined | false;

/** Creates an element; string children become text nodes, attributes are set as attributes. */
function el(doc: Document, tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c) e.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  return e;
}

/** What the panel shows besides its own state: read from the controller at each render. */
export type PanelView = Pick<OverlayUiProps, 'lang' | 'legend' | 'mode' | 'wallSource'>;

/** The status line and the camera card's state, and their rendering into `root`. */
export class OverlayPanel {
  statusKey: OverlayTextKey | null = null;
  private statusVars: Record<string, string> | null = null;
  selected: Camera | null = null;

  constructor(
    readonly root: HTMLDivElement,
    private readonly view: () => PanelView,
    /** After each render: our boxes changed size, place them again. */
    private readonly rendered: () => void,
    /** The card was closed: the focus goes back to the camera it was opened from. */
    private readonly closed: () => void,
  ) {}

  setStatus(key: OverlayTextKey | null, vars: Record<string, string> | null = null): void {
    this.statusKey = key;
    this.statusVars = vars;
    this.render();
  }

  /** Opens the card of `camera` (null closes it). */
  select(camera: Camera | null): void {
    this.selected = camera;
    this.render();
  }

  render(): void {
    const view = this.view();
    const status = this.statusKey ? translator(overlayText, view.lang)(this.statusKey, this.statusVars ?? undefined) : null;
    renderOverlayUi(this.root, {
      ...view,
      status,
      selected: this.selected,
      onClose: () => {
        this.select(null);
        this.closed();
      },
    });
    this.rendered();
  }
}

/** UI state kept between renders (the legend's open/closed toggle). */
const legendOpen = new WeakMap<Element, boolean>();

/** Replaces the content of `root` with the legend/status and the card for `props`. */
export function renderOverlayUi(root: HTMLElement, props: OverlayUiProps): void {
  const doc = root.ownerDocument;
  const t = translator(overlayText, props.lang);
  const parts: Node[] = [];
  if (props.legend || props.status) parts.push(legend(doc, root, t, props));
  if (props.selected) parts.push(card(doc, t, props.lang, props.selected, props.onClose));
  root.replaceChildren(...parts);
}

function legend(doc: Document, root: HTMLElement, t: T, props: OverlayUiProps): HTMLElement {
  const open = legendOpen.get(root) ?? true;
  const section = el(doc, 'section', { class: 'legend', 'aria-label': t('legend.title') });
  if (props.status) section.append(el(doc, 'p', { class: 'status', role: 'status' }, props.status));
  if (!props.legend) return section;
  const toggle = el(
    doc,
    'button',
    { type: 'button', class: 'legend-toggle', 'aria-expanded': String(open), title: open ? t('legend.collapse') : t('legend.expand') },
    `${t('legend.title')} ${open ? '▾' : '▸'}`,
  );
  toggle.addEventListener('click', () => {
    legendOpen.set(root, !open);
    renderOverlayUi(root, props);
  });
  section.append(toggle);
  if (open) {
    const item = (cls: string, colour: string, label: string, alpha = 1) => {
      const sw = el(doc, 'span', { class: cls });
      sw.style.background = colour;
      sw.style.opacity = String(alpha);
      return el(doc, 'li', {}, sw, label);
    };
    const list = el(doc, 'ul');
    if (props.mode === 'heat') list.append(item('swatch', COLOURS.heat[2], t('legend.heat')));
    else {
      list.append(
        item('swatch', TIER_COLOURS.people[0], t('legend.identification'), COVERAGE_ALPHA + 0.25),
        item('swatch', TIER_COLOURS.people[1], t('legend.recognition'), COVERAGE_ALPHA + 0.25),
        item('swatch', TIER_COLOURS.people[2], t('legend.observation'), COVERAGE_ALPHA + 0.25),
      );
    }
    list.append(
      item('dot', COLOURS.publicCamera, t('legend.public')),
      item('dot', COLOURS.privateCamera, t('legend.private')),
      item('dot', COLOURS.vehicleCamera, t('legend.vehicles')),
    );
    section.append(list);
    if (props.wallSource && props.mode !== 'heat') section.append(wallSourceLine(doc, props.lang, props.wallSource));
  }
  section.append(
    el(
      doc,
      'p',
      { class: 'attribution' },
      el(doc, 'a', { href: 'https://www.openstreetmap.org/copyright', target: '_blank', rel: 'noopener noreferrer' }, t('attribution')),
    ),
  );
  return section;
}

/**
 * The legend's wall-source line: the same text as WallSourceNote (components/walls), in plain DOM because
 * the content script renders no Preact here.
 */
function wallSourceLine(doc: Document, lang: Lang, source: WallSource): HTMLElement {
  const w = translator(wallsCatalog, lang);
  return el(
    doc,
    'p',
    { class: 'wall-source', 'data-testid': 'wall-source', 'data-wall-source': source },
    el(doc, 'strong', {}, `${w('wallsLabel')}:`),
    ` ${w(`wall_${source}`)}`,
    source !== 'mapped' ? el(doc, 'span', { class: 'wall-source-explain' }, ` — ${w(`wallExplain_${source}`)}`) : null,
  );
}

/** `node/123` → 123 as the OSM element type and id, when the camera comes from OpenStreetMap. */
export function osmElementOf(camera: Camera): { type: 'node' | 'way' | 'relation'; id: string } | null {
  const candidates = [
    camera.source === 'osm' || camera.source.startsWith('overpass') ? camera.sourceId : undefined,
    camera.enrichedFrom && (camera.enrichedFrom.source === 'osm' || camera.enrichedFrom.source.startsWith('overpass'))
      ? camera.enrichedFrom.sourceId
      : undefined,
    /^osm:/.test(camera.id) ? camera.id.slice(4) : undefined,
  ];
  for (const c of candidates) {
    const m = c ? /^(node|way|relation)\/(\d{1,15})$/.exec(c) : null;
    if (m) return { type: m[1] as 'node' | 'way' | 'relation', id: m[2] };
  }
  return null;
}

function card(doc: Document, t: T, lang: Lang, camera: Camera, onClose: () => void): HTMLElement {
  const cov = coverageOf(camera);
  const osmEl = osmElementOf(camera);
  const kindKey = `kind.${camera.kind}`;
  const title = t(kindKey in overlayText ? (kindKey as OverlayTextKey) : 'kind.unknown');
  const degrees = camera.directions.map((d) => `${Math.round(d)}°`).join(', ');
  const direction =
    camera.directions.length === 0 ? t('card.directionUnknown') : cov.sectors === 'disc' ? `${degrees} — ${t('card.allAround')}` : degrees;
  const fov =
    camera.fov !== undefined
      ? `${Math.round(camera.fov)}°`
      : cov.sectors === 'disc'
        ? '360°'
        : t('card.fovDefault', { deg: Math.round(cov.sectors[0].width) });
  const scopeKey = `scope.${camera.surveillance}`;

  const close = el(doc, 'button', { type: 'button', class: 'close', 'aria-label': t('card.close'), title: t('card.close') }, '×');
  close.addEventListener('click', onClose);
  const rows: Array<[string, string, string?]> = [
    [t('card.direction'), direction],
    [t('card.fov'), fov],
    [t('card.reach'), t('card.reachValue', { id: Math.round(cov.radii[0]), rec: Math.round(cov.radii[1]), obs: Math.round(cov.radii[2]) })],
  ];
  if (camera.operator) rows.push([t('card.operator'), displayText(camera.operator, 200), 'operator']);
  rows.push(
    [t('card.scope'), t(scopeKey in overlayText ? (scopeKey as OverlayTextKey) : 'scope.unknown')],
    [
      t('card.source'),
      displayText(
        [camera.source, ...(camera.enrichedFrom ? [camera.enrichedFrom.source] : [])].map((x) => cameraSourceText(x, lang)).join(' + '),
        200,
      ),
    ],
    [t('card.date'), camera.sourceDate ? formatDate(camera.sourceDate, lang) : '—'],
    [t('card.confidence'), `${Math.round(Math.max(0, Math.min(1, camera.confidence)) * 100)} %`],
  );
  if (camera.expires) rows.push([t('card.expires'), formatDate(camera.expires, lang)]);
  const dl = el(doc, 'dl');
  for (const [k, v, cls] of rows) dl.append(el(doc, 'dt', {}, k), el(doc, 'dd', cls ? { class: cls } : {}, v));

  const box = el(
    doc,
    'div',
    { class: 'card', role: 'dialog', 'aria-label': title },
    // A div, not <header>: inside the page, a <header> would count as a second banner landmark.
    el(doc, 'div', { class: 'card-head' }, el(doc, 'h2', {}, title), close),
    camera.name ? el(doc, 'p', { class: 'name' }, displayText(camera.name, 300)) : null,
    dl,
    osmEl
      ? el(
          doc,
          'p',
          { class: 'links' },
          el(
            doc,
            'a',
            { href: `https://www.openstreetmap.org/${osmEl.type}/${osmEl.id}`, target: '_blank', rel: 'noopener noreferrer' },
            t('card.viewOsm'),
          ),
          el(
            doc,
            'a',
            { href: `https://www.openstreetmap.org/edit?${osmEl.type}=${osmEl.id}`, target: '_blank', rel: 'noopener noreferrer' },
            t('card.editOsm'),
          ),
        )
      : null,
  );
  box.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Escape') onClose();
  });
  return box;
}

function formatDate(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso.slice(0, 40);
  return new Date(ms).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** Shadow-root styles: self-contained, nothing inherited from the host page. */
export const OVERLAY_CSS = `
:host { all: initial; }
.frame { position: absolute; overflow: hidden; pointer-events: none; }
canvas { position: absolute; left: 0; top: 0; pointer-events: none; transform-origin: 0 0; will-change: transform; }
.hits { position: absolute; inset: 0; pointer-events: none; }
.hits button { position: absolute; width: 18px; height: 18px; margin: 0; padding: 0; border: 0; border-radius: 50%;
  background: transparent; cursor: pointer; pointer-events: auto; }
.hits button:focus-visible { outline: 3px solid #111; outline-offset: 1px; box-shadow: 0 0 0 6px rgba(255,255,255,0.9); }
.legend, .card { font: 12px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  background: rgba(255,255,255,0.94); border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,0.35); pointer-events: auto; }
/* Positions come from placement.ts (clear of the site's controls and panels); the fallbacks are the corners. */
.legend { position: absolute; left: var(--am-legend-left, 10px); bottom: var(--am-legend-bottom, 24px); padding: 6px 8px; max-width: 220px; }
.legend ul { list-style: none; margin: 4px 0; padding: 0; }
.legend li { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.legend .wall-source { margin: 4px 0; font-size: 11px; }
.swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; border: 1px solid #fff; box-shadow: 0 0 0 1px rgba(0,0,0,.2); }
.legend-toggle { all: unset; cursor: pointer; font-weight: 600; min-height: 24px; display: inline-flex; align-items: center; }
.status { margin: 0 0 4px; font-weight: 600; color: #7a0010; }
.attribution { margin: 4px 0 0; font-size: 11px; }
.attribution a, .links a { color: #0645ad; }
.card { position: absolute; right: var(--am-card-right, 10px); top: var(--am-card-top, 10px); width: 280px; box-sizing: border-box;
  max-height: calc(100% - var(--am-card-top, 10px) - 10px); overflow: auto; padding: 8px 10px; }
.card .card-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; }
.card h2 { font-size: 14px; margin: 0; }
.card .close { all: unset; cursor: pointer; font-size: 20px; line-height: 24px; min-width: 24px; min-height: 24px; text-align: center; border-radius: 4px; }
.card .close:focus-visible, .legend-toggle:focus-visible { outline: 3px solid #0d3c7a; outline-offset: 1px; }
.card .name { margin: 4px 0; font-style: italic; overflow-wrap: anywhere; }
.card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 6px 0; }
.card dt { font-weight: 600; }
.card dd { margin: 0; overflow-wrap: anywhere; }
.links { display: flex; flex-direction: column; gap: 0; margin: 4px 0 0; }
.links a, .attribution a { display: inline-block; min-height: 24px; line-height: 24px; }
`;
