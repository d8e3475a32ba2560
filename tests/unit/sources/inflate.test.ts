import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InflateError, inflateRaw } from '../../../lib/sources/inflate.ts';

/** Bytes from a small alphabet, so they compress with dynamic Huffman trees and back-references. */
const payload = fc.tuple(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: 1, max: 256 }), fc.integer()).map(([n, alphabet, seed]) => {
  let s = seed >>> 0;
  return Uint8Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % alphabet);
});

const matchesZlib = fc.property(payload, fc.constantFrom(0, 1, 6, 9), (data, level) => {
  const z = deflateRawSync(data, { level });
  const out = new Uint8Array(data.length);
  expect(inflateRaw(z, out)).toBe(data.length);
  expect(out).toEqual(data);
});

describe('inflateRaw', () => {
  it('matches zlib at every level, including stored blocks', () => {
    fc.assert(matchesZlib, { numRuns: 60 });
  });

  // Found by the property above (seed -431152327): a stored block whose header left exactly one whole byte
  // in the bit buffer kept that byte, and read its length from one byte too far ("length check failed").
  it('gives back every whole byte read ahead before a stored block', () => {
    fc.assert(matchesZlib, { numRuns: 30, seed: -431152327 });
  });

  it('refuses output larger than the declared size', () => {
    const z = deflateRawSync(new Uint8Array(1000).fill(7));
    expect(() => inflateRaw(z, new Uint8Array(999))).toThrowError(InflateError);
  });

  // tiny-inflate, which this decoder replaces, never returns on this input.
  it('ends with an error on a stream cut in half', () => {
    let s = 7;
    const data = Uint8Array.from({ length: 20_000 }, () => 97 + ((s = (s * 1103515245 + 12345) & 0x7fffffff) % 40));
    const z = deflateRawSync(data);
    const error = (() => {
      try {
        inflateRaw(z.subarray(0, z.length >> 1), new Uint8Array(20_000));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InflateError);
    expect((error as InflateError).reason).toBe('truncated');
  });

  it('ends on any truncation or corruption, with InflateError or a short output', () => {
    fc.assert(
      fc.property(
        payload,
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
        (data, cutAt, flips) => {
          const z = deflateRawSync(data).slice();
          for (const [p, x] of flips) z[p % z.length] ^= x;
          const input = z.subarray(0, z.length === 0 ? 0 : cutAt % (z.length + 1));
          try {
            expect(inflateRaw(input, new Uint8Array(data.length))).toBeLessThanOrEqual(data.length);
          } catch (e) {
            expect(e).toBeInstanceOf(InflateError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
