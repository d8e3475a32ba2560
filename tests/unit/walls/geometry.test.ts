/** The fast distance test of lib/walls/geometry.ts against the plain one it stands for (fast-check, fixed seed). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closerThan, fartherThan, pointSegmentDistance } from '../../../lib/walls/geometry.ts';

const cm = fc.integer({ min: -5_000, max: 5_000 }).map((v) => v / 100);

describe('closerThan, fartherThan', () => {
  it('answer exactly pointSegmentDistance(...) < r and > r, also for r at the distance itself and a hair either side', () => {
    let near = 0;
    fc.assert(
      fc.property(cm, cm, cm, cm, cm, cm, fc.double({ min: 0, max: 30, noNaN: true }), (px, py, ax, ay, bx, by, r) => {
        const d = pointSegmentDistance(px, py, ax, ay, bx, by);
        for (const radius of [r, d, d * (1 + 1e-15), d * (1 - 1e-15), d + 1e-9, d - 1e-9, 0]) {
          expect(closerThan(px, py, ax, ay, bx, by, radius)).toBe(d < radius);
          expect(fartherThan(px, py, ax, ay, bx, by, radius)).toBe(d > radius);
          if (d < radius) near++;
        }
      }),
      { seed: 20_261_130, numRuns: 2000 },
    );
    expect(near).toBeGreaterThan(2000);
  });
});
