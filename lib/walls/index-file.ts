/**
 * The wall occlusion index of a stored wall layer in a small binary file, kept in IndexedDB beside the
 * α = 0 landmark table and the edge index (lib/planner/persisted.ts), so a woken service worker adopts it
 * instead of decoding every ring and building the Flatbush over every wall again (issue #14,
 * docs/routing.md "The service worker's wake-up path").
 *
 * It depends on the wall layer's bytes and its source alone (the walls, the frame and the mount tolerance
 * all derive from them), so it is keyed by those bytes' FNV-1a and length, and by the walk graph's checksum
 * (the record it lives in is the graph's). Layout (little-endian):
 *
 *    0  u8[4]  magic "AMWI"
 *    4  u32    format version (WALL_INDEX_FILE_VERSION)
 *    8  u32    total file length in bytes
 *   12  u32    the walk graph's checksum
 *   16  u32    byte length of the wall layer it was built from (GraphRecord.walls)
 *   20  u32    FNV-1a of that wall layer
 *   24  u32    wall source: 1 mapped, 2 inferred
 *   28  u32    wallCount W
 *   32  f64    frame origin longitude
 *   40  f64    frame origin latitude
 *   48  f64    mountToleranceM (NaN: none)
 *   56  u32    Flatbush buffer length B (0 when W = 0)
 *   60  u32    FNV-1a of bytes 0–59 then of bytes 64 on: every field and byte is covered
 *   64  u32    footprint ring count F
 *   68  u32    reserved (0)
 *   72  i32×4W the walls (lon1, lat1, lon2, lat2 in 1e-7 degree, BuildingIndex.walls), then u32×(F + 1) where
 *              the footprints' walls start (BuildingIndex.ringStarts), zero-padded to 8 bytes, then B bytes:
 *              the Flatbush buffer (float32 boxes)
 *
 * The decoded index holds views over the file (no copy): `Flatbush.from` adopts the tree, and the footprints
 * are rebuilt from the walls when first read (`withLazyFootprints`), so the engine need not keep the wall
 * layer's bytes. Anything wrong
 * raises a WallIndexFileError: the caller builds the index from the wall layer and writes the file again.
 */
import type Flatbush from 'flatbush';
import type { BuildingIndex } from '../exposure/buildings.ts';
import { fnv1aBytes } from '../fnv.ts';
import { adoptFloat32Index } from '../geo/flatbush-search.ts';
import { LocalFrame } from '../geo/index.ts';

export const WALL_INDEX_FILE_MAGIC = 'AMWI';
/**
 * Bump when the index's build (frame, wall order, Flatbush node size or box type) or the layout changes.
 * 2: float32 boxes rounded outward, the walls as int32 of 1e-7 degree and the footprint ring starts (1 held
 * float64 boxes and float64 degrees; such a file is refused and rebuilt).
 */
export const WALL_INDEX_FILE_VERSION = 2;
const HEADER_BYTES = 72;
/** Four int32 a wall. */
const WALL_BYTES = 16;
const SOURCES = { mapped: 1, inferred: 2 } as const;

export class WallIndexFileError extends Error {
  override readonly name = 'WallIndexFileError';
}

/** What a wall index file is checked against: the graph it is stored with, the wall layer and its source. */
export interface WallIndexKey {
  checksum: number;
  walls: ArrayBuffer;
  source: 'mapped' | 'inferred';
}

/** The file's own checksum: the header before it (bytes 0–59), then everything after it (64 on). */
const fileChecksum = (bytes: ArrayBuffer) => fnv1aBytes(bytes, 64, bytes.byteLength, fnv1aBytes(bytes, 0, 60));

/** Bytes of the ring starts of F footprints, padded so the tree after them stays 8-byte aligned. */
const ringBytes = (F: number) => 8 * Math.ceil((4 * (F + 1)) / 8);

/**
 * Encodes a wall index built from the wall layer `key.walls` of the graph `key.checksum` (one that says where its
 * footprints are: `storedWallIndex`, `wallIndexFromBytes` or a decoded file).
 */
export function encodeWallIndexFile(index: BuildingIndex, key: WallIndexKey): ArrayBuffer {
  const starts = index.ringStarts;
  if (!starts) throw new Error('a wall index file holds an index built from a stored wall layer (its ring starts)');
  const tree = index.index ? (index.index.data as ArrayBuffer) : new ArrayBuffer(0);
  const wallBytes = WALL_BYTES * index.wallCount;
  const F = starts.length - 1;
  const buffer = new ArrayBuffer(HEADER_BYTES + wallBytes + ringBytes(F) + tree.byteLength);
  new Int32Array(buffer, HEADER_BYTES, 4 * index.wallCount).set(index.walls.subarray(0, 4 * index.wallCount));
  new Uint32Array(buffer, HEADER_BYTES + wallBytes, F + 1).set(starts);
  new Uint8Array(buffer, HEADER_BYTES + wallBytes + ringBytes(F)).set(new Uint8Array(tree));
  const view = new DataView(buffer);
  for (let i = 0; i < 4; i++) view.setUint8(i, WALL_INDEX_FILE_MAGIC.charCodeAt(i));
  view.setUint32(4, WALL_INDEX_FILE_VERSION, true);
  view.setUint32(8, buffer.byteLength, true);
  view.setUint32(12, key.checksum >>> 0, true);
  view.setUint32(16, key.walls.byteLength, true);
  view.setUint32(20, fnv1aBytes(key.walls), true);
  view.setUint32(24, SOURCES[key.source], true);
  view.setUint32(28, index.wallCount, true);
  view.setFloat64(32, index.frame.lon0, true);
  view.setFloat64(40, index.frame.lat0, true);
  view.setFloat64(48, index.mountToleranceM ?? Number.NaN, true);
  view.setUint32(56, tree.byteLength, true);
  view.setUint32(64, F, true);
  view.setUint32(60, fileChecksum(buffer), true);
  return buffer;
}

/**
 * The wall index stored in `bytes`, checked against `key`: views over `bytes`, no copy. Its `footprints`
 * are an empty list: the caller makes them lazy (`lazyFootprints`). Throws WallIndexFileError on any
 * mismatch or corruption.
 */
export function decodeWallIndexFile(bytes: ArrayBuffer, key: WallIndexKey): BuildingIndex {
  if (!(bytes instanceof ArrayBuffer)) throw new WallIndexFileError('wall index: not binary data');
  if (bytes.byteLength < HEADER_BYTES) throw new WallIndexFileError(`wall index: truncated (${bytes.byteLength} bytes)`);
  const view = new DataView(bytes);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== WALL_INDEX_FILE_MAGIC) throw new WallIndexFileError('not a wall index file (bad magic)');
  const version = view.getUint32(4, true);
  if (version !== WALL_INDEX_FILE_VERSION)
    throw new WallIndexFileError(`wall index format version ${version}, expected ${WALL_INDEX_FILE_VERSION}`);
  if (view.getUint32(8, true) !== bytes.byteLength) throw new WallIndexFileError('wall index: length does not match the header');
  if (view.getUint32(12, true) !== key.checksum >>> 0) throw new WallIndexFileError('wall index built for another walk graph (checksum)');
  if (view.getUint32(16, true) !== key.walls.byteLength || view.getUint32(20, true) !== fnv1aBytes(key.walls))
    throw new WallIndexFileError('wall index built from another wall layer');
  if (view.getUint32(24, true) !== SOURCES[key.source]) throw new WallIndexFileError('wall index built for another wall source');
  const wallCount = view.getUint32(28, true);
  const treeBytes = view.getUint32(56, true);
  const F = view.getUint32(64, true);
  const treeAt = HEADER_BYTES + WALL_BYTES * wallCount + ringBytes(F);
  if (F > wallCount || bytes.byteLength !== treeAt + treeBytes || (wallCount === 0) !== (treeBytes === 0))
    throw new WallIndexFileError('wall index: length does not match the counts');
  const lon0 = view.getFloat64(32, true);
  const lat0 = view.getFloat64(40, true);
  if (!(Math.abs(lon0) <= 180 && Math.abs(lat0) <= 90)) throw new WallIndexFileError('wall index: bad frame origin');
  const tolerance = view.getFloat64(48, true);
  if (!(Number.isNaN(tolerance) || (tolerance >= 0 && tolerance < 1000))) throw new WallIndexFileError('wall index: bad mount tolerance');
  if (fileChecksum(bytes) !== view.getUint32(60, true)) throw new WallIndexFileError('wall index: checksum mismatch (corrupt data)');
  const ringStarts = new Uint32Array(bytes, HEADER_BYTES + WALL_BYTES * wallCount, F + 1);
  for (let r = 0; r < F; r++)
    if (ringStarts[0] !== 0 || ringStarts[r + 1] < ringStarts[r] || ringStarts[r + 1] > wallCount)
      throw new WallIndexFileError('wall index: bad footprint ring starts');
  let index: Flatbush | null = null;
  if (wallCount > 0) {
    try {
      index = adoptFloat32Index(bytes, treeAt);
    } catch (e) {
      throw new WallIndexFileError(`wall index: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (index.numItems !== wallCount || index.nodeSize !== 16)
      throw new WallIndexFileError(`wall index: a tree of ${index.numItems} items for ${wallCount} walls`);
    // The tree must end where the file does (Flatbush itself does not check a longer buffer).
    const ids = (index as unknown as { _indices: Uint32Array | Uint16Array })._indices;
    if (ids.byteOffset + ids.byteLength !== bytes.byteLength) throw new WallIndexFileError('wall index: tree size does not match the file');
  }
  return {
    frame: new LocalFrame(lon0, lat0),
    walls: new Int32Array(bytes, HEADER_BYTES, 4 * wallCount),
    wallCount,
    index,
    footprints: [],
    ringStarts,
    ...(Number.isNaN(tolerance) ? {} : { mountToleranceM: tolerance }),
  };
}
