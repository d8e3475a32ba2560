/**
 * The noding's candidate grid (lib/walls/seg-grid.ts) against the Flatbush search it stands in for: on random
 * boxes and queries (fast-check, fixed seed), the grid's hits sorted by flatbushRank are exactly the search's
 * hits in the search's own order.
 */
import fc from 'fast-check';
import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import { FlatbushScratch } from '../../../lib/geo/flatbush-search.ts';
import { SegmentGrid, flatbushRank } from '../../../lib/walls/seg-grid.ts';

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
});
