/**
 * An allocation-free range search over a built `Flatbush` index, for hot loops (exposure scoring calls it
 * once per street segment, hundreds of thousands of times). Flatbush's own `search` allocates a queue and
 * a result array on every call; this walks the same packed tree (its documented `_boxes`, `_indices`,
 * `_levelBounds` fields, pinned flatbush 4.7) with a reusable stack and writes item indices into a
 * reusable buffer.
 */
import type Flatbush from 'flatbush';

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

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
