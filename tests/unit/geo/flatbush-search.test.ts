/**
 * Float32 indexes (lib/geo/flatbush-search.ts): every box is rounded outward, so the float32 box contains the
 * float64 one and a search returns every item the float64 index returns (issue #14, half the index bytes).
 */
import fc from 'fast-check';
import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import {
  addOutward,
  adoptFloat32Index,
  Float32TreeSearch,
  FlatbushScratch,
  float32Above,
  float32Below,
  float32Index,
} from '../../../lib/geo/flatbush-search.ts';

/** Any double: tiny, huge, beyond the float32 range, signed zeros, the usual degrees and metres. */
const coordinate = fc.oneof(
  fc.double({ noNaN: true }),
  fc.double({ min: -200, max: 200, noNaN: true }),
  fc.double({ min: -1e-40, max: 1e-40, noNaN: true }),
  fc.constantFrom(0, -0, 1e39, -1e39, 3.4028234663852886e38, 1.401298464324817e-45, 43.6012345678, 1.4437894),
);
const box = fc
  .tuple(coordinate, coordinate, coordinate, coordinate, fc.boolean())
  .map(([a, b, c, d, degenerate]) => (degenerate ? [a, b, a, b] : [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)]));

describe('float32 rounding outward', () => {
  it('gives the nearest float32 at or below / at or above', () => {
    fc.assert(
      fc.property(coordinate, (x) => {
        const lo = float32Below(x);
        const hi = float32Above(x);
        expect(lo <= x && x <= hi).toBe(true);
        expect(Math.fround(lo)).toBe(lo);
        expect(Math.fround(hi)).toBe(hi);
        // No float32 lies strictly between: lo and hi are x itself or its two float32 neighbours.
        if (lo === x) expect(hi).toBe(x);
        else expect(Math.fround(x) === lo || Math.fround(x) === hi).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(float32Below(1e-50)).toBe(0);
    expect(float32Below(-1e-50)).toBe(-1.401298464324817e-45);
    expect(float32Above(1e39)).toBe(Infinity);
    expect(float32Below(1e39)).toBe(3.4028234663852886e38);
    expect(Number.isNaN(float32Below(Number.NaN))).toBe(true);
  });

  it('stores a box that contains the float64 one, and a search returns a superset of the float64 answer', () => {
    fc.assert(
      fc.property(fc.array(box, { minLength: 1, maxLength: 60 }), fc.array(box, { minLength: 1, maxLength: 8 }), (boxes, queries) => {
        const f64 = new Flatbush(boxes.length, 4);
        const f32 = float32Index(boxes.length);
        for (const [a, b, c, d] of boxes) {
          f64.add(a, b, c, d);
          addOutward(f32, a, b, c, d);
        }
        f64.finish();
        f32.finish();
        expect(f32.data.byteLength).toBeLessThan(f64.data.byteLength);
        const stored = f32._boxes;
        for (let pos = 0; pos < 4 * boxes.length; pos += 4) {
          const [a, b, c, d] = boxes[f32._indices[pos >> 2]];
          expect(stored[pos] <= a && stored[pos + 1] <= b && stored[pos + 2] >= c && stored[pos + 3] >= d).toBe(true);
        }
        const scratch = new FlatbushScratch();
        for (const [a, b, c, d] of queries) {
          const exact = new Set(f64.search(a, b, c, d));
          const found = f32.search(a, b, c, d);
          for (const i of exact) expect(found).toContain(i);
          const n = scratch.search(f32, a, b, c, d);
          expect([...scratch.ids.subarray(0, n)].sort((x, y) => x - y)).toEqual([...found].sort((x, y) => x - y));
          // kNN: a float32 box distance is a lower bound of the exact one, so within any distance the
          // float32 index finds every item the float64 one finds.
          const x = Number.isFinite(a) ? a : 0;
          const y = Number.isFinite(b) ? b : 0;
          const reach = Math.abs(c - a) + 1;
          const near32 = new Set(f32.neighbors(x, y, Infinity, reach));
          for (const i of f64.neighbors(x, y, Infinity, reach)) expect(near32.has(i)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('adopts only a float32 Flatbush', () => {
    const f32 = float32Index(3);
    for (let i = 0; i < 3; i++) addOutward(f32, i, i, i + 0.1, i + 0.1);
    f32.finish();
    expect(adoptFloat32Index(f32.data as ArrayBuffer).search(0, 0, 0.05, 0.05)).toEqual([0]);
    const f64 = new Flatbush(3);
    for (let i = 0; i < 3; i++) f64.add(i, i, i + 0.1, i + 0.1);
    f64.finish();
    expect(() => adoptFloat32Index(f64.data as ArrayBuffer)).toThrow(/Float64Array boxes, expected Float32Array/);
    expect(() => adoptFloat32Index(new ArrayBuffer(64))).toThrow(/Flatbush/);
  });
});

describe('Float32TreeSearch (one search per float32 tree, for the scorer)', () => {
  /** The generic search's answer, ids in its order. */
  const generic = (index: Flatbush, scratch: FlatbushScratch, q: number[]) => [
    ...scratch.ids.subarray(0, scratch.search(index, q[0], q[1], q[2], q[3])),
  ];
  const bound = (search: Float32TreeSearch, q: number[]) => [...search.ids.subarray(0, search.search(q[0], q[1], q[2], q[3]))];

  it('finds the same items in the same order as FlatbushScratch.search, on random trees', () => {
    fc.assert(
      fc.property(
        fc.array(box, { minLength: 1, maxLength: 80 }),
        fc.array(box, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 2, max: 20 }),
        (boxes, queries, nodeSize) => {
          const f32 = new Flatbush(boxes.length, nodeSize, Float32Array);
          for (const [a, b, c, d] of boxes) addOutward(f32, a, b, c, d);
          f32.finish();
          const search = new Float32TreeSearch(f32);
          const scratch = new FlatbushScratch();
          for (const q of queries) expect(bound(search, q)).toEqual(generic(f32, scratch, q));
        },
      ),
      { numRuns: 300 },
    );
  });

  /** n random boxes in a 1 km square (seeded), a float32 tree over them, and 200 queries of 1–150 m. */
  function compareOn(n: number): { kind: string; hits: number } {
    let s = n >>> 0;
    const rnd = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 4294967296;
    };
    const index = float32Index(n);
    for (let i = 0; i < n; i++) {
      const x = rnd() * 1000;
      const y = rnd() * 1000;
      addOutward(index, x, y, x + rnd() * 20, y + rnd() * 20);
    }
    index.finish();
    const search = new Float32TreeSearch(index);
    const scratch = new FlatbushScratch();
    let hits = 0;
    for (let k = 0; k < 200; k++) {
      const x = rnd() * 1000;
      const y = rnd() * 1000;
      const r = 1 + rnd() * 150;
      const q = [x - r, y - r, x + r, y + r];
      const want = generic(index, scratch, q);
      expect(bound(search, q)).toEqual(want);
      hits += want.length;
    }
    return { kind: index._indices.constructor.name, hits };
  }

  it('gives the same answer on both index kinds, across the size where Flatbush switches from Uint16 to Uint32', () => {
    // Flatbush picks Uint16 item indices below 16,384 nodes (items plus the levels above them).
    let flip = 15_000;
    while (float32Index(flip)._indices instanceof Uint16Array) flip++;
    expect(float32Index(flip - 1)._indices).toBeInstanceOf(Uint16Array);
    for (const n of [1, 2, 16, 17, 300, flip - 1, flip, flip + 1, 16_383, 16_384, 16_385]) {
      const { kind, hits } = compareOn(n);
      expect(kind).toBe(n < flip ? 'Uint16Array' : 'Uint32Array');
      if (n > 100) expect(hits).toBeGreaterThan(0);
    }
  });

  it('refuses a float64 tree', () => {
    const f64 = new Flatbush(3);
    for (let i = 0; i < 3; i++) f64.add(i, i, i + 0.1, i + 0.1);
    f64.finish();
    expect(() => new Float32TreeSearch(f64)).toThrow(/Float64Array boxes, expected Float32Array/);
  });
});
