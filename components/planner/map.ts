/**
 * What the planner panel needs from a map, so the same panel runs on the standalone planner page
 * (Leaflet, LeafletPlannerMap.ts) and inside the in-page overlay (the host site's map, via the overlay's
 * projection). Coordinates are [lon, lat] degrees; screen positions are CSS pixels in the map container.
 */
import type { CoverageTier } from '../../lib/cameras/coverage.ts';
import type { LonLat } from '../../lib/geo/index.ts';
import type { AlternativeName } from '../../lib/routing/output.ts';

export interface PlannerLayers {
  /** The three alternatives; `emphasis` = the hovered or selected card. */
  routes: Array<{ name: AlternativeName; coordinates: LonLat[]; emphasis: boolean }>;
  /** Start, via points, destination. */
  markers: Array<{ role: 'from' | 'to' | 'via'; at: LonLat; label: string }>;
  /** The area being drawn or checked. */
  area: null | { kind: 'polygon' | 'circle' | 'path'; points: LonLat[]; radiusMetres?: number; widthMetres?: number; polygon?: LonLat[][] };
  blindSpots: LonLat[][];
  waysOut: Array<{ coordinates: LonLat[]; best: boolean }>;
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

export const EMPTY_LAYERS: PlannerLayers = { routes: [], markers: [], area: null, blindSpots: [], waysOut: [], cameras: [], userCameras: [] };

/** Route colours, shared by the cards and the map: grey, blue, green. */
export const ROUTE_COLOURS: Record<AlternativeName, string> = { shortest: '#616161', balanced: '#1565c0', discreet: '#2e7d32' };
