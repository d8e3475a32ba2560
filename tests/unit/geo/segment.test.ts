/** lib/geo/segment.ts and lib/geo/flatbush-search.ts, the analytic building blocks of the engine. */
import fc from 'fast-check';
import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import { FlatbushScratch } from '../../../lib/geo/flatbush-search.ts';
import { clipShadow, clipWedge, distanceToSegment, segmentInDisc } from '../../../lib/geo/segment.ts';

const out = new Float64Array(2);

describe('segment tests', () => {
  it('segmentInDisc solves the chord exactly and clips to [lo, hi]', () => {
    // S(t) = (-10 + 20t, 3), disc r = 5 at origin: |x| ≤ 4 ⇒ t ∈ [0.3, 0.7]
    expect(segmentInDisc(-10, 3, 20, 0, 0, 0, 5, 0, 1, out)).toBe(true);
    expect(out[0]).toBeCloseTo(0.3, 12);
    expect(out[1]).toBeCloseTo(0.7, 12);
    expect(segmentInDisc(-10, 3, 20, 0, 0, 0, 5, 0.5, 1, out)).toBe(true);
    expect(out[0]).toBe(0.5);
    expect(segmentInDisc(-10, 6, 20, 0, 0, 0, 5, 0, 1, out)).toBe(false);
    expect(segmentInDisc(1, 1, 0, 0, 0, 0, 5, 0, 1, out)).toBe(true); // a point inside
  });

  it('clipWedge keeps the part of a segment inside a convex wedge', () => {
    // Wedge north-east quadrant: U = north (0, 1), V = east (1, 0). Segment y = 2 from x = -4 to 4.
    out[0] = 0;
    out[1] = 1;
    expect(clipWedge(-4, 2, 8, 0, 0, 1, 1, 0, out)).toBe(true);
    expect(out[0]).toBeCloseTo(0.5, 12);
    expect(out[1]).toBe(1);
  });

  it('clipShadow finds the exact shadow of a wall', () => {
    // Wall from (-1, 2) to (1, 2); segment y = 4 from x = -4 to 4: shadow x ∈ [-2, 2] ⇒ t ∈ [0.25, 0.75]
    out[0] = 0;
    out[1] = 1;
    expect(clipShadow(-4, 4, 8, 0, -1, 2, 1, 2, out)).toBe(true);
    expect(out[0]).toBeCloseTo(0.25, 12);
    expect(out[1]).toBeCloseTo(0.75, 12);
    // The same segment in front of the wall (y = 1) is not shadowed.
    out[0] = 0;
    out[1] = 1;
    expect(clipShadow(-4, 1, 8, 0, -1, 2, 1, 2, out)).toBe(false);
    // The wall's orientation does not matter.
    out[0] = 0;
    out[1] = 1;
    expect(clipShadow(-4, 4, 8, 0, 1, 2, -1, 2, out)).toBe(true);
    expect(out[0]).toBeCloseTo(0.25, 12);
  });

  it('distanceToSegment', () => {
    expect(distanceToSegment(3, -1, 3, 1)).toBe(3);
    expect(distanceToSegment(3, 4, 6, 8)).toBe(5);
  });
});

describe('FlatbushScratch', () => {
  it('finds exactly what Flatbush.search finds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 50 })), {
          minLength: 1,
          maxLength: 400,
        }),
        fc.tuple(fc.integer({ min: -50, max: 1050 }), fc.integer({ min: -50, max: 1050 }), fc.integer({ min: 0, max: 400 })),
        (boxes, [qx, qy, qs]) => {
          const index = new Flatbush(boxes.length, 4);
          for (const [x, y, s] of boxes) index.add(x, y, x + s, y + s);
          index.finish();
          const scratch = new FlatbushScratch();
          const n = scratch.search(index, qx, qy, qx + qs, qy + qs);
          const mine = Array.from(scratch.ids.subarray(0, n)).sort((a, b) => a - b);
          expect(mine).toEqual(index.search(qx, qy, qx + qs, qy + qs).sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });
});
