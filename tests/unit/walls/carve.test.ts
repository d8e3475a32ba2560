/**
 * Carving a block around the streets inside it (lib/walls/carve.ts): the walls keep every street's half-width
 * clear, stay inside the face, and a block with a dead end or a courtyard path keeps its walls instead of
 * being opened (inferWalls' `streets-inside` rule).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carveFace, flood, type Segments } from '../../../lib/walls/carve.ts';
import { pointInRing, pointSegmentDistance, ringArea } from '../../../lib/walls/geometry.ts';
import { inferWalls } from '../../../lib/walls/index.ts';
import { graphFromLines, type StreetLine } from './helpers.ts';

/** A square face of side L (open ring, counter-clockwise) and its four sides as streets of half-width r. */
function squareFace(L: number, r: number): { xs: number[]; ys: number[]; segs: Segments } {
  const xs = [0, L, L, 0],
    ys = [0, 0, L, L];
  const segs: Segments = { x1: [], y1: [], x2: [], y2: [], r: [] };
  for (let k = 0; k < 4; k++) addSeg(segs, xs[k], ys[k], xs[(k + 1) % 4], ys[(k + 1) % 4], r);
  return { xs, ys, segs };
}

function addSeg(s: Segments, x1: number, y1: number, x2: number, y2: number, r: number): void {
  s.x1.push(x1);
  s.y1.push(y1);
  s.x2.push(x2);
  s.y2.push(y2);
  s.r.push(r);
}

/** Smallest (distance to a segment − its half-width) over points sampled every 10 cm along the rings. */
function worstClearance(rings: Array<{ x: number[]; y: number[] }>, segs: Segments): number {
  let worst = Infinity;
  for (const r of rings) {
    for (let k = 0; k < r.x.length; k++) {
      const ax = r.x[k],
        ay = r.y[k],
        bx = r.x[(k + 1) % r.x.length],
        by = r.y[(k + 1) % r.x.length];
      const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 0.1));
      for (let t = 0; t <= steps; t++) {
        const px = ax + ((bx - ax) * t) / steps,
          py = ay + ((by - ay) * t) / steps;
        for (let s = 0; s < segs.r.length; s++) {
          worst = Math.min(worst, pointSegmentDistance(px, py, segs.x1[s], segs.y1[s], segs.x2[s], segs.y2[s]) - segs.r[s]);
        }
      }
    }
  }
  return worst;
}

describe('carveFace', () => {
  it('a block with a dead end: one ring, the dead end cut out with its width', () => {
    const { xs, ys, segs } = squareFace(100, 8);
    addSeg(segs, 50, 0, 50, 60, 5); // a dead end 60 m into the block from its south side
    const rings = carveFace(xs, ys, segs);
    expect(rings).toHaveLength(1);
    const [r] = rings;
    expect(ringArea(r.x, r.y)).toBeGreaterThan(0); // counter-clockwise
    // The block inside the boundary streets is ≈ 84 m square, less the dead end's corridor (10 m × ~57 m).
    expect(ringArea(r.x, r.y)).toBeGreaterThan(84 * 84 - 10 * 60 - 600);
    expect(ringArea(r.x, r.y)).toBeLessThan(84 * 84 - 10 * 52);
    expect(pointInRing(50, 40, r.x, r.y)).toBe(false); // on the dead end
    expect(pointInRing(50, 70, r.x, r.y)).toBe(true); // beyond its end
    expect(pointInRing(25, 50, r.x, r.y)).toBe(true);
    expect(worstClearance(rings, segs)).toBeGreaterThanOrEqual(0);
  });

  it('a path inside the block that touches no boundary: the block keeps one outer ring (the courtyard is filled)', () => {
    const { xs, ys, segs } = squareFace(100, 8);
    addSeg(segs, 40, 50, 60, 50, 5);
    const rings = carveFace(xs, ys, segs);
    expect(rings).toHaveLength(1);
    expect(ringArea(rings[0].x, rings[0].y)).toBeCloseTo(84 * 84, -3);
    expect(worstClearance(rings, segs)).toBeGreaterThanOrEqual(0);
  });

  it('a street across the block splits it in two; a block narrower than its streets leaves nothing', () => {
    const { xs, ys, segs } = squareFace(100, 8);
    addSeg(segs, 0, 50, 100, 50, 6);
    expect(carveFace(xs, ys, segs)).toHaveLength(2);
    const thin = squareFace(12, 8);
    expect(carveFace(thin.xs, thin.ys, thin.segs)).toEqual([]);
  });

  it('property: every wall point keeps each street’s half-width clear and lies inside the face', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 150 }),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 150 }),
            fc.integer({ min: 0, max: 150 }),
            fc.integer({ min: 0, max: 150 }),
            fc.integer({ min: 0, max: 150 }),
            fc.constantFrom(5, 6, 8, 10),
          ),
          { maxLength: 5 },
        ),
        (L, inner) => {
          const { xs, ys, segs } = squareFace(L, 6);
          for (const [a, b, c, d, r] of inner) if (a !== c || b !== d) addSeg(segs, a % L, b % L, c % L, d % L, r);
          const rings = carveFace(xs, ys, segs);
          expect(worstClearance(rings, segs)).toBeGreaterThanOrEqual(-1e-9);
          for (const r of rings)
            for (let k = 0; k < r.x.length; k++) expect(r.x[k] >= 0 && r.x[k] <= L && r.y[k] >= 0 && r.y[k] <= L).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('flood (scanline fill of one free region)', () => {
  /** The 4-connected free cells reachable from start, cell by cell (the fill it replaced). */
  function reference(free: Uint8Array, W: number, H: number, start: number): Set<number> {
    const seen = new Set([start]);
    const todo = [start];
    while (todo.length) {
      const k = todo.pop()!;
      const next = [k % W > 0 ? k - 1 : -1, k % W < W - 1 ? k + 1 : -1, k >= W ? k - W : -1, k + W < W * H ? k + W : -1];
      for (const m of next) if (m >= 0 && free[m] && !seen.has(m)) seen.add(m), todo.push(m);
    }
    return seen;
  }

  it('labels exactly the region of the start cell, clears it from `free`, and leaves every other cell alone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.array(fc.boolean(), { minLength: 576, maxLength: 576 }),
        fc.nat(),
        fc.integer({ min: 0, max: 40 }),
        (W, H, bits, pick, tail) => {
          // A buffer longer than the grid, its tail free (a larger face carved before): never read.
          const free = new Uint8Array(W * H + tail).fill(1);
          for (let k = 0; k < W * H; k++) free[k] = bits[k] ? 1 : 0;
          const cells = [...free.subarray(0, W * H).keys()].filter((k) => free[k]);
          if (cells.length === 0) return;
          const start = cells[pick % cells.length];
          const want = reference(free, W, H, start);
          const before = free.slice();
          const label = new Int32Array(W * H + tail).fill(-1);
          flood(free, label, new Int32Array(2 * W * H + 1), W, H, start, 7);
          for (let k = 0; k < W * H + tail; k++) {
            expect(label[k]).toBe(want.has(k) ? 7 : -1);
            expect(free[k]).toBe(want.has(k) ? 0 : before[k]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('inferWalls: a block with a street inside', () => {
  const LON = 1.44,
    LAT = 43.6;
  const D = 0.0012; // ≈ 97 m east–west, ≈ 133 m north–south
  const block: StreetLine[] = [
    {
      coords: [
        [LON, LAT],
        [LON + D, LAT],
        [LON + D, LAT + D],
        [LON, LAT + D],
        [LON, LAT],
      ],
      roadType: 'j',
    },
    // A courtyard footway inside the block, connected to nothing.
    {
      coords: [
        [LON + 0.4 * D, LAT + 0.5 * D],
        [LON + 0.6 * D, LAT + 0.5 * D],
      ],
      roadType: 'p',
    },
  ];

  it('is carved into a solid wall by default, and opened as `streets-inside` without carving', () => {
    const carved = inferWalls(graphFromLines(block));
    expect(carved.counts.solid).toBe(1);
    expect(carved.counts['streets-inside']).toBe(0);
    expect(carved.rings.length).toBeGreaterThan(0);
    const open = inferWalls(graphFromLines(block), { carveStreetsInside: false });
    expect(open.counts['streets-inside']).toBe(1);
    expect(open.rings).toEqual([]);
  });
});
