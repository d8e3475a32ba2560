/**
 * The event-area check: for a drawn polygon, circle or march path —
 * - the cameras that watch it, by kind and by the best coverage tier that reaches it;
 * - the share of its street length seen per tier (walk-graph edges clipped to the area, each piece
 *   profiled by the exposure engine, so the tiers are the same disjoint bands the router uses);
 * - its blind spots: street stretches of at least N metres that no camera sees;
 * - the least-seen way out in each of 8 directions: a route with a high avoidance α from the area's
 *   centroid to a point on a ring just beyond the area's edge.
 *
 * Which cameras "watch" the area is decided with turf on the display polygons (lib/exposure/coverage-polygons,
 * `booleanIntersects`): there is one area, so polygon tests are affordable and match what the map draws.
 * Street metres come from the analytic engine, never from polygon clipping.
 */
import { booleanIntersects, centroid as turfCentroid, destination } from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { coveragePolygons } from '../exposure/coverage-polygons.ts';
import { COVERAGE_TIERS, maxCoverageRadius, type CoverageTier } from '../cameras/coverage.ts';
import { CAMERA_KINDS, type Camera, type CameraKind } from '../cameras/types.ts';
import type { ExposureScorer } from '../exposure/index.ts';
import { haversineMetres, type BBox, type LonLat } from '../geo/index.ts';
import { graphDegrees, type WalkGraph } from '../network/walk-graph.ts';
import { DISCREET_ALPHA, type Router } from '../routing/router.ts';
import { areaPolygon, clipPolylineToArea, polygonRings, ringsBBox, type AreaShape } from './shape.ts';

/** What the report reads: the planning engine's graph, scorer and router (lib/planner/engine.ts). */
export interface AreaContext {
  graph: WalkGraph;
  scorer: ExposureScorer;
  router: Router;
  edgesInBBox(bbox: BBox): number[];
  /** Instant for expiry in the coverage polygons; default now. */
  now?: Date;
}

export interface AreaReportOptions {
  /** Shortest unseen stretch reported as a blind spot, metres. Default 50. */
  blindSpotMinMetres?: number;
  /** How far beyond the area's farthest edge the ways out end, metres. Default 150. */
  exitMarginMetres?: number;
  /** Avoidance α of the ways out. Default DISCREET_ALPHA (64). */
  exitAlpha?: number;
}

export const DEFAULT_BLIND_SPOT_MIN_M = 50;
export const DEFAULT_EXIT_MARGIN_M = 150;
export const EXIT_DIRECTIONS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
export type ExitDirection = (typeof EXIT_DIRECTIONS)[number];

export interface WatchingCamera {
  id: string;
  kind: CameraKind;
  lon: number;
  lat: number;
  /** Best tier whose coverage reaches the area. */
  tier: CoverageTier;
  /** True when the camera stands inside the area. */
  inside: boolean;
  /** Metres of the area's streets this camera sees (any tier). */
  streetMetres: number;
  operatorType: Camera['operatorType'];
  /** Temporary camera's expiry, if any. */
  expires?: string;
}

export interface BlindSpot {
  /** Metres. */
  length: number;
  /** Street names along it (unnamed ways left out). */
  streets: string[];
  lines: LonLat[][];
}

export type WayOut =
  | {
      direction: ExitDirection;
      ok: true;
      /** Where the way out ends (on the ring). */
      end: LonLat;
      length: number;
      exposedMetres: number;
      exposedShare: number;
      identificationMetres: number;
      weighted: number;
      cameraCount: number;
      coordinates: LonLat[];
      /** Street names walked, in order (the walk graph's names; unnamed ways left out). */
      streets: string[];
      /** True for the least-seen way out (smallest weighted exposure) of all directions. */
      best: boolean;
    }
  | { direction: ExitDirection; ok: false; end: LonLat; reason: string };

export interface AreaReport {
  shape: AreaShape['kind'];
  /** The walls its figures were scored with (set by the planner service; absent = 'none', an upper bound). */
  wallSource?: 'mapped' | 'inferred' | 'none';
  polygon: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  centroid: LonLat;
  /** Radius of the ring the ways out end on, metres from the centroid. */
  exitRadiusMetres: number;
  cameras: WatchingCamera[];
  /** Count of watching cameras by kind and by best tier. */
  camerasByKind: Record<CameraKind, Record<CoverageTier, number>>;
  streets: {
    /** Metres of walkable street inside the area. */
    lengthMetres: number;
    /** Metres seen in each (disjoint) tier. */
    seen: Record<CoverageTier, number>;
    unseenMetres: number;
    /** (id + rec + obs) / length, 0 … 1. */
    seenShare: number;
    /** Each tier's metres / length. */
    shareByTier: Record<CoverageTier, number>;
  };
  blindSpots: BlindSpot[];
  blindSpotMinMetres: number;
  waysOut: WayOut[];
  generatedAt: string;
}

/** Builds the report; throws AreaError for a bad or oversized shape. */
export function areaReport(ctx: AreaContext, shape: AreaShape, options: AreaReportOptions = {}): AreaReport {
  const minBlind = options.blindSpotMinMetres ?? DEFAULT_BLIND_SPOT_MIN_M;
  const margin = options.exitMarginMetres ?? DEFAULT_EXIT_MARGIN_M;
  const feature = areaPolygon(shape);
  const rings = polygonRings(feature.geometry);
  const [w, s, e, n] = ringsBBox(rings);
  const g = ctx.graph;

  // 1. Streets inside: clip every edge meeting the area's box, profile each piece.
  const seen: Record<CoverageTier, number> = { identification: 0, recognition: 0, observation: 0 };
  let total = 0;
  const cameraMetres = new Map<string, number>();
  const unseen: Array<{ coords: LonLat[]; name: string; startsAtNode: boolean; endsAtNode: boolean }> = [];
  for (const edge of ctx.edgesInBBox({ west: w, south: s, east: e, north: n })) {
    const coords = edgeCoordinates(g, edge);
    const name = g.names[g.edgeName[edge]] ?? '';
    for (const piece of clipPolylineToArea(coords, rings)) {
      const profile = ctx.scorer.profile(piece);
      total += profile.length;
      seen.identification += profile.metres.identification;
      seen.recognition += profile.metres.recognition;
      seen.observation += profile.metres.observation;
      for (const c of profile.cameras) cameraMetres.set(c.id, (cameraMetres.get(c.id) ?? 0) + c.metres);
      const intervals = profile.cameras.flatMap((c) => c.intervals.map((i) => [i.from, i.to] as [number, number]));
      for (const [from, to] of complement(intervals, profile.length)) {
        unseen.push({
          coords: slice(piece, from, to, profile.length),
          name,
          // Only stretches that reach a graph node can continue on a neighbouring edge.
          startsAtNode: from <= 1e-6 && (samePoint(piece[0], coords[0]) || samePoint(piece[0], coords[coords.length - 1])),
          endsAtNode:
            to >= profile.length - 1e-6 &&
            (samePoint(piece[piece.length - 1], coords[coords.length - 1]) || samePoint(piece[piece.length - 1], coords[0])),
        });
      }
    }
  }
  const seenTotal = Math.min(total, seen.identification + seen.recognition + seen.observation);

  // 2. Cameras whose coverage reaches the area (display polygons, best tier first).
  const pad = maxCoverageRadius(ctx.scorer.config);
  const midLat = (s + n) / 2;
  const dLat = pad / 111_195;
  const dLon = pad / (111_195 * Math.cos((midLat * Math.PI) / 180));
  const near = ctx.scorer.cameras.filter((c) => c.lon >= w - dLon && c.lon <= e + dLon && c.lat >= s - dLat && c.lat <= n + dLat);
  const polys = coveragePolygons(near as Camera[], { config: ctx.scorer.config, now: ctx.now, steps: 32 });
  const bestTier = new Map<string, number>();
  for (const f of polys.features) {
    const t = COVERAGE_TIERS.indexOf(f.properties.tier);
    const known = bestTier.get(f.properties.camera);
    if (known !== undefined && known <= t) continue;
    if (booleanIntersects(f, feature)) bestTier.set(f.properties.camera, t);
  }
  const cameras: WatchingCamera[] = [];
  const camerasByKind = Object.fromEntries(
    CAMERA_KINDS.map((k) => [k, { identification: 0, recognition: 0, observation: 0 }]),
  ) as AreaReport['camerasByKind'];
  for (const c of near) {
    const t = bestTier.get(c.id);
    if (t === undefined) continue;
    const tier = COVERAGE_TIERS[t];
    camerasByKind[c.kind][tier]++;
    cameras.push({
      id: c.id,
      kind: c.kind,
      lon: c.lon,
      lat: c.lat,
      tier,
      inside: insideArea(rings, c.lon, c.lat),
      streetMetres: cameraMetres.get(c.id) ?? 0,
      operatorType: c.operatorType,
      ...(c.expires ? { expires: c.expires } : {}),
    });
  }
  cameras.sort(
    (a, b) =>
      COVERAGE_TIERS.indexOf(a.tier) - COVERAGE_TIERS.indexOf(b.tier) || b.streetMetres - a.streetMetres || a.id.localeCompare(b.id),
  );

  // 3. Blind spots: unseen stretches chained through graph nodes where exactly two meet.
  const blindSpots = chainBlindSpots(unseen)
    .filter((b) => b.length >= minBlind)
    .sort((a, b) => b.length - a.length);

  // 4. Ways out.
  const c =
    feature.geometry.type === 'Polygon' && shape.kind === 'circle' ? shape.center : (turfCentroid(feature).geometry.coordinates as LonLat);
  const centre: LonLat = [c[0], c[1]];
  let far = 0;
  for (const ring of rings) for (const [x, y] of ring) far = Math.max(far, haversineMetres(centre[0], centre[1], x, y));
  const exitRadius = far + margin;
  const waysOut = planWaysOut(ctx.router, centre, exitRadius, options.exitAlpha ?? DISCREET_ALPHA);

  return {
    shape: shape.kind,
    polygon: feature.geometry,
    centroid: centre,
    exitRadiusMetres: exitRadius,
    cameras,
    camerasByKind,
    streets: {
      lengthMetres: total,
      seen,
      unseenMetres: Math.max(0, total - seenTotal),
      seenShare: total > 0 ? seenTotal / total : 0,
      shareByTier: {
        identification: total > 0 ? seen.identification / total : 0,
        recognition: total > 0 ? seen.recognition / total : 0,
        observation: total > 0 ? seen.observation / total : 0,
      },
    },
    blindSpots,
    blindSpotMinMetres: minBlind,
    waysOut,
    generatedAt: (ctx.now ?? new Date()).toISOString(),
  };
}

function insideArea(rings: LonLat[][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}

function planWaysOut(router: Router, centre: LonLat, radius: number, alpha: number): WayOut[] {
  const out: WayOut[] = [];
  EXIT_DIRECTIONS.forEach((direction, i) => {
    const bearing = i * 45;
    let end = destination(centre, radius / 1000, bearing, { units: 'kilometers' }).geometry.coordinates as LonLat;
    let outcome = router.route({ from: centre, to: end, alpha, maxDetour: 1 });
    // The ring point may fall in a river or a park: try a little farther out once.
    if (!outcome.ok && outcome.point === 'to') {
      end = destination(centre, (radius + 100) / 1000, bearing, { units: 'kilometers' }).geometry.coordinates as LonLat;
      outcome = router.route({ from: centre, to: end, alpha, maxDetour: 1 });
    }
    const e: LonLat = [end[0], end[1]];
    if (!outcome.ok) {
      out.push({ direction, ok: false, end: e, reason: outcome.message });
      return;
    }
    const r = outcome.discreet;
    out.push({
      direction,
      ok: true,
      end: e,
      length: r.length,
      exposedMetres: r.exposedMetres,
      exposedShare: r.exposedShare,
      identificationMetres: r.exposure.identification,
      weighted: r.exposure.weighted,
      cameraCount: r.cameras?.length ?? 0,
      coordinates: r.coordinates,
      streets: r.streets,
      best: false,
    });
  });
  let best: (WayOut & { ok: true }) | null = null;
  for (const w of out)
    if (w.ok && (!best || w.weighted < best.weighted || (w.weighted === best.weighted && w.length < best.length))) best = w;
  if (best) best.best = true;
  return out;
}

/** Edge e's polyline, degrees. */
function edgeCoordinates(g: WalkGraph, e: number): LonLat[] {
  const out: LonLat[] = [[graphDegrees(g.nodeLon[g.edgeFrom[e]]), graphDegrees(g.nodeLat[g.edgeFrom[e]])]];
  for (let k = g.shapeOffsets[e]; k < g.shapeOffsets[e + 1]; k++) out.push([graphDegrees(g.shapeLon[k]), graphDegrees(g.shapeLat[k])]);
  out.push([graphDegrees(g.nodeLon[g.edgeTo[e]]), graphDegrees(g.nodeLat[g.edgeTo[e]])]);
  return out;
}

const samePoint = (a: LonLat, b: LonLat) => Math.abs(a[0] - b[0]) < 1e-9 && Math.abs(a[1] - b[1]) < 1e-9;

/** The parts of [0, length] no interval covers. */
export function complement(intervals: Array<[number, number]>, length: number): Array<[number, number]> {
  const sorted = intervals.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]).sort((p, q) => p[0] - q[0]);
  const gaps: Array<[number, number]> = [];
  let reach = 0;
  for (const [a, b] of sorted) {
    if (a > reach + 1e-6) gaps.push([reach, a]);
    reach = Math.max(reach, b);
  }
  if (length > reach + 1e-6) gaps.push([reach, length]);
  return gaps;
}

/** The stretch [from, to] (metres along, on the scale where the whole line measures `length`). */
function slice(coords: readonly LonLat[], from: number, to: number, length: number): LonLat[] {
  const cum = [0];
  for (let i = 1; i < coords.length; i++)
    cum.push(cum[i - 1] + haversineMetres(coords[i - 1][0], coords[i - 1][1], coords[i][0], coords[i][1]));
  const total = cum[cum.length - 1];
  const k = length > 0 ? total / length : 1;
  const at = (m: number): LonLat => {
    const d = Math.max(0, Math.min(total, m * k));
    let i = 1;
    while (i < cum.length - 1 && cum[i] < d) i++;
    const seg = cum[i] - cum[i - 1];
    const t = seg > 0 ? (d - cum[i - 1]) / seg : 0;
    return [coords[i - 1][0] + t * (coords[i][0] - coords[i - 1][0]), coords[i - 1][1] + t * (coords[i][1] - coords[i - 1][1])];
  };
  const out: LonLat[] = [at(from)];
  for (let i = 1; i < coords.length - 1; i++) if (cum[i] > from * k && cum[i] < to * k) out.push(coords[i]);
  out.push(at(to));
  return out;
}

/**
 * Joins unseen stretches end to end where exactly two of them meet at a graph node (a street continuing
 * through a node unseen), so a 120 m blind street cut into three edges is one 120 m blind spot.
 */
function chainBlindSpots(stretches: Array<{ coords: LonLat[]; name: string; startsAtNode: boolean; endsAtNode: boolean }>): BlindSpot[] {
  const parent = stretches.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const ends = new Map<string, number[]>();
  const key = (p: LonLat) => `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
  stretches.forEach((st, i) => {
    if (st.startsAtNode) (ends.get(key(st.coords[0])) ?? ends.set(key(st.coords[0]), []).get(key(st.coords[0]))!).push(i);
    const last = st.coords[st.coords.length - 1];
    if (st.endsAtNode) (ends.get(key(last)) ?? ends.set(key(last), []).get(key(last))!).push(i);
  });
  for (const list of ends.values()) if (list.length === 2) parent[find(list[0])] = find(list[1]);
  const groups = new Map<number, BlindSpot>();
  stretches.forEach((st, i) => {
    const root = find(i);
    const g = groups.get(root) ?? { length: 0, streets: [], lines: [] };
    let len = 0;
    for (let k = 1; k < st.coords.length; k++)
      len += haversineMetres(st.coords[k - 1][0], st.coords[k - 1][1], st.coords[k][0], st.coords[k][1]);
    g.length += len;
    g.lines.push(st.coords);
    if (st.name && !g.streets.includes(st.name)) g.streets.push(st.name);
    groups.set(root, g);
  });
  return [...groups.values()];
}
