/**
 * Building rings of an OSM extract, as mapped walls: closed `building=*` ways, and `type=multipolygon`
 * relations tagged `building=*` whose outer and inner rings are assembled from their member ways (a ring
 * may be split over several ways, each in either direction). docs/coverage-model.md ("Mapped walls"):
 * an outer ring is a solid footprint; an inner ring (a courtyard) is a hole of it: its edges are walls,
 * its inside is open ground a camera standing there sees. Member ways that close no ring (a building cut
 * by the area's edge) are kept as open wall lines: they still block sight, they fill nothing.
 */
import { wayCoordinates, type OsmData, type OsmRelation, type OsmWay } from './osm-model.ts';

/** A ring or line of [lon, lat] degrees; rings here are closed (first point repeated last). */
export type LonLatRing = Array<[number, number]>;

export interface BuildingRings {
  /** Solid footprints (closed rings): building ways and multipolygon outer rings. */
  rings: LonLatRing[];
  /** holes[i]: the closed inner rings (courtyards) of rings[i]. */
  holes: LonLatRing[][];
  /** Open wall lines: member ways of multipolygon buildings that close no ring. */
  lines: LonLatRing[];
  /** Multipolygon buildings read, and how many rings (outer, inner) were assembled from them. */
  multipolygons: { relations: number; outer: number; inner: number; openWays: number };
}

/**
 * `building=*` values that do not hide a pedestrian: `no`, and open structures (a roof on pillars, a
 * carport, a canopy) one sees under.
 */
const NOT_BLOCKING = new Set(['no', 'roof', 'carport', 'canopy']);

export function isBlockingBuilding(tags?: Record<string, string>): boolean {
  return tags?.building !== undefined && !NOT_BLOCKING.has(tags.building);
}

/** The way's coordinates when every node is known, else undefined. */
function fullCoordinates(osm: OsmData, way: OsmWay): LonLatRing | undefined {
  const coords = wayCoordinates(osm, way);
  if (!way.geometry && coords.length !== way.nodeIds.length) return undefined;
  return coords.map((g) => [g.lon, g.lat]);
}

const key = (p: readonly [number, number]) => `${p[0]},${p[1]}`;
const closedRing = (r: LonLatRing) => r.length >= 4 && key(r[0]) === key(r[r.length - 1]);

/**
 * Joins pieces end to end into closed rings (OSM's ring assembly: a piece may be reversed). Pieces left
 * over (a ring with a missing member) come back in `open`. Deterministic: pieces are taken in order.
 */
export function assembleRings(pieces: readonly LonLatRing[]): { rings: LonLatRing[]; open: LonLatRing[] } {
  const rings: LonLatRing[] = [];
  const open: LonLatRing[] = [];
  const source = pieces.filter((p) => p.length >= 2);
  const left = source.map((p) => p.slice());
  const used = new Array<boolean>(left.length).fill(false);
  for (let i = 0; i < left.length; i++) {
    if (used[i]) continue;
    used[i] = true;
    const ring = left[i];
    const members = [i];
    while (!closedRing(ring)) {
      const end = key(ring[ring.length - 1]);
      let next = -1;
      let reversed = false;
      for (let j = 0; j < left.length && next < 0; j++) {
        if (used[j]) continue;
        if (key(left[j][0]) === end) next = j;
        else if (key(left[j][left[j].length - 1]) === end) {
          next = j;
          reversed = true;
        }
      }
      if (next < 0) break;
      used[next] = true;
      members.push(next);
      const piece = reversed ? left[next].slice().reverse() : left[next];
      for (let k = 1; k < piece.length; k++) ring.push(piece[k]);
    }
    if (closedRing(ring)) rings.push(ring);
    else for (const m of members) open.push(source[m]);
  }
  return { rings, open };
}

/** Even-odd test of a point against a closed ring, in degrees (enough to tell which outer holds a hole). */
function insideRing(p: readonly [number, number], ring: LonLatRing): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Every blocking building of the extract, as footprints with their holes, and open wall lines. */
export function buildingRingsFromOsm(osm: OsmData): BuildingRings {
  const out: BuildingRings = { rings: [], holes: [], lines: [], multipolygons: { relations: 0, outer: 0, inner: 0, openWays: 0 } };
  const wayById = new Map(osm.ways.map((w) => [w.id, w]));
  const outerMembers = new Set<number>();
  for (const rel of osm.relations ?? []) {
    if (rel.tags?.type !== 'multipolygon' || !isBlockingBuilding(rel.tags)) continue;
    addMultipolygon(osm, rel, wayById, outerMembers, out);
  }
  for (const way of osm.ways) {
    // A closed building way that is also an outer member of a multipolygon building is that ring already.
    if (!isBlockingBuilding(way.tags) || outerMembers.has(way.id)) continue;
    const ring = fullCoordinates(osm, way);
    const closed = way.nodeIds.length > 3 && way.nodeIds[0] === way.nodeIds[way.nodeIds.length - 1];
    if (closed && ring) {
      out.rings.push(ring);
      out.holes.push([]);
    }
  }
  return out;
}

function addMultipolygon(
  osm: OsmData,
  rel: OsmRelation,
  wayById: Map<number, OsmWay>,
  outerMembers: Set<number>,
  out: BuildingRings,
): void {
  const outerPieces: LonLatRing[] = [];
  const innerPieces: LonLatRing[] = [];
  for (const m of rel.members) {
    const way = m.type === 'way' ? wayById.get(m.ref) : undefined;
    if (!way) continue;
    const coords = fullCoordinates(osm, way);
    if (!coords) {
      // Nodes missing (outside the downloaded box): what is known still blocks sight.
      const known = wayCoordinates(osm, way).map((g): [number, number] => [g.lon, g.lat]);
      if (known.length >= 2) {
        out.lines.push(known);
        out.multipolygons.openWays++;
      }
      continue;
    }
    // An empty role is an outer ring in old-style multipolygons.
    if (m.role === 'inner') innerPieces.push(coords);
    else {
      outerPieces.push(coords);
      outerMembers.add(way.id);
    }
  }
  out.multipolygons.relations++;
  const outer = assembleRings(outerPieces);
  const inner = assembleRings(innerPieces);
  const first = out.rings.length;
  for (const ring of outer.rings) {
    out.rings.push(ring);
    out.holes.push([]);
  }
  out.multipolygons.outer += outer.rings.length;
  for (const hole of inner.rings) {
    let owner = -1;
    for (let i = first; i < out.rings.length && owner < 0; i++) if (insideRing(hole[0], out.rings[i])) owner = i;
    // A hole in no assembled outer (its outer is cut off) still has walls: an open line of its ring.
    if (owner < 0) out.lines.push(hole);
    else {
      out.holes[owner].push(hole);
      out.multipolygons.inner++;
    }
  }
  for (const piece of [...outer.open, ...inner.open]) {
    out.lines.push(piece);
    out.multipolygons.openWays++;
  }
}
