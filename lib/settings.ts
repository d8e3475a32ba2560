/**
 * The user's settings: their shape, defaults, how a patch applies, and how a patch (or what was stored by an
 * older version) is validated. Persisted by lib/store (`settings` store); carried by lib/messages.ts
 * (`settings/get`, `settings/set`, the `settings/changed` broadcast); read by popup, options and overlay.
 *
 * Layer: below lib/store (the store reads and writes these), above lib/cameras and lib/sources.
 * Validation throws `ValidationError` (lib/validate.ts); lib/messages.ts turns it into `MessageError`.
 */
import { CAMERA_KINDS, type CameraKind } from './cameras/types.ts';
import { DEFAULT_OVERPASS_ENDPOINT } from './sources/overpass-query.ts';
import { boolRecord, bool, checkPlainObject, allowOnly, fail, field, finite, nonEmptyString } from './validate.ts';

/** Most per-site switches in one settings patch (there are a handful of supported sites). */
export const MAX_SITE_KEYS = 64;
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

/** Validates a settings patch (also used to re-read stored settings). Unknown fields are rejected. */
export function parseSettingsPatch(raw: unknown, path = 'patch'): SettingsPatch {
  const o = checkPlainObject(raw, path);
  allowOnly(o, ['overlayEnabled', 'siteEnabled', 'layers', 'filters', 'language', 'overpassEndpoint', 'overpassTimeoutSeconds'], path);
  const patch: SettingsPatch = {};
  const overlayEnabled = field(o, 'overlayEnabled');
  if (overlayEnabled !== undefined) patch.overlayEnabled = bool(overlayEnabled, `${path}.overlayEnabled`);
  const siteEnabled = field(o, 'siteEnabled');
  if (siteEnabled !== undefined) {
    const s = checkPlainObject(siteEnabled, `${path}.siteEnabled`);
    const keys = Object.keys(s);
    if (keys.length > MAX_SITE_KEYS) fail(`${path}.siteEnabled`, `more than ${MAX_SITE_KEYS} sites`);
    patch.siteEnabled = {};
    for (const k of keys) {
      if (!/^[a-z0-9-]{1,64}$/.test(k)) fail(`${path}.siteEnabled`, `bad site id ${JSON.stringify(k.slice(0, 70))}`);
      patch.siteEnabled[k] = bool(s[k], `${path}.siteEnabled.${k}`);
    }
  }
  const layers = field(o, 'layers');
  if (layers !== undefined) {
    patch.layers = boolRecord(layers, `${path}.layers`, ['cameras', 'coverage', 'heat', 'routes'] as const);
  }
  const filters = field(o, 'filters');
  if (filters !== undefined) {
    const f = checkPlainObject(filters, `${path}.filters`);
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
    if (language !== 'auto' && language !== 'en' && language !== 'fr') {
      fail(`${path}.language`, 'must be auto, en or fr');
    }
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
  const text = nonEmptyString(raw, path, MAX_ENDPOINT_CHARS).trim();
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
