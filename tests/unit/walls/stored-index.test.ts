/**
 * The occlusion index built straight from a stored wall layer (`wallIndexFromBytes`) is the one built from its
 * decoded rings (`wallRingsIndex(decodeWallRings(…))`), byte for byte: the same walls in the same order, the
 * same frame, the same Flatbush tree, the same mount tolerance — on Toulouse's real inferred walls and on random
 * layers with holes, open lines and degenerate parts (too few corners, repeated points). Its lazy footprints,
 * rebuilt from the walls without the layer's bytes, are the decoded rings.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BuildingIndex } from '../../../lib/exposure/buildings.ts';
import { decodeWallRings, encodeWallRings, storedWallIndex, wallIndexFromBytes, wallRingsIndex } from '../../../lib/walls/index.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

function expectSameIndex(fast: BuildingIndex, slow: BuildingIndex): void {
  expect(fast.wallCount).toBe(slow.wallCount);
  expect(fast.walls).toEqual(slow.walls);
  expect([fast.frame.lon0, fast.frame.lat0]).toEqual([slow.frame.lon0, slow.frame.lat0]);
  expect(fast.mountToleranceM).toBe(slow.mountToleranceM);
  if (slow.index === null) expect(fast.index).toBeNull();
  else expect(new Uint8Array(fast.index!.data)).toEqual(new Uint8Array(slow.index.data));
}

const point = fc.tuple(fc.integer({ min: 14_400_000, max: 14_500_000 }), fc.integer({ min: 436_000_000, max: 436_100_000 }));
const ring = fc.array(point, { minLength: 0, maxLength: 7 }).map((pts) => pts.map(([x, y]) => [x / 1e7, y / 1e7] as [number, number]));

describe('wallIndexFromBytes', () => {
  it("equals the decoded rings' index on Toulouse's real walls, and keeps the footprints lazily", () => {
    const b = readFileSync(resolve(ROOT, 'data/generated/bundle/walls.bin'));
    const bytes = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    const slow = wallRingsIndex(decodeWallRings(bytes), 'inferred');
    expect(slow.wallCount).toBeGreaterThan(50_000);
    expectSameIndex(wallIndexFromBytes(bytes, 'inferred'), slow);
    const stored = storedWallIndex(bytes, 'inferred')!;
    expectSameIndex(stored, slow);
    expect(stored.footprints).toEqual(slow.footprints);
  });

  it('equals it on random layers with holes, open lines and degenerate parts, for both wall sources', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ring, fc.array(ring, { maxLength: 2 })), { maxLength: 6 }),
        fc.array(ring, { maxLength: 3 }),
        fc.constantFrom('inferred' as const, 'mapped' as const),
        (solids, lines, source) => {
          const bytes = encodeWallRings({ rings: solids.map((s) => s[0]), holes: solids.map((s) => s[1]), lines });
          const slow = wallRingsIndex(decodeWallRings(bytes), source);
          expectSameIndex(wallIndexFromBytes(bytes, source), slow);
          // The lazy footprints are rebuilt from the walls alone (ringStarts): the decoded layer's, exactly.
          expect(storedWallIndex(bytes, source)!.footprints).toEqual(slow.footprints);
        },
      ),
      { numRuns: 400 },
    );
  });
});
