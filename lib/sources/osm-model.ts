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
