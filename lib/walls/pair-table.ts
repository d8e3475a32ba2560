/**
 * A hash table from a pair of 32-bit integers to a non-negative integer (open addressing, linear probing).
 * The noding keys its vertices by centimetre grid cell and its edges by vertex pair: a Map keyed by a
 * combined number boxed every key above 2^31 and spent most of the noding's time hashing and collecting them.
 */
export class PairTable {
  private a: Int32Array;
  private b: Int32Array;
  private v: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.v = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private slot(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ (b >>> 15), 0x85ebca77);
    h ^= h >>> 13;
    let s = h & this.mask;
    while (this.v[s] !== -1 && (this.a[s] !== a || this.b[s] !== b)) s = (s + 1) & this.mask;
    return s;
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    return this.v[this.slot(a, b)];
  }

  /** Store a value (≥ 0) for (a, b). */
  set(a: number, b: number, value: number): void {
    const s = this.slot(a, b);
    if (this.v[s] === -1) {
      this.count++;
      if (this.count * 2 > this.mask + 1) {
        this.grow();
        this.set(a, b, value);
        this.count--;
        return;
      }
    }
    this.a[s] = a;
    this.b[s] = b;
    this.v[s] = value;
  }

  private grow(): void {
    const { a, b, v } = this;
    const cap = (this.mask + 1) * 2;
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.v = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let s = 0; s < a.length; s++) {
      if (v[s] === -1) continue;
      const t = this.slot(a[s], b[s]);
      this.a[t] = a[s];
      this.b[t] = b[s];
      this.v[t] = v[s];
    }
  }
}
