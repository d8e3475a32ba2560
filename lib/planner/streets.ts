/**
 * Streets from the walk graph itself: offline name search (no geocoding service is ever called) and the
 * simplified street polylines the standalone planner page draws when it has no map tiles.
 */
import type { BBox } from '../geo/index.ts';
import {
  EXPOSURE_IDENTIFICATION,
  EXPOSURE_OBSERVATION,
  EXPOSURE_RECOGNITION,
  EXPOSURE_STRIDE,
  graphDegrees,
  type WalkGraph,
} from '../network/walk-graph.ts';

/** One street name with a representative point on it (where a route to "this street" starts or ends). */
export interface StreetMatch {
  name: string;
  /** A point on the street's longest edge of the graph's main component, degrees. */
  lon: number;
  lat: number;
  /** Total walkable metres carrying this name. */
  lengthMetres: number;
  /**
   * With a `near` point: metres from it to the nearest point of this street, and the compass bearing
   * (degrees from north) towards it; `lon`/`lat` are then that nearest point of the street (on the graph's
   * main component when the street has some), so "Saint-Cyprien" picks the part of town on screen.
   */
  distanceMetres?: number;
  bearingDegrees?: number;
}

/** Most matches one search returns. */
export const MAX_STREET_MATCHES = 20;

/** Lower case, accents and punctuation removed, runs of spaces collapsed: "Allées Jean-Jaurès" → "allees jean jaures". */
export function normaliseStreetText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface NameEntry {
  name: string;
  key: string;
  edge: number;
  best: number;
  length: number;
  /** Every edge carrying the name (for the nearest point to a `near` point). */
  edges: number[];
}

/** The graph's name table, with a representative edge per name (built once per graph). */
export class StreetDirectory {
  private readonly entries: NameEntry[];

  constructor(private readonly graph: WalkGraph) {
    const g = graph;
    const byName: Array<NameEntry | undefined> = new Array(g.names.length);
    for (let e = 0; e < g.edgeCount; e++) {
      const n = g.edgeName[e];
      if (n === 0 || !g.names[n]) continue;
      const len = g.edgeLength[e];
      // Prefer the main component: a start snapped onto an island could not be routed.
      const score = len * (g.component[g.edgeFrom[e]] === 0 ? 1 : 1e-6);
      const entry = (byName[n] ??= { name: g.names[n], key: normaliseStreetText(g.names[n]), edge: e, best: -1, length: 0, edges: [] });
      entry.length += len;
      entry.edges.push(e);
      if (score > entry.best) {
        entry.best = score;
        entry.edge = e;
      }
    }
    this.entries = byName.filter((x): x is NameEntry => x !== undefined);
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Streets whose name matches every word of `query` (accent- and case-insensitive); names starting with
   * the query first, then names with a word starting with it, then any match; longer streets first.
   */
  search(query: string, limit = 10, near?: readonly [number, number]): StreetMatch[] {
    const q = normaliseStreetText(query);
    if (!q) return [];
    const words = q.split(' ');
    const ranked: Array<[number, NameEntry]> = [];
    for (const entry of this.entries) {
      const key = entry.key;
      if (!words.every((w) => key.includes(w))) continue;
      // Whole words matched (ranks 0–2) before names that merely contain the letters (3).
      const rank = key.startsWith(q) ? 0 : (' ' + key).includes(' ' + q) ? 1 : words.every((w) => (' ' + key).includes(' ' + w)) ? 2 : 3;
      ranked.push([rank, entry]);
    }
    const cap = Math.max(0, Math.min(limit, MAX_STREET_MATCHES));
    if (near) {
      // Ranked by distance from the view: the "Saint-Cyprien" on screen before the one across town.
      const found = ranked.map(([rank, entry]) => ({ rank: rank === 3 ? 1 : 0, match: this.nearest(entry, near) }));
      found.sort(
        (a, b) => a.rank - b.rank || a.match.distanceMetres! - b.match.distanceMetres! || a.match.name.localeCompare(b.match.name),
      );
      return found.slice(0, cap).map((f) => f.match);
    }
    ranked.sort((a, b) => a[0] - b[0] || b[1].length - a[1].length || a[1].name.localeCompare(b[1].name));
    return ranked.slice(0, cap).map(([, entry]) => this.describe(entry));
  }

  /** The point of a street nearest to `near` (nodes and shape points; main component preferred). */
  private nearest(entry: NameEntry, near: readonly [number, number]): StreetMatch {
    const g = this.graph;
    const [x0, y0] = near;
    const k = Math.cos((y0 * Math.PI) / 180);
    let best = Infinity;
    let bx = 0;
    let by = 0;
    const consider = (x: number, y: number, main: boolean) => {
      // Equirectangular squared distance (degrees of latitude): plenty to rank points within a city.
      const d = ((x - x0) * k) ** 2 + (y - y0) ** 2 + (main ? 0 : 1);
      if (d < best) {
        best = d;
        bx = x;
        by = y;
      }
    };
    for (const e of entry.edges) {
      const main = g.component[g.edgeFrom[e]] === 0;
      consider(graphDegrees(g.nodeLon[g.edgeFrom[e]]), graphDegrees(g.nodeLat[g.edgeFrom[e]]), main);
      consider(graphDegrees(g.nodeLon[g.edgeTo[e]]), graphDegrees(g.nodeLat[g.edgeTo[e]]), main);
      for (let s = g.shapeOffsets[e]; s < g.shapeOffsets[e + 1]; s++)
        consider(graphDegrees(g.shapeLon[s]), graphDegrees(g.shapeLat[s]), main);
    }
    const dx = (bx - x0) * k * 111_195;
    const dy = (by - y0) * 111_195;
    return {
      name: entry.name,
      lon: round6(bx),
      lat: round6(by),
      lengthMetres: Math.round(entry.length),
      distanceMetres: Math.round(Math.hypot(dx, dy)),
      bearingDegrees: Math.round(((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360),
    };
  }

  private describe(entry: NameEntry): StreetMatch {
    const g = this.graph;
    const e = entry.edge;
    // The middle shape point, else the middle of the straight edge.
    const a = g.shapeOffsets[e];
    const b = g.shapeOffsets[e + 1];
    let lon: number;
    let lat: number;
    if (b > a) {
      const mid = a + ((b - a) >> 1);
      lon = graphDegrees(g.shapeLon[mid]);
      lat = graphDegrees(g.shapeLat[mid]);
    } else {
      lon = (graphDegrees(g.nodeLon[g.edgeFrom[e]]) + graphDegrees(g.nodeLon[g.edgeTo[e]])) / 2;
      lat = (graphDegrees(g.nodeLat[g.edgeFrom[e]]) + graphDegrees(g.nodeLat[g.edgeTo[e]])) / 2;
    }
    return { name: entry.name, lon: round6(lon), lat: round6(lat), lengthMetres: Math.round(entry.length) };
  }
}

/** A street polyline for drawing: flat [lon, lat, lon, lat, …] rounded to 1e-6° (≈ 0.1 m). */
export interface StreetPolyline {
  coords: number[];
  /** mapgr road type letter ('c' primary … 'p' pedestrian). */
  roadType: string;
  /** Share of the edge's length seen by any camera (0 … 1), and in the identification tier. */
  seenShare: number;
  identificationShare: number;
  /** The street's name, when asked for (`names`) and the edge has one. */
  name?: string;
}

export interface StreetsInBBox {
  streets: StreetPolyline[];
  /** True when more edges matched than `limit`: the longest were kept. */
  truncated: boolean;
}

/** Most street polylines one answer carries. */
export const MAX_STREETS_PER_ANSWER = 8_000;

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Simplified polylines of the edges meeting `bbox`. `toleranceDeg` drops shape points closer than that
 * to the last kept point (radial-distance simplification: a screen pixel's worth is plenty for drawing).
 */
export function streetsInBBox(
  g: WalkGraph,
  edges: readonly number[],
  limit = MAX_STREETS_PER_ANSWER,
  toleranceDeg = 0,
  names = false,
): StreetsInBBox {
  const cap = Math.max(1, Math.min(limit, MAX_STREETS_PER_ANSWER));
  let chosen = edges as number[];
  const truncated = edges.length > cap;
  if (truncated)
    chosen = edges
      .slice()
      .sort((a, b) => g.edgeLength[b] - g.edgeLength[a])
      .slice(0, cap);
  const tol2 = toleranceDeg * toleranceDeg;
  const streets: StreetPolyline[] = [];
  for (const e of chosen) {
    const coords: number[] = [round6(graphDegrees(g.nodeLon[g.edgeFrom[e]])), round6(graphDegrees(g.nodeLat[g.edgeFrom[e]]))];
    let lx = graphDegrees(g.nodeLon[g.edgeFrom[e]]);
    let ly = graphDegrees(g.nodeLat[g.edgeFrom[e]]);
    for (let k = g.shapeOffsets[e]; k < g.shapeOffsets[e + 1]; k++) {
      const x = graphDegrees(g.shapeLon[k]);
      const y = graphDegrees(g.shapeLat[k]);
      if ((x - lx) ** 2 + (y - ly) ** 2 < tol2) continue;
      coords.push(round6(x), round6(y));
      lx = x;
      ly = y;
    }
    coords.push(round6(graphDegrees(g.nodeLon[g.edgeTo[e]])), round6(graphDegrees(g.nodeLat[g.edgeTo[e]])));
    const L = g.edgeLength[e];
    const base = e * EXPOSURE_STRIDE;
    const seen =
      g.exposure[base + EXPOSURE_IDENTIFICATION] + g.exposure[base + EXPOSURE_RECOGNITION] + g.exposure[base + EXPOSURE_OBSERVATION];
    const street: StreetPolyline = {
      coords,
      roadType: String.fromCharCode(g.edgeRoadType[e] || 113),
      seenShare: L > 0 ? Math.round(Math.min(1, seen / L) * 1000) / 1000 : 0,
      identificationShare: L > 0 ? Math.round(Math.min(1, g.exposure[base + EXPOSURE_IDENTIFICATION] / L) * 1000) / 1000 : 0,
    };
    if (names && g.names[g.edgeName[e]]) street.name = g.names[g.edgeName[e]];
    streets.push(street);
  }
  return { streets, truncated };
}

/** Whether a bbox is too large to draw street by street (degrees²); the page then asks for major roads only. */
export function bboxAreaDeg2(b: BBox): number {
  return (b.east - b.west) * (b.north - b.south);
}
