/**
 * What the planner panel needs from a map, so the same panel runs on the standalone planner page
 * (Leaflet, LeafletPlannerMap.ts) and inside the in-page overlay (the host site's map, via the overlay's
 * projection). Coordinates are [lon, lat] degrees; screen positions are CSS pixels in the map container.
 */
import type { CoverageTier } from '../../lib/cameras/coverage.ts';
import type { LonLat } from '../../lib/geo/index.ts';
import type { AlternativeName } from '../../lib/routing/output.ts';

export interface PlannerLayers {
  /**
   * The three alternatives; `emphasis` = the hovered or selected card. `label` (the card's name) is drawn
   * along the route, so the routes can be told apart without colour (with ROUTE_DASHES).
   */
  routes: Array<{ name: AlternativeName; coordinates: LonLat[]; emphasis: boolean; label?: string }>;
  /**
   * Thin dotted lines between a marker the user placed and where the walk graph starts or ends the route
   * (the snapped point): a route can end tens of metres short of its destination marker.
   */
  connectors?: Array<[LonLat, LonLat]>;
  /** Start, via points, destination. */
  markers: Array<{ role: 'from' | 'to' | 'via'; at: LonLat; label: string }>;
  /** The area being drawn or checked. */
  area: null | { kind: 'polygon' | 'circle' | 'path'; points: LonLat[]; radiusMetres?: number; widthMetres?: number; polygon?: LonLat[][] };
  blindSpots: LonLat[][];
  /** Ways out of the area; `label` (the compass direction) is drawn at its end. Draw the best one last. */
  waysOut: Array<{ coordinates: LonLat[]; best: boolean; label?: string }>;
  /** Cameras to mark (area report's watching cameras, by best tier). */
  cameras: Array<{ id: string; at: LonLat; tier: CoverageTier }>;
  /** The user's own cameras (their coverage counts like any other). */
  userCameras: Array<{ id: string; at: LonLat; directions: number[]; fov?: number; label: string }>;
}

export interface PlannerMap {
  /** lon/lat → CSS px in the map container, or null when the map cannot tell (view unknown). */
  project(lon: number, lat: number): [x: number, y: number] | null;
  /** The map's centre (keyboard users place points there). */
  centre(): LonLat;
  /** Calls `handler` with the lon/lat of each click on the map; returns the unsubscribe function. */
  onClick(handler: (at: LonLat) => void): () => void;
  /** Replaces everything the planner draws. */
  setLayers(layers: PlannerLayers): void;
  /** Centres the map on a camera and marks it. */
  showCamera(camera: { id: string; at: LonLat; label: string }): void;
  /** Optional: frame a set of points. */
  fit?(points: LonLat[]): void;
  /** Optional: brings the points into view, moving the map only if some of them are off-screen. */
  reveal?(points: LonLat[]): void;
  /**
   * Optional: maps that must leave clicks to the host site (the in-page overlay) capture a click only while
   * the panel waits for one. `pick` = what the next click sets (a sentence for the user) and how to cancel
   * it (Escape); null = clicks go to the host map again.
   */
  setPicking?(pick: PickRequest | null): void;
}

/** The panel is waiting for one map click. */
export interface PickRequest {
  /** Shown to the user while picking, e.g. "Click the map to set the Start (Esc cancels)". */
  prompt: string;
  /** Called when the user cancels (Escape). */
  cancel(): void;
}

/** What a panel registers for map clicks: the handler, and (explicit-pick maps) what it waits for. */
export type ClickHandler = ((at: LonLat) => void) | null;

export const EMPTY_LAYERS: PlannerLayers = {
  routes: [],
  markers: [],
  area: null,
  blindSpots: [],
  waysOut: [],
  cameras: [],
  userCameras: [],
};

/** Route colours, shared by the cards and the map: grey, blue, green. */
export const ROUTE_COLOURS: Record<AlternativeName, string> = { shortest: '#616161', balanced: '#1565c0', discreet: '#2e7d32' };
/**
 * Route dash patterns (CSS px, canvas `setLineDash` / SVG `stroke-dasharray`), shared by the cards' line
 * samples and both maps, so the routes differ by more than colour: shortest dotted, balanced dashed,
 * most discreet solid.
 */
export const ROUTE_DASHES: Record<AlternativeName, number[]> = { shortest: [1, 8], balanced: [12, 7], discreet: [] };
/**
 * The least-seen way out of an area: teal, so that green means only the most discreet route (the start
 * marker is dark grey, the destination red). Shared with the printable page.
 */
export const BEST_EXIT_COLOUR = '#00838f';
/** Tier colours of the planner UI and the printable page: identification red, recognition orange, observation yellow. */
export const TIER_COLOURS: Record<CoverageTier, string> = { identification: '#c62828', recognition: '#ef6c00', observation: '#f9a825' };
/** Start, destination and via markers (the start is not green: green is the discreet route). */
export const MARKER_COLOURS = { from: '#263238', to: '#c62828', via: '#6d4c41' } as const;

/** Ways out ordered for drawing: the best one last, so it is on top of the others. */
export function waysOutForDrawing<W extends { best: boolean }>(ways: readonly W[]): W[] {
  return [...ways].sort((a, b) => Number(a.best) - Number(b.best));
}

/** A point about `fraction` of the way along a line (by length in degrees: only for placing a label). */
export function pointAlong(line: readonly LonLat[], fraction: number): LonLat | null {
  if (!line.length) return null;
  let total = 0;
  for (let i = 1; i < line.length; i++) total += Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
  let left = total * fraction;
  for (let i = 1; i < line.length; i++) {
    const d = Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
    if (d >= left && d > 0) {
      const t = left / d;
      return [line[i - 1][0] + t * (line[i][0] - line[i - 1][0]), line[i - 1][1] + t * (line[i][1] - line[i - 1][1])];
    }
    left -= d;
  }
  return line[line.length - 1];
}

/** Where each route's label sits along it: spread so that shared stretches do not stack the labels. */
export const ROUTE_LABEL_AT: Record<AlternativeName, number> = { shortest: 0.25, balanced: 0.4, discreet: 0.62 };
