/**
 * The noding's candidate grid (lib/walls/seg-grid.ts) against the Flatbush search it stands in for: on random
 * boxes and queries (fast-check, fixed seed), the grid's hits sorted by flatbushRank are exactly the search's
 * hits in the search's own order; pointSearch (grid or index) finds the same points as a Flatbush search.
 */
import fc from 'fast-check';
import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import { FlatbushScratch } from '../../../lib/geo/flatbush-search.ts';
import { SegmentGrid, flatbushRank, pointSearch } from '../../../lib/walls/seg-grid.ts';

const coord = fc.integer({ min: 0, max: 4000 }).map((v) => v / 10);
const boxArb = fc.tuple(coord, coord, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }));

describe('SegmentGrid + flatbushRank', () => {
  it('give the Flatbush search hits in the Flatbush order', () => {
    let multi = 0;
    fc.assert(
      fc.property(
        fc.array(boxArb, { minLength: 200, maxLength: 700 }),
        fc.array(boxArb, { minLength: 1, maxLength: 20 }),
        fc.constantFrom(4, 16),
        (items, queries, nodeSize) => {
          const boxes = new Float64Array(4 * items.length);
          const index = new Flatbush(items.length, nodeSize);
          items.forEach(([x, y, w, h], i) => {
            boxes.set([x, y, x + w / 10, y + h / 10], 4 * i);
            index.add(x, y, x + w / 10, y + h / 10);
          });
          index.finish();
          const grid = SegmentGrid.build(boxes, items.length, 20);
          expect(grid).not.toBeNull();
          const rank = flatbushRank(index);
          const scratch = new FlatbushScratch();
          const hits = { ids: new Int32Array(4) };
          for (const [x, y, w, h] of queries) {
            const q = [x, y, x + w / 10, y + h / 10] as const;
            const nWant = scratch.search(index, ...q); // both may grow their buffer: read it after the call
            const want = Array.from(scratch.ids.subarray(0, nWant));
            const nGot = grid!.query(...q, hits);
            const got = Array.from(hits.ids.subarray(0, nGot)).sort((a, b) => rank[a] - rank[b]);
            expect(got).toEqual(want);
            if (want.length > 2) multi++;
          }
        },
      ),
      { seed: 20_261_130, numRuns: 150 },
    );
    expect(multi).toBeGreaterThan(100);
  });

  it('declines a grid that would be too big (coordinates across the globe)', () => {
    const boxes = new Float64Array([0, 0, 1, 1, 2e7, 2e7, 2e7 + 1, 2e7 + 1]);
    expect(SegmentGrid.build(boxes, 2, 20)).toBeNull();
  });

  it('is built for a sprawling graph like Toulouse (about 6 cells of 20 m per segment)', () => {
    // 1,000 short segments on a 50 m lattice over 1.56 km: 78 × 78 = 6,084 cells, 6.1 per segment, within the
    // bound of 8 (the former bound of 4, 5,024 cells here, sent Toulouse back to the R-tree search).
    const n = 1000;
    const boxes = new Float64Array(4 * n);
    for (let i = 0; i < n; i++) boxes.set([(i % 32) * 50, Math.floor(i / 32) * 50, (i % 32) * 50 + 5, Math.floor(i / 32) * 50 + 1], 4 * i);
    expect(SegmentGrid.build(boxes, n, 20)).not.toBeNull();
  });
});

describe('pointSearch', () => {
  it('finds the points a Flatbush search finds, through the grid or the index', () => {
    let grids = 0;
    let indexes = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(coord, coord), { minLength: 0, maxLength: 400 }),
        fc.array(boxArb, { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        (points, queries, spread) => {
          // Spread out, the points leave the grid too empty: pointSearch falls back on an index.
          const px = points.map(([x]) => (spread ? x * 1000 : x));
          const py = points.map(([, y]) => (spread ? y * 1000 : y));
          const found = pointSearch(px, py, points.length, 20);
          const index = new Flatbush(Math.max(1, points.length));
          for (let i = 0; i < points.length; i++) index.add(px[i], py[i], px[i], py[i]);
          if (points.length === 0) index.add(-1e9, -1e9, -1e9, -1e9);
          index.finish();
          const boxes = new Float64Array(4 * points.length);
          for (let i = 0; i < points.length; i++) boxes.set([px[i], py[i], px[i], py[i]], 4 * i);
          if (SegmentGrid.build(boxes, points.length, 20)) grids++;
          else indexes++;
          for (const [x, y, w, h] of queries) {
            const q = spread
              ? ([x * 1000, y * 1000, x * 1000 + w * 100, y * 1000 + h * 100] as const)
              : ([x, y, x + w / 10, y + h / 10] as const);
            const want = index.search(...q).filter((i) => i < points.length);
            const n = found.search(...q);
            expect(Array.from(found.ids.subarray(0, n)).sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
          }
        },
      ),
      { seed: 20_261_130, numRuns: 150 },
    );
    expect(grids).toBeGreaterThan(20);
    expect(indexes).toBeGreaterThan(20);
  });
});
