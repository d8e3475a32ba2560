/**
 * The wall index file (lib/walls/index-file.ts): a woken worker adopts the stored Flatbush and walls instead
 * of decoding Toulouse's walls.bin and indexing its 65,595 walls again. The adopted index must answer exactly
 * as the built one; any header field or payload bit that does not match is refused.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import { createExposureScorer } from '../../../lib/exposure/index.ts';
import { decodeWallIndexFile, encodeWallIndexFile, WallIndexFileError, type WallIndexKey } from '../../../lib/walls/index-file.ts';
import { encodeWallRings, storedWallIndex, withLazyFootprints } from '../../../lib/walls/index.ts';
import { bundledCameras, ROOT } from '../planner/fixture.ts';

const read = (path: string) => {
  const b = readFileSync(resolve(ROOT, path));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

describe('wall index file', () => {
  const walls = read('data/generated/bundle/walls.bin');
  const key: WallIndexKey = { checksum: 0x1234abcd, walls, source: 'inferred' };
  const built = storedWallIndex(walls, 'inferred')!;
  const file = encodeWallIndexFile(built, key);

  it('round-trips Toulouse: the same walls, frame and tolerance, and a tree that answers every search alike', () => {
    expect(built.wallCount).toBeGreaterThan(60_000);
    // Version 2: 16 bytes a wall (int32 of 1e-7°), the footprints' ring starts, a float32 tree (4.40 MiB in
    // version 1, 2.36 MiB now).
    const rings = built.ringStarts!.length;
    expect(rings).toBeGreaterThan(5000);
    expect(file.byteLength).toBe(
      72 + 16 * built.wallCount + 8 * Math.ceil((4 * rings) / 8) + (built.index!.data as ArrayBuffer).byteLength,
    );
    expect(built.index!.ArrayType).toBe(Float32Array);
    expect(file.byteLength).toBeLessThan(2.5 * 1048576);
    const back = decodeWallIndexFile(file, key);
    expect(back.wallCount).toBe(built.wallCount);
    expect(back.frame).toEqual(built.frame);
    expect(back.mountToleranceM).toBe(built.mountToleranceM);
    expect(Buffer.from(back.walls.buffer, back.walls.byteOffset, back.walls.byteLength).equals(Buffer.from(built.walls.buffer))).toBe(true);
    // Zero copy: the walls and the tree are views over the file.
    expect(back.walls.buffer).toBe(file);
    expect(back.index!.data).toBe(file);
    expect(back.ringStarts!.buffer).toBe(file);
    expect([...back.ringStarts!]).toEqual([...built.ringStarts!]);
    let state = 7;
    const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    for (let i = 0; i < 300; i++) {
      const [x, y, r] = [rand() * 4000, rand() * 4000, Math.abs(rand()) * 300];
      const a = built.index!.search(x - r, y - r, x + r, y + r);
      expect(back.index!.search(x - r, y - r, x + r, y + r)).toEqual(a);
      expect(back.index!.neighbors(x, y, 3)).toEqual(built.index!.neighbors(x, y, 3));
    }
  });

  it('scores exposure with an adopted index exactly as with a built one', () => {
    const cameras = bundledCameras().slice(0, 400);
    const a = createExposureScorer(cameras, { buildings: built });
    const b = createExposureScorer(cameras, { buildings: decodeWallIndexFile(file, key) });
    const open = createExposureScorer(cameras, {});
    let sum = 0;
    let occluded = 0; // segments the walls change: the comparison is not vacuous
    for (const c of cameras.slice(0, 200)) {
      const lons = [c.lon - 0.0004, c.lon + 0.0001, c.lon + 0.0004];
      const lats = [c.lat - 0.0002, c.lat + 0.0003, c.lat + 0.0002];
      const x = [...a.scoreTiers(lons, lats)];
      expect([...b.scoreTiers(lons, lats)]).toEqual(x);
      expect(b.camerasSeeing(lons.map((lon, i) => [lon, lats[i]]))).toEqual(a.camerasSeeing(lons.map((lon, i) => [lon, lats[i]])));
      sum += x[3];
      if (open.scoreTiers(lons, lats)[3] !== x[3]) occluded++;
    }
    expect(occluded).toBeGreaterThan(10);
    expect(sum).toBeGreaterThan(0);
  });

  it('gives lazy footprints equal to the built ones, decoded on first read only', () => {
    const eager = storedWallIndex(walls, 'inferred')!;
    const adopted = withLazyFootprints(decodeWallIndexFile(file, key), walls);
    const first = adopted.footprints;
    expect(first).toEqual(eager.footprints);
    expect(adopted.footprints).toBe(first);
  });

  it('keeps a mapped layer without a tolerance, and an empty layer without a tree', () => {
    const ring: Array<[number, number]> = [
      [1.44, 43.6],
      [1.441, 43.6],
      [1.441, 43.601],
      [1.44, 43.6],
    ];
    const mapped = encodeWallRings({ rings: [ring], lines: [ring.slice(0, 2)] });
    const mKey: WallIndexKey = { checksum: 1, walls: mapped, source: 'mapped' };
    const m = decodeWallIndexFile(encodeWallIndexFile(storedWallIndex(mapped, 'mapped')!, mKey), mKey);
    expect(m.mountToleranceM).toBeUndefined();
    expect(m.wallCount).toBe(4);
    const empty = encodeWallRings({ rings: [] });
    const eKey: WallIndexKey = { checksum: 1, walls: empty, source: 'inferred' };
    const e = decodeWallIndexFile(encodeWallIndexFile(storedWallIndex(empty, 'inferred')!, eKey), eKey);
    expect(e.wallCount).toBe(0);
    expect(e.index).toBeNull();
  });

  it('refuses another graph, another wall layer or source, every bad header field and any flipped payload bit', () => {
    const refused = (bytes: ArrayBuffer, k: WallIndexKey, re: RegExp) => {
      let caught: unknown;
      try {
        decodeWallIndexFile(bytes, k);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(WallIndexFileError);
      expect((caught as Error).message).toMatch(re);
    };
    const patch = (f: (v: DataView) => void) => {
      const copy = file.slice(0);
      f(new DataView(copy));
      return copy;
    };
    refused(file, { ...key, checksum: key.checksum + 1 }, /another walk graph/);
    const otherWalls = walls.slice(0);
    new Uint8Array(otherWalls)[otherWalls.byteLength - 1] ^= 1;
    refused(file, { ...key, walls: otherWalls }, /another wall layer/);
    refused(file, { ...key, walls: walls.slice(0, walls.byteLength - 8) }, /another wall layer/);
    refused(file, { ...key, source: 'mapped' }, /another wall source/);
    refused(
      patch((v) => v.setUint8(1, 0x58)),
      key,
      /bad magic/,
    );
    // A file of before (version 1: float64 boxes and degrees) is refused, so the caller rebuilds and rewrites it.
    refused(
      patch((v) => v.setUint32(4, 1, true)),
      key,
      /version 1, expected 2/,
    );
    // A float64 tree under the current version (a file written by a build that forgot to bump it) too.
    const f64 = new Flatbush(built.wallCount);
    for (let i = 0; i < built.wallCount; i++) f64.add(i, i, i + 1, i + 1);
    f64.finish();
    refused(encodeWallIndexFile({ ...built, index: f64 }, key), key, /Float64Array boxes, expected Float32Array/);
    refused(
      patch((v) => v.setUint32(8, 5, true)),
      key,
      /length does not match the header/,
    );
    refused(
      patch((v) => v.setUint32(28, built.wallCount - 1, true)),
      key,
      /match the counts/,
    );
    refused(
      patch((v) => v.setUint32(56, 16, true)),
      key,
      /match the counts/,
    );
    refused(
      patch((v) => v.setFloat64(32, 400, true)),
      key,
      /frame origin/,
    );
    refused(
      patch((v) => v.setFloat64(32, built.frame.lon0 + 1e-9, true)),
      key,
      /checksum mismatch/,
    );
    refused(
      patch((v) => v.setFloat64(48, -1, true)),
      key,
      /mount tolerance/,
    );
    refused(
      patch((v) => v.setFloat64(48, 9, true)),
      key,
      /checksum mismatch/,
    );
    refused(file.slice(0, 40), key, /truncated/);
    refused(file.slice(0, file.byteLength - 8), key, /length does not match/);
    refused('bytes' as unknown as ArrayBuffer, key, /not binary/);
    refused(
      patch((v) => v.setUint32(64, built.wallCount + 1, true)),
      key,
      /match the counts/,
    );
    const rings = built.ringStarts!.length;
    for (const at of [
      68,
      72,
      72 + 16 * 1000 + 3,
      72 + 16 * built.wallCount + 5,
      72 + 16 * built.wallCount + 4 * rings + 9,
      file.byteLength - 1,
    ]) {
      refused(
        patch((v) => v.setUint8(at, v.getUint8(at) ^ 0x10)),
        key,
        /checksum mismatch/,
      );
    }
  });
});
