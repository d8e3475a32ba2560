/**
 * The noding's candidate pairs without an R-tree search per segment: a uniform grid of the segments' boxes,
 * queried with the same inclusive box test as Flatbush, and the hits put in the order Flatbush's search gives
 * them (`flatbushRank`), because the order in which split points reach a segment decides ties between them.
 * On Toulouse the 105,000 index searches were the largest part of the noding.
 */
import Flatbush from 'flatbush';
import { FlatbushScratch } from '../geo/flatbush-search.ts';

/** Grid cells per segment at most (beyond it, e.g. a graph spanning the globe, the caller keeps the index). */
const MAX_CELLS_PER_SEGMENT = 16;
/**
 * Grid cells per segment at most (an empty cell costs 4 bytes). Toulouse's graph spans 749 × 830 cells of 20 m for
 * 105,000 segments (5.9 per segment): the former bound of 4 sent it back to the R-tree search.
 */
const MAX_CELLS_PER_ITEM = 8;

export class SegmentGrid {
  private constructor(
    private readonly boxes: Float64Array,
    private readonly x0: number,
    private readonly y0: number,
    private readonly cell: number,
    private readonly W: number,
    private readonly H: number,
    private readonly start: Int32Array,
    private readonly items: Int32Array,
    private readonly stamp: Int32Array,
  ) {}

  private round = 0;

  /** The grid over boxes [minX, minY, maxX, maxY] × n, or null when it would be too big. */
  static build(boxes: Float64Array, n: number, cell: number): SegmentGrid | null {
    // One function per loop: a cold process optimises each on its own (one long function was deoptimised at
    // each loop it had no type feedback for yet).
    const [x0, y0, x1, y1] = boundsOf(boxes, n);
    const W = Math.floor((x1 - x0) / cell) + 1,
      H = Math.floor((y1 - y0) / cell) + 1;
    if (!(n > 0 && W * H <= MAX_CELLS_PER_ITEM * n + 1024)) return null;
    // The cells each box covers, counted before any is filled in; a box covering too many cells stops it.
    const range = new Int32Array(4 * n);
    const total = cellRanges(boxes, n, x0, y0, cell, range);
    if (total > MAX_CELLS_PER_SEGMENT * n) return null;
    const start = cellStarts(range, n, W, H);
    const items = fillCells(range, n, W, H, start, total);
    return new SegmentGrid(boxes, x0, y0, cell, W, H, start, items, new Int32Array(n));
  }

  /** Items whose box meets [qx0, qx1] × [qy0, qy1] (bounds included, as Flatbush), unordered, into out. */
  query(qx0: number, qy0: number, qx1: number, qy1: number, out: { ids: Int32Array }): number {
    const { boxes, x0, y0, cell, W, H, start, items, stamp } = this;
    const r = ++this.round;
    const i0 = Math.max(0, Math.floor((qx0 - x0) / cell)),
      j0 = Math.max(0, Math.floor((qy0 - y0) / cell)),
      i1 = Math.min(W - 1, Math.floor((qx1 - x0) / cell)),
      j1 = Math.min(H - 1, Math.floor((qy1 - y0) / cell));
    let n = 0;
    for (let j = j0; j <= j1; j++) {
      for (let c = i0; c <= i1; c++) {
        for (let k = start[j * W + c]; k < start[j * W + c + 1]; k++) {
          const s = items[k];
          if (stamp[s] === r) continue;
          stamp[s] = r;
          const b = 4 * s;
          if (qx1 < boxes[b] || qy1 < boxes[b + 1] || qx0 > boxes[b + 2] || qy0 > boxes[b + 3]) continue;
          if (n === out.ids.length) {
            const bigger = new Int32Array(2 * n);
            bigger.set(out.ids);
            out.ids = bigger;
          }
          out.ids[n++] = s;
        }
      }
    }
    return n;
  }
}

/** The bounds [minX, minY, maxX, maxY] of n boxes. */
function boundsOf(boxes: Float64Array, n: number): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, boxes[4 * i]);
    y0 = Math.min(y0, boxes[4 * i + 1]);
    x1 = Math.max(x1, boxes[4 * i + 2]);
    y1 = Math.max(y1, boxes[4 * i + 3]);
  }
  return [x0, y0, x1, y1];
}

/** Each box's cells (first and last column and row) into `range`; returns how many (box, cell) pairs. */
function cellRanges(boxes: Float64Array, n: number, x0: number, y0: number, cell: number, range: Int32Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const i0 = Math.floor((boxes[4 * i] - x0) / cell),
      j0 = Math.floor((boxes[4 * i + 1] - y0) / cell),
      i1 = Math.floor((boxes[4 * i + 2] - x0) / cell),
      j1 = Math.floor((boxes[4 * i + 3] - y0) / cell);
    range[4 * i] = i0;
    range[4 * i + 1] = j0;
    range[4 * i + 2] = i1;
    range[4 * i + 3] = j1;
    total += (i1 - i0 + 1) * (j1 - j0 + 1);
  }
  return total;
}

/** Each cell's first slot in the item list (CSR offsets, W × H + 1). */
function cellStarts(range: Int32Array, n: number, W: number, H: number): Int32Array {
  const start = new Int32Array(W * H + 1);
  for (let i = 0; i < n; i++) {
    const i0 = range[4 * i],
      j0 = range[4 * i + 1],
      i1 = range[4 * i + 2],
      j1 = range[4 * i + 3];
    if (i0 === i1 && j0 === j1) start[j0 * W + i0 + 1]++;
    else for (let j = j0; j <= j1; j++) for (let c = i0; c <= i1; c++) start[j * W + c + 1]++;
  }
  for (let c = 0; c < W * H; c++) start[c + 1] += start[c];
  return start;
}

/** The items of each cell, in item order. */
function fillCells(range: Int32Array, n: number, W: number, H: number, start: Int32Array, total: number): Int32Array {
  const fill = start.slice(0, W * H);
  const items = new Int32Array(total);
  for (let i = 0; i < n; i++) {
    const i0 = range[4 * i],
      j0 = range[4 * i + 1],
      i1 = range[4 * i + 2],
      j1 = range[4 * i + 3];
    if (i0 === i1 && j0 === j1) items[fill[j0 * W + i0]++] = i;
    else for (let j = j0; j <= j1; j++) for (let c = i0; c <= i1; c++) items[fill[j * W + c]++] = i;
  }
  return items;
}

/**
 * Each item's rank in the order a Flatbush range search returns it (FlatbushScratch and Flatbush's own search
 * walk the packed tree depth first, from a stack: sibling nodes come out last first, the items of a leaf
 * node first to last). That order does not depend on the query, so sorting any search's hits by this rank
 * gives the search's own order. Reads the packed tree's `_indices` (pinned flatbush 4.7, as FlatbushScratch).
 */
export function flatbushRank(index: Flatbush): Int32Array {
  const n = index.numItems;
  const size = index.nodeSize;
  const indices = index._indices;
  const rank = new Int32Array(n);
  let r = 0;
  for (let node = Math.ceil(n / size) - 1; node >= 0; node--) {
    for (let p = node * size; p < Math.min(n, (node + 1) * size); p++) rank[indices[p]] = r++;
  }
  return rank;
}

/** A reusable range search: `search` writes the ids of the items whose box meets the query into `ids`. */
export interface BoxSearch {
  readonly ids: Int32Array;
  search(minX: number, minY: number, maxX: number, maxY: number): number;
}

/**
 * A range search over points (px[i], py[i]), i < n, for tests whose answer does not depend on the order of the
 * hits (anyInside): the grid when it fits (no sort to build, unlike an R-tree), a Flatbush index otherwise.
 * Both use the same inclusive box test, so they find the same points.
 */
export function pointSearch(px: ArrayLike<number>, py: ArrayLike<number>, n: number, cell: number): BoxSearch {
  const boxes = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    boxes[4 * i] = boxes[4 * i + 2] = px[i];
    boxes[4 * i + 1] = boxes[4 * i + 3] = py[i];
  }
  const grid = SegmentGrid.build(boxes, n, cell);
  if (grid) {
    const out = { ids: new Int32Array(64) };
    return {
      get ids() {
        return out.ids;
      },
      search: (x0, y0, x1, y1) => grid.query(x0, y0, x1, y1, out),
    };
  }
  const index = new Flatbush(Math.max(1, n));
  for (let i = 0; i < n; i++) index.add(px[i], py[i], px[i], py[i]);
  if (n === 0) index.add(1e12, 1e12, 1e12, 1e12); // Flatbush needs an item; no query reaches it
  index.finish();
  const scratch = new FlatbushScratch();
  return {
    get ids() {
      return scratch.ids;
    },
    search: (x0, y0, x1, y1) => scratch.search(index, x0, y0, x1, y1),
  };
}
