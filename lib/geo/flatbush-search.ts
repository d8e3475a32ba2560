/**
 * An allocation-free range search over a built `Flatbush` index, for hot loops (exposure scoring calls it
 * once per street segment, hundreds of thousands of times). Flatbush's own `search` allocates a queue and
 * a result array on every call; this walks the same packed tree (its documented `_boxes`, `_indices`,
 * `_levelBounds` fields, pinned flatbush 4.7) with a reusable stack and writes item indices into a
 * reusable buffer.
 */
import Flatbush from 'flatbush';

/**
 * The persisted and in-memory spatial indexes (the edge index, the wall index) keep their boxes as float32,
 * half the bytes of Flatbush's default float64 (issue #14, docs/routing.md "Memory"). Every box is rounded
 * OUTWARD to float32 (min down, max up), so the stored box contains the exact one: a search returns every
 * item the float64 index returned (and maybe a few more, which each caller's exact test drops), and a box
 * distance stays a lower bound of the exact one.
 */
export const BOX_ARRAY_TYPE = Float32Array;

const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);

/** The largest float32 ≤ x (x itself when it is one; −Infinity below the float32 range; NaN stays NaN). */
export function float32Below(x: number): number {
  const f = Math.fround(x);
  if (!(f > x)) return f;
  // f > x: step one ulp toward −∞ (f is finite here or +Infinity, which steps to the largest float32).
  if (f === 0) return -1.401298464324817e-45;
  f32[0] = f;
  if (f > 0) bits[0]--;
  else bits[0]++;
  return f32[0];
}

/** The smallest float32 ≥ x (x itself when it is one; +Infinity above the float32 range; NaN stays NaN). */
export function float32Above(x: number): number {
  return -float32Below(-x);
}

/** A float32 Flatbush for `numItems` boxes (node size 16, Flatbush's default); add boxes with `addOutward`. */
export function float32Index(numItems: number): Flatbush {
  return new Flatbush(numItems, 16, BOX_ARRAY_TYPE);
}

/** Adds the box rounded outward to float32, so the stored box contains [minX, maxX] × [minY, maxY]. */
export function addOutward(index: Flatbush, minX: number, minY: number, maxX: number, maxY: number): void {
  // float32Below/Above inlined on their common path (the rounding went the right way): an index build makes
  // four of these per item, often in a cold process (a woken worker, the pipeline's one run).
  const x0 = Math.fround(minX);
  const y0 = Math.fround(minY);
  const x1 = Math.fround(maxX);
  const y1 = Math.fround(maxY);
  index.add(
    x0 > minX ? float32Below(minX) : x0,
    y0 > minY ? float32Below(minY) : y0,
    x1 < maxX ? float32Above(maxX) : x1,
    y1 < maxY ? float32Above(maxY) : y1,
  );
}

/**
 * A stored index read back (`Flatbush.from`) with the float32 boxes this code builds; throws otherwise (an
 * older float64 buffer whose file version was not bumped, or bytes of another kind).
 */
export function adoptFloat32Index(data: ArrayBuffer, byteOffset = 0): Flatbush {
  const index = Flatbush.from(data, byteOffset);
  if (index.ArrayType !== BOX_ARRAY_TYPE) throw new Error(`a Flatbush of ${index.ArrayType.name} boxes, expected ${BOX_ARRAY_TYPE.name}`);
  return index;
}

export class FlatbushScratch {
  /** Item indices found by the last search (valid up to the returned count). */
  ids = new Int32Array(64);
  private stack = new Int32Array(256);

  /** Items whose box intersects [minX, maxX] × [minY, maxY]; returns how many were written to `ids`. */
  search(index: Flatbush, minX: number, minY: number, maxX: number, maxY: number): number {
    const boxes = index._boxes;
    const indices = index._indices;
    const levelBounds = index._levelBounds;
    const nodeSize = index.nodeSize;
    const numItems4 = index.numItems * 4;
    let nodeIndex = boxes.length - 4;
    let level = levelBounds.length - 1;
    let sp = 0;
    let n = 0;
    for (;;) {
      const end = Math.min(nodeIndex + nodeSize * 4, levelBounds[level]);
      const isNode = nodeIndex >= numItems4;
      for (let pos = nodeIndex; pos < end; pos += 4) {
        if (maxX < boxes[pos] || maxY < boxes[pos + 1] || minX > boxes[pos + 2] || minY > boxes[pos + 3]) continue;
        const item = indices[pos >> 2] | 0;
        if (isNode) {
          if (sp + 2 > this.stack.length) this.stack = grow(this.stack);
          this.stack[sp++] = item;
          this.stack[sp++] = level - 1;
        } else {
          if (n >= this.ids.length) this.ids = grow(this.ids);
          this.ids[n++] = item;
        }
      }
      if (sp === 0) break;
      level = this.stack[--sp];
      nodeIndex = this.stack[--sp];
    }
    return n;
  }
}

/**
 * The same search as `FlatbushScratch.search`, bound to one finished float32 tree (the scorer's camera and wall
 * indexes). V8 keeps one set of type feedback per function, and `FlatbushScratch.search` also walks the wall
 * inference's float64 trees, with Uint16 or Uint32 item indices by tree size (Flatbush picks Uint16 below
 * 16,384 nodes): there its array reads are polymorphic. Here the tree's arrays are fields of one kind each
 * (Float32Array boxes; indices widened once to a Uint32Array when Flatbush chose Uint16), so the scoring's hot
 * loop sees one map per read. The walk and the order of the ids are the same (tests/unit/geo/flatbush-search.test.ts).
 */
export class Float32TreeSearch {
  /** Item indices found by the last search (valid up to the returned count). */
  ids = new Int32Array(64);
  private stack = new Int32Array(256);
  private readonly boxes: Float32Array;
  private readonly indices: Uint32Array;
  private readonly levelBounds: Int32Array;
  private readonly nodeSize: number;
  private readonly numItems4: number;

  /** `index` must be finished (its sort reorders the item indices this copies) and hold float32 boxes. */
  constructor(index: Flatbush) {
    if (!(index._boxes instanceof Float32Array)) throw new Error(`a Flatbush of ${index.ArrayType.name} boxes, expected Float32Array`);
    this.boxes = index._boxes;
    const ix = index._indices;
    this.indices = ix instanceof Uint32Array ? ix : Uint32Array.from(ix);
    this.levelBounds = Int32Array.from(index._levelBounds);
    this.nodeSize = index.nodeSize;
    this.numItems4 = index.numItems * 4;
  }

  /** Items whose box intersects [minX, maxX] × [minY, maxY]; returns how many were written to `ids`. */
  search(minX: number, minY: number, maxX: number, maxY: number): number {
    const { boxes, indices, levelBounds, nodeSize, numItems4 } = this;
    let nodeIndex = boxes.length - 4;
    let level = levelBounds.length - 1;
    let sp = 0;
    let n = 0;
    for (;;) {
      const end = Math.min(nodeIndex + nodeSize * 4, levelBounds[level]);
      const isNode = nodeIndex >= numItems4;
      for (let pos = nodeIndex; pos < end; pos += 4) {
        if (maxX < boxes[pos] || maxY < boxes[pos + 1] || minX > boxes[pos + 2] || minY > boxes[pos + 3]) continue;
        const item = indices[pos >> 2] | 0;
        if (isNode) {
          if (sp + 2 > this.stack.length) this.stack = grow(this.stack);
          this.stack[sp++] = item;
          this.stack[sp++] = level - 1;
        } else {
          if (n >= this.ids.length) this.ids = grow(this.ids);
          this.ids[n++] = item;
        }
      }
      if (sp === 0) break;
      level = this.stack[--sp];
      nodeIndex = this.stack[--sp];
    }
    return n;
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
