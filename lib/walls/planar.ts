/**
 * Step 1 of wall inference: the walk graph's polylines noded into a planar graph in a local metric frame.
 * Segments are split where they cross or touch (computed on canonically ordered segments, so the result does
 * not depend on the edge order), snapped to 1 cm, and duplicate pieces merged (the widest road type wins, a
 * piece is pedestrian only if all its copies are).
 */
import Flatbush from 'flatbush';
import { LocalFrame } from '../geo/index.ts';
import { FlatbushScratch } from '../geo/flatbush-search.ts';
import { graphDegrees, type WalkGraph } from '../network/walk-graph.ts';
import { PEDESTRIAN_TYPES, halfWidthOf } from './widths.ts';
import { PairTable } from './pair-table.ts';
import { SegmentGrid, flatbushRank } from './seg-grid.ts';
import { SplitLists } from './split-lists.ts';

const SNAP = 100; // coordinates snapped to 1 cm
const EPS = 0.02; // metres: points this close to a segment lie on it
/**
 * The candidate grid's cells (seg-grid.ts), metres. Any size finds the same pairs (the exact box test, then the
 * index's order). On Toulouse's 104,861 segments 30 m gives 277,000 cells and 254,000 (segment, cell) entries to
 * build, against 622,000 and 366,000 at 20 m, for 9 % more candidates looked at by the queries (1.47 against
 * 1.35 million); 40 m: 156,000 cells but 24 % more candidates.
 */
const GRID_CELL_M = 30;

/** The noded street network: input segments (with their spatial index) and the planar edges between vertices. */
export interface PlanarStreets {
  frame: LocalFrame;
  /** Input segments, canonically directed (smaller (x, y) first), with half-width and pedestrian flag (1). */
  sx1: Float64Array;
  sy1: Float64Array;
  sx2: Float64Array;
  sy2: Float64Array;
  shw: Float64Array;
  sped: Uint8Array;
  segIndex: Flatbush;
  scratch: FlatbushScratch;
  /** Planar vertices (metres, snapped to 1 cm). */
  vx: Float64Array;
  vy: Float64Array;
  /** Planar edges between vertices ea[k]–eb[k], with the widest half-width and pedestrian-only flag (1). */
  ea: Int32Array;
  eb: Int32Array;
  ehw: Float64Array;
  eped: Uint8Array;
}

/**
 * Node the graph's streets into a planar graph. Returns null (with a warning pushed) when there are too few
 * segments or the network is too tangled (over `maxPairTests` segment-pair tests).
 */
export function nodeStreets(
  graph: WalkGraph,
  table: Readonly<Record<string, number>>,
  maxPairTests: number,
  warnings: string[],
): PlanarStreets | null {
  // 1. Segments in a local frame, each with its half-width and whether it is a pedestrian way.
  const b = graph.bbox;
  const lon0 = Number.isFinite(b.west + b.east) ? (b.west + b.east) / 2 : 0;
  const lat0 = Number.isFinite(b.south + b.north) ? Math.max(-85, Math.min(85, (b.south + b.north) / 2)) : 0;
  const frame = new LocalFrame(lon0, lat0);
  // One function per phase (segments, index, noding, edges): a cold process optimises each loop on its own,
  // where one long function was deoptimised each time it reached a phase it had no type feedback for.
  const { sx1, sy1, sx2, sy2, shw, sped, allBoxes, allLen, ns, badPoints } = makeSegments(graph, frame, table);
  if (badPoints) warnings.push(`${badPoints} street point(s) with invalid coordinates skipped`);
  if (ns < 3) {
    warnings.push('too few street segments to enclose any block: no walls');
    return null;
  }
  const boxes = allBoxes.subarray(0, 4 * ns);
  const segIndex = indexBoxes(boxes, ns);
  const scratch = new FlatbushScratch();
  const slen = allLen.subarray(0, ns);

  const splits = findSplits(sx1, sy1, sx2, sy2, slen, boxes, ns, segIndex, scratch, maxPairTests);
  if (!splits) {
    warnings.push(`street network too tangled (over ${maxPairTests} segment pairs): no walls`);
    return null;
  }

  const { vx, vy, nv, ea, eb, ehw, eped, ne, duplicates } = planarEdges(sx1, sy1, sx2, sy2, shw, sped, ns, splits);
  if (duplicates > 0) warnings.push(`${duplicates} duplicate street piece(s) merged`);
  return {
    frame,
    sx1: sx1.subarray(0, ns),
    sy1: sy1.subarray(0, ns),
    sx2: sx2.subarray(0, ns),
    sy2: sy2.subarray(0, ns),
    shw: shw.subarray(0, ns),
    sped: sped.subarray(0, ns),
    segIndex,
    scratch,
    vx: vx.subarray(0, nv),
    vy: vy.subarray(0, nv),
    ea: ea.subarray(0, ne),
    eb: eb.subarray(0, ne),
    ehw: ehw.subarray(0, ne),
    eped: eped.subarray(0, ne),
  };
}

/** Step 1: the graph's polylines as segments in the frame, snapped to 1 cm, canonically directed. */
function makeSegments(graph: WalkGraph, frame: LocalFrame, table: Readonly<Record<string, number>>) {
  // Typed arrays sized for every point pair (an upper bound), trimmed below: pushing 100,000 numbers into six
  // growing arrays was a tenth of the noding.
  let cap = 0;
  for (let e = 0; e < graph.edgeCount; e++) cap += graph.shapeOffsets[e + 1] - graph.shapeOffsets[e] + 1;
  const sx1 = new Float64Array(cap),
    sy1 = new Float64Array(cap),
    sx2 = new Float64Array(cap),
    sy2 = new Float64Array(cap),
    shw = new Float64Array(cap),
    sped = new Uint8Array(cap);
  // Each segment's box (for the index and the grid) and length (Math.hypot per tested pair was a fifth of the
  // noding's own time), filled in the same pass.
  const allBoxes = new Float64Array(4 * cap),
    allLen = new Float64Array(cap);
  let ns = 0;
  let badPoints = 0;
  // Half-width and pedestrian flag per road-type byte, looked up once per type rather than once per edge.
  const hwOf = new Float64Array(256),
    pedOf = new Uint8Array(256);
  for (let c = 0; c < 256; c++) {
    hwOf[c] = halfWidthOf(c, table);
    pedOf[c] = PEDESTRIAN_TYPES.has(c) ? 1 : 0;
  }
  for (let e = 0; e < graph.edgeCount; e++) {
    const hw = hwOf[graph.edgeRoadType[e]];
    const ped = pedOf[graph.edgeRoadType[e]] === 1;
    const a = graph.shapeOffsets[e];
    const z = graph.shapeOffsets[e + 1];
    let px = NaN,
      py = NaN;
    for (let k = -1; k <= z - a; k++) {
      const lon = graphDegrees(
        k < 0 ? graph.nodeLon[graph.edgeFrom[e]] : k === z - a ? graph.nodeLon[graph.edgeTo[e]] : graph.shapeLon[a + k],
      );
      const lat = graphDegrees(
        k < 0 ? graph.nodeLat[graph.edgeFrom[e]] : k === z - a ? graph.nodeLat[graph.edgeTo[e]] : graph.shapeLat[a + k],
      );
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
        badPoints++;
        continue;
      }
      const x = Math.round(frame.x(lon) * SNAP) / SNAP;
      const y = Math.round(frame.y(lat) * SNAP) / SNAP;
      if (Number.isFinite(px) && (x !== px || y !== py)) {
        // Canonical direction: smaller (x, y) first, so a reversed duplicate is the same segment.
        const fwd = px < x || (px === x && py < y);
        sx1[ns] = fwd ? px : x;
        sy1[ns] = fwd ? py : y;
        sx2[ns] = fwd ? x : px;
        sy2[ns] = fwd ? y : py;
        shw[ns] = hw;
        sped[ns] = ped ? 1 : 0;
        allBoxes[4 * ns] = Math.min(sx1[ns], sx2[ns]);
        allBoxes[4 * ns + 1] = Math.min(sy1[ns], sy2[ns]);
        allBoxes[4 * ns + 2] = Math.max(sx1[ns], sx2[ns]);
        allBoxes[4 * ns + 3] = Math.max(sy1[ns], sy2[ns]);
        allLen[ns] = Math.hypot(sx2[ns] - sx1[ns], sy2[ns] - sy1[ns]);
        ns++;
      }
      px = x;
      py = y;
    }
  }
  return { sx1, sy1, sx2, sy2, shw, sped, allBoxes, allLen, ns, badPoints };
}

/** A Flatbush index over n boxes [minX, minY, maxX, maxY]. */
function indexBoxes(boxes: Float64Array, ns: number): Flatbush {
  const index = new Flatbush(ns);
  for (let i = 0; i < ns; i++) index.add(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
  index.finish();
  return index;
}

/** Step 2: every segment's split points; null beyond `maxPairTests` candidate pairs. */
function findSplits(
  sx1: Float64Array,
  sy1: Float64Array,
  sx2: Float64Array,
  sy2: Float64Array,
  slen: Float64Array,
  boxes: Float64Array,
  ns: number,
  segIndex: Flatbush,
  scratch: FlatbushScratch,
  maxPairTests: number,
): SplitLists | null {
  // 2. Noding: split points per segment (parameter t along it, and the point), as a linked list per segment
  // in typed arrays (in the order they were found) rather than an array per segment: less garbage.
  const splits = new SplitLists(ns);
  const addSplit = (i: number, x: number, y: number) => {
    const dx = sx2[i] - sx1[i],
      dy = sy2[i] - sy1[i];
    const t = ((x - sx1[i]) * dx + (y - sy1[i]) * dy) / (dx * dx + dy * dy);
    if (!(t > 0 && t < 1)) return;
    splits.add(i, t, x, y);
  };
  // Candidates from a grid (seg-grid.ts), put in the index search's own order; the index when no grid fits.
  const grid = SegmentGrid.build(boxes, ns, GRID_CELL_M);
  const rank = grid ? flatbushRank(segIndex) : null;
  const hits = { ids: new Int32Array(64) };
  let pairTests = 0;
  for (let i = 0; i < ns; i++) {
    const qx0 = boxes[4 * i] - EPS,
      qy0 = boxes[4 * i + 1] - EPS,
      qx1 = boxes[4 * i + 2] + EPS,
      qy1 = boxes[4 * i + 3] + EPS;
    let n = grid ? grid.query(qx0, qy0, qx1, qy1, hits) : scratch.search(segIndex, qx0, qy0, qx1, qy1);
    const ids = grid ? hits.ids : scratch.ids;
    pairTests += n;
    if (pairTests > maxPairTests) {
      return null;
    }
    if (rank) {
      // Keep the later segments, by rank (insertion sort: a handful).
      let m = 0;
      for (let q = 0; q < n; q++) {
        const j = ids[q];
        if (j <= i) continue;
        let k = m++;
        while (k > 0 && rank[ids[k - 1]] > rank[j]) {
          ids[k] = ids[k - 1];
          k--;
        }
        ids[k] = j;
      }
      n = m;
    }
    for (let q = 0; q < n; q++) {
      const j = ids[q];
      if (j <= i) continue;
      // Canonical pair order, so the computed crossing does not depend on which segment came first.
      const before =
        sx1[i] < sx1[j] ||
        (sx1[i] === sx1[j] && (sy1[i] < sy1[j] || (sy1[i] === sy1[j] && (sx2[i] < sx2[j] || (sx2[i] === sx2[j] && sy2[i] <= sy2[j])))));
      const a = before ? i : j;
      const c = before ? j : i;
      nodePair(a, c);
    }
  }
  function nodePair(i: number, j: number): void {
    const ax = sx1[i],
      ay = sy1[i],
      bx = sx2[i],
      by = sy2[i];
    const cx = sx1[j],
      cy = sy1[j],
      dx2 = sx2[j],
      dy2 = sy2[j];
    const d1x = bx - ax,
      d1y = by - ay,
      d2x = dx2 - cx,
      d2y = dy2 - cy;
    const l1 = slen[i],
      l2 = slen[j];
    const den = d1x * d2y - d1y * d2x;
    if (Math.abs(den) > 1e-9 * l1 * l2) {
      const t = ((cx - ax) * d2y - (cy - ay) * d2x) / den;
      const u = ((cx - ax) * d1y - (cy - ay) * d1x) / den;
      const e1 = EPS / l1,
        e2 = EPS / l2;
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
  return splits;
}

/** Step 3: planar vertices and edges from the split segments. */
function planarEdges(
  sx1: Float64Array,
  sy1: Float64Array,
  sx2: Float64Array,
  sy2: Float64Array,
  shw: Float64Array,
  sped: Uint8Array,
  ns: number,
  splits: SplitLists,
) {
  // 3. Planar edges between snapped vertices; duplicates merge (widest half-width, pedestrian only if all are).
  // Each segment adds at most its two ends and its split points as vertices, its split points + 1 as edges.
  // The tables are classes, not closures over this function's variables: a cold process ran those closures
  // in the interpreter until this loop was optimised on-stack, and deoptimised it at the first duplicate.
  const nsplit = splits.count;
  const vertices = new VertexTable(2 * ns + nsplit, ns);
  const edges = new EdgeTable(ns + nsplit, ns);
  for (let i = 0; i < ns; i++) {
    let prev = vertices.at(sx1[i], sy1[i]);
    const m = splits.sorted(i);
    for (let k = 0; k < m; k++) {
      const v = vertices.at(splits.outX[k], splits.outY[k]);
      edges.add(prev, v, shw[i], sped[i]);
      prev = v;
    }
    edges.add(prev, vertices.at(sx2[i], sy2[i]), shw[i], sped[i]);
  }
  const { vx, vy, n: nv } = vertices;
  const { ea, eb, ehw, eped, n: ne, added } = edges;
  return { vx, vy, nv, ea, eb, ehw, eped, ne, duplicates: added - ne };
}

/**
 * Planar vertices keyed by their centimetre grid cell: an integer pair when the frame coordinates fit (±21,000
 * km in 32 bits), a string otherwise (a graph spanning the globe, only ever seen in fuzzing).
 */
class VertexTable {
  readonly vx: Float64Array;
  readonly vy: Float64Array;
  n = 0;
  private readonly near: PairTable;
  private readonly far = new Map<string, number>();

  constructor(capacity: number, expected: number) {
    this.vx = new Float64Array(capacity);
    this.vy = new Float64Array(capacity);
    this.near = new PairTable(expected);
  }

  /** The vertex at (x, y) snapped to 1 cm, added when new. */
  at(x: number, y: number): number {
    const xi = Math.round(x * SNAP),
      yi = Math.round(y * SNAP);
    const near = Math.abs(xi) < 2 ** 31 && Math.abs(yi) < 2 ** 31;
    let v = near ? this.near.get(xi, yi) : (this.far.get(`${xi},${yi}`) ?? -1);
    if (v === -1) {
      v = this.n++;
      if (near) this.near.set(xi, yi, v);
      else this.far.set(`${xi},${yi}`, v);
      this.vx[v] = xi / SNAP;
      this.vy[v] = yi / SNAP;
    }
    return v;
  }
}

/** Planar edges between vertices, a duplicate merged into the first (widest half-width, pedestrian only if all are). */
class EdgeTable {
  readonly ea: Int32Array;
  readonly eb: Int32Array;
  readonly ehw: Float64Array;
  readonly eped: Uint8Array;
  n = 0;
  /** Edges added, duplicates included. */
  added = 0;
  private readonly index: PairTable;

  constructor(capacity: number, expected: number) {
    this.ea = new Int32Array(capacity);
    this.eb = new Int32Array(capacity);
    // A new edge's half-width starts at −∞ and its flag at 1, so the merge below sets it exactly (max(−∞, hw) is
    // hw, 1 & ped is ped): one path for new and duplicate edges, no rarely taken branch (10 duplicates on
    // Toulouse) for the optimised loop to be deoptimised at.
    this.ehw = new Float64Array(capacity).fill(Number.NEGATIVE_INFINITY);
    this.eped = new Uint8Array(capacity).fill(1);
    this.index = new PairTable(expected);
  }

  add(u: number, v: number, hw: number, ped: number): void {
    if (u === v) return;
    const a = u < v ? u : v,
      b = u < v ? v : u;
    let k = this.index.get(a, b);
    if (k === -1) {
      k = this.n++;
      this.index.set(a, b, k);
      this.ea[k] = u;
      this.eb[k] = v;
    }
    this.ehw[k] = Math.max(this.ehw[k], hw);
    this.eped[k] &= ped;
    this.added++;
  }
}
