import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PairTable } from '../../../lib/walls/pair-table.ts';

describe('PairTable', () => {
  it('stores and finds the same values as a Map keyed by the pair, through growth and negative keys', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer(), fc.integer(), fc.nat()), { maxLength: 300 }), (entries) => {
        const table = new PairTable(1);
        const map = new Map<string, number>();
        for (const [a, b, v] of entries) {
          table.set(a, b, v);
          map.set(`${a},${b}`, v);
        }
        for (const [a, b] of entries) expect(table.get(a, b)).toBe(map.get(`${a},${b}`));
        expect(table.get(2 ** 31 - 1, -(2 ** 31))).toBe(map.get(`${2 ** 31 - 1},${-(2 ** 31)}`) ?? -1);
      }),
    );
  });
});
