/**
 * The in-memory OpenStreetMap model every OSM reader (Overpass JSON, OSM XML, PBF) produces, and every
 * consumer (cameras, walk graph, building footprints) reads. Ids are OSM ids as numbers.
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
}

export interface OsmData {
  nodes: Map<number, OsmNode>;
  ways: OsmWay[];
  /** Timestamp of the extract (OSM header / Overpass `osm3s.timestamp_osm_base`), when known. */
  timestamp?: string;
}
