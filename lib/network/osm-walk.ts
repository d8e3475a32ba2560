/**
 * OpenStreetMap ways → WalkGraph, for any city an OSM reader (Overpass JSON, OSM XML, PBF) can load.
 *
 * Walkable ways (docs/routing.md):
 * - `highway=*`, except motorway, trunk and their links unless `foot=yes|designated|permissive`;
 * - not `foot=no|private|use_sidepath` (a sidewalk drawn as its own way carries the walkers);
 * - not `access=no|private` unless foot access is explicitly granted as above;
 * - not a planned or gone way (`highway=proposed|construction|abandoned|razed`), nor a non-path feature
 *   (`bus_stop`, `platform`, `services`, `rest_area`, `elevator`, `emergency_access_point`, …);
 * - vehicle `oneway=*` is ignored: every kept way is walkable both ways.
 * Ways are cut into edges at every node shared with another kept way, and at their ends; other nodes
 * become shape points.
 */
import type { OsmData, OsmTags } from '../sources/osm-model.ts';
import { packWalkGraph, type EdgeDraft, type WalkGraph } from './walk-graph.ts';

const FOOT_GRANTED = new Set(['yes', 'designated', 'permissive']);
const FOOT_REFUSED = new Set(['no', 'private', 'use_sidepath']);
const ACCESS_REFUSED = new Set(['no', 'private']);
const MOTOR_ONLY = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link']);
const NOT_A_WAY = new Set([
  'proposed',
  'construction',
  'abandoned',
  'razed',
  'disused',
  'bus_stop',
  'platform',
  'services',
  'rest_area',
  'elevator',
  'emergency_access_point',
  'raceway',
  'bus_guideway',
  'escape',
  'street_lamp',
  'traffic_signals',
]);

/** mapgr road-type characters, so both builders describe edges the same way (PROVENANCE.md). */
const ROAD_TYPE: Record<string, string> = {
  motorway: 'a',
  trunk: 'b',
  primary: 'c',
  secondary: 'd',
  motorway_link: 'e',
  trunk_link: 'f',
  primary_link: 'g',
  secondary_link: 'h',
  tertiary: 'i',
  tertiary_link: 'i',
  residential: 'j',
  unclassified: 'k',
  road: 'l',
  living_street: 'm',
  service: 'n',
  pedestrian: 'p',
  footway: 'p',
  steps: 'p',
  path: 'p',
  corridor: 'p',
  bridleway: 'p',
  cycleway: 'r',
  track: 's',
};

/** True when pedestrians may walk this way (the rules above). */
export function isWalkableWay(tags: OsmTags | undefined): boolean {
  const highway = tags?.highway;
  if (!highway || NOT_A_WAY.has(highway)) return false;
  const foot = tags.foot;
  if (foot && FOOT_REFUSED.has(foot)) return false;
  const granted = foot !== undefined && FOOT_GRANTED.has(foot);
  if (MOTOR_ONLY.has(highway) && !granted) return false;
  if (tags.access && ACCESS_REFUSED.has(tags.access) && !granted) return false;
  return true;
}

export function walkGraphFromOsm(osm: OsmData, source = `osm${osm.timestamp ? ':' + osm.timestamp : ''}`): WalkGraph {
  // Resolve each kept way to a list of (node id, lon, lat), skipping nodes the extract lacks.
  const ways: Array<{ ids: number[]; lons: number[]; lats: number[]; tags: OsmTags }> = [];
  for (const way of osm.ways) {
    if (!isWalkableWay(way.tags)) continue;
    const ids: number[] = [];
    const lons: number[] = [];
    const lats: number[] = [];
    way.nodeIds.forEach((id, i) => {
      const inline = way.geometry?.[i];
      const node = inline ?? osm.nodes.get(id);
      if (!node || !Number.isFinite(node.lon) || !Number.isFinite(node.lat)) return;
      ids.push(id);
      lons.push(node.lon);
      lats.push(node.lat);
    });
    if (ids.length >= 2) ways.push({ ids, lons, lats, tags: way.tags! });
  }
  // A node becomes a graph vertex when it ends a way or is shared by two ways (or twice by one).
  const uses = new Map<number, number>();
  for (const w of ways) {
    w.ids.forEach((id, i) => {
      const end = i === 0 || i === w.ids.length - 1;
      uses.set(id, (uses.get(id) ?? 0) + (end ? 2 : 1));
    });
  }
  const vertexOf = new Map<number, number>();
  const vLon: number[] = [];
  const vLat: number[] = [];
  const vertex = (id: number, lon: number, lat: number) => {
    let v = vertexOf.get(id);
    if (v === undefined) {
      v = vLon.length;
      vertexOf.set(id, v);
      vLon.push(lon);
      vLat.push(lat);
    }
    return v;
  };
  const edges: EdgeDraft[] = [];
  for (const w of ways) {
    const highway = w.tags.highway;
    const roadType = (w.tags.junction === 'roundabout' ? 'o' : (ROAD_TYPE[highway] ?? 'q')).charCodeAt(0);
    const name = (w.tags.name ?? w.tags.ref ?? '').slice(0, 200);
    let from = vertex(w.ids[0], w.lons[0], w.lats[0]);
    let lons: number[] = [];
    let lats: number[] = [];
    for (let i = 1; i < w.ids.length; i++) {
      if (i < w.ids.length - 1 && (uses.get(w.ids[i]) ?? 0) < 2) {
        lons.push(w.lons[i]);
        lats.push(w.lats[i]);
        continue;
      }
      const to = vertex(w.ids[i], w.lons[i], w.lats[i]);
      edges.push({ from, to, name, roadType, lons, lats });
      from = to;
      lons = [];
      lats = [];
    }
  }
  return packWalkGraph(source, vLon, vLat, edges);
}
