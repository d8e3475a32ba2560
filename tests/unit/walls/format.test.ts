/**
 * walls.bin, both versions: version 1 (solid rings only, what the bundle and older stores hold) is still
 * read; version 2 carries each ring's kind (solid, hole of the solid before it, open line) so mapped
 * multipolygon buildings keep their courtyards. Malformed kinds are a clear WallFormatError.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeWallRings,
  decodeWalls,
  encodeWallRings,
  encodeWalls,
  fillRings,
  storedWallIndex,
  WallFormatError,
  WALLS_MAGIC,
  WALLS_MAGIC_V2,
} from '../../../lib/walls/index.ts';

/** Degrees on the format's 1e-7 grid, so a round trip gives them back exactly. */
const q = (v: number) => Math.round(v * 1e7) / 1e7;
const square = (x: number, y: number, s: number): Array<[number, number]> => [
  [q(x), q(y)],
  [q(x + s), q(y)],
  [q(x + s), q(y + s)],
  [q(x), q(y + s)],
  [q(x), q(y)],
];
const outer = square(1.4, 43.6, 0.001);
const yard = square(1.4003, 43.6003, 0.0004);
const other = square(1.41, 43.61, 0.0005);
const line: Array<[number, number]> = [
  [1.42, 43.62],
  [1.4205, 43.6201],
];

/** Version 1 bytes written by hand from the documented layout (what an older build stored). */
function v1Bytes(rings: Array<Array<[number, number]>>): ArrayBuffer {
  const open = rings.map((r) => r.slice(0, -1));
  const P = open.reduce((s, r) => s + r.length, 0);
  const buf = new ArrayBuffer(12 + 4 * (open.length + 1) + 8 * P);
  const v = new DataView(buf);
  v.setUint32(0, 0x314c5741, true);
  v.setUint32(4, open.length, true);
  v.setUint32(8, P, true);
  let o = 12;
  let start = 0;
  for (const r of open) {
    v.setUint32(o, start, true);
    o += 4;
    start += r.length;
  }
  v.setUint32(o, start, true);
  o += 4;
  for (const r of open)
    for (const [lon, lat] of r) {
      v.setInt32(o, Math.round(lon * 1e7), true);
      v.setInt32(o + 4, Math.round(lat * 1e7), true);
      o += 8;
    }
  return buf;
}

describe('walls.bin versions', () => {
  it('reads version 1 as solid rings, and still writes it when there are no holes or lines', () => {
    const old = v1Bytes([outer, other]);
    expect(decodeWallRings(old)).toEqual({ rings: [outer, other], holes: [[], []], lines: [] });
    expect(decodeWalls(old)).toEqual([outer, other]);
    const again = encodeWalls([outer, other]);
    expect(new DataView(again).getUint32(0, true)).toBe(WALLS_MAGIC);
    expect(new Uint8Array(again)).toEqual(new Uint8Array(old));
  });

  it('round-trips holes and open lines in version 2; decodeWalls gives the solids alone', () => {
    const bytes = encodeWallRings({ rings: [outer, other], holes: [[yard], []], lines: [line] });
    expect(new DataView(bytes).getUint32(0, true)).toBe(WALLS_MAGIC_V2);
    expect(decodeWallRings(bytes)).toEqual({ rings: [outer, other], holes: [[yard], []], lines: [line] });
    expect(decodeWalls(bytes)).toEqual([outer, other]);
    // Holes and lines are walls: their edges are in the occlusion index, their inside is not a footprint.
    const index = storedWallIndex(bytes, 'mapped')!;
    expect(index.wallCount).toBe(4 + 4 + 4 + 1);
    expect(index.footprints).toHaveLength(2);
  });

  it('rejects an unknown ring kind, a hole before any solid, and a cut kind table', () => {
    const bytes = encodeWallRings({ rings: [outer], holes: [[yard]] });
    const kinds = 12 + 4 * 3;
    const bad = new Uint8Array(bytes.slice(0));
    bad[kinds] = 7;
    expect(() => decodeWallRings(bad)).toThrow(/unknown ring kind 7/);
    const holeFirst = new Uint8Array(bytes.slice(0));
    holeFirst[kinds] = 1;
    expect(() => decodeWallRings(holeFirst)).toThrow(/hole before any solid/);
    const cut = new Uint8Array(bytes.slice(0));
    new DataView(cut.buffer).setUint32(0, WALLS_MAGIC, true); // a v2 body under a v1 header: sizes disagree
    expect(() => decodeWallRings(cut)).toThrow(WallFormatError);
  });

  it('fills a building with a courtyard as one keyhole ring: the mass is inside, the courtyard is not', () => {
    const [ring, plain] = fillRings({ rings: [outer, other], holes: [[yard], []], lines: [line] });
    expect(plain).toEqual(other);
    const evenOdd = (p: [number, number], r: Array<[number, number]>) => {
      let inside = false;
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        if (r[i][1] > p[1] !== r[j][1] > p[1] && p[0] < ((r[j][0] - r[i][0]) * (p[1] - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0])
          inside = !inside;
      }
      return inside;
    };
    expect(evenOdd([1.4005, 43.6005], ring)).toBe(false); // the courtyard
    expect(evenOdd([1.4001, 43.6005], ring)).toBe(true); // the building around it
    expect(evenOdd([1.4015, 43.6005], ring)).toBe(false); // the street
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });
});
