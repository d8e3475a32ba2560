/**
 * The typed protocol between extension contexts (DESIGN.md, "Data flow" step 3).
 * Content scripts and pages never open IndexedDB themselves: they send a `Request` to the background,
 * which validates it with `parseRequest` and answers with a `Response`. Answers stay small.
 *
 * Ownership: the request/response shapes below are the contract; `parseRequest` (validation) lives
 * here too so every receiver validates the same way. Messages cross a trust boundary (a content script
 * runs next to a host page), so every field is checked: types, finite numbers, ranges, sizes.
 * The settings themselves live in lib/settings.ts, the field helpers in lib/validate.ts; lib/background
 * answers these requests.
 */
import { isValidBBox, type BBox, type LonLat } from './geo/index.ts';
import type { Camera } from './cameras/types.ts';
import { MAX_AREA_VERTICES, type AreaShape } from './area/shape.ts';
import type { AreaReport } from './area/report.ts';
import type { StreetMatch, StreetsInBBox } from './planner/streets.ts';
import type {
  AreaReportQuery,
  PlannedRoutes,
  RouteQuery,
  StreetSearchQuery,
  StreetsInBBoxQuery,
  WallsInBBoxQuery,
  WarmQuery,
  WarmAnswer,
} from './planner/service.ts';
import type { WallsInBBox } from './walls/view.ts';
import { parseSettingsPatch, type Settings, type SettingsPatch } from './settings.ts';
import type { DatasetListing } from './store/datasets.ts';
import { BUNDLED_DATASET_ID } from './store/schema.ts';
import type { CamerasInBBox, DatasetSummary, StoreStatus } from './store/types.ts';
import { parseCamera } from './sources/camera-record.ts';
import { allowOnly, bool, checkPlainObject, fail, field, finite, nonEmptyString, ValidationError } from './validate.ts';

/** Most cameras one `cameras/inBBox` answer carries; a whole-city view of Toulouse holds ~2,300. */
export const MAX_CAMERAS_PER_ANSWER = 5_000;
/** Most via points in a route request. */
export const MAX_VIA_POINTS = 25;
/** Longest id (camera id, site key) accepted in a message, in UTF-16 code units. */
export const MAX_ID_CHARS = 200;
/**
 * The port the overlay's planner panel holds open while it is open and its tab visible; it posts a
 * `planner/warm` request on it at once and every `PLANNER_AWAKE_PING_MS` (docs/routing.md, "Where routes
 * are computed"). Each message is an extension event, which resets Chromium's 30 s idle timer.
 */
export const PLANNER_AWAKE_PORT = 'angle-mort/planner-awake';
/** The test builds' ping period on the awake port (`PLANNER_AWAKE_PING_MS`). */
export const TEST_BUILD_AWAKE_PING_MS = 2_000;
/**
 * Between two `planner/warm` pings on the awake port: 20 s, well under Chromium's 30 s idle stop. Test builds
 * ping every `TEST_BUILD_AWAKE_PING_MS`, so the browser test sees the pings flow and stop in seconds; Node (no
 * build switch) and the unit tests get the real period.
 */
export const PLANNER_AWAKE_PING_MS = typeof __ANGLE_MORT_TEST__ !== 'undefined' && __ANGLE_MORT_TEST__ ? TEST_BUILD_AWAKE_PING_MS : 20_000;

export type Request =
  | { type: 'dataset/summary' }
  | { type: 'cameras/inBBox'; bbox: BBox; limit?: number }
  | { type: 'settings/get' }
  | { type: 'settings/set'; patch: SettingsPatch }
  | ({ type: 'route' } & RouteQuery)
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
  | ({ type: 'area/report' } & AreaReportQuery)
  /** Offline street-name search in the walk graph's own name table (never a geocoding service). */
  | ({ type: 'streets/search' } & StreetSearchQuery)
  /** Simplified street polylines meeting a bbox, for the standalone planner's own map. `tolerance` in degrees. */
  | ({ type: 'streets/inBBox' } & StreetsInBBoxQuery)
  /** Wall rings meeting a bbox and their wall source, for the overlay's coverage mask (docs/overlay.md). */
  | ({ type: 'walls/inBBox' } & WallsInBBoxQuery)
  /** Build (or keep) the engine a route in this view would use, before any route is asked (the overlay's planner panel opened). */
  | ({ type: 'planner/warm' } & WarmQuery);

export type RequestType = Request['type'];

/** The value each request type answers with. */
export interface ResponseMap {
  'dataset/summary': DatasetSummary | null;
  'cameras/inBBox': CamerasInBBox;
  'settings/get': Settings;
  'settings/set': Settings;
  route: PlannedRoutes;
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
  'planner/warm': WarmAnswer;
}

export type Response<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export type ResponseFor<T extends RequestType> = Response<ResponseMap[T]>;

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

function shortString(raw: unknown, path: string, maxChars = MAX_ID_CHARS): string {
  return nonEmptyString(raw, path, maxChars);
}

function lonLat(raw: unknown, path: string): LonLat {
  if (!Array.isArray(raw) || raw.length !== 2) return fail(path, 'must be [lon, lat]');
  return [finite(raw[0], `${path}[0]`, -180, 180), finite(raw[1], `${path}[1]`, -90, 90)];
}

/** A WGS84 bbox with west < east and south < north (no antimeridian crossing: no supported city needs it). */
function parseBBox(raw: unknown, path = 'bbox'): BBox {
  const o = checkPlainObject(raw, path);
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

/** Validates a user camera: a full Camera whose source is `user` and whose id is `user:<sourceId>`. */
function parseUserCamera(raw: unknown, path = 'camera'): Camera {
  const camera = parseCamera(raw, path);
  if (camera.source !== 'user') fail(`${path}.source`, "must be 'user'");
  if (camera.id !== `user:${camera.sourceId}`) fail(`${path}.id`, "must be 'user:' + sourceId");
  return camera;
}

/**
 * Validates an untrusted message. Returns a fresh, typed `Request` holding only the known fields;
 * throws `MessageError` (code `bad-request`, `path` = the field) on anything else.
 */
export function parseRequest(raw: unknown): Request {
  try {
    return parseRequestFields(raw);
  } catch (e) {
    throw e instanceof ValidationError ? new MessageError(e.path, e.detail) : e;
  }
}

function parseRequestFields(raw: unknown): Request {
  const o = checkPlainObject(raw, 'message');
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
      if (id === BUNDLED_DATASET_ID) fail('id', 'the bundled dataset cannot be deleted');
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
    case 'planner/warm': {
      // The view box alone (no point, no route): enough to pick the stored graph.
      allowOnly(o, ['type', 'bbox'], '');
      const bbox = field(o, 'bbox');
      return bbox === undefined ? { type } : { type, bbox: parseBBox(bbox) };
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

function lonLatList(raw: unknown, path: string, min: number): LonLat[] {
  if (!Array.isArray(raw)) return fail(path, 'must be an array of [lon, lat]');
  if (raw.length < min) return fail(path, `needs at least ${min} points`);
  if (raw.length > MAX_AREA_VERTICES) return fail(path, `more than ${MAX_AREA_VERTICES} points`);
  return raw.map((p, i) => lonLat(p, `${path}[${i}]`));
}

/** Validates a drawn area: `{ kind: 'polygon', ring }`, `{ kind: 'circle', center, radiusMetres }` or `{ kind: 'path', line, widthMetres }`. */
function parseAreaShape(raw: unknown, path = 'area'): AreaShape {
  const o = checkPlainObject(raw, path);
  const kind = field(o, 'kind');
  switch (kind) {
    case 'polygon':
      allowOnly(o, ['kind', 'ring'], path);
      return { kind, ring: lonLatList(field(o, 'ring'), `${path}.ring`, 3) };
    case 'circle':
      allowOnly(o, ['kind', 'center', 'radiusMetres'], path);
      return {
        kind,
        center: lonLat(field(o, 'center'), `${path}.center`),
        radiusMetres: finite(field(o, 'radiusMetres'), `${path}.radiusMetres`, 1, 3_000),
      };
    case 'path':
      allowOnly(o, ['kind', 'line', 'widthMetres'], path);
      return {
        kind,
        line: lonLatList(field(o, 'line'), `${path}.line`, 2),
        widthMetres: finite(field(o, 'widthMetres'), `${path}.widthMetres`, 1, 500),
      };
    default:
      return fail(`${path}.kind`, "must be 'polygon', 'circle' or 'path'");
  }
}
