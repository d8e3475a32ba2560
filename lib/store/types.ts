/**
 * What the store reports: the summary of a dataset, the store's load status and the last seeding failure,
 * a camera query's answer, and what the background tells every tab when the store changes. Types only;
 * lib/messages.ts carries them in its responses.
 */
import type { BBox } from '../geo/index.ts';
import type { Camera, CameraKind } from '../cameras/types.ts';
import type { Settings } from '../settings.ts';

export interface DatasetSummary {
  id: string;
  version: string;
  /** Human label, e.g. "Toulouse (OpenStreetMap 2026-06-07 + sous-surveillance.net 2012)". */
  label: string;
  cameraCount: number;
  countsByKind: Record<CameraKind, number>;
  bbox: BBox;
  attribution: string;
  /** The bundle's sources (name, date, licence), for credits. */
  sources: Array<{ id: string; name: string; date?: string; licence: string }>;
  /** When the pipeline built the bundle (ISO date-time). */
  generatedAt: string;
  /** When this browser stored it (ISO date-time). */
  installedAt: string;
  /** True when a walk graph is stored for this dataset. */
  hasGraph: boolean;
  /** Which walls its coverage and exposure use (lib/walls); absent = 'none' (older records). */
  wallSource?: 'mapped' | 'inferred' | 'none';
  /** Set when the bundle's walls.bin could not be read (wall source none): the reason, shown as detail. */
  wallsUnreadable?: string;
  /** The data carries no date: `generatedAt` is the day it was stored, not the day it describes. */
  undated?: true;
}

/** A dataset in use besides the bundled one (a downloaded district, an import), as the popup lists it. */
export interface OtherDatasetSummary {
  id: string;
  origin: 'overpass' | 'import';
  label: string;
  cameraCount: number;
}

export interface CamerasInBBox {
  /** Active cameras (bundled + user, expired ones left out) inside the bbox, at most `limit`. */
  cameras: Camera[];
  /** True when more cameras matched than were sent: the caller should zoom in or filter. */
  truncated: boolean;
}

/** Why the last seeding attempt failed; the previously stored dataset is still the one in use. */
export interface SeedFailure {
  /** `StoreErrorCode` (see lib/store/errors.ts): `bundle-truncated`, `write-failed`, `quota-exceeded`, … */
  code: string;
  message: string;
  /** When it happened (ISO date-time). */
  at: string;
  /** Version of the bundle that could not be stored, when it could be read. */
  bundleVersion?: string;
}

export interface StoreStatus {
  /** `loading` until the first load finishes; `ready` when a dataset is in use; `failed` when none is. */
  state: 'loading' | 'ready' | 'failed';
  /** The dataset in use (the previous one when the last seeding failed). */
  dataset: DatasetSummary | null;
  /** Present when the last seeding attempt failed. */
  lastError: SeedFailure | null;
  /** How many times this browser has written the bundled dataset (1 after install; +1 per new version). */
  seedCount: number;
  /** What the last load did: wrote a new version, found the same version, or failed. */
  lastSeed: 'seeded' | 'unchanged' | 'failed' | null;
  userCameraCount: number;
  /** The other datasets whose cameras the overlay and the router count (downloaded districts, imports), by label. */
  otherDatasets: OtherDatasetSummary[];
  /** How long the last load took (open, read, validate, seed, build the index), in milliseconds. */
  loadMillis: number | null;
}

/** Sent by the background to every tab's content script (tabs.sendMessage) when settings change. */
export type Broadcast = { type: 'settings/changed'; settings: Settings } | { type: 'dataset/changed' };
