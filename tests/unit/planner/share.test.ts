import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShareFragment, encodeShareFragment } from '../../../lib/planner/share.ts';

describe('share link fragment', () => {
  it('round-trips a request (to 1e-6°)', () => {
    const r = { from: [1.444, 43.6045] as [number, number], to: [1.4418, 43.6085] as [number, number], via: [[1.45, 43.6] as [number, number]], alpha: 4, maxDetour: 0.25 };
    const text = encodeShareFragment(r);
    expect(text).toBe('from=43.6045,1.444&to=43.6085,1.4418&via=43.6,1.45&alpha=4&detour=25');
    expect(decodeShareFragment('#' + text)).toEqual(r);
  });

  it('round-trips any valid request', () => {
    const pt = fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.double({ min: -90, max: 90, noNaN: true }));
    fc.assert(
      fc.property(pt, pt, fc.array(pt, { maxLength: 5 }), (from, to, via) => {
        const back = decodeShareFragment(encodeShareFragment({ from, to, via }));
        expect(back.from![0]).toBeCloseTo(from[0], 4);
        expect(back.to![1]).toBeCloseTo(to[1], 4);
        expect(back.via).toHaveLength(via.length);
      }),
    );
  });

  it('ignores malformed or hostile fields', () => {
    expect(decodeShareFragment('#from=91,1&to=1,2,3&alpha=-1&detour=abc&via=x;<script>')).toEqual({ via: [] });
    expect(decodeShareFragment('from=43.6,1.44&evil=1')).toEqual({ from: [1.44, 43.6], via: [] });
  });
});
