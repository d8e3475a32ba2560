/**
 * The noding's split points (planar.ts): per segment, in the order they were found, kept in typed arrays rather
 * than an array per segment (less garbage).
 */

/**
 * Split points per segment: singly linked lists in growing typed arrays, each in the order its points were
 * added. `sorted(i)` writes segment i's points into outX/outY by t (a stable insertion sort: a handful).
 */
export class SplitLists {
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private next = new Int32Array(1024);
  private t = new Float64Array(1024);
  private x = new Float64Array(1024);
  private y = new Float64Array(1024);
  count = 0;
  private outT = new Float64Array(16);
  outX = new Float64Array(16);
  outY = new Float64Array(16);

  constructor(n: number) {
    this.head = new Int32Array(n).fill(-1);
    this.tail = new Int32Array(n).fill(-1);
  }

  add(i: number, t: number, x: number, y: number): void {
    const k = this.count++;
    if (k === this.next.length) {
      this.next = growTo(this.next, new Int32Array(2 * k));
      this.t = growTo(this.t, new Float64Array(2 * k));
      this.x = growTo(this.x, new Float64Array(2 * k));
      this.y = growTo(this.y, new Float64Array(2 * k));
    }
    this.t[k] = t;
    this.x[k] = x;
    this.y[k] = y;
    this.next[k] = -1;
    if (this.tail[i] === -1) this.head[i] = k;
    else this.next[this.tail[i]] = k;
    this.tail[i] = k;
  }

  /** Segment i's split points by t (ties in the order they were added) into outX/outY; returns how many. */
  sorted(i: number): number {
    let m = 0;
    for (let k = this.head[i]; k !== -1; k = this.next[k]) {
      if (m === this.outT.length) {
        this.outT = growTo(this.outT, new Float64Array(2 * m));
        this.outX = growTo(this.outX, new Float64Array(2 * m));
        this.outY = growTo(this.outY, new Float64Array(2 * m));
      }
      const t = this.t[k];
      let j = m - 1;
      while (j >= 0 && this.outT[j] > t) {
        this.outT[j + 1] = this.outT[j];
        this.outX[j + 1] = this.outX[j];
        this.outY[j + 1] = this.outY[j];
        j--;
      }
      this.outT[j + 1] = t;
      this.outX[j + 1] = this.x[k];
      this.outY[j + 1] = this.y[k];
      m++;
    }
    return m;
  }
}

function growTo<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
