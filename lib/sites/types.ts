/**
 * The one small interface every host map site implements (DESIGN.md, "Overlay on host map sites";
 * STYLE.md: one site per file, like refined-github's features). Adding a site means adding a file here
 * (with its match patterns, test page and example addresses), registering it in `index.ts`, adding its test
 * page `tests/pages/<id>/index.html` and its golden addresses `tests/fixtures/sites/<id>.json`.
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

/** The view an address must read: its centre and zoom, or why it cannot be overlaid. */
export type ExpectedView = { centre: LonLat; zoom: number } | Unsupported;

/** A real address of the site and the view the adapter must read from it. */
export interface SiteExample {
  url: string;
  view: ExpectedView;
}

/**
 * The site's offline test page (tests/pages/<id>/index.html, served on localhost by tests/e2e): test builds
 * run the content script there, and this adapter accepts a local page only under `path`.
 */
export interface TestPage {
  /** URL path prefix on localhost, e.g. `/osm/`: the one place it is written. */
  path: string;
  /** What follows `path` in an address showing a view, with `{lat}`, `{lon}` and `{z}` placeholders. */
  view: string;
}

export interface SiteAdapter {
  /** Stable id used in settings (`siteEnabled`) and in tests: `osm`, `google`, … */
  id: string;
  /** Human name, e.g. "OpenStreetMap". */
  label: string;
  /** Match patterns for the content script and the host permissions (release builds). */
  matchPatterns: readonly string[];
  /** The offline test page (required of every registered site: `SITE_ADAPTERS`; test doubles omit it). */
  testPage?: TestPage;
  /** Real addresses and the view each must read (required of every registered site, like `testPage`). */
  examples?: readonly SiteExample[];
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

/** The path (+ query/fragment) of a test page showing `zoom` at lat/lon: `page.view` filled in after `page.path`. */
export function testPageAddress(page: TestPage, lat: number, lon: number, zoom: number): string {
  return page.path + page.view.replace('{lat}', String(lat)).replace('{lon}', String(lon)).replace('{z}', String(zoom));
}

/** A site in the registry (`SITE_ADAPTERS`): an adapter that names its test page and example addresses. */
export type RegisteredSite = SiteAdapter & Required<Pick<SiteAdapter, 'testPage' | 'examples'>>;

export function isUnsupported(v: SiteView | Unsupported): v is Unsupported {
  return (v as Unsupported).unsupported !== undefined;
}

/**
 * Test builds also inject the content script on `http://localhost/*` (wxt.config.ts). An adapter accepts a
 * local page only under its own path prefix (`/osm/`, `/google/maps/`, …), so production matching stays
 * strict: release builds never run on localhost at all.
 */
export function isLocalTestPage(url: LocationLike, page: TestPage): boolean {
  return (url.hostname === 'localhost' || url.hostname === '127.0.0.1') && url.pathname.startsWith(page.path);
}

/** The site's own path of a page: on a local test page, the part after the test prefix (keeping its `/`). */
export function sitePath(url: LocationLike, page: TestPage): string {
  return isLocalTestPage(url, page) ? url.pathname.slice(page.path.length - 1) : url.pathname;
}

/**
 * `matches` for a site known by its host names (and, optionally, the paths that hold its map), plus its local
 * test page.
 */
export function hostMatcher(hosts: readonly string[], page: TestPage, mapPath: (pathname: string) => boolean = () => true) {
  const set = new Set(hosts);
  return (url: LocationLike): boolean => (set.has(url.hostname) && mapPath(url.pathname)) || isLocalTestPage(url, page);
}

/**
 * The view at a position read from the address, over the first map element `selectors` find (else the
 * viewport when `fallbackToViewport`, else 'no-map'), or why the position cannot be used.
 */
export function viewAt(
  document: Document,
  pos: { lat: number; lon: number; zoom: number },
  selectors: readonly string[],
  fallbackToViewport: boolean,
): SiteView | Unsupported {
  const bad = checkPosition(pos.lat, pos.lon, pos.zoom);
  if (bad) return bad;
  const element = findMapContainer(document, selectors, fallbackToViewport);
  if (!element) return { unsupported: 'no-map' };
  return { centre: [pos.lon, pos.lat], zoom: pos.zoom, container: containerRect(document, element), element };
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
