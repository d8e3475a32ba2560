/**
 * Our ring splitter (lib/walls/unkink.ts) against turf's unkinkPolygon, which it replaces: the same pieces,
 * vertex for vertex and in the same order, on random self-intersecting rings (fast-check, fixed seed), and
 * on shrunk faces like the ones wall inference splits (a pinched neck, a cap crossing the far side).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { insetRing } from '../../../lib/walls/inset.ts';
import { unkink, unkinkRing, unkinkWithTurf } from '../../../lib/walls/unkink.ts';

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
        }
        expect(unkink(x, y)).toEqual(unkinkWithTurf(x, y));
        if (ours) expect(ours).toEqual(unkinkWithTurf(x, y));
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
        if (!ours) return; // a tie: unkink hands the ring to turf itself
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
});
