/**
 * A binary min-heap of (node, priority) pairs in typed arrays, after mourner/tinyqueue and flatqueue.
 * The search pushes a node again when it finds a better cost ("lazy deletion") and skips stale pops,
 * which is simpler and, on street graphs, faster than a decrease-key heap.
 */
export class NodeHeap {
  private ids: Uint32Array;
  private priorities: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.ids = new Uint32Array(capacity);
    this.priorities = new Float64Array(capacity);
  }

  clear(): void {
    this.length = 0;
  }

  push(id: number, priority: number): void {
    if (this.length === this.ids.length) this.grow();
    let pos = this.length++;
    // Sift up: move parents down until the new item fits.
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = this.priorities[parent];
      if (priority >= p) break;
      this.ids[pos] = this.ids[parent];
      this.priorities[pos] = p;
      pos = parent;
    }
    this.ids[pos] = id;
    this.priorities[pos] = priority;
  }

  /** Priority of the smallest item (undefined behaviour when empty: check `length`). */
  peekPriority(): number {
    return this.priorities[0];
  }

  /** Remove and return the id with the smallest priority. */
  pop(): number {
    const top = this.ids[0];
    const last = --this.length;
    if (last > 0) {
      const id = this.ids[last];
      const priority = this.priorities[last];
      let pos = 0;
      const half = last >> 1;
      // Sift down: move the smaller child up until the last item fits.
      while (pos < half) {
        let child = 2 * pos + 1;
        if (child + 1 < last && this.priorities[child + 1] < this.priorities[child]) child++;
        if (this.priorities[child] >= priority) break;
        this.ids[pos] = this.ids[child];
        this.priorities[pos] = this.priorities[child];
        pos = child;
      }
      this.ids[pos] = id;
      this.priorities[pos] = priority;
    }
    return top;
  }

  private grow(): void {
    const ids = new Uint32Array(this.ids.length * 2);
    const priorities = new Float64Array(this.priorities.length * 2);
    ids.set(this.ids);
    priorities.set(this.priorities);
    this.ids = ids;
    this.priorities = priorities;
  }
}
