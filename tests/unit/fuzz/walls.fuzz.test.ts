/**
 * Fuzzing wall inference (fast-check, the fuzz suite's seed): random street networks — no closed face,
 * self-intersecting and overlapping lines, duplicate edges, zero-length pieces, huge and tiny coordinates —
 * must give walls or none, with a warning when nothing closes, and never throw or hang. Every ring given
 * back is closed, finite and made of valid degrees, and the binary wall format round-trips it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWalls, encodeWalls, inferWalls } from '../../../lib/walls/index.ts';
import { graphFromLines, type StreetLine } from '../walls/helpers.ts';
import { FUZZ_SEED, runs } from './harness.ts';

const TYPES = ['a', 'c', 'd', 'i', 'j', 'n', 'p', 'q', 'z'];

/** Coordinates on a coarse lattice around a point, so lines often share, cross and overlap. */
const coordArb = (scale: number) =>
  fc
    .tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }))
    .map(([i, j]) => [1.44 + i * scale, 43.6 + j * scale] as [number, number]);

const linesArb = fc.oneof(
  fc.array(fc.record({ coords: fc.array(coordArb(0.0005), { minLength: 2, maxLength: 6 }), roadType: fc.constantFrom(...TYPES) }), {
    maxLength: 40,
  }),
  fc.array(fc.record({ coords: fc.array(coordArb(1e-7), { minLength: 2, maxLength: 4 }), roadType: fc.constantFrom(...TYPES) }), {
    maxLength: 20,
  }),
  fc.array(fc.record({ coords: fc.array(coordArb(4), { minLength: 2, maxLength: 3 }), roadType: fc.constantFrom(...TYPES) }), {
    maxLength: 12,
  }),
  // Bad coordinates among good ones.
  fc.array(
    fc.record({
      coords: fc.array(fc.oneof(coordArb(0.0005), fc.constantFrom<[number, number]>([NaN, 43.6], [1.44, Infinity], [500, 43.6])), {
        minLength: 2,
        maxLength: 5,
      }),
      roadType: fc.constantFrom(...TYPES),
    }),
    { maxLength: 20 },
  ),
);

describe('fuzz: wall inference', () => {
  it('gives walls or none, never a crash or a hang', () => {
    let withWalls = 0;
    let warned = 0;
    fc.assert(
      fc.property(linesArb, fc.boolean(), (lines: StreetLine[], dup) => {
        const input = dup ? [...lines, ...lines.slice(0, 3).map((l) => ({ ...l, coords: [...l.coords].reverse() }))] : lines;
        const t0 = performance.now();
        const w = inferWalls(graphFromLines(input));
        expect(performance.now() - t0).toBeLessThan(20_000); // a hang guard, not a speed claim
        if (w.rings.length) withWalls++;
        if (w.faces.length === 0) expect(w.warnings.length).toBeGreaterThan(0);
        if (w.warnings.length) warned++;
        for (const r of w.rings) {
          expect(r.length).toBeGreaterThanOrEqual(4);
          expect(r[0]).toEqual(r[r.length - 1]);
          for (const [lon, lat] of r) {
            expect(Number.isFinite(lon) && Math.abs(lon) <= 180).toBe(true);
            expect(Number.isFinite(lat) && Math.abs(lat) <= 90).toBe(true);
          }
        }
        expect(decodeWalls(encodeWalls(w.rings))).toEqual(w.rings);
      }),
      { seed: FUZZ_SEED, numRuns: runs(300) },
    );
    // The generators reach both outcomes.
    expect(withWalls).toBeGreaterThan(5);
    expect(warned).toBeGreaterThan(5);
  });

  it('a truncated or corrupted wall layer is a WallFormatError, never a crash', () => {
    const good = new Uint8Array(
      encodeWalls([
        [
          [1.44, 43.6],
          [1.441, 43.6],
          [1.441, 43.601],
          [1.44, 43.6],
        ],
      ]),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: good.length }),
        fc.integer({ min: 0, max: good.length - 1 }),
        fc.integer({ min: 0, max: 255 }),
        (cut, at, byte) => {
          const bytes = good.slice(0, cut);
          if (at < bytes.length) bytes[at] = byte;
          try {
            const rings = decodeWalls(bytes);
            for (const r of rings) for (const [lon, lat] of r) expect(Math.abs(lon) <= 180 && Math.abs(lat) <= 90).toBe(true);
          } catch (e) {
            expect((e as Error).name).toBe('WallFormatError');
          }
        },
      ),
      { seed: FUZZ_SEED, numRuns: runs(400) },
    );
  });
});
