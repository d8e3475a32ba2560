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
 * - a walkable point inside the shrunk face (a dead end, a courtyard path, another component): the face is
 *   carved instead (carve.ts: the face minus every street's corridor, on a 0.5 m grid), so the block keeps
 *   its walls and the street its width; `streets-inside` (open) only when nothing is left or carving is off;
 * - `camera`: a camera deeper than `cameraDepthM` inside is open ground (or the graph misses a street there);
 * - `aimed` (aim.ts, option `aim`): a camera whose near field of view lies mostly inside one solid face is
 *   aimed at open ground, not at a wall: the face is opened;
 * - `invalid`: the inset failed its checks (a wall crossing a street, or too close to one) even when shrunk
 *   again with the half-widths × `retryWidening` — dropped;
 * - `solid`: everything else.
 *
 * Steps 1–2 live in planar.ts and faces.ts, the inset in inset.ts, the carving in carve.ts, ring geometry in
 * geometry.ts.
 *
 * Deterministic whatever the edge order: the noding is computed on canonically ordered segments, duplicate
 * pieces merge by max, faces come out rotated to their smallest vertex and sorted.
 */
import type { WalkGraph } from '../network/walk-graph.ts';
import { HALF_WIDTH_M } from './widths.ts';
import { nodeStreets } from './planar.ts';
import { pointSearch } from './seg-grid.ts';
import { walkFaces, type RawFace } from './faces.ts';
import { insetRing } from './inset.ts';
import { unkink } from './unkink.ts';
import { CARVE_CELL_M, CarveScratch, carveFace } from './carve.ts';
import { aimedFaces, type AimRule, type WallCamera } from './aim.ts';
import {
  anyInside,
  closerThan,
  pointInRing,
  pointSegmentDistance,
  ringArea,
  ringBounds,
  ringIsSimple,
  ringPerimeter,
  round2,
  round7,
  segmentsCross,
} from './geometry.ts';

export type FaceStatus = 'solid' | 'large' | 'square' | 'thin' | 'streets-inside' | 'camera' | 'aimed' | 'invalid';
export const FACE_STATUSES: readonly FaceStatus[] = ['solid', 'large', 'square', 'thin', 'streets-inside', 'camera', 'aimed', 'invalid'];

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
  /** A face whose inset meets a street is shrunk again with its half-widths times this. Default 1.5 (1: no retry). */
  retryWidening?: number;
  /** A face with a street inside its shrunk ring is carved (carve.ts: the street's corridor cut out) instead of opened. Default true. */
  carveStreetsInside?: boolean;
  /** An `invalid` face is carved too. Default false: measured, it raised Monaco's false unseen (13.1 → 13.5 %). */
  carveInvalid?: boolean;
  /** A camera further than this inside a shrunk face (metres) makes it open. Default 8. */
  cameraDepthM?: number;
  /** Cameras (degrees; with their aim when known), for the `camera` and `aimed` rules. */
  cameras?: ReadonlyArray<WallCamera>;
  /**
   * The `aimed` rule (aim.ts): open a solid face a camera's near field lies mostly inside. Default off (absent,
   * so the bundle's dataset version, which hashes DEFAULT_WALL_OPTIONS, is unchanged): measured on London,
   * Porto and Monaco, no variant lowered Monaco's false unseen within the targets (docs/coverage-model.md).
   */
  aim?: AimRule | false;
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
  retryWidening: 1.5,
  carveStreetsInside: true,
  carveInvalid: false,
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
/** Streets within this many metres of a wall's box are tested against it (more than INTRUSION_SHARE × the widest half-width). */
const INTRUSION_PAD_M = 15;
/** Cells of the walking points' and the cameras' grids (metres; any size finds the same points; docs/coverage-model.md, "Speed"). */
const [POINT_CELL_M, CAMERA_CELL_M] = [40, 200];
/** A footway with a road this close (metres) is a sidewalk, not the edge of a square. */
const SIDEWALK_GAP_M = 12;

/** A face shrunk by some half-widths: its kept pieces, or why there are none. */
type Shrunk = { status: 'solid' | 'thin' | 'invalid'; kept: Array<{ x: number[]; y: number[] }> };

/** Walls from a walk graph (see the module comment). Never throws on odd geometry: warns and returns fewer walls. */
export function inferWalls(graph: WalkGraph, options: WallInferenceOptions = {}): InferredWalls {
  const opts = { ...DEFAULT_WALL_OPTIONS, ...options };
  const table = options.halfWidths ?? HALF_WIDTH_M;
  const warnings: string[] = [];
  const counts = Object.fromEntries(FACE_STATUSES.map((s) => [s, 0])) as Record<FaceStatus, number>;
  const empty = (): InferredWalls => ({ rings: [], faces: [], counts, warnings });

  // 1. The streets noded into a planar graph (planar.ts); 2. its bounded faces (faces.ts).
  const planar = nodeStreets(graph, table, opts.maxPairTests, warnings);
  if (!planar) return empty();
  const { frame, sx1, sy1, sx2, sy2, shw, sped, segIndex, scratch, vx, vy } = planar;
  const nv = vx.length;
  let maxHw = 0;
  for (let s = 0; s < shw.length; s++) maxHw = Math.max(maxHw, shw[s]); // no iterator: 105,000 results in a cold run
  // A street fails a wall only within INTRUSION_SHARE × its half-width (or crossing it): a pad of that reach (+1 %
  // and 1 cm against rounding, capped at INTRUSION_PAD_M as before) gives the same answer from fewer candidates.
  const intrusionPad = Math.min(INTRUSION_PAD_M, INTRUSION_SHARE * maxHw * 1.01 + 0.01);

  // Walking points (graph vertices and shape points) for the `streets-inside` rule, and the cameras: a grid
  // (or an index) each, for anyInside, whose answer does not depend on the order of the hits.
  const points = pointSearch(vx, vy, nv, POINT_CELL_M);
  const camX: number[] = [],
    camY: number[] = [];
  for (const c of opts.cameras ?? []) {
    if (!Number.isFinite(c.lon) || !Number.isFinite(c.lat)) continue;
    camX.push(frame.x(c.lon));
    camY.push(frame.y(c.lat));
  }
  // Float64Arrays like the walking points: one kind of array in pointSearch and anyInside (two deoptimised them).
  const [camXs, camYs] = [Float64Array.from(camX), Float64Array.from(camY)];
  const camPoints = pointSearch(camXs, camYs, camXs.length, CAMERA_CELL_M);

  // Buffers reused from face to face: the carving grid, and the boxes of the segments near a shrunk ring.
  const carveScratch = new CarveScratch();
  let box = new Float64Array(256);

  // 5. Classify and shrink each face.
  const keepFaces = options.keepFaces ?? true;
  const order: Array<{ x: number; y: number; n: number; face: InferredFace }> = [];
  const toRing = (xs: number[], ys: number[]): Array<[number, number]> => {
    const r = xs.map((x, i) => [round7(frame.lon(x)), round7(frame.lat(ys[i]))] as [number, number]);
    r.push([r[0][0], r[0][1]]);
    return r;
  };
  const nFaces = walkFaces(planar, (f) => {
    const face: InferredFace = { ring: keepFaces ? toRing(f.xs, f.ys) : [], areaM2: round2(f.area), status: 'solid' };
    order.push({ x: f.xs[0], y: f.ys[0], n: f.xs.length, face });
    if (f.area > opts.maxAreaM2) {
      face.status = 'large';
      return;
    }
    if (opts.pedestrianSquares && f.ped.every(Boolean) && sidewalkShare(f.xs, f.ys) < 0.5) {
      face.status = 'square';
      return;
    }
    let shrunk = shrink(f, f.hw);
    // An inset that crosses or grazes a street (a dead end's cap, a kinked corner) is retried once with the
    // half-widths widened: the block keeps a smaller wall instead of none.
    if (shrunk.status === 'invalid' && opts.retryWidening > 1) {
      const retry = shrink(
        f,
        f.hw.map((h) => h * opts.retryWidening),
      );
      if (retry.status === 'solid') shrunk = retry;
    }
    let carvedFace = false;
    if (shrunk.status === 'invalid' && opts.carveInvalid) {
      shrunk = carve(f);
      carvedFace = true;
    }
    if (shrunk.status !== 'solid') {
      face.status = shrunk.status;
      return;
    }
    let kept = shrunk.kept;
    if (!carvedFace && kept.some((k) => anyInside(points, vx, vy, k.x, k.y, 0))) {
      // A street inside the block (a dead end, a courtyard path, a component touching no boundary): cut its
      // corridor out and keep the rest of the block as walls, rather than opening the whole block.
      const c = opts.carveStreetsInside ? carve(f) : null;
      if (c?.status !== 'solid') {
        face.shrunk = kept.map((k) => toRing(k.x, k.y));
        face.status = 'streets-inside';
        return;
      }
      kept = c.kept;
    }
    face.shrunk = kept.map((k) => toRing(k.x, k.y));
    if (camXs.length && kept.some((k) => anyInside(camPoints, camXs, camYs, k.x, k.y, opts.cameraDepthM))) {
      face.status = 'camera';
    }
  });

  /** Turns a piece counter-clockwise; true when it is big and thick enough to be a wall. */
  function wallSized(piece: { x: number[]; y: number[] }): boolean {
    if (ringArea(piece.x, piece.y) < 0) {
      piece.x.reverse();
      piece.y.reverse();
    }
    const a = ringArea(piece.x, piece.y);
    return a >= opts.minAreaM2 && (2 * a) / ringPerimeter(piece.x, piece.y) >= opts.minThicknessM;
  }

  /**
   * The face shrunk by the given half-widths: the simple pieces of the inset that are big and thick enough
   * and keep clear of every street ('solid'), or why there are none ('thin', 'invalid').
   */
  function shrink(f: RawFace, hw: Float64Array): Shrunk {
    const inset = insetRing(f.xs, f.ys, hw);
    if (!inset) return { status: 'thin', kept: [] };
    // A self-intersecting inset (a neck of the face pinched shut, a dead end's cap crossing the far side) is
    // split into simple pieces; the pieces that keep clear of every street are the face's walls.
    const simple = ringIsSimple(inset.x, inset.y);
    const pieces = simple ? [inset] : unkink(inset.x, inset.y);
    const kept: Array<{ x: number[]; y: number[] }> = [];
    let rejected = !simple && pieces.length === 0;
    for (const piece of pieces) {
      if (!wallSized(piece)) continue;
      if (intrudes(piece.x, piece.y) || !pointInRing(piece.x[0], piece.y[0], f.xs, f.ys)) {
        rejected = true;
        continue;
      }
      kept.push(piece);
    }
    if (kept.length === 0) return { status: rejected ? 'invalid' : 'thin', kept };
    return { status: 'solid', kept };
  }

  /** The face minus every nearby street's corridor (carve.ts), on a grid laid along its longest edge. */
  function carve(f: RawFace): Shrunk {
    const n = f.xs.length;
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, f.xs[i]);
      x1 = Math.max(x1, f.xs[i]);
      y0 = Math.min(y0, f.ys[i]);
      y1 = Math.max(y1, f.ys[i]);
    }
    const pad = maxHw + 2 * CARVE_CELL_M;
    const found = scratch.search(segIndex, x0 - pad, y0 - pad, x1 + pad, y1 + pad);
    // The grid is laid along the face's longest edge, so a long diagonal face does not fill a square box.
    let best = -1,
      ca = 1,
      sa = 0;
    for (let i = 0; i < n; i++) {
      const dx = f.xs[(i + 1) % n] - f.xs[i],
        dy = f.ys[(i + 1) % n] - f.ys[i];
      const l = Math.hypot(dx, dy);
      if (l > best) (best = l), (ca = dx / l), (sa = dy / l);
    }
    const rx = (x: number, y: number) => x * ca + y * sa;
    const ry = (x: number, y: number) => y * ca - x * sa;
    const segs = { x1: [] as number[], y1: [] as number[], x2: [] as number[], y2: [] as number[], r: [] as number[] };
    for (let q = 0; q < found; q++) {
      const s = scratch.ids[q];
      segs.x1.push(rx(sx1[s], sy1[s]));
      segs.y1.push(ry(sx1[s], sy1[s]));
      segs.x2.push(rx(sx2[s], sy2[s]));
      segs.y2.push(ry(sx2[s], sy2[s]));
      segs.r.push(shw[s]);
    }
    const rotated = carveFace(
      f.xs.map((x, i) => rx(x, f.ys[i])),
      f.xs.map((x, i) => ry(x, f.ys[i])),
      segs,
      carveScratch,
    );
    // Back to the local frame (the inverse rotation).
    const pieces = rotated.map((p) => ({ x: p.x.map((u, i) => u * ca - p.y[i] * sa), y: p.x.map((u, i) => u * sa + p.y[i] * ca) }));
    const kept: Array<{ x: number[]; y: number[] }> = [];
    for (const piece of pieces) if (wallSized(piece)) kept.push(piece);
    return { status: kept.length ? 'solid' : 'thin', kept };
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
      const x1 = xs[k],
        y1 = ys[k],
        x2 = xs[(k + 1) % m],
        y2 = ys[(k + 1) % m];
      const l = Math.hypot(x2 - x1, y2 - y1);
      total += l;
      const mx = (x1 + x2) / 2,
        my = (y1 + y2) / 2;
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

  /**
   * True when a wall of the shrunk ring crosses a street, or a corner sits inside a street's half-width. Each
   * wall k is tested against the segments whose box meets its own box padded by `intrusionPad`; one index
   * search for the whole ring (then that box test) finds them faster than one search per wall.
   */
  function intrudes(xs: number[], ys: number[]): boolean {
    const m = xs.length;
    const pad = intrusionPad;
    const [bx0, by0, bx1, by1] = ringBounds(xs, ys);
    const n = scratch.search(segIndex, bx0 - pad, by0 - pad, bx1 + pad, by1 + pad);
    if (box.length < 4 * n) box = new Float64Array(8 * n);
    for (let q = 0; q < n; q++) {
      const s = scratch.ids[q];
      box[4 * q] = Math.min(sx1[s], sx2[s]);
      box[4 * q + 1] = Math.min(sy1[s], sy2[s]);
      box[4 * q + 2] = Math.max(sx1[s], sx2[s]);
      box[4 * q + 3] = Math.max(sy1[s], sy2[s]);
    }
    for (let k = 0; k < m; k++) {
      const x1 = xs[k],
        y1 = ys[k],
        x2 = xs[(k + 1) % m],
        y2 = ys[(k + 1) % m];
      const qx0 = Math.min(x1, x2) - pad,
        qy0 = Math.min(y1, y2) - pad,
        qx1 = Math.max(x1, x2) + pad,
        qy1 = Math.max(y1, y2) + pad;
      for (let q = 0; q < n; q++) {
        if (qx1 < box[4 * q] || qy1 < box[4 * q + 1] || qx0 > box[4 * q + 2] || qy0 > box[4 * q + 3]) continue;
        const s = scratch.ids[q];
        if (segmentsCross(x1, y1, x2, y2, sx1[s], sy1[s], sx2[s], sy2[s])) return true;
        if (closerThan(x1, y1, sx1[s], sy1[s], sx2[s], sy2[s], INTRUSION_SHARE * shw[s])) return true;
      }
    }
    return false;
  }

  if (options.aim && opts.cameras?.length) {
    const solid = order.map((o) => o.face).filter((f) => f.status === 'solid');
    for (const i of aimedFaces(
      solid.map((f) => ({ rings: f.shrunk ?? [] })),
      opts.cameras,
      options.aim,
    ))
      solid[i].status = 'aimed';
  }
  order.sort((p, q) => p.x - q.x || p.y - q.y || p.face.areaM2 - q.face.areaM2 || p.n - q.n);
  const result = order.map((o) => o.face);
  for (const face of result) counts[face.status]++;
  const rings = result.filter((f) => f.status === 'solid').flatMap((f) => f.shrunk!);
  if (nFaces === 0) warnings.push('the street network encloses no block: no walls');
  return { rings, faces: keepFaces ? result : [], counts, warnings };
}
