/**
 * Following a Leaflet raster map exactly (openstreetmap.org, uMap, and any Leaflet site), by reading the
 * DOM Leaflet itself positions: the map pane offset, the tile level's transform and one tile's position.
 *
 * Why not the address alone: sites round `#map=z/lat/lon` (osm.org keeps 5 decimals at z19, ≈2.5 px of
 * error) and rewrite it only when a move ends. Why not Leaflet's `.leaflet-proxy`: its transform holds world
 * pixels (10⁸ at z19), which browsers serialise with 6 significant digits (±50 px).
 *
 * What is exact: tiles sit on a 256-px grid of world pixels. A tile's position inside its level, plus the
 * level's translate/scale and the map pane's offset (all small numbers), give where that grid lies on screen;
 * the address then only has to pick the right grid cell (it is wrong by a few px, not 128). The result is
 * anchored per tile level, so drags (pane moves), inertia and zoom animations (level scale transitions,
 * read from computed style) are followed frame by frame without waiting for the address.
 */
import { lonLatToWorldPixel } from '../geo/index.ts';
import type { MapFrame } from './projection.ts';
import type { SiteView } from './types.ts';

/** A 2D translate + uniform scale, as Leaflet writes them (`translate3d(x, y, 0) scale(s)`). */
export interface PaneTransform {
  x: number;
  y: number;
  scale: number;
}

const NUM = String.raw`(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)`;
const TRANSLATE = new RegExp(String.raw`translate(?:3d)?\(\s*${NUM}px\s*,\s*${NUM}px`, 'i');
const SCALE = new RegExp(String.raw`scale\(\s*${NUM}\s*\)`, 'i');
const MATRIX = new RegExp(String.raw`^matrix\(\s*${NUM}\s*,\s*${NUM}\s*,\s*${NUM}\s*,\s*${NUM}\s*,\s*${NUM}\s*,\s*${NUM}\s*\)$`, 'i');

/**
 * Parses an inline transform (`translate3d(12px, -4px, 0px) scale(2)`), a computed one (`matrix(…)`), or
 * `none`/empty (identity). Returns null for anything else (rotations, skews, 3D matrices).
 */
export function parseTransform(text: string | null | undefined): PaneTransform | null {
  const t = (text ?? '').trim();
  if (t === '' || t === 'none') return { x: 0, y: 0, scale: 1 };
  const m = MATRIX.exec(t);
  if (m) {
    const [a, b, c, d, e, f] = m.slice(1).map(Number);
    if (Math.abs(b) > 1e-9 || Math.abs(c) > 1e-9 || Math.abs(a - d) > 1e-9 * Math.max(1, Math.abs(a))) return null;
    return { x: e, y: f, scale: a };
  }
  if (/rotate|skew|matrix|perspective/i.test(t)) return null;
  const tr = TRANSLATE.exec(t);
  const sc = SCALE.exec(t);
  if (!tr && !sc) return null;
  return { x: tr ? Number(tr[1]) : 0, y: tr ? Number(tr[2]) : 0, scale: sc ? Number(sc[1]) : 1 };
}

/** The Leaflet elements the follower reads. */
export interface LeafletParts {
  mapPane: HTMLElement;
  /** The tile level (`.leaflet-tile-container`) of the first tile layer showing the current zoom. */
  level: HTMLElement | null;
  /** One tile of that level. */
  tile: HTMLElement | null;
}

/** Finds Leaflet's map pane and current tile level inside (or at) `container`. */
export function findLeafletParts(container: Element): LeafletParts | null {
  const mapPane = container.querySelector<HTMLElement>('.leaflet-map-pane');
  if (!mapPane) return null;
  const layer = mapPane.querySelector('.leaflet-tile-pane .leaflet-layer');
  let level: HTMLElement | null = null;
  let best = -Infinity;
  // GridLayer gives the level of the current zoom the highest z-index (maxZoom − |zoom − level|).
  for (const el of Array.from(layer?.children ?? []) as HTMLElement[]) {
    if (!el.classList.contains('leaflet-tile-container') || !el.querySelector('.leaflet-tile')) continue;
    const z = Number(el.style.zIndex || 0);
    if (z > best) {
      best = z;
      level = el;
    }
  }
  const tile = level?.querySelector<HTMLElement>('.leaflet-tile') ?? null;
  return { mapPane, level, tile };
}

/** Result of one read: a frame to draw with, or why the overlay should hide for now. */
export type LeafletRead = { frame: MapFrame; animating: boolean } | { hidden: 'no-tiles' | 'stale-address' | 'unreadable' };

interface Anchor {
  href: string;
  level: HTMLElement;
  /** Integer tile zoom of the level. */
  levelZoom: number;
  /** World pixel (at levelZoom) of the level's local origin. */
  originX: number;
  originY: number;
}

/**
 * After a zoom, Leaflet shows a new tile level before some sites rewrite the address (osm.org updates it on
 * `moveend`, possibly throttled). Anchoring the new level on the old address could pick the wrong zoom, so
 * the overlay hides until the address changes — or this long (ms), in case the site never rewrites it.
 */
export const STALE_ADDRESS_GRACE_MS = 1500;

/**
 * Keeps the anchor between frames. One instance per page; `read` is cheap when nothing changed
 * (a few inline style reads), and reads computed style only during zoom animations.
 */
export class LeafletFollower {
  private anchor: Anchor | null = null;
  private staleSince: number | null = null;

  /**
   * @param view the adapter's reading of the address (centre, zoom, container) — used only to choose the
   *   grid cell, and as a fallback before the first tiles exist.
   * @param href the current address, to notice that the site moved the map.
   * @param getComputedTransform reads the current (animated) transform of an element.
   */
  read(view: SiteView, href: string, getComputedTransform: (el: Element) => string, now: number): LeafletRead {
    const container = view.element;
    const parts = container ? findLeafletParts(container) : null;
    if (!parts) return { hidden: 'unreadable' };
    const pane = parseTransform(parts.mapPane.style.transform);
    if (!pane) return { hidden: 'unreadable' };
    const width = view.container.width;
    const height = view.container.height;
    const animating = parts.mapPane.classList.contains('leaflet-zoom-anim');

    if (animating) {
      // Follow the level we anchored on while CSS transitions scale it; its computed transform is the
      // in-between state the browser paints this frame.
      const a = this.anchor;
      if (!a?.level.isConnected) return { hidden: 'unreadable' };
      const lt = parseTransform(getComputedTransform(a.level));
      if (!lt || !(lt.scale > 0)) return { hidden: 'unreadable' };
      return { frame: frameOf(a, lt, pane, width, height), animating: true };
    }

    if (!parts.level || !parts.tile) return { hidden: 'no-tiles' };
    const lt = parseTransform(parts.level.style.transform);
    if (!lt || !(lt.scale > 0)) return { hidden: 'unreadable' };
    const a = this.anchor;
    if (a && a.level === parts.level && a.href === href) {
      this.staleSince = null;
      return { frame: frameOf(a, lt, pane, width, height), animating: false };
    }
    if (a && a.href === href && a.level !== parts.level) {
      this.staleSince ??= now;
      if (now - this.staleSince < STALE_ADDRESS_GRACE_MS) return { hidden: 'stale-address' };
    }

    // (Re-)anchor: the address chooses the grid cell, the tile fixes the phase exactly.
    const q = parseTransform(parts.tile.style.transform);
    if (!q) return { hidden: 'unreadable' };
    const tileSize = parseFloat(parts.tile.style.width) || 256;
    const levelZoom = Math.round(view.zoom - Math.log2(lt.scale));
    if (Math.abs(levelZoom - (view.zoom - Math.log2(lt.scale))) > 0.01) return { hidden: 'stale-address' };
    const [cx, cy] = lonLatToWorldPixel(view.centre[0], view.centre[1], view.zoom);
    // Level-local origin estimated from the address: container = s·(world − origin) + pane + t.
    const estX = (cx - width / 2 + pane.x + lt.x) / lt.scale;
    const estY = (cy - height / 2 + pane.y + lt.y) / lt.scale;
    // Tiles sit at world multiples of tileSize: origin ≡ −q (mod tileSize).
    const originX = -q.x + tileSize * Math.round((estX + q.x) / tileSize);
    const originY = -q.y + tileSize * Math.round((estY + q.y) / tileSize);
    // The address is right to a few px; a larger gap means it has not caught up with the map yet.
    const tolerance = 48 / lt.scale;
    if (Math.abs(originX - estX) > tolerance || Math.abs(originY - estY) > tolerance) {
      return { hidden: 'stale-address' };
    }
    this.anchor = { href, level: parts.level, levelZoom, originX, originY };
    this.staleSince = null;
    return { frame: frameOf(this.anchor, lt, pane, width, height), animating: false };
  }

  /** Forget the anchor (after the overlay was off, or the page navigated). */
  reset(): void {
    this.anchor = null;
    this.staleSince = null;
  }
}

function frameOf(a: Anchor, level: PaneTransform, pane: PaneTransform, width: number, height: number): MapFrame {
  // container = s·(world_zl − origin) + pane + t  ⇒  at zoom zl + log2 s, corner = s·origin − pane − t.
  return {
    zoom: a.levelZoom + Math.log2(level.scale),
    left: level.scale * a.originX - pane.x - level.x,
    top: level.scale * a.originY - pane.y - level.y,
    width,
    height,
  };
}
