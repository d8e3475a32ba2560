/** Street lines (GeoJSON-like) → WalkGraph, for the wall tests: end points shared by coordinates become nodes. */
import { packWalkGraph, type EdgeDraft, type WalkGraph } from '../../../lib/network/walk-graph.ts';

export interface StreetLine {
  coords: Array<[number, number]>;
  /** mapgr road-type character ('j' residential, 'p' footway, …). */
  roadType: string;
  name?: string;
}

export function graphFromLines(lines: StreetLine[]): WalkGraph {
  const lons: number[] = [];
  const lats: number[] = [];
  const ids = new Map<string, number>();
  const node = ([lon, lat]: [number, number]) => {
    const key = `${lon},${lat}`;
    let id = ids.get(key);
    if (id === undefined) {
      id = lons.length;
      ids.set(key, id);
      lons.push(lon);
      lats.push(lat);
    }
    return id;
  };
  const edges: EdgeDraft[] = [];
  for (const l of lines) {
    if (l.coords.length < 2) continue;
    const mid = l.coords.slice(1, -1);
    edges.push({
      from: node(l.coords[0]),
      to: node(l.coords[l.coords.length - 1]),
      name: l.name ?? '',
      roadType: l.roadType.charCodeAt(0),
      lons: mid.map((p) => p[0]),
      lats: mid.map((p) => p[1]),
    });
  }
  return packWalkGraph('test', lons, lats, edges);
}

/** Read the street lines and cameras of a wall fixture (tests/fixtures/walls/in/*.geojson). */
export function readFixture(fc: {
  features: Array<{ properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }>;
}) {
  const lines: StreetLine[] = [];
  const cameras: Array<{ id: string; lon: number; lat: number }> = [];
  for (const f of fc.features) {
    if (f.properties.role === 'street') {
      lines.push({
        coords: f.geometry.coordinates as Array<[number, number]>,
        roadType: String(f.properties.roadType),
        name: String(f.properties.name ?? ''),
      });
    } else if (f.properties.role === 'camera') {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      cameras.push({ id: String(f.properties.id), lon, lat });
    }
  }
  return { lines, cameras };
}
