/**
 * The typed protocol between extension contexts (DESIGN.md, "Data flow" step 3).
 * Content scripts and pages never open IndexedDB themselves: they send a `Request` to the background,
 * which validates it with `parseRequest` and answers with a `Response`. Answers stay small.
 *
 * Ownership: the request/response shapes below are the contract; `parseRequest` (validation) lives
 * here too so every receiver validates the same way. Messages cross a trust boundary (a content script
 * runs next to a host page), so every field is checked: types, finite numbers, ranges, sizes.
 */
import { isValidBBox, type BBox, type LonLat } from './geo/index.ts';
import { CAMERA_KINDS, type Camera, type CameraKind } from './cameras/types.ts';
import { parseCamera, ValidationError, checkPlainObject } from './store/validate.ts';
import type { DatasetListing } from './store/datasets.ts';
import type { AreaShape } from './area/shape.ts';
import type { AreaReport } from './area/report.ts';
import type { StreetMatch, StreetsInBBox } from './planner/streets.ts';
import type { WallsInBBox } from './walls/view.ts';

import { DEFAULT_OVERPASS_ENDPOINT } from './sources/overpass-query.ts';
/** Default Overpass endpoint: defined once, in lib/sources/overpass-client.ts (Options → Advanced changes it). */
export { DEFAULT_OVERPASS_ENDPOINT };
/** Longest endpoint URL accepted, in UTF-16 code units. */
export const MAX_ENDPOINT_CHARS = 500;

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
  /**
   * The Overpass API interpreter URL the options page downloads areas from (http or https, no credentials).
   * The only host the extension ever sends a request to, and only when the user clicks "Download".
   */
  overpassEndpoint: string;
  /**
   * How long one Overpass attempt may take before it counts as timed out and is retried, in seconds
   * (whole body received). The query itself asks the server for 180 s; the default adds 20 s of transfer.
   */
  overpassTimeoutSeconds: number;
}

/** Bounds of `overpassTimeoutSeconds`, in seconds. */
export const MIN_OVERPASS_TIMEOUT_S = 5;
export const MAX_OVERPASS_TIMEOUT_S = 900;

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
  overpassEndpoint: DEFAULT_OVERPASS_ENDPOINT,
  overpassTimeoutSeconds: 200,
};

/**
 * A change to the settings. Nested objects merge key by key (`{ layers: { heat: false } }` leaves the
 * other layers alone; `{ siteEnabled: { google: false } }` leaves the other sites alone), so a UI can send
 * just the switch it flipped. Any `Partial<Settings>` is a valid patch.
 */
export interface SettingsPatch {
  overlayEnabled?: boolean;
  siteEnabled?: Record<string, boolean>;
  layers?: Partial<Settings['layers']>;
  filters?: {
    kinds?: Partial<Record<CameraKind, boolean>>;
    publicCameras?: boolean;
    privateCameras?: boolean;
  };
  language?: Settings['language'];
  overpassEndpoint?: string;
  overpassTimeoutSeconds?: number;
}

/** Applies a validated patch; returns a new object (the input is not modified). */
export function applySettingsPatch(base: Settings, patch: SettingsPatch): Settings {
  return {
    overlayEnabled: patch.overlayEnabled ?? base.overlayEnabled,
    siteEnabled: { ...base.siteEnabled, ...patch.siteEnabled },
    layers: { ...base.layers, ...patch.layers },
    filters: {
      kinds: { ...base.filters.kinds, ...patch.filters?.kinds },
      publicCameras: patch.filters?.publicCameras ?? base.filters.publicCameras,
      privateCameras: patch.filters?.privateCameras ?? base.filters.privateCameras,
    },
    language: patch.language ?? base.language,
    overpassEndpoint: patch.overpassEndpoint ?? base.overpassEndpoint,
    overpassTimeoutSeconds: patch.overpassTimeoutSeconds ?? base.overpassTimeoutSeconds,
  };
}

/**
 * Stored settings, completed with defaults for any field a newer version added, and cleaned of
 * anything unexpected (stored data is re-validated like a message: it may come from an older version).
 */
export function normaliseSettings(stored: unknown): Settings {
  if (stored === undefined || stored === null) return structuredCloneSettings(DEFAULT_SETTINGS);
  try {
    return applySettingsPatch(DEFAULT_SETTINGS, parseSettingsPatch(stored, 'settings'));
  } catch {
    return structuredCloneSettings(DEFAULT_SETTINGS);
  }
}

function structuredCloneSettings(s: Settings): Settings {
  return applySettingsPatch(s, {});
}

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
}

/** Most cameras one `cameras/inBBox` answer carries; a whole-city view of Toulouse holds ~2,300. */
export const MAX_CAMERAS_PER_ANSWER = 5_000;
/** Most via points in a route request. */
export const MAX_VIA_POINTS = 25;
/** Longest id (camera id, site key) accepted in a message, in UTF-16 code units. */
export const MAX_ID_CHARS = 200;
/** Most per-site switches in one settings patch (there are a handful of supported sites). */
export const MAX_SITE_KEYS = 64;

export type Request =
  | { type: 'dataset/summary' }
  | { type: 'cameras/inBBox'; bbox: BBox; limit?: number }
  | { type: 'settings/get' }
  | { type: 'settings/set'; patch: SettingsPatch }
  | {
      type: 'route';
      from: LonLat;
      to: LonLat;
      via?: LonLat[];
      /** Avoidance strength α ≥ 0 for the "balanced" route. */
      alpha?: number;
      /** Detour cap as a fraction of the shortest length (0.3 = at most +30 %). */
      maxDetour?: number;
    }
  | { type: 'userCameras/list' }
  /** Adds or replaces one of the user's own cameras (`source: 'user'`, id `user:…`). */
  | { type: 'userCameras/put'; camera: Camera }
  | { type: 'userCameras/delete'; id: string }
  /** Dataset load state, including the last seeding error: what the popup shows. */
  | { type: 'status' }
  /** Every dataset with counts, area, source, date and estimated size (the options page's list). */
  | { type: 'datasets/list' }
  /** Deletes an imported or downloaded dataset, or (`user`) all the user's own cameras; never the bundled one. */
  | { type: 'datasets/delete'; id: string }
  /** An extension page wrote a dataset directly: rebuild the index and tell every overlay. */
  | { type: 'datasets/reload' }
  /** Wipe everything (IndexedDB and browser.storage), then restore the bundled dataset. */
  | { type: 'store/wipe' }
  /** Event-area check (lib/area/report.ts): cameras, seen street share, blind spots, ways out. */
  | { type: 'area/report'; area: AreaShape; blindSpotMinMetres?: number; exitMarginMetres?: number }
  /** Offline street-name search in the walk graph's own name table (never a geocoding service). */
  | {
      type: 'streets/search';
      query: string;
      limit?: number;
      /** Rank matches by distance from this point (the map's centre); each match then carries its distance. */
      near?: LonLat;
    }
  /** Simplified street polylines meeting a bbox, for the standalone planner's own map. `tolerance` in degrees. */
  | {
      type: 'streets/inBBox';
      bbox: BBox;
      limit?: number;
      tolerance?: number;
      /** Include each polyline's street name (the planner page labels streets at high zoom). */
      names?: boolean;
    }
  /** Wall rings meeting a bbox and their wall source, for the overlay's coverage mask (docs/overlay.md). */
  | { type: 'walls/inBBox'; bbox: BBox; limit?: number };

export type RequestType = Request['type'];

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
  /** How long the last load took (open, read, validate, seed, build the index), in milliseconds. */
  loadMillis: number | null;
}

/** The value each request type answers with. */
export interface ResponseMap {
  'dataset/summary': DatasetSummary | null;
  'cameras/inBBox': CamerasInBBox;
  'settings/get': Settings;
  'settings/set': Settings;
  route: never;
  'userCameras/list': Camera[];
  'userCameras/put': Camera;
  'userCameras/delete': { deleted: boolean };
  status: StoreStatus;
  'datasets/list': DatasetListing[];
  'datasets/delete': { deleted: number };
  'datasets/reload': StoreStatus;
  'store/wipe': StoreStatus;
  'area/report': AreaReport;
  'streets/search': StreetMatch[];
  'streets/inBBox': StreetsInBBox;
  'walls/inBBox': WallsInBBox;
}

export type Response<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export type ResponseFor<T extends RequestType> = Response<ResponseMap[T]>;

/** Sent by the background to every tab's content script (tabs.sendMessage) when settings change. */
export type Broadcast = { type: 'settings/changed'; settings: Settings } | { type: 'dataset/changed' };

/**
 * Sends a request through a transport (`browser.runtime.sendMessage` in the extension) and types the
 * answer. A transport failure (no background, closed port) becomes `{ ok: false, code: 'unreachable' }`.
 */
export async function sendRequest<R extends Request>(
  send: (message: unknown) => Promise<unknown>,
  request: R,
): Promise<ResponseFor<R['type']>> {
  try {
    const answer = await send(request);
    if (answer && typeof answer === 'object' && 'ok' in answer) return answer as ResponseFor<R['type']>;
    return { ok: false, error: { code: 'unreachable', message: 'No answer from the background.' } };
  } catch (e) {
    return { ok: false, error: { code: 'unreachable', message: e instanceof Error ? e.message : String(e) } };
  }
}

/** The error `parseRequest` throws: `path` names the offending field (`bbox.west`, `camera.lat`). */
export class MessageError extends Error {
  override readonly name = 'MessageError';
  readonly code = 'bad-request' as const;
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

const fail = (path: string, message: string): never => {
  throw new MessageError(path, message);
};

function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function allowOnly(obj: Record<string, unknown>, keys: readonly string[], path: string): void {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) fail(path ? `${path}.${k}` : k, 'unexpected field');
}

function plain(raw: unknown, path: string): Record<string, unknown> {
  try {
    return checkPlainObject(raw, path);
  } catch (e) {
    throw e instanceof ValidationError ? new MessageError(e.path, e.detail) : e;
  }
}

function bool(raw: unknown, path: string): boolean {
  return typeof raw === 'boolean' ? raw : fail(path, 'must be true or false');
}

function finite(raw: unknown, path: string, min: number, max: number): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(path, 'must be a finite number');
  if (raw < min || raw > max) return fail(path, `must be between ${min} and ${max}`);
  return raw;
}

function shortString(raw: unknown, path: string, maxChars = MAX_ID_CHARS): string {
  if (typeof raw !== 'string' || raw.length === 0) return fail(path, 'must be a non-empty string');
  if (raw.length > maxChars) return fail(path, `longer than ${maxChars} characters`);
  return raw;
}

function lonLat(raw: unknown, path: string): LonLat {
  if (!Array.isArray(raw) || raw.length !== 2) return fail(path, 'must be [lon, lat]');
  return [finite(raw[0], `${path}[0]`, -180, 180), finite(raw[1], `${path}[1]`, -90, 90)];
}

/** A WGS84 bbox with west < east and south < north (no antimeridian crossing: no supported city needs it). */
export function parseBBox(raw: unknown, path = 'bbox'): BBox {
  const o = plain(raw, path);
  allowOnly(o, ['west', 'south', 'east', 'north'], path);
  const bbox: BBox = {
    west: finite(field(o, 'west'), `${path}.west`, -180, 180),
    south: finite(field(o, 'south'), `${path}.south`, -90, 90),
    east: finite(field(o, 'east'), `${path}.east`, -180, 180),
    north: finite(field(o, 'north'), `${path}.north`, -90, 90),
  };
  if (!isValidBBox(bbox)) fail(path, 'west must be < east and south < north');
  return bbox;
}

function boolRecord<K extends string>(raw: unknown, path: string, keys: readonly K[]): Partial<Record<K, boolean>> {
  const o = plain(raw, path);
  allowOnly(o, keys, path);
  const out: Partial<Record<K, boolean>> = {};
  for (const k of keys) {
    const v = field(o, k);
    if (v !== undefined) out[k] = bool(v, `${path}.${k}`);
  }
  return out;
}

/** Validates a settings patch (also used to re-read stored settings). Unknown fields are rejected. */
export function parseSettingsPatch(raw: unknown, path = 'patch'): SettingsPatch {
  const o = plain(raw, path);
  allowOnly(o, ['overlayEnabled', 'siteEnabled', 'layers', 'filters', 'language', 'overpassEndpoint', 'overpassTimeoutSeconds'], path);
  const patch: SettingsPatch = {};
  const overlayEnabled = field(o, 'overlayEnabled');
  if (overlayEnabled !== undefined) patch.overlayEnabled = bool(overlayEnabled, `${path}.overlayEnabled`);
  const siteEnabled = field(o, 'siteEnabled');
  if (siteEnabled !== undefined) {
    const s = plain(siteEnabled, `${path}.siteEnabled`);
    const keys = Object.keys(s);
    if (keys.length > MAX_SITE_KEYS) fail(`${path}.siteEnabled`, `more than ${MAX_SITE_KEYS} sites`);
    patch.siteEnabled = {};
    for (const k of keys) {
      if (!/^[a-z0-9-]{1,64}$/.test(k)) fail(`${path}.siteEnabled`, `bad site id ${JSON.stringify(k.slice(0, 70))}`);
      patch.siteEnabled[k] = bool(s[k], `${path}.siteEnabled.${k}`);
    }
  }
  const layers = field(o, 'layers');
  if (layers !== undefined) patch.layers = boolRecord(layers, `${path}.layers`, ['cameras', 'coverage', 'heat', 'routes'] as const);
  const filters = field(o, 'filters');
  if (filters !== undefined) {
    const f = plain(filters, `${path}.filters`);
    allowOnly(f, ['kinds', 'publicCameras', 'privateCameras'], `${path}.filters`);
    patch.filters = {};
    const kinds = field(f, 'kinds');
    if (kinds !== undefined) patch.filters.kinds = boolRecord(kinds, `${path}.filters.kinds`, CAMERA_KINDS);
    const pub = field(f, 'publicCameras');
    if (pub !== undefined) patch.filters.publicCameras = bool(pub, `${path}.filters.publicCameras`);
    const priv = field(f, 'privateCameras');
    if (priv !== undefined) patch.filters.privateCameras = bool(priv, `${path}.filters.privateCameras`);
  }
  const language = field(o, 'language');
  if (language !== undefined) {
    if (language !== 'auto' && language !== 'en' && language !== 'fr') fail(`${path}.language`, 'must be auto, en or fr');
    patch.language = language as Settings['language'];
  }
  const endpoint = field(o, 'overpassEndpoint');
  if (endpoint !== undefined) patch.overpassEndpoint = parseEndpoint(endpoint, `${path}.overpassEndpoint`);
  const timeout = field(o, 'overpassTimeoutSeconds');
  if (timeout !== undefined) {
    const n = finite(timeout, `${path}.overpassTimeoutSeconds`, MIN_OVERPASS_TIMEOUT_S, MAX_OVERPASS_TIMEOUT_S);
    if (!Number.isInteger(n)) fail(`${path}.overpassTimeoutSeconds`, 'must be a whole number of seconds');
    patch.overpassTimeoutSeconds = n;
  }
  return patch;
}

/**
 * An Overpass endpoint: an absolute http(s) URL without user name or password (they would be sent with
 * every query) or fragment. http is allowed for a self-hosted instance on the user's own network.
 */
export function parseEndpoint(raw: unknown, path = 'overpassEndpoint'): string {
  const text = shortString(raw, path, MAX_ENDPOINT_CHARS).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(path, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(path, 'must be an http or https URL');
  if (url.username || url.password) fail(path, 'must not contain a user name or password');
  if (url.hash) fail(path, 'must not contain a fragment');
  return url.href;
}

/** Validates a user camera: a full Camera whose source is `user` and whose id is `user:<sourceId>`. */
export function parseUserCamera(raw: unknown, path = 'camera'): Camera {
  let camera: Camera;
  try {
    camera = parseCamera(raw, path);
  } catch (e) {
    throw e instanceof ValidationError ? new MessageError(e.path, e.detail) : e;
  }
  if (camera.source !== 'user') fail(`${path}.source`, "must be 'user'");
  if (camera.id !== `user:${camera.sourceId}`) fail(`${path}.id`, "must be 'user:' + sourceId");
  return camera;
}

/**
 * Validates an untrusted message. Returns a fresh, typed `Request` holding only the known fields;
 * throws `MessageError` (code `bad-request`, `path` = the field) on anything else.
 */
export function parseRequest(raw: unknown): Request {
  const o = plain(raw, 'message');
  const type = field(o, 'type');
  switch (type) {
    case 'dataset/summary':
    case 'settings/get':
    case 'userCameras/list':
    case 'status':
    case 'datasets/list':
    case 'datasets/reload':
    case 'store/wipe':
      allowOnly(o, ['type'], '');
      return { type };
    case 'cameras/inBBox': {
      allowOnly(o, ['type', 'bbox', 'limit'], '');
      const bbox = parseBBox(field(o, 'bbox'));
      const limit = field(o, 'limit');
      if (limit === undefined) return { type, bbox };
      const n = finite(limit, 'limit', 1, MAX_CAMERAS_PER_ANSWER);
      if (!Number.isInteger(n)) fail('limit', 'must be an integer');
      return { type, bbox, limit: n };
    }
    case 'settings/set':
      allowOnly(o, ['type', 'patch'], '');
      return { type, patch: parseSettingsPatch(field(o, 'patch')) };
    case 'route': {
      allowOnly(o, ['type', 'from', 'to', 'via', 'alpha', 'maxDetour'], '');
      const req: Extract<Request, { type: 'route' }> = {
        type,
        from: lonLat(field(o, 'from'), 'from'),
        to: lonLat(field(o, 'to'), 'to'),
      };
      const via = field(o, 'via');
      if (via !== undefined) {
        if (!Array.isArray(via)) fail('via', 'must be an array of [lon, lat]');
        const list = via as unknown[];
        if (list.length > MAX_VIA_POINTS) fail('via', `more than ${MAX_VIA_POINTS} points`);
        req.via = list.map((p, i) => lonLat(p, `via[${i}]`));
      }
      const alpha = field(o, 'alpha');
      if (alpha !== undefined) req.alpha = finite(alpha, 'alpha', 0, 1_000);
      const maxDetour = field(o, 'maxDetour');
      if (maxDetour !== undefined) req.maxDetour = finite(maxDetour, 'maxDetour', 0, 10);
      return req;
    }
    case 'userCameras/put':
      allowOnly(o, ['type', 'camera'], '');
      return { type, camera: parseUserCamera(field(o, 'camera')) };
    case 'userCameras/delete': {
      allowOnly(o, ['type', 'id'], '');
      const id = shortString(field(o, 'id'), 'id');
      if (!id.startsWith('user:')) fail('id', "only the user's own cameras (user:…) can be deleted");
      return { type, id };
    }
    case 'datasets/delete': {
      allowOnly(o, ['type', 'id'], '');
      const id = shortString(field(o, 'id'), 'id');
      if (id === 'toulouse') fail('id', 'the bundled dataset cannot be deleted');
      if (id !== 'user' && !/^(import|overpass):/.test(id)) fail('id', "must be 'user', 'import:…' or 'overpass:…'");
      return { type, id };
    }
    case 'area/report': {
      allowOnly(o, ['type', 'area', 'blindSpotMinMetres', 'exitMarginMetres'], '');
      const req: Extract<Request, { type: 'area/report' }> = { type, area: parseAreaShape(field(o, 'area')) };
      const minBlind = field(o, 'blindSpotMinMetres');
      if (minBlind !== undefined) req.blindSpotMinMetres = finite(minBlind, 'blindSpotMinMetres', 1, 1_000);
      const margin = field(o, 'exitMarginMetres');
      if (margin !== undefined) req.exitMarginMetres = finite(margin, 'exitMarginMetres', 0, 2_000);
      return req;
    }
    case 'streets/search': {
      allowOnly(o, ['type', 'query', 'limit', 'near'], '');
      const query = shortString(field(o, 'query'), 'query', MAX_ID_CHARS);
      const req: Extract<Request, { type: 'streets/search' }> = { type, query };
      const limit = field(o, 'limit');
      if (limit !== undefined) {
        const n = finite(limit, 'limit', 1, 20);
        if (!Number.isInteger(n)) fail('limit', 'must be an integer');
        req.limit = n;
      }
      const near = field(o, 'near');
      if (near !== undefined) req.near = lonLat(near, 'near');
      return req;
    }
    case 'streets/inBBox': {
      allowOnly(o, ['type', 'bbox', 'limit', 'tolerance', 'names'], '');
      const req: Extract<Request, { type: 'streets/inBBox' }> = { type, bbox: parseBBox(field(o, 'bbox')) };
      const limit = field(o, 'limit');
      if (limit !== undefined) {
        req.limit = finite(limit, 'limit', 1, 8_000);
        if (!Number.isInteger(req.limit)) fail('limit', 'must be an integer');
      }
      const tolerance = field(o, 'tolerance');
      if (tolerance !== undefined) req.tolerance = finite(tolerance, 'tolerance', 0, 0.01);
      const names = field(o, 'names');
      if (names !== undefined) req.names = bool(names, 'names');
      return req;
    }
    case 'walls/inBBox': {
      allowOnly(o, ['type', 'bbox', 'limit'], '');
      const req: Extract<Request, { type: 'walls/inBBox' }> = { type, bbox: parseBBox(field(o, 'bbox')) };
      const limit = field(o, 'limit');
      if (limit !== undefined) {
        req.limit = finite(limit, 'limit', 1, 8_000);
        if (!Number.isInteger(req.limit)) fail('limit', 'must be an integer');
      }
      return req;
    }
    default:
      return fail('type', typeof type === 'string' ? `unknown message type ${JSON.stringify(type.slice(0, 60))}` : 'missing');
  }
}

/** Turns anything thrown while answering into the `{ ok: false }` shape (never leaks a stack). */
export function errorResponse(e: unknown): { ok: false; error: { code: string; message: string } } {
  if (e instanceof MessageError) return { ok: false, error: { code: e.code, message: e.message } };
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    return { ok: false, error: { code: (e as { code: string }).code, message: String((e as unknown as Error).message ?? e) } };
  }
  return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
}

/** Most vertices in a drawn area or march path (lib/area/shape.ts MAX_AREA_VERTICES). */
export const MAX_AREA_POINTS = 500;

function lonLatList(raw: unknown, path: string, min: number): LonLat[] {
  if (!Array.isArray(raw)) return fail(path, 'must be an array of [lon, lat]');
  if (raw.length < min) return fail(path, `needs at least ${min} points`);
  if (raw.length > MAX_AREA_POINTS) return fail(path, `more than ${MAX_AREA_POINTS} points`);
  return raw.map((p, i) => lonLat(p, `${path}[${i}]`));
}

/** Validates a drawn area: `{ kind: 'polygon', ring }`, `{ kind: 'circle', center, radiusMetres }` or `{ kind: 'path', line, widthMetres }`. */
export function parseAreaShape(raw: unknown, path = 'area'): AreaShape {
  const o = plain(raw, path);
  const kind = field(o, 'kind');
  switch (kind) {
    case 'polygon':
      allowOnly(o, ['kind', 'ring'], path);
      return { kind, ring: lonLatList(field(o, 'ring'), `${path}.ring`, 3) };
    case 'circle':
      allowOnly(o, ['kind', 'center', 'radiusMetres'], path);
      return { kind, center: lonLat(field(o, 'center'), `${path}.center`), radiusMetres: finite(field(o, 'radiusMetres'), `${path}.radiusMetres`, 1, 3_000) };
    case 'path':
      allowOnly(o, ['kind', 'line', 'widthMetres'], path);
      return { kind, line: lonLatList(field(o, 'line'), `${path}.line`, 2), widthMetres: finite(field(o, 'widthMetres'), `${path}.widthMetres`, 1, 500) };
    default:
      return fail(`${path}.kind`, "must be 'polygon', 'circle' or 'path'");
  }
}
