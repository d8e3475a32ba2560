/**
 * Overpass queries, built without any network access: the endpoint default, the grid an area is rounded
 * outward to, the area caps, the Overpass QL text of the two requests the options page offers, and the
 * errors the client (overpass-client.ts, the transport) reports. Pure: no fetch, no clock.
 *
 * See docs/data-updates.md for the decisions (grid, caps, retry policy, invalid elements).
 */
import { isValidBBox, type BBox } from '../geo/index.ts';

/** Default endpoint: the main public Overpass instance (overpass-api.de, run by FOSSGIS). */
export const DEFAULT_OVERPASS_ENDPOINT = 'https://overpass-api.de/api/interpreter';

/**
 * Default grid for rounding a requested area outward, in degrees. 0.05° is 5.6 km north–south and
 * 4.0 km east–west at Toulouse's latitude: the request names a district of a city, not a street,
 * while a city-centre download (a 0.05° cell, ≈ 22 km²) stays small enough for the public server.
 */
export const DEFAULT_GRID_DEGREES = 0.05;

/**
 * Area caps in square degrees (of the rounded box), checked before any request.
 * Cameras alone are sparse (Toulouse: 2,269 in 0.065 deg²), so 0.25 deg² (about 5 × 5 grid cells,
 * ≈ 560 km² at 43° N) is allowed. Streets and buildings are dense (a city centre is several MB per cell),
 * so with them the cap is 0.1 deg² (≈ 220 km², Toulouse and its inner suburbs).
 */
export const MAX_AREA_DEG2_CAMERAS_ONLY = 0.25;
export const MAX_AREA_DEG2_WITH_WAYS = 0.1;

/** Max OSM ids per "refresh camera details" request; larger lists are split into several requests. */
export const MAX_IDS_PER_QUERY = 1_000;

export type OverpassErrorCode =
  /** The bbox is not a valid WGS84 box (NaN, inverted, out of range, crossing the antimeridian). */
  | 'invalid-bbox'
  /** The rounded area exceeds the area cap; no request was made. */
  | 'area-too-large'
  /** A query that cannot be built: no layer selected, an empty or bad id list. */
  | 'invalid-request'
  /** The response passed the byte cap (the stream was aborted) or announced a larger Content-Length. */
  | 'too-large'
  /** The body ends early (cut JSON, fewer bytes than Content-Length, or Overpass's own runtime error remark). */
  | 'truncated'
  /** The body is not Overpass JSON (bad UTF-8, bad syntax, no `elements` array). */
  | 'malformed'
  /** Elements with impossible values (missing id, lat out of range, …); see `details`. */
  | 'invalid-elements'
  /** HTTP 429 on every attempt, or a Retry-After longer than the client is willing to wait. */
  | 'rate-limited'
  /** No answer within the per-attempt time-out, on every attempt (or HTTP 504 on every attempt). */
  | 'timeout'
  /** The connection failed on every attempt (DNS, refused, reset mid-body). */
  | 'network'
  /** Another HTTP status that retrying will not fix (400 bad query, 403, 500, …). */
  | 'http'
  /** The caller's AbortSignal fired. */
  | 'aborted';

export class OverpassError extends Error {
  override readonly name = 'OverpassError';
  constructor(
    readonly code: OverpassErrorCode,
    message: string,
    readonly extra: {
      /** HTTP status of the last response, when there was one. */
      status?: number;
      /** Attempts made (1 = no retry). */
      attempts?: number;
      /** Server-requested wait, in milliseconds, when it was too long to honour. */
      retryAfterMs?: number;
      /** Human-readable reasons (invalid elements). */
      details?: string[];
    } = {},
  ) {
    super(message);
  }
}

export function isOverpassError(e: unknown): e is OverpassError {
  return e instanceof OverpassError;
}

// ---------------------------------------------------------------------------------------------------
// Area: rounding and caps

/** Decimal places that represent a grid step exactly in text (0.05 → 2, 0.25 → 2, 0.1 → 1). */
function gridDecimals(grid: number): number {
  for (let d = 0; d <= 9; d++) if (Math.abs(Math.round(grid * 10 ** d) - grid * 10 ** d) < 1e-9) return d;
  return 9;
}

/**
 * Rounds a bbox outward to the grid: west/south down, east/north up to multiples of `gridDegrees`
 * (clamped to ±180/±90). The result contains the input; a box already on the grid is returned unchanged.
 * Throws `invalid-bbox` for boxes that are not valid WGS84 (including ones crossing the antimeridian).
 */
export function roundBBoxOutward(bbox: BBox, gridDegrees: number = DEFAULT_GRID_DEGREES): BBox {
  if (!isValidBBox(bbox)) {
    throw new OverpassError('invalid-bbox', `Not a valid WGS84 bbox: ${JSON.stringify(bbox)}`);
  }
  if (!(gridDegrees > 0 && gridDegrees <= 90 && Number.isFinite(gridDegrees))) {
    throw new OverpassError('invalid-bbox', `Grid step must be in (0, 90] degrees, got ${gridDegrees}`);
  }
  const decimals = gridDecimals(gridDegrees);
  // Grid values are computed as k·grid then fixed to the grid's decimals, so "1.4" is sent, not
  // "1.4000000000000001"; the loops undo the rare case where that fixing moved a corner inward.
  const onGrid = (k: number) => Number((k * gridDegrees).toFixed(decimals));
  const down = (v: number, min: number) => {
    let k = Math.floor(v / gridDegrees + 1e-9);
    while (onGrid(k) > v) k--;
    return Math.max(min, onGrid(k));
  };
  const up = (v: number, max: number) => {
    let k = Math.ceil(v / gridDegrees - 1e-9);
    while (onGrid(k) < v) k++;
    return Math.min(max, onGrid(k));
  };
  return { west: down(bbox.west, -180), south: down(bbox.south, -90), east: up(bbox.east, 180), north: up(bbox.north, 90) };
}

/** Area of a bbox in square degrees (a planar measure: what Overpass's load roughly scales with). */
export function bboxAreaDeg2(b: BBox): number {
  return (b.east - b.west) * (b.north - b.south);
}

/** Which kinds of OSM data an area download fetches. */
export interface OverpassLayers {
  /** `man_made=surveillance` and `highway=speed_camera` nodes and ways. */
  cameras: boolean;
  /** Ways with `highway=*` except motorways, trunks and roads that do not exist yet. */
  walkways: boolean;
  /** Ways with `building=*` (footprints for line-of-sight). */
  buildings: boolean;
}

export const ALL_LAYERS: OverpassLayers = { cameras: true, walkways: true, buildings: true };

/** The area cap, in square degrees, that applies to a set of layers. */
export function maxAreaFor(layers: OverpassLayers): number {
  return layers.walkways || layers.buildings ? MAX_AREA_DEG2_WITH_WAYS : MAX_AREA_DEG2_CAMERAS_ONLY;
}

/**
 * Rounds the bbox outward and checks the area cap. Throws `invalid-bbox` or `area-too-large`;
 * returns the rounded box, which is the only geometry a query may contain.
 */
export function planArea(bbox: BBox, layers: OverpassLayers = ALL_LAYERS, opts: { gridDegrees?: number; maxAreaDeg2?: number } = {}): BBox {
  const rounded = roundBBoxOutward(bbox, opts.gridDegrees ?? DEFAULT_GRID_DEGREES);
  const cap = opts.maxAreaDeg2 ?? maxAreaFor(layers);
  const area = bboxAreaDeg2(rounded);
  if (area > cap + 1e-12) {
    throw new OverpassError(
      'area-too-large',
      `The area rounds to ${area.toFixed(4)} deg², more than the ${cap} deg² cap; download it in smaller parts`,
    );
  }
  return rounded;
}

// ---------------------------------------------------------------------------------------------------
// Queries

/** Highway values that are never walkable or do not exist on the ground. */
const NON_WALKABLE_HIGHWAYS = ['motorway', 'motorway_link', 'trunk', 'trunk_link', 'construction', 'proposed', 'raceway', 'bus_guideway'];

/**
 * Overpass QL for an area: the box goes into the global `[bbox:…]` setting, in the order Overpass wants
 * (south, west, north, east). Output is `(._;>;); out body qt;`: the matched elements plus every node their
 * ways reference, each element once, with tags. This keeps shared street nodes shared — the walk graph needs
 * that topology — and matches what the OSM XML and PBF readers produce, unlike `out geom`, which repeats
 * coordinates per way. Not the common `out body; >; out skel qt;`: that lists a camera that is also a way
 * vertex twice, the second time without tags. The bbox is rounded here too, so a caller cannot send a
 * precise one by mistake.
 */
export function buildAreaQuery(
  bbox: BBox,
  layers: OverpassLayers = ALL_LAYERS,
  opts: { gridDegrees?: number; timeoutSeconds?: number } = {},
): string {
  const grid = opts.gridDegrees ?? DEFAULT_GRID_DEGREES;
  const b = roundBBoxOutward(bbox, grid);
  const d = gridDecimals(grid);
  const statements: string[] = [];
  if (layers.cameras) {
    statements.push('node["man_made"="surveillance"];', 'way["man_made"="surveillance"];');
    statements.push('node["highway"="speed_camera"];');
  }
  if (layers.walkways) {
    statements.push(`way["highway"]["highway"!~"^(${NON_WALKABLE_HIGHWAYS.join('|')})$"];`);
  }
  // Multipolygon buildings too (courtyards, buildings split over several ways): `>` below brings their
  // member ways and nodes, and lib/sources/osm-buildings.ts assembles their rings.
  if (layers.buildings) statements.push('way["building"];', 'relation["building"]["type"="multipolygon"];');
  if (statements.length === 0) throw new OverpassError('invalid-request', 'No layer selected: nothing to download');
  const timeout = Math.max(1, Math.min(900, Math.round(opts.timeoutSeconds ?? 180)));
  const box = [b.south, b.west, b.north, b.east].map((v) => v.toFixed(d)).join(',');
  return `[out:json][timeout:${timeout}][bbox:${box}];\n(\n  ${statements.join('\n  ')}\n);\n(._;>;);\nout body qt;`;
}

/**
 * Overpass QL fetching full tags of OSM nodes by id ("refresh camera details" for the bundled Toulouse
 * file, which lost direction/mount/operator). Throws for an empty list, a non-positive or non-integer id,
 * or more than `MAX_IDS_PER_QUERY` ids (use `fetchCameraDetails`, which splits).
 */
export function buildNodeDetailsQuery(ids: readonly number[], opts: { timeoutSeconds?: number } = {}): string {
  if (ids.length === 0 || ids.length > MAX_IDS_PER_QUERY) {
    throw new OverpassError('invalid-request', `Between 1 and ${MAX_IDS_PER_QUERY} ids per query, got ${ids.length}`);
  }
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id <= 0) throw new OverpassError('invalid-request', `Not an OSM id: ${id}`);
  }
  const timeout = Math.max(1, Math.min(900, Math.round(opts.timeoutSeconds ?? 60)));
  return `[out:json][timeout:${timeout}];\nnode(id:${ids.join(',')});\nout body;`;
}
