/**
 * The typed protocol between extension contexts (DESIGN.md, "Data flow" step 3).
 * Content scripts and pages never open IndexedDB themselves: they send a `Request` to the background,
 * which validates it with `parseRequest` and answers with a `Response`. Answers stay small.
 *
 * Ownership: the request/response shapes below are the contract; `parseRequest` (validation) lives
 * here too so every receiver validates the same way.
 */
import type { BBox, LonLat } from './geo/index.ts';
import type { Camera, CameraKind } from './cameras/types.ts';

/** User settings, persisted in IndexedDB (`settings` store) and shared by popup, options and overlay. */
export interface Settings {
  /** Global overlay switch. */
  overlayEnabled: boolean;
  /** Per-site switch, keyed by site adapter id (`osm`, `google`, …); absent = enabled. */
  siteEnabled: Record<string, boolean>;
  layers: { cameras: boolean; coverage: boolean; heat: boolean; routes: boolean };
  filters: {
    kinds: Record<CameraKind, boolean>;
    /** Operator type filter; `unknown` operators follow `public`. */
    publicCameras: boolean;
    privateCameras: boolean;
  };
  /** UI language; `auto` follows the browser. */
  language: 'auto' | 'en' | 'fr';
}

export const DEFAULT_SETTINGS: Settings = {
  overlayEnabled: true,
  siteEnabled: {},
  layers: { cameras: true, coverage: true, heat: true, routes: true },
  filters: {
    kinds: { fixed: true, dome: true, ptz: true, alpr: true, speed: true, unknown: true },
    publicCameras: true,
    privateCameras: true,
  },
  language: 'auto',
};

export interface DatasetSummary {
  id: string;
  version: string;
  /** Human label, e.g. "Toulouse (OpenStreetMap 2026-06-07 + sous-surveillance.net 2012)". */
  label: string;
  cameraCount: number;
  countsByKind: Record<CameraKind, number>;
  bbox: BBox;
  attribution: string;
  installedAt: string;
  /** True when a walk graph is stored for this dataset. */
  hasGraph: boolean;
}

export type Request =
  | { type: 'dataset/summary' }
  | { type: 'cameras/inBBox'; bbox: BBox; limit?: number }
  | { type: 'settings/get' }
  | { type: 'settings/set'; patch: Partial<Settings> }
  | {
      type: 'route';
      from: LonLat;
      to: LonLat;
      via?: LonLat[];
      /** Avoidance strength α ≥ 0 for the "balanced" route. */
      alpha?: number;
      /** Detour cap as a fraction of the shortest length (0.3 = at most +30 %). */
      maxDetour?: number;
    };

export type Response<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Sent by the background to every tab's content script (tabs.sendMessage) when settings change. */
export type Broadcast = { type: 'settings/changed'; settings: Settings } | { type: 'dataset/changed' };
