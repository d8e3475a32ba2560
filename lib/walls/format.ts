/**
 * Compact binary form of a wall layer (the shrunk rings of solid faces, or mapped building footprints),
 * stored beside a walk graph (`GraphRecord.walls`) so the background scores and draws with the same walls
 * the pipeline used.
 *
 * Version 1, little-endian: u32 magic 0x314C5741 ("AWL1"), u32 ring count R, u32 point count P,
 * (R + 1) × u32 ring start offsets into the points, then P × (i32 lon × 1e7, i32 lat × 1e7).
 * Rings are stored open (the closing point is implied); every ring is a solid. 8 bytes a corner:
 * Toulouse's walls are ≈ 1 MiB.
 *
 * Version 2 ("AWL2", magic 0x324C5741) adds one kind byte per ring, after the offsets (padded to 4 bytes):
 * 0 a solid ring, 1 a hole of the solid before it (a courtyard of a multipolygon building: its edges are
 * walls, its inside is open), 2 an open wall line (a building cut by the area's edge: walls, no inside).
 * A layer with neither holes nor lines is written as version 1, so inferred walls keep their bytes;
 * both versions are read.
 */
export const WALLS_MAGIC = 0x314c5741;
export const WALLS_MAGIC_V2 = 0x324c5741;
/** Largest wall layer accepted when decoding (points): a city has a few hundred thousand corners. */
export const MAX_WALL_POINTS = 20_000_000;

export class WallFormatError extends Error {
  override readonly name = 'WallFormatError';
}

type Ring = Array<[number, number]>;
type RingIn = ReadonlyArray<readonly [number, number]>;

/** A decoded wall layer: solid rings (closed), their holes (closed), open wall lines. */
export interface WallRings {
  rings: Ring[];
  /** holes[i]: the holes of rings[i] (empty for most). */
  holes: Ring[][];
  lines: Ring[];
}

const SOLID = 0;
const HOLE = 1;
const LINE = 2;

/** Closed or open rings of [lon, lat] degrees → bytes (version 1). Degrees are quantised to 1e-7 (≈ 1 cm). */
export function encodeWalls(rings: ReadonlyArray<RingIn>): ArrayBuffer {
  return encodeWallRings({ rings });
}

/** Solid rings with their holes, and open wall lines → bytes: version 1 when there are neither, else 2. */
export function encodeWallRings(layer: {
  rings: ReadonlyArray<RingIn>;
  holes?: ReadonlyArray<ReadonlyArray<RingIn>>;
  lines?: ReadonlyArray<RingIn>;
}): ArrayBuffer {
  const parts: Array<{ kind: number; points: RingIn }> = [];
  const openRing = (r: RingIn) => {
    const closed = r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1];
    return closed ? r.slice(0, -1) : r;
  };
  layer.rings.forEach((r, i) => {
    parts.push({ kind: SOLID, points: openRing(r) });
    for (const h of layer.holes?.[i] ?? []) parts.push({ kind: HOLE, points: openRing(h) });
  });
  for (const l of layer.lines ?? []) parts.push({ kind: LINE, points: l });
  const v2 = parts.some((p) => p.kind !== SOLID);
  const P = parts.reduce((s, r) => s + r.points.length, 0);
  const R = parts.length;
  const kindBytes = v2 ? 4 * Math.ceil(R / 4) : 0;
  const buf = new ArrayBuffer(12 + 4 * (R + 1) + kindBytes + 8 * P);
  const v = new DataView(buf);
  v.setUint32(0, v2 ? WALLS_MAGIC_V2 : WALLS_MAGIC, true);
  v.setUint32(4, R, true);
  v.setUint32(8, P, true);
  let o = 12;
  let start = 0;
  for (const r of parts) {
    v.setUint32(o, start, true);
    o += 4;
    start += r.points.length;
  }
  v.setUint32(o, start, true);
  o += 4;
  if (v2) for (let i = 0; i < R; i++) v.setUint8(o + i, parts[i].kind);
  o += kindBytes;
  for (const r of parts) {
    for (const [lon, lat] of r.points) {
      v.setInt32(o, Math.round(lon * 1e7), true);
      v.setInt32(o + 4, Math.round(lat * 1e7), true);
      o += 8;
    }
  }
  return buf;
}

/** Bytes → the solid rings, closed (holes and lines left out). Throws WallFormatError on anything malformed. */
export function decodeWalls(bytes: ArrayBuffer | Uint8Array): Array<Array<[number, number]>> {
  return decodeWallRings(bytes).rings;
}

/**
 * A validated wall layer as flat arrays: part r (a solid ring, a hole or an open line, `kinds[r]`) has the
 * points `starts[r]` … `starts[r + 1] − 1`, and point k is (`ints[2k]`, `ints[2k + 1]`) in 1e-7 degree (degrees
 * = value / 1e7, the one division every reader repeats: WALL_UNITS_PER_DEGREE, lib/exposure/buildings.ts). Rings
 * are open here (the closing point is implied). What `decodeWallRings` and the occlusion index are both built from.
 */
export interface WallParts {
  count: number;
  kinds: Uint8Array;
  starts: Uint32Array;
  ints: Int32Array;
}

export const WALL_PART_SOLID = SOLID;
export const WALL_PART_HOLE = HOLE;
export const WALL_PART_LINE = LINE;

/** Bytes (version 1 or 2) → the layer's parts. Throws WallFormatError on anything malformed. */
export function readWallParts(bytes: ArrayBuffer | Uint8Array): WallParts {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.byteLength < 16) throw new WallFormatError('wall layer: too short');
  const v = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const magic = v.getUint32(0, true);
  if (magic !== WALLS_MAGIC && magic !== WALLS_MAGIC_V2) throw new WallFormatError('wall layer: not a wall layer (bad magic)');
  const R = v.getUint32(4, true);
  const P = v.getUint32(8, true);
  if (P > MAX_WALL_POINTS) throw new WallFormatError(`wall layer: ${P} points, over the ${MAX_WALL_POINTS} limit`);
  const kindBytes = magic === WALLS_MAGIC_V2 ? 4 * Math.ceil(R / 4) : 0;
  if (u8.byteLength !== 12 + 4 * (R + 1) + kindBytes + 8 * P) throw new WallFormatError('wall layer: size does not match its header');
  const parts: WallParts = {
    count: R,
    kinds: new Uint8Array(R),
    starts: new Uint32Array(R + 1),
    ints: new Int32Array(2 * P),
  };
  const kinds = 12 + 4 * (R + 1);
  const pts = kinds + kindBytes;
  let prev = v.getUint32(12, true);
  if (prev !== 0) throw new WallFormatError('wall layer: bad ring offsets');
  let solids = 0;
  for (let r = 0; r < R; r++) {
    const end = v.getUint32(12 + 4 * (r + 1), true);
    if (end < prev || end > P) throw new WallFormatError('wall layer: bad ring offsets');
    const kind = kindBytes ? v.getUint8(kinds + r) : SOLID;
    if (kind > LINE) throw new WallFormatError(`wall layer: unknown ring kind ${kind}`);
    if (kind === HOLE && solids === 0) throw new WallFormatError('wall layer: a hole before any solid ring');
    if (kind === SOLID) solids++;
    for (let k = prev; k < end; k++) {
      const x = v.getInt32(pts + 8 * k, true);
      const y = v.getInt32(pts + 8 * k + 4, true);
      if (Math.abs(x / 1e7) > 180 || Math.abs(y / 1e7) > 90) throw new WallFormatError('wall layer: coordinate out of range');
      parts.ints[2 * k] = x;
      parts.ints[2 * k + 1] = y;
    }
    parts.kinds[r] = kind;
    parts.starts[r + 1] = end;
    prev = end;
  }
  if (prev !== P) throw new WallFormatError('wall layer: ring offsets do not cover the points');
  return parts;
}

/** Bytes (version 1 or 2) → solid rings (closed), their holes (closed), open lines. Throws WallFormatError on anything malformed. */
export function decodeWallRings(bytes: ArrayBuffer | Uint8Array): WallRings {
  const { count, kinds, starts, ints } = readWallParts(bytes);
  const out: WallRings = { rings: [], holes: [], lines: [] };
  for (let r = 0; r < count; r++) {
    const kind = kinds[r];
    const ring: Array<[number, number]> = [];
    for (let k = starts[r]; k < starts[r + 1]; k++) ring.push([ints[2 * k] / 1e7, ints[2 * k + 1] / 1e7]);
    if (kind !== LINE && ring.length > 0) ring.push([ring[0][0], ring[0][1]]);
    if (kind === SOLID) {
      out.rings.push(ring);
      out.holes.push([]);
    } else if (kind === HOLE) out.holes[out.holes.length - 1].push(ring);
    else out.lines.push(ring);
  }
  return out;
}
