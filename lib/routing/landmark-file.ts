/**
 * The α = 0 landmark table in a small binary file, so a woken service worker reads it from IndexedDB
 * instead of running the landmark Dijkstras again (issue #14, docs/routing.md "Cold start").
 *
 * Only the α = 0 tier is persisted: it holds plain lengths, so it depends on the graph alone (lengths and
 * adjacency, both covered by the walk graph file's checksum), never on cameras. The α > 0 tiers depend on
 * the exposure, which user cameras change at every start; they are still built in idle tasks.
 *
 * Layout (little-endian, 4-byte words):
 *
 *    0  u8[4]  magic "AMLT"
 *    4  u32    format version (LANDMARK_FILE_VERSION)
 *    8  u32    total file length in bytes
 *   12  u32    the walk graph's checksum (its header's, lib/network/format.ts)
 *   16  u32    nodeCount of that graph
 *   20  u32    landmark count K
 *   24  u32    tier (0)
 *   28  u32    bytes per stored value (2)
 *   32  f64    units per metre of the tier's stored values (the fine unit / k, landmarks.ts `quantise`)
 *   40  u32    checksum: FNV-1a over the 32-bit words from byte 48 on
 *   44  u32    reserved (0)
 *   48  u32×K  landmark node ids, then u16×(nodeCount·K) the tier's values (node-major), then zero bytes
 *              to a whole number of 4-byte words
 *
 * Version 4: 16-bit values (versions ≤ 3 held 32-bit whole 1/1024 m units; such a file is refused and the
 * table rebuilt, then written again in this format).
 *
 * Anything wrong (magic, version, length, graph checksum, node count, payload checksum, a landmark id out of
 * range, a bad unit) raises a LandmarkFileError: the caller rebuilds the table and writes it again.
 */
import { fnv1aBytes, fnv1aWords } from '../fnv.ts';
import type { LandmarkData } from './landmarks.ts';
import { LANDMARK_UNITS_PER_METRE } from './landmarks.ts';

export const LANDMARK_FILE_MAGIC = 'AMLT';
/** Bump when the landmark choice, the quantisation or the layout changes. */
export const LANDMARK_FILE_VERSION = 4;
const HEADER_BYTES = 48;
/** The α = 0 tier's values are 16-bit (landmarks.ts `quantise`). */
const BYTES_PER_VALUE = 2;

/** Payload bytes (ids and values) padded to whole 4-byte words, for K landmarks over nodeCount nodes. */
function payloadBytes(K: number, nodeCount: number): number {
  return (4 * K + BYTES_PER_VALUE * nodeCount * K + 3) & ~3;
}

export class LandmarkFileError extends Error {
  override readonly name = 'LandmarkFileError';
}

/** The checksum in a walk graph file's header (byte 12); undefined when the bytes are not one. */
export function walkGraphChecksum(bytes: ArrayBuffer | Uint8Array): number | undefined {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (view.byteLength < 96 || String.fromCharCode(view[0], view[1], view[2], view[3]) !== 'AMWG') return undefined;
  return new DataView(view.buffer, view.byteOffset, 96).getUint32(12, true);
}

/** Encodes the α = 0 table of `data`; null when it has none (a graph too small for a full landmark set). */
export function encodeLandmarkFile(data: LandmarkData, graph: { checksum: number; nodeCount: number }): ArrayBuffer | null {
  const tier0 = data.tables.find((t) => t.tier === 0);
  const K = data.nodes.length;
  if (!tier0 || K === 0 || tier0.values.length !== graph.nodeCount * K) return null;
  const size = payloadBytes(K, graph.nodeCount);
  const buffer = new ArrayBuffer(HEADER_BYTES + size);
  const payload = new Uint32Array(buffer, HEADER_BYTES, size / 4);
  payload.set(data.nodes, 0);
  new Uint16Array(buffer, HEADER_BYTES + 4 * K, graph.nodeCount * K).set(tier0.values);
  const view = new DataView(buffer);
  for (let i = 0; i < 4; i++) view.setUint8(i, LANDMARK_FILE_MAGIC.charCodeAt(i));
  view.setUint32(4, LANDMARK_FILE_VERSION, true);
  view.setUint32(8, buffer.byteLength, true);
  view.setUint32(12, graph.checksum >>> 0, true);
  view.setUint32(16, graph.nodeCount, true);
  view.setUint32(20, K, true);
  view.setUint32(24, 0, true);
  view.setUint32(28, BYTES_PER_VALUE, true);
  view.setFloat64(32, tier0.unitsPerMetre, true);
  view.setUint32(40, fnv1aWords(payload), true);
  return buffer;
}

/**
 * Decodes and validates a landmark file for the graph with this checksum and node count. The arrays are
 * views over `bytes` (no copy). Throws LandmarkFileError on any mismatch or corruption.
 */
export function decodeLandmarkFile(bytes: ArrayBuffer, graph: { checksum: number; nodeCount: number }): LandmarkData {
  if (!(bytes instanceof ArrayBuffer)) throw new LandmarkFileError('not binary data');
  if (bytes.byteLength < HEADER_BYTES) throw new LandmarkFileError(`truncated: ${bytes.byteLength} bytes`);
  const view = new DataView(bytes);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== LANDMARK_FILE_MAGIC) throw new LandmarkFileError('not a landmark file (bad magic)');
  const version = view.getUint32(4, true);
  if (version !== LANDMARK_FILE_VERSION) throw new LandmarkFileError(`format version ${version}, expected ${LANDMARK_FILE_VERSION}`);
  if (view.getUint32(8, true) !== bytes.byteLength) throw new LandmarkFileError('length does not match the header');
  if (view.getUint32(12, true) !== graph.checksum >>> 0) throw new LandmarkFileError('built for another walk graph (checksum)');
  const nodeCount = view.getUint32(16, true);
  if (nodeCount !== graph.nodeCount) throw new LandmarkFileError(`node count ${nodeCount}, graph has ${graph.nodeCount}`);
  const K = view.getUint32(20, true);
  if (K === 0 || K > 64) throw new LandmarkFileError(`bad landmark count ${K}`);
  if (view.getUint32(24, true) !== 0) throw new LandmarkFileError('not the α = 0 tier');
  const width = view.getUint32(28, true);
  if (width !== BYTES_PER_VALUE) throw new LandmarkFileError(`values of ${width} bytes, expected ${BYTES_PER_VALUE}`);
  const unitsPerMetre = view.getFloat64(32, true);
  if (!(unitsPerMetre > 0 && unitsPerMetre <= LANDMARK_UNITS_PER_METRE)) throw new LandmarkFileError(`bad unit ${unitsPerMetre}`);
  const size = payloadBytes(K, nodeCount);
  if (bytes.byteLength !== HEADER_BYTES + size) throw new LandmarkFileError('length does not match the counts');
  const payload = new Uint32Array(bytes, HEADER_BYTES, size / 4);
  if (fnv1aWords(payload) !== view.getUint32(40, true)) throw new LandmarkFileError('checksum mismatch (corrupt data)');
  const nodes = payload.subarray(0, K);
  for (const n of nodes) if (n >= nodeCount) throw new LandmarkFileError(`landmark ${n} out of range`);
  return { nodes, tables: [{ tier: 0, unitsPerMetre, values: new Uint16Array(bytes, HEADER_BYTES + 4 * K, nodeCount * K) }] };
}

/**
 * The engine's edge index (the Flatbush over every edge's box, lib/routing/snap.ts), kept beside the α = 0
 * table so a woken worker does not rebuild it either. It depends on the graph's geometry alone. Version 2:
 * float32 boxes rounded outward (version 1 held float64 ones; such a file is refused and rebuilt). Layout
 * (little-endian): "AMEI", u32 format version (EDGE_INDEX_FILE_VERSION), u32 the walk graph's checksum,
 * u32 edgeCount, u32 FNV-1a of the payload, u32 reserved, u32×2 reserved (so the payload stays 8-byte
 * aligned), then the Flatbush buffer as is. Anything wrong raises a LandmarkFileError (rebuild and rewrite).
 */
export const EDGE_INDEX_FILE_MAGIC = 'AMEI';
export const EDGE_INDEX_FILE_VERSION = 2;
const EDGE_INDEX_HEADER_BYTES = 32;

export function encodeEdgeIndexFile(index: ArrayBuffer, graph: { checksum: number; edgeCount: number }): ArrayBuffer {
  const buffer = new ArrayBuffer(EDGE_INDEX_HEADER_BYTES + index.byteLength);
  new Uint8Array(buffer, EDGE_INDEX_HEADER_BYTES).set(new Uint8Array(index));
  const view = new DataView(buffer);
  for (let i = 0; i < 4; i++) view.setUint8(i, EDGE_INDEX_FILE_MAGIC.charCodeAt(i));
  view.setUint32(4, EDGE_INDEX_FILE_VERSION, true);
  view.setUint32(8, graph.checksum >>> 0, true);
  view.setUint32(12, graph.edgeCount, true);
  view.setUint32(16, fnv1aBytes(buffer, EDGE_INDEX_HEADER_BYTES), true);
  return buffer;
}

/**
 * The Flatbush buffer of an edge index file written for the graph with this checksum and edge count (a view
 * over `bytes`, no copy). Throws LandmarkFileError on any mismatch or corruption; the Flatbush header itself
 * is checked by `adoptEdgeIndex` (lib/routing/snap.ts).
 */
export function decodeEdgeIndexFile(bytes: ArrayBuffer, graph: { checksum: number; edgeCount: number }): ArrayBuffer {
  if (!(bytes instanceof ArrayBuffer)) throw new LandmarkFileError('edge index: not binary data');
  if (bytes.byteLength <= EDGE_INDEX_HEADER_BYTES) throw new LandmarkFileError(`edge index: truncated (${bytes.byteLength} bytes)`);
  const view = new DataView(bytes);
  const magic = String.fromCharCode(view.getUint8(0), view.getUint8(1), view.getUint8(2), view.getUint8(3));
  if (magic !== EDGE_INDEX_FILE_MAGIC) throw new LandmarkFileError('not an edge index file (bad magic)');
  const version = view.getUint32(4, true);
  if (version !== EDGE_INDEX_FILE_VERSION)
    throw new LandmarkFileError(`edge index format version ${version}, expected ${EDGE_INDEX_FILE_VERSION}`);
  if (view.getUint32(8, true) !== graph.checksum >>> 0) throw new LandmarkFileError('edge index built for another walk graph (checksum)');
  if (view.getUint32(12, true) !== graph.edgeCount) throw new LandmarkFileError('edge index: edge count does not match the graph');
  if (fnv1aBytes(bytes, EDGE_INDEX_HEADER_BYTES) !== view.getUint32(16, true))
    throw new LandmarkFileError('edge index: checksum mismatch (corrupt data)');
  return bytes.slice(EDGE_INDEX_HEADER_BYTES);
}
