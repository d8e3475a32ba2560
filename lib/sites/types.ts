/**
 * The one small interface every host map site implements (DESIGN.md, "Overlay on host map sites";
 * STYLE.md: one site per file, like refined-github's features). Adding a site means adding a file here,
 * registering it in `index.ts`, and adding a test page in `tests/pages/<site>/`.
 *
 * lib/ rule: adapters never touch `window`/`document` globals; the content script passes them in.
 */
import type { LonLat } from '../geo/index.ts';

/** The parts of `Location` an adapter reads (a `URL` works too). */
export interface LocationLike {
  href: string;
  hostname: string;
  pathname: string;
  search: string;
  hash: string;
}

/** A rectangle in CSS pixels, in viewport coordinates (`getBoundingClientRect`). */
export interface CssRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Why a view cannot be overlaid; each has an en/fr message in components/i18n/overlay.ts. */
export type UnsupportedReason =
  /** The address holds no map position (yet): e.g. a place page before the map settles. */
  | 'no-position'
  /** The page has no map element we recognise (a settings page, or the site changed its DOM). */
  | 'no-map'
  /** The map is tilted (3D perspective): a flat overlay cannot sit on it. */
  | 'tilted'
  /** The map is rotated (heading ≠ 0). */
  | 'rotated'
  /** Street-level imagery (Street View, Streetside, panoramas). */
  | 'street-view'
  /** 3D buildings / globe mode the site enables explicitly. */
  | '3d'
  /** The site's own editor (e.g. iD on openstreetmap.org) draws its own map. */
  | 'editor'
  /** Numbers in the address are out of range or unreadable. */
  | 'bad-position';

export interface Unsupported {
  unsupported: UnsupportedReason;
}

/**
 * What an adapter reads: the map centre and zoom, in Web Mercator with 256-px tiles (zoom may be
 * fractional), and the map container's rectangle. The centre is the container's centre.
 */
export interface SiteView {
  /** [lon, lat] in degrees. */
  centre: LonLat;
  /** Web Mercator zoom for 256-CSS-px tiles; fractional on vector maps. */
  zoom: number;
  /** The map container, CSS px, viewport coordinates. */
  container: CssRect;
  /** The map container element, when the adapter found one (Leaflet tracking reads inside it). */
  element?: Element;
  /** True when the zoom is derived from an altitude (Google satellite `…m`): alignment is approximate. */
  approximate?: boolean;
}

/**
 * How the overlay follows the map between address updates:
 * - `leaflet`: read Leaflet's own DOM (map pane offset, zoom-animation proxy) every frame, exact to the pixel
 *   during drags, inertia, zoom animations and resizes (lib/sites/leaflet.ts);
 * - `address`: the map is drawn by WebGL or canvas with nothing in the DOM to follow, and the site rewrites
 *   its address when the map settles: hide while the user moves the map, redraw when the address changes.
 */
export type FollowMode = 'leaflet' | 'address';

export interface SiteAdapter {
  /** Stable id used in settings (`siteEnabled`) and in tests: `osm`, `google`, … */
  id: string;
  /** Human name, e.g. "OpenStreetMap". */
  label: string;
  /** Match patterns for the content script and the host permissions (release builds). */
  matchPatterns: readonly string[];
  /** True when this adapter handles the page at `url`. */
  matches(url: LocationLike): boolean;
  /** Reads the current view, or says why it cannot be overlaid. Never throws. */
  readView(location: LocationLike, document: Document): SiteView | Unsupported;
  follow: FollowMode;
  /**
   * Optional: the address fragment that shows this view, on sites whose map follows its fragment
   * (openstreetmap.org, uMap). The in-page planner sets it to bring a new route into view; sites without
   * it keep their view (the overlay cannot move a map it does not own).
   */
  viewHash?(location: LocationLike, centre: LonLat, zoom: number): string | null;
}

export function isUnsupported(v: SiteView | Unsupported): v is Unsupported {
  return (v as Unsupported).unsupported !== undefined;
}

/**
 * Test builds also inject the content script on `http://localhost/*` (wxt.config.ts). An adapter accepts a
 * local page only under its own path prefix (`/osm/`, `/google/maps/`, …), so production matching stays
 * strict: release builds never run on localhost at all.
 */
export function isLocalTestPage(url: LocationLike, pathPrefix: string): boolean {
  return (url.hostname === 'localhost' || url.hostname === '127.0.0.1') && url.pathname.startsWith(pathPrefix);
}

/** Parses a finite number, or NaN (no `parseFloat` leniency: "12abc" is not 12). */
export function strictNumber(text: string | null | undefined): number {
  if (text === null || text === undefined || text.trim() === '') return NaN;
  const n = Number(text);
  return Number.isFinite(n) ? n : NaN;
}

/** A valid centre and zoom, or the reason they are not. */
export function checkPosition(lat: number, lon: number, zoom: number): Unsupported | null {
  if (![lat, lon, zoom].every(Number.isFinite)) return { unsupported: 'bad-position' };
  if (lat < -85.06 || lat > 85.06 || lon < -180 || lon > 180 || zoom < 0 || zoom > 24) {
    return { unsupported: 'bad-position' };
  }
  return null;
}

/**
 * The first element matching one of `selectors` that has a non-empty box, else the viewport
 * (`document.documentElement`), which is where full-window map sites draw their map.
 */
export function findMapContainer(document: Document, selectors: readonly string[], fallbackToViewport: boolean): Element | null {
  for (const selector of selectors) {
    const el = document.querySelector(selector);
    if (el) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return el;
    }
  }
  return fallbackToViewport ? document.documentElement : null;
}

/** The element's box in viewport CSS px; for the root element, the visible viewport. */
export function containerRect(document: Document, el: Element): CssRect {
  if (el === document.documentElement) {
    return { left: 0, top: 0, width: el.clientWidth, height: el.clientHeight };
  }
  const r = el.getBoundingClientRect();
  // The map's own pixel grid starts inside the border; Leaflet sizes itself with clientWidth/Height.
  const left = r.left + (el as HTMLElement).clientLeft;
  const top = r.top + (el as HTMLElement).clientTop;
  return { left, top, width: (el as HTMLElement).clientWidth, height: (el as HTMLElement).clientHeight };
}
