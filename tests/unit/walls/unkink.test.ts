/**
 * Our ring splitter (lib/walls/unkink.ts) against turf's unkinkPolygon, which it replaces: the same pieces,
 * vertex for vertex and in the same order, on random self-intersecting rings (fast-check, fixed seed), and
 * on shrunk faces like the ones wall inference splits (a pinched neck, a cap crossing the far side). Where
 * turf's pieces would hang on its tie-breaking, ours are none, and never a hang.
 */
import { polygon, unkinkPolygon } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insetRing } from '../../../lib/walls/inset.ts';
import { type Piece, unkink, unkinkRing } from '../../../lib/walls/unkink.ts';

/** The reference: turf's unkinkPolygon on an open ring; [] when it throws (duplicate corners, a piece of two points). */
function unkinkWithTurf(xs: number[], ys: number[]): Piece[] {
  const ring = xs.map((x, i) => [x, ys[i]]);
  ring.push([xs[0], ys[0]]);
  try {
    return unkinkPolygon(polygon([ring])).features.map((f) => {
      const r = f.geometry.coordinates[0].slice(0, -1);
      return { x: r.map((p) => p[0]), y: r.map((p) => p[1]) };
    });
  } catch {
    return [];
  }
}

const SEED = 20_261_130;

/**
 * Random rings: corners at millimetre coordinates (crossings almost never tie), or on a coarse grid (shared
 * corners, collinear edges, crossings on corners). turf itself can loop until it runs out of memory on some
 * degenerate rings (as on any it is given): the grid property compares only the rings our walk decides.
 */
const mm = fc.integer({ min: -100_000, max: 100_000 }).map((v) => v / 1000);
const floatRing = fc.array(fc.tuple(mm, mm), { minLength: 3, maxLength: 40 });
const gridRing = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), { minLength: 3, maxLength: 16 });
const split = (pts: Array<[number, number]>) => ({ x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) });

describe('unkink: the same pieces as turf unkinkPolygon', () => {
  it('on random float rings, by its own walk (no tie left to turf)', () => {
    let walked = 0;
    let pieces = 0;
    fc.assert(
      fc.property(floatRing, (pts) => {
        const { x, y } = split(pts);
        const ours = unkinkRing(x, y);
        if (ours) {
          walked++;
          pieces += ours.length;
          expect(unkink(x, y)).toEqual(unkinkWithTurf(x, y));
        } else expect(unkink(x, y)).toEqual([]);
      }),
      { seed: SEED, numRuns: 600 },
    );
    // The walk itself decided nearly every case, with several pieces per ring on average (real splitting).
    expect(walked).toBeGreaterThan(590);
    expect(pieces).toBeGreaterThan(2 * walked);
  });

  it('on grid rings (shared corners, collinear edges, crossings on corners) that the walk decides', () => {
    let walked = 0;
    let split2 = 0;
    fc.assert(
      fc.property(gridRing, (pts) => {
        const { x, y } = split(pts);
        const ours = unkinkRing(x, y);
        if (!ours) {
          expect(unkink(x, y)).toEqual([]); // a tie: no piece (turf may never return here)
          return;
        }
        walked++;
        if (ours.length > 1) split2++;
        expect(ours).toEqual(unkinkWithTurf(x, y));
      }),
      { seed: SEED, numRuns: 600 },
    );
    expect(walked).toBeGreaterThan(500);
    expect(split2).toBeGreaterThan(100);
  });

  it('on insets of random faces (what wall inference feeds it)', () => {
    let kinked = 0;
    fc.assert(
      fc.property(floatRing, fc.array(fc.double({ min: 1, max: 30, noNaN: true }), { minLength: 40, maxLength: 40 }), (pts, hw) => {
        const { x, y } = split(pts);
        const inset = insetRing(x, y, hw.slice(0, x.length));
        if (!inset) return;
        if (!unkinkRing(inset.x, inset.y)) {
          expect(unkink(inset.x, inset.y)).toEqual([]);
          return;
        }
        const turf = unkinkWithTurf(inset.x, inset.y);
        if (turf.length > 1) kinked++;
        expect(unkink(inset.x, inset.y)).toEqual(turf);
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(kinked).toBeGreaterThan(20);
  });

  it('a figure eight splits into its two loops; a bow-tie with a duplicate corner gives nothing, as with turf', () => {
    const eight = unkink([0, 10, 10, 0], [0, 10, 0, 10]);
    expect(eight).toHaveLength(2);
    expect(eight).toEqual(unkinkWithTurf([0, 10, 10, 0], [0, 10, 0, 10]));
    expect(unkink([0, 10, 10, 0, 0], [0, 10, 0, 10, 0])).toEqual([]);
  });

  it('gives no piece, at once, for grid rings turf loops on until it runs out of memory', () => {
    // Found by running turf on fast-check grid rings in a worker with a time limit (3 s each, then killed):
    // collinear overlapping edges and crossings on corners. unkink used to hand these ties to turf.
    const hanging: Array<Array<[number, number]>> = [
      [
        [5, 1],
        [1, 4],
        [4, 1],
        [6, 1],
        [1, 0],
        [5, 2],
        [2, 2],
        [4, 2],
        [0, 6],
        [5, 0],
        [6, 5],
      ],
      [
        [5, 4],
        [6, 4],
        [1, 4],
        [3, 4],
        [0, 5],
        [4, 3],
        [1, 2],
        [0, 0],
      ],
      [
        [6, 2],
        [2, 0],
        [6, 0],
        [1, 0],
        [5, 6],
        [5, 2],
        [3, 3],
        [1, 5],
        [1, 1],
        [5, 5],
        [0, 2],
        [5, 4],
        [1, 3],
        [1, 6],
      ],
      [
        [5, 1],
        [1, 1],
        [3, 5],
        [5, 0],
        [3, 3],
        [4, 2],
        [6, 0],
        [1, 3],
        [1, 0],
      ],
    ];
    for (const pts of hanging) {
      const { x, y } = split(pts);
      expect(unkinkRing(x, y)).toBeNull();
      expect(unkink(x, y)).toEqual([]);
    }
  });
});
