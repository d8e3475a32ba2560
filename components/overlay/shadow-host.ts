/**
 * The overlay's shadow DOM on the host page: the `<angle-mort-overlay>` host, its shadow root and the frame
 * box over the map container that holds our canvases and boxes. It stops our own clicks, presses, wheel and
 * keys from also acting on the map or the site's shortcuts, and keeps the host and the frame box where the
 * map is (`placeHost`, `placeFrameBox`).
 */
import type { CssRect, SiteView } from '../../lib/sites/types.ts';

/**
 * Shadow host styles. In the map container: a 0×0 box at its corner, above Leaflet's tile, overlay and
 * marker panes (200–600) and under its controls (800+). On the page: above everything.
 */
const HOST_IN_MAP = 'position:absolute;left:0;top:0;width:0;height:0;z-index:650;pointer-events:none;';
const HOST_ON_PAGE = 'position:fixed;left:0;top:0;width:0;height:0;z-index:2147483000;pointer-events:none;';

export class OverlayShadowHost {
  readonly host: HTMLElement;
  /** Over the map container (at `rect`): holds the canvases, the buttons and our boxes. */
  readonly frameBox: HTMLDivElement;
  /** Where the frame box is, viewport CSS px; null until placed, and again after the host moved. */
  rect: CssRect | null = null;
  private frameLeft = 0;
  private frameTop = 0;

  constructor(private readonly doc: Document) {
    this.host = doc.createElement('angle-mort-overlay');
    this.host.style.cssText = HOST_ON_PAGE;
    this.frameBox = doc.createElement('div');
    this.frameBox.className = 'frame';
  }

  /** Fills the shadow root (`css`, then the frame box with `children` in this order) and puts the host on the page. */
  mount(css: string, children: Node[]): void {
    const doc = this.doc;
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = css;
    this.frameBox.append(...children);
    // Our buttons, legend, card, planner and pick layer must not also act on the map underneath (drag, click,
    // zoom), as Leaflet's own controls do with disableClickPropagation. The canvases take no pointer events.
    for (const type of ['pointerdown', 'mousedown', 'touchstart', 'click', 'dblclick', 'contextmenu', 'wheel']) {
      this.frameBox.addEventListener(type, (e) => {
        // The wheel still zooms the map over the pick layer (the user may zoom in to pick precisely).
        if (type === 'wheel' && !(e.target as Element | null)?.closest?.('.card, .legend, .dock')) return;
        // A press on a camera symbol goes on to the map, so a drag that starts there pans it (as a drag from a
        // Leaflet or Google marker does); a release without movement still opens the card (click, above).
        const press = type === 'pointerdown' || type === 'mousedown' || type === 'touchstart' || type === 'wheel';
        if (press && (e.target as Element | null)?.closest?.('.hits')) return;
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
    (doc.body ?? doc.documentElement).appendChild(this.host);
  }

  /**
   * The shadow host lives inside the map container when there is one: it then stacks with the map (above
   * the tiles, under the site's own panels and search boxes, which are usually siblings of the map) instead
   * of painting over the whole page. Without a container it goes on <body>, above everything.
   */
  placeHost(view: SiteView | null): void {
    const host = this.host;
    const doc = this.doc;
    const el = view?.element;
    const target = el && el !== doc.documentElement ? el : (doc.body ?? doc.documentElement);
    if (host.parentNode === target) return;
    host.style.cssText = target === el ? HOST_IN_MAP : HOST_ON_PAGE;
    target.appendChild(host);
    this.rect = null;
  }

  /** Puts the frame box over `r` (viewport CSS px), wherever the host's own box ended up. */
  placeFrameBox(r: CssRect): void {
    const h = this.host.getBoundingClientRect();
    const left = r.left - h.left;
    const top = r.top - h.top;
    const same = left === this.frameLeft && top === this.frameTop;
    if (this.rect && same && r.width === this.rect.width && r.height === this.rect.height) return;
    this.rect = r;
    this.frameLeft = left;
    this.frameTop = top;
    const s = this.frameBox.style;
    s.left = `${left}px`;
    s.top = `${top}px`;
    s.width = `${r.width}px`;
    s.height = `${r.height}px`;
  }

  /**
   * Whether input `e` is the user moving the map: over the map's box, and not inside our own panel (except
   * on the clickable cameras, which sit on the map).
   */
  isOverMap(e: Event, hitLayer: Element): boolean {
    if (e.composedPath().includes(this.host)) return e.composedPath().includes(hitLayer);
    const r = this.rect;
    if (!r) return true;
    const p = e as PointerEvent;
    if (typeof p.clientX !== 'number') return true;
    return p.clientX >= r.left && p.clientX <= r.left + r.width && p.clientY >= r.top && p.clientY <= r.top + r.height;
  }
}
