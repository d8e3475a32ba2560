/**
 * The in-memory OpenStreetMap model every OSM reader (Overpass JSON, OSM XML, PBF) produces, and every
 * consumer (cameras, walk graph, building footprints) reads. Ids are OSM ids as numbers.
 *
 * Every reader keeps the tags of ways and relations, and the nodes their `nodeIds` refer to (when the
 * input has them), so consumers can resolve way geometry with `nodes.get(id)`.
 */
export type OsmTags = Record<string, string>;

export interface OsmNode {
  id: number;
  lon: number;
  lat: number;
  tags?: OsmTags;
}

export interface OsmWay {
  id: number;
  nodeIds: number[];
  tags?: OsmTags;
  /** Overpass `out geom` gives coordinates inline; other readers resolve them from `nodes`. */
  geometry?: Array<{ lon: number; lat: number }>;
  /** Overpass `out center` gives the way's centre instead of its nodes. */
  center?: { lon: number; lat: number };
}

export interface OsmRelationMember {
  type: 'node' | 'way' | 'relation';
  ref: number;
  role: string;
}

export interface OsmRelation {
  id: number;
  members: OsmRelationMember[];
  tags?: OsmTags;
}

export interface OsmData {
  nodes: Map<number, OsmNode>;
  ways: OsmWay[];
  /** Relations (multipolygon buildings, routes), when the input has them. */
  relations?: OsmRelation[];
  /** Timestamp of the extract (OSM header / Overpass `osm3s.timestamp_osm_base`), when known. */
  timestamp?: string;
  /**
   * The newest valid element timestamp the reader saw (ms since 1970, UTC), when elements carry any
   * (OSM XML `timestamp=`, PBF Info/DenseInfo, Overpass `out meta`). One number, not one per element.
   */
  newestElement?: number;
  /** Extent declared by the file (`<bounds>`, PBF header bbox), WGS84 degrees, when known. */
  bounds?: { west: number; south: number; east: number; north: number };
}

/** Coordinates of a way: its inline geometry, or its nodes resolved in `osm.nodes` (missing ones skipped). */
export function wayCoordinates(osm: OsmData, way: OsmWay): Array<{ lon: number; lat: number }> {
  if (way.geometry && way.geometry.length > 0) return way.geometry;
  const out: Array<{ lon: number; lat: number }> = [];
  for (const id of way.nodeIds) {
    const node = osm.nodes.get(id);
    if (node) out.push({ lon: node.lon, lat: node.lat });
  }
  return out;
}

/** OSM started on 2004-08-09: an element or extract timestamp before that is not real. */
const OSM_START_MS = Date.UTC(2004, 7, 9);
/** A timestamp more than a day ahead of the clock is not real either (a day covers clock skew). */
const FUTURE_SLACK_MS = 86_400_000;

/** Whether `ms` is a believable OSM timestamp: a finite time between OSM's start and tomorrow. */
export function isPlausibleOsmTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= OSM_START_MS && ms <= Date.now() + FUTURE_SLACK_MS;
}

/** OSM's timestamp form: ISO 8601 in UTC, `2019-09-30T20:18:02Z` (fractional seconds tolerated). */
const OSM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Milliseconds of an OSM timestamp string, or undefined when it is malformed or implausible. */
export function parseOsmTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !OSM_TIME.test(value)) return undefined;
  const ms = Date.parse(value);
  return isPlausibleOsmTime(ms) ? ms : undefined;
}

/**
 * The date the data describes, as an ISO timestamp: the extract's header timestamp, else the newest element
 * timestamp, else undefined (the caller falls back to the import or download day). Malformed or implausible
 * values are ignored at each step.
 */
export function osmDataTime(osm: OsmData): string | undefined {
  const header = parseOsmTime(osm.timestamp);
  if (header !== undefined) return new Date(header).toISOString();
  if (osm.newestElement !== undefined && isPlausibleOsmTime(osm.newestElement)) return new Date(osm.newestElement).toISOString();
  return undefined;
}
