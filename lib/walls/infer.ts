/**
 * Walls inferred from the street network alone, for places where OpenStreetMap has no building footprints.
 *
 * 1. The walk graph's polylines are noded (split where they cross or touch) in a local metric frame, with
 *    duplicate pieces merged (the widest road type wins), so the result is a planar graph.
 * 2. A face walk (interior on the left) gives the bounded faces: the blocks between streets.
 * 3. Each face is shrunk by the half-width of each street on its boundary (HALF_WIDTH_M; a mitred inset
 *    with square caps at dead ends and edge collapse), then classified by the rules below.
 * 4. The shrunk rings of the solid faces are walls for the exact occlusion engine (lib/exposure).
 *
 * Rules (docs/coverage-model.md gives the measurements behind them):
 * - `large`: faces over `maxAreaM2` are parks, rail yards, water — open ground;
 * - `square`: faces enclosed only by pedestrian ways are open squares — unless roads run alongside most of
 *   their boundary (within 12 m): then the footways are sidewalks drawn apart, and the face is a block;
 * - `thin`: faces that vanish when shrunk (a sidewalk strip beside its road, a traffic island);
 * - `streets-inside`: a walkable point inside the shrunk face (another component, a courtyard path) — open,
 *   because a wall must never hide a street;
 * - `camera`: a camera deeper than `cameraDepthM` inside is open ground (or the graph misses a street there);
 * - `invalid`: the inset failed its checks (self-intersecting, or a wall too close to a street) — dropped;
 * - `solid`: everything else.
 *
 * Deterministic whatever the edge order: the noding is computed on canonically ordered segments, duplicate
 * pieces merge by max, faces come out rotated to their smallest vertex and sorted.
 */
import Flatbush from 'flatbush';
import { polygon, unkinkPolygon } from '@turf/turf';
import { LocalFrame } from '../geo/index.ts';
import { FlatbushScratch } from '../geo/flatbush-search.ts';
import type { WalkGraph } from '../network/walk-graph.ts';
import { HALF_WIDTH_M, PEDESTRIAN_TYPES, halfWidthOf } from './widths.ts';

export type FaceStatus = 'solid' | 'large' | 'square' | 'thin' | 'streets-inside' | 'camera' | 'invalid';
export const FACE_STATUSES: readonly FaceStatus[] = ['solid', 'large', 'square', 'thin', 'streets-inside', 'camera', 'invalid'];

export interface WallInferenceOptions {
  /** Half-width per road-type character (metres). Default HALF_WIDTH_M. */
  halfWidths?: Readonly<Record<string, number>>;
  /** Faces larger than this (m², before shrinking) are open ground. Default 40,000 (4 ha). */
  maxAreaM2?: number;
  /** Shrunk faces smaller than this (m²) vanish. Default 40. */
  minAreaM2?: number;
  /** Shrunk faces thinner than this (2 × area / perimeter, metres) vanish. Default 2. */
  minThicknessM?: number;
  /** Faces enclosed only by pedestrian ways (not sidewalk-lined) are open squares. Default false: measured on London, Porto and Monaco it opened more real blocks (old-town pedestrian streets) than squares; squares with cameras are opened by the camera rule. */
  pedestrianSquares?: boolean;
  /** A camera further than this inside a shrunk face (metres) makes it open. Default 8. */
  cameraDepthM?: number;
  /** Camera positions (degrees), for the `camera` rule. */
  cameras?: ReadonlyArray<{ lon: number; lat: number }>;
  /** Return every face with its ring (for fixtures and viewing). Default true; the pipeline only needs the walls. */
  keepFaces?: boolean;
  /** Give up (no walls, a warning) beyond this many segment-pair tests. Default 50 million. */
  maxPairTests?: number;
}

export const DEFAULT_WALL_OPTIONS = {
  maxAreaM2: 40_000,
  minAreaM2: 40,
  minThicknessM: 2,
  pedestrianSquares: false,
  cameraDepthM: 8,
  maxPairTests: 50_000_000,
} as const;

/**
 * How far from a camera inferred walls are ignored (metres): a camera is mapped on the façade, or on a pole
 * at the kerb, anywhere within a few metres of where the shrunk face's edge falls; the wall it hangs on must
 * not hide the street it faces. Equal to the default `cameraDepthM`, so a camera is either near enough its
 * face's edge to see out, or deep enough to open the face.
 */
export const INFERRED_MOUNT_TOLERANCE_M = 8;

export interface InferredFace {
  /** The face as the streets draw it: a closed ring of [lon, lat], counter-clockwise. */
  ring: Array<[number, number]>;
  /** The face shrunk by the streets' half-widths: one or more closed rings (a pinched face splits). */
  shrunk?: Array<Array<[number, number]>>;
  /** Area of the face before shrinking (m²). */
  areaM2: number;
  status: FaceStatus;
}

export interface InferredWalls {
  /** Closed rings of [lon, lat] (first point repeated last): the solid faces, ready for buildingIndexFromFootprints. */
  rings: Array<Array<[number, number]>>;
  faces: InferredFace[];
  counts: Record<FaceStatus, number>;
  /** Problems met (bad coordinates, nothing closed, gave up); the walls are still usable (maybe none). */
  warnings: string[];
}

/** A wall corner may come this share of a street's half-width close to it (the mitred inset with edge collapse can cut a corner; the half-widths are estimates anyway). */
const INTRUSION_SHARE = 0.6;
/** A footway with a road this close (metres) is a sidewalk, not the edge of a square. */
const SIDEWALK_GAP_M = 12;
const SNAP = 100; // coordinates snapped to 1 cm
const EPS = 0.02; // metres: points this close to a segment lie on it

/** Walls from a walk graph (see the module comment). Never throws on odd geometry: warns and returns fewer walls. */
export function inferWalls(graph: WalkGraph, options: WallInferenceOptions = {}): InferredWalls {
  const opts = { ...DEFAULT_WALL_OPTIONS, ...options };
  const table = options.halfWidths ?? HALF_WIDTH_M;
  const warnings: string[] = [];
  const counts = Object.fromEntries(FACE_STATUSES.map((s) => [s, 0])) as Record<FaceStatus, number>;
  const empty = (): InferredWalls => ({ rings: [], faces: [], counts, warnings });

  // 1. Segments in a local frame, each with its half-width and whether it is a pedestrian way.
  const b = graph.bbox;
  const lon0 = Number.isFinite(b.west + b.east) ? (b.west + b.east) / 2 : 0;
  const lat0 = Number.isFinite(b.south + b.north) ? Math.max(-85, Math.min(85, (b.south + b.north) / 2)) : 0;
  const frame = new LocalFrame(lon0, lat0);
  const sx1: number[] = [], sy1: number[] = [], sx2: number[] = [], sy2: number[] = [], shw: number[] = [], sped: boolean[] = [];
  let badPoints = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    const hw = halfWidthOf(graph.edgeRoadType[e], table);
    const ped = PEDESTRIAN_TYPES.has(graph.edgeRoadType[e]);
    const a = graph.shapeOffsets[e];
    const z = graph.shapeOffsets[e + 1];
    let px = NaN, py = NaN;
    for (let k = -1; k <= z - a; k++) {
      const lon = k < 0 ? graph.nodeLon[graph.edgeFrom[e]] : k === z - a ? graph.nodeLon[graph.edgeTo[e]] : graph.shapeLon[a + k];
      const lat = k < 0 ? graph.nodeLat[graph.edgeFrom[e]] : k === z - a ? graph.nodeLat[graph.edgeTo[e]] : graph.shapeLat[a + k];
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
        badPoints++;
        continue;
      }
      const x = Math.round(frame.x(lon) * SNAP) / SNAP;
      const y = Math.round(frame.y(lat) * SNAP) / SNAP;
      if (Number.isFinite(px) && (x !== px || y !== py)) {
        // Canonical direction: smaller (x, y) first, so a reversed duplicate is the same segment.
        const fwd = px < x || (px === x && py < y);
        sx1.push(fwd ? px : x); sy1.push(fwd ? py : y); sx2.push(fwd ? x : px); sy2.push(fwd ? y : py);
        shw.push(hw);
        sped.push(ped);
      }
      px = x;
      py = y;
    }
  }
  if (badPoints) warnings.push(`${badPoints} street point(s) with invalid coordinates skipped`);
  const ns = sx1.length;
  if (ns < 3) {
    warnings.push('too few street segments to enclose any block: no walls');
    return empty();
  }
  const segIndex = new Flatbush(ns);
  for (let i = 0; i < ns; i++) {
    segIndex.add(Math.min(sx1[i], sx2[i]), Math.min(sy1[i], sy2[i]), Math.max(sx1[i], sx2[i]), Math.max(sy1[i], sy2[i]));
  }
  segIndex.finish();
  const scratch = new FlatbushScratch();

  // 2. Noding: split points per segment (parameter t along it, and the point).
  const splits: Array<number[] | undefined> = new Array(ns);
  const addSplit = (i: number, x: number, y: number) => {
    const dx = sx2[i] - sx1[i], dy = sy2[i] - sy1[i];
    const t = ((x - sx1[i]) * dx + (y - sy1[i]) * dy) / (dx * dx + dy * dy);
    if (!(t > 0 && t < 1)) return;
    (splits[i] ??= []).push(t, x, y);
  };
  let pairTests = 0;
  for (let i = 0; i < ns; i++) {
    const n = scratch.search(
      segIndex,
      Math.min(sx1[i], sx2[i]) - EPS, Math.min(sy1[i], sy2[i]) - EPS,
      Math.max(sx1[i], sx2[i]) + EPS, Math.max(sy1[i], sy2[i]) + EPS,
    );
    pairTests += n;
    if (pairTests > opts.maxPairTests) {
      warnings.push(`street network too tangled (over ${opts.maxPairTests} segment pairs): no walls`);
      return empty();
    }
    for (let q = 0; q < n; q++) {
      const j = scratch.ids[q];
      if (j <= i) continue;
      // Canonical pair order, so the computed crossing does not depend on which segment came first.
      const before = sx1[i] < sx1[j] || (sx1[i] === sx1[j] && (sy1[i] < sy1[j] || (sy1[i] === sy1[j] && (sx2[i] < sx2[j] || (sx2[i] === sx2[j] && sy2[i] <= sy2[j])))));
      const a = before ? i : j;
      const c = before ? j : i;
      nodePair(a, c);
    }
  }
  function nodePair(i: number, j: number): void {
    const ax = sx1[i], ay = sy1[i], bx = sx2[i], by = sy2[i];
    const cx = sx1[j], cy = sy1[j], dx2 = sx2[j], dy2 = sy2[j];
    const d1x = bx - ax, d1y = by - ay, d2x = dx2 - cx, d2y = dy2 - cy;
    const l1 = Math.hypot(d1x, d1y), l2 = Math.hypot(d2x, d2y);
    const den = d1x * d2y - d1y * d2x;
    if (Math.abs(den) > 1e-9 * l1 * l2) {
      const t = ((cx - ax) * d2y - (cy - ay) * d2x) / den;
      const u = ((cx - ax) * d1y - (cy - ay) * d1x) / den;
      const e1 = EPS / l1, e2 = EPS / l2;
      if (t < -e1 || t > 1 + e1 || u < -e2 || u > 1 + e2) return;
      // Touching at an end point: split the other segment at that exact end point.
      if (t <= e1) return void addSplit(j, ax, ay);
      if (t >= 1 - e1) return void addSplit(j, bx, by);
      if (u <= e2) return void addSplit(i, cx, cy);
      if (u >= 1 - e2) return void addSplit(i, dx2, dy2);
      const x = Math.round((ax + t * d1x) * SNAP) / SNAP;
      const y = Math.round((ay + t * d1y) * SNAP) / SNAP;
      addSplit(i, x, y);
      addSplit(j, x, y);
      return;
    }
    // Parallel: overlapping collinear pieces split each other at their end points.
    const dist = Math.abs((cx - ax) * d1y - (cy - ay) * d1x) / l1;
    if (dist > EPS) return;
    addSplit(i, cx, cy);
    addSplit(i, dx2, dy2);
    addSplit(j, ax, ay);
    addSplit(j, bx, by);
  }

  // 3. Planar edges between snapped vertices; duplicates merge (widest half-width, pedestrian only if all are).
  // Vertices keyed by their centimetre grid cell: one number when the frame coordinates fit (±670 km),
  // a string otherwise (a graph spanning the globe, only ever seen in fuzzing).
  const vertexOf = new Map<number | string, number>();
  const vx: number[] = [], vy: number[] = [];
  const LIM = 2 ** 26;
  const vertex = (x: number, y: number) => {
    const xi = Math.round(x * SNAP), yi = Math.round(y * SNAP);
    const key = Math.abs(xi) < LIM && Math.abs(yi) < LIM ? (xi + LIM) * 2 * LIM + (yi + LIM) : `${xi},${yi}`;
    let v = vertexOf.get(key);
    if (v === undefined) {
      v = vx.length;
      vertexOf.set(key, v);
      vx.push(xi / SNAP);
      vy.push(yi / SNAP);
    }
    return v;
  };
  const edgeOf = new Map<number, number>();
  const ea: number[] = [], eb: number[] = [], ehw: number[] = [], eped: boolean[] = [];
  let duplicates = 0;
  const addEdge = (u: number, v: number, hw: number, ped: boolean) => {
    if (u === v) return;
    const key = u < v ? u * 2 ** 26 + v : v * 2 ** 26 + u; // vertex ids stay far below 2^26
    const k = edgeOf.get(key);
    if (k !== undefined) {
      duplicates++;
      ehw[k] = Math.max(ehw[k], hw);
      eped[k] = eped[k] && ped;
      return;
    }
    edgeOf.set(key, ea.length);
    ea.push(u); eb.push(v); ehw.push(hw); eped.push(ped);
  };
  for (let i = 0; i < ns; i++) {
    const s = splits[i];
    let prev = vertex(sx1[i], sy1[i]);
    if (s) {
      const order = [...Array(s.length / 3).keys()].sort((p, q) => s[3 * p] - s[3 * q]);
      for (const k of order) {
        const v = vertex(s[3 * k + 1], s[3 * k + 2]);
        addEdge(prev, v, shw[i], sped[i]);
        prev = v;
      }
    }
    addEdge(prev, vertex(sx2[i], sy2[i]), shw[i], sped[i]);
  }
  if (duplicates > 0) warnings.push(`${duplicates} duplicate street piece(s) merged`);
  const nv = vx.length;
  const ne = ea.length;

  // 4. Half-edges sorted by angle around each vertex (ties by length: deterministic), then the face walk.
  const deg = new Int32Array(nv + 1);
  for (let k = 0; k < ne; k++) {
    deg[ea[k] + 1]++;
    deg[eb[k] + 1]++;
  }
  for (let v = 0; v < nv; v++) deg[v + 1] += deg[v];
  const out = new Int32Array(2 * ne);
  const fill = deg.slice(0, nv);
  for (let k = 0; k < ne; k++) {
    out[fill[ea[k]]++] = 2 * k; // ea → eb
    out[fill[eb[k]]++] = 2 * k + 1; // eb → ea
  }
  const origin = (h: number) => (h & 1 ? eb[h >> 1] : ea[h >> 1]);
  const dest = (h: number) => (h & 1 ? ea[h >> 1] : eb[h >> 1]);
  const angle = new Float64Array(2 * ne);
  for (let h = 0; h < 2 * ne; h++) angle[h] = Math.atan2(vy[dest(h)] - vy[origin(h)], vx[dest(h)] - vx[origin(h)]);
  const pos = new Int32Array(2 * ne);
  for (let v = 0; v < nv; v++) {
    // Insertion sort in place: a vertex has a handful of half-edges.
    const a = deg[v], z = deg[v + 1];
    for (let i = a + 1; i < z; i++) {
      const h = out[i];
      let k = i - 1;
      while (k >= a && halfEdgeAfter(out[k], h)) {
        out[k + 1] = out[k];
        k--;
      }
      out[k + 1] = h;
    }
    for (let i = a; i < z; i++) pos[out[i]] = i - a;
  }
  function halfEdgeAfter(p: number, q: number): boolean {
    const d = angle[p] - angle[q] || vx[dest(p)] - vx[dest(q)] || vy[dest(p)] - vy[dest(q)];
    return d > 0;
  }
  const next = (h: number) => {
    const v = dest(h);
    const d = deg[v + 1] - deg[v];
    const k = pos[h ^ 1];
    return out[deg[v] + ((k - 1 + d) % d)];
  };

  // Walking points (graph vertices and shape points) for the `streets-inside` rule.
  const pointIndex = new Flatbush(Math.max(1, nv));
  for (let v = 0; v < nv; v++) pointIndex.add(vx[v], vy[v], vx[v], vy[v]);
  if (nv === 0) pointIndex.add(0, 0, 0, 0);
  pointIndex.finish();
  const camX: number[] = [], camY: number[] = [];
  for (const c of opts.cameras ?? []) {
    if (!Number.isFinite(c.lon) || !Number.isFinite(c.lat)) continue;
    camX.push(frame.x(c.lon));
    camY.push(frame.y(c.lat));
  }
  const camIndex = new Flatbush(Math.max(1, camX.length));
  for (let i = 0; i < camX.length; i++) camIndex.add(camX[i], camY[i], camX[i], camY[i]);
  if (camX.length === 0) camIndex.add(1e12, 1e12, 1e12, 1e12);
  camIndex.finish();

  const visited = new Uint8Array(2 * ne);
  const faces: Array<{ xs: number[]; ys: number[]; hw: number[]; ped: boolean[]; area: number; verts: number[] }> = [];
  for (let h0 = 0; h0 < 2 * ne; h0++) {
    if (visited[h0]) continue;
    const verts: number[] = [];
    const hw: number[] = [];
    const ped: boolean[] = [];
    let h = h0;
    let area = 0;
    let guard = 0;
    do {
      visited[h] = 1;
      const u = origin(h), v = dest(h);
      verts.push(u);
      hw.push(ehw[h >> 1]);
      ped.push(eped[h >> 1]);
      area += vx[u] * vy[v] - vx[v] * vy[u];
      h = next(h);
      if (++guard > 2 * ne) break; // cannot happen (next is a permutation); a guard against a hang all the same
    } while (h !== h0);
    area /= 2;
    if (area > 1e-6) faces.push({ xs: verts.map((v) => vx[v]), ys: verts.map((v) => vy[v]), hw, ped, area, verts });
  }

  // 5. Classify and shrink each face.
  const keepFaces = options.keepFaces ?? true;
  const order: Array<{ x: number; y: number; n: number; face: InferredFace }> = [];
  const toRing = (xs: number[], ys: number[]): Array<[number, number]> => {
    const r = xs.map((x, i) => [round7(frame.lon(x)), round7(frame.lat(ys[i]))] as [number, number]);
    r.push([r[0][0], r[0][1]]);
    return r;
  };
  for (const f of faces) {
    rotateToSmallest(f);
    const face: InferredFace = { ring: keepFaces ? toRing(f.xs, f.ys) : [], areaM2: round2(f.area), status: 'solid' };
    order.push({ x: f.xs[0], y: f.ys[0], n: f.xs.length, face });
    if (f.area > opts.maxAreaM2) {
      face.status = 'large';
      continue;
    }
    if (opts.pedestrianSquares && f.ped.every(Boolean) && sidewalkShare(f.xs, f.ys) < 0.5) {
      face.status = 'square';
      continue;
    }
    const inset = insetRing(f.xs, f.ys, f.hw);
    if (!inset) {
      face.status = 'thin';
      continue;
    }
    // A self-intersecting inset (a neck of the face pinched shut, a dead end's cap crossing the far side) is
    // split into simple pieces; the pieces that keep clear of every street are the face's walls.
    const simple = ringIsSimple(inset.x, inset.y);
    const pieces = simple ? [inset] : unkink(inset.x, inset.y);
    const kept: Array<{ x: number[]; y: number[] }> = [];
    let rejected = !simple && pieces.length === 0;
    for (const piece of pieces) {
      if (ringArea(piece.x, piece.y) < 0) {
        piece.x.reverse();
        piece.y.reverse();
      }
      const a = ringArea(piece.x, piece.y);
      const per = ringPerimeter(piece.x, piece.y);
      if (!(a >= opts.minAreaM2) || !((2 * a) / per >= opts.minThicknessM)) continue;
      if (intrudes(piece.x, piece.y) || !pointInRing(piece.x[0], piece.y[0], f.xs, f.ys)) {
        rejected = true;
        continue;
      }
      kept.push(piece);
    }
    if (kept.length === 0) {
      face.status = rejected ? 'invalid' : 'thin';
      continue;
    }
    face.shrunk = kept.map((k) => toRing(k.x, k.y));
    if (kept.some((k) => anyInside(pointIndex, vx, vy, k.x, k.y, 0))) {
      face.status = 'streets-inside';
      continue;
    }
    if (camX.length && kept.some((k) => anyInside(camIndex, camX, camY, k.x, k.y, opts.cameraDepthM))) {
      face.status = 'camera';
      continue;
    }
  }

  /**
   * Share of a face's boundary length that has a road (not a pedestrian way) within SIDEWALK_GAP_M: a block
   * ringed by sidewalks drawn as footways has its roads just outside; an open square does not.
   */
  function sidewalkShare(xs: number[], ys: number[]): number {
    let along = 0;
    let total = 0;
    const m = xs.length;
    for (let k = 0; k < m; k++) {
      const x1 = xs[k], y1 = ys[k], x2 = xs[(k + 1) % m], y2 = ys[(k + 1) % m];
      const l = Math.hypot(x2 - x1, y2 - y1);
      total += l;
      const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      const n = scratch.search(segIndex, mx - SIDEWALK_GAP_M, my - SIDEWALK_GAP_M, mx + SIDEWALK_GAP_M, my + SIDEWALK_GAP_M);
      for (let q = 0; q < n; q++) {
        const s = scratch.ids[q];
        if (!sped[s] && pointSegmentDistance(mx, my, sx1[s], sy1[s], sx2[s], sy2[s]) < SIDEWALK_GAP_M) {
          along += l;
          break;
        }
      }
    }
    return total > 0 ? along / total : 0;
  }

  /** True when a wall of the shrunk ring crosses a street, or a corner sits inside a street's half-width. */
  function intrudes(xs: number[], ys: number[]): boolean {
    const m = xs.length;
    for (let k = 0; k < m; k++) {
      const x1 = xs[k], y1 = ys[k], x2 = xs[(k + 1) % m], y2 = ys[(k + 1) % m];
      const pad = 15;
      const n = scratch.search(segIndex, Math.min(x1, x2) - pad, Math.min(y1, y2) - pad, Math.max(x1, x2) + pad, Math.max(y1, y2) + pad);
      for (let q = 0; q < n; q++) {
        const s = scratch.ids[q];
        if (segmentsCross(x1, y1, x2, y2, sx1[s], sy1[s], sx2[s], sy2[s])) return true;
        if (pointSegmentDistance(x1, y1, sx1[s], sy1[s], sx2[s], sy2[s]) < INTRUSION_SHARE * shw[s]) return true;
      }
    }
    return false;
  }

  order.sort((p, q) => p.x - q.x || p.y - q.y || p.face.areaM2 - q.face.areaM2 || p.n - q.n);
  const result = order.map((o) => o.face);
  for (const face of result) counts[face.status]++;
  const rings = result.filter((f) => f.status === 'solid').flatMap((f) => f.shrunk!);
  if (faces.length === 0) warnings.push('the street network encloses no block: no walls');
  return { rings, faces: keepFaces ? result : [], counts, warnings };
}

/** Rotate a face so it starts at its smallest (x, y) vertex: the same face whatever edge the walk began on. */
function rotateToSmallest(f: { xs: number[]; ys: number[]; hw: number[]; ped: boolean[]; verts: number[] }): void {
  let best = 0;
  for (let i = 1; i < f.xs.length; i++) {
    if (f.xs[i] < f.xs[best] || (f.xs[i] === f.xs[best] && f.ys[i] < f.ys[best])) best = i;
  }
  if (best === 0) return;
  const rot = <T>(a: T[]) => a.slice(best).concat(a.slice(0, best));
  f.xs = rot(f.xs); f.ys = rot(f.ys); f.hw = rot(f.hw); f.ped = rot(f.ped); f.verts = rot(f.verts);
}

/**
 * Inset of a counter-clockwise ring (edge k from point k to point k+1, moved left by hw[k] metres): mitred
 * joins at corners, square caps at dead ends and sharp reflex corners (so a dead-end street keeps its full
 * width to its end), and edges whose offset turns back are removed and the neighbours re-joined. Returns
 * null when the face collapses.
 */
export function insetRing(xs: number[], ys: number[], hw: number[]): { x: number[]; y: number[] } | null {
  const n = xs.length;
  // Unit direction of each edge, dropping zero-length ones.
  let active: number[] = [];
  const dx: number[] = [], dy: number[] = [];
  for (let k = 0; k < n; k++) {
    const ex = xs[(k + 1) % n] - xs[k], ey = ys[(k + 1) % n] - ys[k];
    const l = Math.hypot(ex, ey);
    dx.push(l > 0 ? ex / l : 0);
    dy.push(l > 0 ? ey / l : 0);
    if (l > 0) active.push(k);
  }
  for (let iter = 0; iter <= n; iter++) {
    const m = active.length;
    if (m < 3) return null;
    // Joint between active[i] and active[i+1]: one point (mitre) or two (cap / step).
    const jx: number[][] = [], jy: number[][] = [];
    for (let i = 0; i < m; i++) {
      const a = active[i], c = active[(i + 1) % m];
      const ha = hw[a], hc = hw[c];
      const ax = xs[(a + 1) % n] + -dy[a] * ha, ay = ys[(a + 1) % n] + dx[a] * ha; // end of a, offset
      const cx = xs[c] + -dy[c] * hc, cy = ys[c] + dx[c] * hc; // start of c, offset
      const cr = dx[a] * dy[c] - dy[a] * dx[c];
      const dt = dx[a] * dx[c] + dy[a] * dy[c];
      if (Math.abs(cr) < 1e-6 && dt > 0) {
        jx.push(ha === hc ? [ax] : [ax, cx]);
        jy.push(ha === hc ? [ay] : [ay, cy]);
      } else if ((cr > 1e-6) || (cr <= 1e-6 && dt > -0.5 && Math.abs(cr) >= 1e-6)) {
        const s = ((cx - ax) * dy[c] - (cy - ay) * dx[c]) / cr;
        jx.push([ax + s * dx[a]]);
        jy.push([ay + s * dy[a]]);
      } else {
        const px = (xs[(a + 1) % n] + xs[c]) / 2, py = (ys[(a + 1) % n] + ys[c]) / 2;
        jx.push([px - dy[a] * ha + dx[a] * ha, px - dy[c] * hc - dx[c] * hc]);
        jy.push([py + dx[a] * ha + dy[a] * ha, py + dx[c] * hc - dy[c] * hc]);
      }
    }
    const keep: number[] = [];
    for (let i = 0; i < m; i++) {
      const a = active[i];
      const s = jx[(i - 1 + m) % m], sy = jy[(i - 1 + m) % m];
      const sx0 = s[s.length - 1], sy0 = sy[sy.length - 1];
      const ex = jx[i][0], ey = jy[i][0];
      if (!((ex - sx0) * dx[a] + (ey - sy0) * dy[a] < -1e-9)) keep.push(a);
    }
    if (keep.length === m) {
      const x: number[] = [], y: number[] = [];
      for (let i = 0; i < m; i++) {
        for (let k = 0; k < jx[i].length; k++) {
          if (!Number.isFinite(jx[i][k]) || !Number.isFinite(jy[i][k])) return null;
          x.push(jx[i][k]);
          y.push(jy[i][k]);
        }
      }
      return x.length >= 3 ? { x, y } : null;
    }
    active = keep;
  }
  return null;
}

/** Simple pieces of a self-intersecting open ring (turf's unkinkPolygon, used on planar metres). */
function unkink(xs: number[], ys: number[]): Array<{ x: number[]; y: number[] }> {
  const ring = xs.map((x, i) => [x, ys[i]]);
  ring.push([xs[0], ys[0]]);
  try {
    return unkinkPolygon(polygon([ring])).features.map((f) => {
      const r = f.geometry.coordinates[0].slice(0, -1);
      return { x: r.map((p) => p[0]), y: r.map((p) => p[1]) };
    });
  } catch {
    return [];
  }
}

/** Signed area (m², positive counter-clockwise) of an open ring. */
export function ringArea(xs: number[], ys: number[]): number {
  let a = 0;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) a += xs[j] * ys[i] - xs[i] * ys[j];
  return a / 2;
}

function ringPerimeter(xs: number[], ys: number[]): number {
  let p = 0;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) p += Math.hypot(xs[i] - xs[j], ys[i] - ys[j]);
  return p;
}

/** No two non-adjacent edges of the ring cross or touch. O(n²): shrunk faces have tens of corners. */
function ringIsSimple(xs: number[], ys: number[]): boolean {
  const n = xs.length;
  if (n > 4000) return false;
  for (let i = 0; i < n; i++) {
    const i2 = (i + 1) % n;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const j2 = (j + 1) % n;
      if (segmentsCross(xs[i], ys[i], xs[i2], ys[i2], xs[j], ys[j], xs[j2], ys[j2])) return false;
    }
  }
  return true;
}

function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o1 = orient(ax, ay, bx, by, cx, cy), o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay), o4 = orient(cx, cy, dx, dy, bx, by);
  return ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0));
}
const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** Even-odd point in ring. */
export function pointInRing(px: number, py: number, xs: number[], ys: number[]): boolean {
  let inside = false;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
    if (ys[i] > py !== ys[j] > py && px < ((xs[j] - xs[i]) * (py - ys[i])) / (ys[j] - ys[i]) + xs[i]) inside = !inside;
  }
  return inside;
}

/** Any indexed point strictly inside the ring and further than `depth` metres from its boundary. */
function anyInside(index: Flatbush, px: number[], py: number[], xs: number[], ys: number[], depth: number): boolean {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    x0 = Math.min(x0, xs[i]); x1 = Math.max(x1, xs[i]); y0 = Math.min(y0, ys[i]); y1 = Math.max(y1, ys[i]);
  }
  for (const id of index.search(x0, y0, x1, y1)) {
    if (!pointInRing(px[id], py[id], xs, ys)) continue;
    let d = Infinity;
    for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) d = Math.min(d, pointSegmentDistance(px[id], py[id], xs[j], ys[j], xs[i], ys[i]));
    if (d > Math.max(depth, 0.01)) return true;
  }
  return false;
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;
const round2 = (x: number) => Math.round(x * 100) / 100;
