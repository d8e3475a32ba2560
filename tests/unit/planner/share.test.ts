import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShareFragment, encodeShareFragment, readShareLink, shareLink } from '../../../lib/planner/share.ts';

describe('share link fragment', () => {
  it('round-trips a request (to 1e-6°)', () => {
    const r = {
      from: [1.444, 43.6045] as [number, number],
      to: [1.4418, 43.6085] as [number, number],
      via: [[1.45, 43.6] as [number, number]],
      alpha: 4,
      maxDetour: 0.25,
    };
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

describe('portable share link (issue 12)', () => {
  const request = { from: [1.456, 43.609] as [number, number], to: [1.462, 43.606] as [number, number], via: [], alpha: 4, maxDetour: 0.4 };

  it('has no host and no extension id: the request is only in the fragment', () => {
    const link = shareLink(request);
    expect(link).toBe('angle-mort:#from=43.609,1.456&to=43.606,1.462&alpha=4&detour=40');
    const url = new URL(link);
    expect(url.host).toBe('');
    expect(url.protocol).toBe('angle-mort:');
    expect(url.hash.slice(1)).toBe(encodeShareFragment(request));
  });

  it('opens its own links and the older planner addresses of any install; refuses the rest', () => {
    expect(readShareLink(shareLink(request))).toEqual(request);
    expect(readShareLink(`  chrome-extension://abcdefghijklmnopabcdefghijklmnop/planner.html#${encodeShareFragment(request)}\n`)).toEqual(
      request,
    );
    expect(readShareLink(`moz-extension://0b5c6f1e-1111-2222-3333-444455556666/planner.html#${encodeShareFragment(request)}`)).toEqual(
      request,
    );
    expect(readShareLink('https://example.org/')).toBeNull();
    expect(readShareLink('angle-mort:#alpha=2')).toBeNull();
    expect(readShareLink('#from=91,1')).toBeNull();
  });
});
