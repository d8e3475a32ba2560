/**
 * Where the overlay's own boxes (camera card, planner dock, legend) go on a host map: near their corner,
 * but clear of the site's controls and floating panels (osm.org's control column at the top right, its
 * scale at the bottom left, the floating welcome panel over the map…). A box the site draws on top of ours
 * would swallow our clicks: the card's × under osm.org's zoom-in button zoomed the map and left the card open.
 *
 * Two parts: `hostObstacles` reads the site's boxes from the DOM (defensively: anything visible that the
 * site stacks over the map), `placeBox` is pure geometry, unit-tested.
 */
import type { CssRect } from '../../lib/sites/types.ts';

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** Gap between our boxes and the map's edges or the site's boxes, CSS px. */
export const PLACEMENT_MARGIN = 10;

/**
 * Top-left corner (frame CSS px) for a `size` box near `corner` of a `frame`-sized map, not overlapping any
 * `obstacles` (frame CSS px) and `margin` away from them and from the edges. Candidates are the corner
 * itself and every position flush against an obstacle's side; the one closest to the corner (weighted
 * Manhattan distance) wins. When nothing fits (a tiny map), the plain corner position.
 */
export function placeBox(
  frame: { width: number; height: number },
  size: { width: number; height: number },
  corner: Corner,
  obstacles: readonly CssRect[],
  /** Cost per px of sliding sideways (x) or up/down (y) from the corner: the dock prefers sliding sideways. */
  weights: { x: number; y: number } = { x: 1, y: 1 },
  margin = PLACEMENT_MARGIN,
): { left: number; top: number } {
  const w = Math.min(size.width, Math.max(0, frame.width - 2 * margin));
  const h = Math.min(size.height, Math.max(0, frame.height - 2 * margin));
  const right = corner.endsWith('right');
  const bottom = corner.startsWith('bottom');
  const home = { left: right ? frame.width - w - margin : margin, top: bottom ? frame.height - h - margin : margin };
  const xs = [margin, frame.width - w - margin];
  const ys = [margin, frame.height - h - margin];
  for (const o of obstacles) {
    xs.push(o.left + o.width + margin, o.left - w - margin);
    ys.push(o.top + o.height + margin, o.top - h - margin);
  }
  let best: { left: number; top: number } | null = null;
  let bestScore = Infinity;
  for (const x of xs) {
    if (x < margin - 0.5 || x + w > frame.width - margin + 0.5) continue;
    for (const y of ys) {
      if (y < margin - 0.5 || y + h > frame.height - margin + 0.5) continue;
      const score = weights.x * Math.abs(x - home.left) + weights.y * Math.abs(y - home.top);
      if (score >= bestScore) continue;
      if (obstacles.some((o) => overlaps({ left: x, top: y, width: w, height: h }, o, margin / 2))) continue;
      best = { left: x, top: y };
      bestScore = score;
    }
  }
  return best ?? home;
}

/** True when `a` and `b` overlap or come closer than `gap` px. */
export function overlaps(a: CssRect, b: CssRect, gap = 0): boolean {
  return (
    a.left < b.left + b.width + gap && b.left < a.left + a.width + gap && a.top < b.top + b.height + gap && b.top < a.top + a.height + gap
  );
}

/** What sites stack over their map, beyond Leaflet's own controls (checked against the test pages). */
export const HOST_PANEL_SELECTORS = [
  // Leaflet controls: zoom, layers, scale, attribution, and the sites' own buttons (osm.org, uMap).
  '.leaflet-control',
  // osm.org: the sidebar when it floats over the map (home page's welcome panel), the layer/share panels.
  '#sidebar',
  '#map-ui',
  // uMap: its panels open over the map.
  '.umap-main-edit-toolbox',
  '.panel.on',
];

/**
 * The site's boxes over the map, in frame CSS px (relative to `mapRect`), clipped to the map. An element
 * inside the map container counts when visible; one outside it (a sibling panel) only when it overlaps the
 * map and is really on top there (`elementFromPoint` at the overlap's centre lands in it), so a docked
 * sidebar beside the map is not an obstacle. Our own shadow host is never one.
 */
export function hostObstacles(
  doc: Document,
  container: Element | null | undefined,
  mapRect: CssRect,
  ownHost: Element | null,
  selectors: readonly string[] = HOST_PANEL_SELECTORS,
): CssRect[] {
  const out: CssRect[] = [];
  const seen = new Set<Element>();
  for (const selector of selectors) {
    let els: Element[];
    try {
      els = Array.from(doc.querySelectorAll(selector));
    } catch {
      continue;
    }
    for (const el of els) {
      if (seen.has(el) || (ownHost && (el === ownHost || ownHost.contains(el)))) continue;
      seen.add(el);
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      const left = Math.max(r.left, mapRect.left);
      const top = Math.max(r.top, mapRect.top);
      const right = Math.min(r.right, mapRect.left + mapRect.width);
      const bottom = Math.min(r.bottom, mapRect.top + mapRect.height);
      if (right - left < 1 || bottom - top < 1) continue;
      const inside = !!container && container !== doc.documentElement && container.contains(el);
      if (!inside) {
        const hit = doc.elementFromPoint((left + right) / 2, (top + bottom) / 2);
        if (!hit || !(hit === el || el.contains(hit))) continue;
      }
      out.push({ left: left - mapRect.left, top: top - mapRect.top, width: right - left, height: bottom - top });
    }
  }
  return out;
}

/**
 * Moves the card, the dock and the legend clear of the site's controls and floating panels: writes their
 * positions as CSS variables on the frame box, and only when one of them moved (`invalidate` forces the
 * next write, after one of our boxes changed size).
 */
export class UiPlacement {
  private placementKey = '';

  constructor(
    private readonly frameBox: HTMLElement,
    /** The planner dock's root (its `.dock` box is placed, and is an obstacle when open). */
    private readonly dockRoot: HTMLElement,
    /** Our UI root (the `.card` and the `.legend`). */
    private readonly uiRoot: HTMLElement,
  ) {}

  invalidate(): void {
    this.placementKey = '';
  }

  /** `rect`: the frame box's place (viewport CSS px); `container`: the host map's element; `ownHost`: our host. */
  place(doc: Document, container: Element | null | undefined, rect: CssRect, ownHost: Element): void {
    const frame = { width: rect.width, height: rect.height };
    const obstacles = hostObstacles(doc, container, rect, ownHost);
    const m = PLACEMENT_MARGIN;
    const dock = this.dockRoot.querySelector<HTMLElement>('.dock');
    const toggle = dock?.querySelector<HTMLElement>('.dock-toggle');
    const dockSize = { width: Math.min(370, frame.width - 2 * m), height: toggle?.offsetHeight || 34 };
    const dockPos = placeBox(frame, dockSize, 'top-left', obstacles, { x: 1, y: 2 });
    const own = [...obstacles];
    const fb = this.frameBox.getBoundingClientRect();
    if (dock?.classList.contains('open')) {
      const r = dock.getBoundingClientRect();
      own.push({ left: r.left - fb.left, top: r.top - fb.top, width: r.width, height: r.height });
    }
    const card = this.uiRoot.querySelector<HTMLElement>('.card');
    const cardPos = placeBox(frame, { width: 280, height: card?.offsetHeight || 120 }, 'top-right', own);
    const legend = this.uiRoot.querySelector<HTMLElement>('.legend');
    const lw = legend?.offsetWidth || 160;
    const lh = legend?.offsetHeight || 40;
    const legendPos = placeBox(frame, { width: lw, height: lh }, 'bottom-left', own);
    const vars: Array<[string, number]> = [
      ['--am-dock-left', dockPos.left],
      ['--am-dock-top', dockPos.top],
      ['--am-card-right', frame.width - cardPos.left - 280],
      ['--am-card-top', cardPos.top],
      ['--am-legend-left', legendPos.left],
      ['--am-legend-bottom', frame.height - legendPos.top - lh],
    ];
    const key = vars.map(([, v]) => Math.round(v)).join(',');
    if (key === this.placementKey) return;
    this.placementKey = key;
    for (const [name, v] of vars) this.frameBox.style.setProperty(name, `${Math.round(v)}px`);
  }
}
