/**
 * Half-widths (metres from the centre line to the nearest façade) by road type, the shrink distance of a
 * street-network face before it is taken as a solid block. Keys are the mapgr road-type characters the walk
 * graph stores (PROVENANCE.md; lib/network/osm-walk.ts maps OSM `highway=*` to the same letters).
 *
 * Why these values: a façade-to-façade width is carriageway + two sidewalks. European city-centre streets:
 * primary ≈ 20–25 m, secondary ≈ 16–20 m, tertiary ≈ 14 m, residential ≈ 10–12 m, a service lane or a
 * pedestrian alley 4–8 m. A single 10 m shrink for every street measured better than 5 m (DESIGN.md), because
 * a wall that eats a street is the dangerous error; these widths keep that margin on wide roads and give
 * back some of it on alleys and footways, which are the ones that run between buildings.
 */
export const HALF_WIDTH_M: Readonly<Record<string, number>> = {
  a: 14, // motorway
  b: 13, // trunk
  c: 12, // primary
  d: 11, // secondary
  e: 9,
  f: 9,
  g: 9,
  h: 9, // links
  i: 10, // tertiary
  j: 8, // residential
  k: 8,
  l: 8, // unclassified, road
  m: 7, // living street
  n: 6, // service
  o: 11, // roundabout
  p: 5, // pedestrian, footway, steps, path
  q: 8, // unmapped
  r: 5, // cycleway
  s: 5, // track
};

/** Half-width for a road type we do not know. */
export const DEFAULT_HALF_WIDTH_M = 8;

/** Road types that are open ground for pedestrians (a face enclosed only by these is a square). */
export const PEDESTRIAN_TYPES = new Set(['p'].map((c) => c.charCodeAt(0)));

export function halfWidthOf(roadType: number, table: Readonly<Record<string, number>> = HALF_WIDTH_M): number {
  const w = table[String.fromCharCode(roadType)];
  return Number.isFinite(w) && w! >= 0 ? w! : DEFAULT_HALF_WIDTH_M;
}
