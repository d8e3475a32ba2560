/**
 * What the overlay controller is given (OverlayEnv: the page, the site adapter, the link to the background) and
 * what it counts (OverlayStats), with its two timings. The content script builds the env; unit tests pass fakes.
 */
import type { SiteAdapter } from '../../lib/sites/types.ts';
import type { PortLike } from '../district/GetDistrict.tsx';
import type { FramePort } from './engine-frame.ts';

/** What the overlay needs to run its planner's engine frame (components/overlay/engine-frame.ts; Chromium). */
export interface EngineFrameEnv {
  /** `runtime.getURL(ENGINE_FRAME_PAGE)`. */
  frameUrl: string;
  /** `runtime.id`. */
  extensionId: string;
  /** `runtime.onConnect`: subscribes; returns the unsubscribe function. */
  onConnect(listener: (port: FramePort) => void): () => void;
}

/** Address poll while active, ms. */
export const POLL_MS = 250;
/** After the last draw, when hit targets, camera fetches and the test-build debug record update, ms. */
export const IDLE_MS = 120;
export interface OverlayEnv {
  window: Window & typeof globalThis;
  document: Document;
  adapter: SiteAdapter;
  /** `sendToBackground` (components/runtime.ts). */
  send: (message: unknown) => Promise<unknown>;
  /** `onBroadcast` (components/runtime.ts): subscribes to background broadcasts; returns the unsubscribe function. */
  onBroadcast: (listener: (message: unknown) => void) => () => void;
  /** Test builds: write the drawn camera positions as JSON on the shadow host (`data-angle-mort`). */
  debug: boolean;
  /** `browser.runtime.connect` ("Get this district from OpenStreetMap" in the dock); absent = no button. */
  connect?: (name: string) => PortLike;
  /** The planner's engine frame; absent = the background answers every planner request (Firefox, unit tests). */
  engineFrame?: EngineFrameEnv;
}

/** Counters that prove what the overlay did (exposed in test builds). */
export interface OverlayStats {
  updates: number;
  draws: number;
  lastDrawMs: number;
  maxDrawMs: number;
  fetches: number;
  /** Cameras drawn plain in the last redraw because their line of sight waits for a later one (sight-lines.ts). */
  sightPending: number;
}
