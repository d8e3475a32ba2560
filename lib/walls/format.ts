/**
 * Compact binary form of a wall layer (the shrunk rings of solid faces), stored beside a walk graph
 * (`GraphRecord.walls`) so the background scores and draws with the same walls the pipeline used.
 *
 * Layout, little-endian: u32 magic 0x314C5741 ("AWL1"), u32 ring count R, u32 point count P,
 * (R + 1) × u32 ring start offsets into the points, then P × (i32 lon × 1e7, i32 lat × 1e7).
 * Rings are stored open (the closing point is implied). 8 bytes a corner: Toulouse's walls are ≈ 1 MiB.
 */
export const WALLS_MAGIC = 0x314c5741;
/** Largest wall layer accepted when decoding (points): a city has a few hundred thousand corners. */
export const MAX_WALL_POINTS = 20_000_000;

export class WallFormatError extends Error {
  override readonly name = 'WallFormatError';
}

/** Closed or open rings of [lon, lat] degrees → bytes. Degrees are quantised to 1e-7 (≈ 1 cm). */
export function encodeWalls(rings: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): ArrayBuffer {
  const open = rings.map((r) => {
    const closed = r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1];
    return closed ? r.slice(0, -1) : r;
  });
  const P = open.reduce((s, r) => s + r.length, 0);
  const R = open.length;
  const buf = new ArrayBuffer(12 + 4 * (R + 1) + 8 * P);
  const v = new DataView(buf);
  v.setUint32(0, WALLS_MAGIC, true);
  v.setUint32(4, R, true);
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
  for (const r of open) {
    for (const [lon, lat] of r) {
      v.setInt32(o, Math.round(lon * 1e7), true);
      v.setInt32(o + 4, Math.round(lat * 1e7), true);
      o += 8;
    }
  }
  return buf;
}

/** Bytes → closed rings of [lon, lat]. Throws WallFormatError on anything malformed. */
export function decodeWalls(bytes: ArrayBuffer | Uint8Array): Array<Array<[number, number]>> {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.byteLength < 16) throw new WallFormatError('wall layer: too short');
  const v = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  if (v.getUint32(0, true) !== WALLS_MAGIC) throw new WallFormatError('wall layer: not a wall layer (bad magic)');
  const R = v.getUint32(4, true);
  const P = v.getUint32(8, true);
  if (P > MAX_WALL_POINTS) throw new WallFormatError(`wall layer: ${P} points, over the ${MAX_WALL_POINTS} limit`);
  if (u8.byteLength !== 12 + 4 * (R + 1) + 8 * P) throw new WallFormatError('wall layer: size does not match its header');
  const rings: Array<Array<[number, number]>> = [];
  const pts = 12 + 4 * (R + 1);
  let prev = v.getUint32(12, true);
  if (prev !== 0) throw new WallFormatError('wall layer: bad ring offsets');
  for (let r = 0; r < R; r++) {
    const end = v.getUint32(12 + 4 * (r + 1), true);
    if (end < prev || end > P) throw new WallFormatError('wall layer: bad ring offsets');
    const ring: Array<[number, number]> = [];
    for (let k = prev; k < end; k++) {
      const lon = v.getInt32(pts + 8 * k, true) / 1e7;
      const lat = v.getInt32(pts + 8 * k + 4, true) / 1e7;
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) throw new WallFormatError('wall layer: coordinate out of range');
      ring.push([lon, lat]);
    }
    if (ring.length > 0) ring.push([ring[0][0], ring[0][1]]);
    rings.push(ring);
    prev = end;
  }
  if (prev !== P) throw new WallFormatError('wall layer: ring offsets do not cover the points');
  return rings;
}
