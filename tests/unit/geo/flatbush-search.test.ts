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
