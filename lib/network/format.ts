/**
 * The walk graph's binary file ("graph.bin"), shipped in the extension bundle.
 *
 * Layout (little-endian, every section starts on an 8-byte boundary so decoding is typed-array copies,
 * coordinates included: the graph holds them as the same integers of 1e-7°):
 *
 *   header, 96 bytes:
 *     0  u8[4]  magic "AMWG"
 *     4  u32    format version (WALK_GRAPH_FORMAT_VERSION)
 *     8  u32    total file length in bytes
 *    12  u32    checksum: FNV-1a over the file's 32-bit words from byte 96 on
 *    16  u32    nodeCount, edgeCount, shapeCount, componentCount, largestComponentSize, nameCount
 *    40  u32    names UTF-8 byte length, source UTF-8 byte length
 *    48  f64×4  bbox west, south, east, north (degrees)
 *    80  u8[16] reserved (zero)
 *   sections, in this order (counts from the header):
 *     nodeLon i32×N, nodeLat i32×N (degrees × 1e7), edgeFrom u32×E, edgeTo u32×E, edgeLength f32×E (m),
 *     edgeName u32×E, edgeRoadType u8×E, shapeOffsets u32×(E+1), shapeLon i32×S, shapeLat i32×S,
 *     exposure f32×4E (m), adjOffsets u32×(N+1), adjTarget u32×2E, adjEdge u32×2E, component u32×N,
 *     nameLengths u32×nameCount, names UTF-8, source UTF-8.
 *
 * A wrong magic, a newer version, a short file, a checksum mismatch or an index out of range all raise
 * a `WalkGraphFormatError`, never a crash or a half-loaded graph.
 */
import type { WalkGraph } from './walk-graph';

export const WALK_GRAPH_MAGIC = 'AMWG';
export const WALK_GRAPH_FORMAT_VERSION = 1;
const HEADER_BYTES = 96;

export type WalkGraphFormatErrorCode = 'truncated' | 'malformed' | 'unsupported' | 'checksum-mismatch';

export class WalkGraphFormatError extends Error {
  override readonly name = 'WalkGraphFormatError';
  constructor(
    readonly code: WalkGraphFormatErrorCode,
    message: string,
  ) {
    super(`walk graph file: ${message}`);
  }
}

const align8 = (n: number) => (n + 7) & ~7;

/** 'i32': the coordinates, integers of 1e-7°, held as the file's words (the graph's unit too: `graphDegrees`). */
type SectionKind = 'i32' | 'u32' | 'f32' | 'u8' | 'bytes';

/** Sections in file order: [name, kind, element count]. */
function sectionPlan(c: Counts): Array<[string, SectionKind, number]> {
  const { nodeCount: N, edgeCount: E, shapeCount: S } = c;
  return [
    ['nodeLon', 'i32', N],
    ['nodeLat', 'i32', N],
    ['edgeFrom', 'u32', E],
    ['edgeTo', 'u32', E],
    ['edgeLength', 'f32', E],
    ['edgeName', 'u32', E],
    ['edgeRoadType', 'u8', E],
    ['shapeOffsets', 'u32', E + 1],
    ['shapeLon', 'i32', S],
    ['shapeLat', 'i32', S],
    ['exposure', 'f32', 4 * E],
    ['adjOffsets', 'u32', N + 1],
    ['adjTarget', 'u32', 2 * E],
    ['adjEdge', 'u32', 2 * E],
    ['component', 'u32', N],
    ['nameLengths', 'u32', c.nameCount],
    ['names', 'bytes', c.namesBytes],
    ['source', 'bytes', c.sourceBytes],
  ];
}

interface Counts {
  nodeCount: number;
  edgeCount: number;
  shapeCount: number;
  nameCount: number;
  namesBytes: number;
  sourceBytes: number;
}

const BYTES_PER: Record<SectionKind, number> = { i32: 4, u32: 4, f32: 4, u8: 1, bytes: 1 };

function fnv1aWords(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i], 0x01000193);
  return h >>> 0;
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    throw new WalkGraphFormatError('unsupported', 'big-endian platforms are not supported');
  }
}

/** Serialise a walk graph (with its exposure) to the versioned binary format. */
export function encodeWalkGraph(g: WalkGraph): Uint8Array {
  assertLittleEndian();
  const enc = new TextEncoder();
  const nameBytes = g.names.map((n) => enc.encode(n));
  const namesBytes = nameBytes.reduce((s, b) => s + b.length, 0);
  const source = enc.encode(g.source);
  const counts: Counts = {
    nodeCount: g.nodeCount,
    edgeCount: g.edgeCount,
    shapeCount: g.shapeLon.length,
    nameCount: g.names.length,
    namesBytes,
    sourceBytes: source.length,
  };
  const plan = sectionPlan(counts);
  let total = HEADER_BYTES;
  for (const [, kind, n] of plan) total = align8(total + n * BYTES_PER[kind]);
  const out = new Uint8Array(total);
  const buf = out.buffer;
  const values: Record<string, ArrayLike<number> | Uint8Array> = {
    ...g,
    nameLengths: nameBytes.map((b) => b.length),
  } as unknown as Record<string, ArrayLike<number>>;
  let pos = HEADER_BYTES;
  for (const [name, kind, n] of plan) {
    if (kind === 'bytes') {
      if (name === 'names') {
        let p = pos;
        for (const b of nameBytes) {
          out.set(b, p);
          p += b.length;
        }
      } else out.set(source, pos);
    } else {
      const src = values[name];
      if (src.length !== n) throw new Error(`encodeWalkGraph: ${name} has ${src.length} values, expected ${n}`);
      if (kind === 'i32') new Int32Array(buf, pos, n).set(src);
      else if (kind === 'u32') new Uint32Array(buf, pos, n).set(src);
      else if (kind === 'f32') new Float32Array(buf, pos, n).set(src);
      else new Uint8Array(buf, pos, n).set(src);
    }
    pos = align8(pos + n * BYTES_PER[kind]);
  }
  out.set(enc.encode(WALK_GRAPH_MAGIC), 0);
  const head = new DataView(buf);
  head.setUint32(4, WALK_GRAPH_FORMAT_VERSION, true);
  head.setUint32(8, total, true);
  const u32s = [g.nodeCount, g.edgeCount, counts.shapeCount, g.componentCount, g.largestComponentSize, counts.nameCount];
  u32s.forEach((v, i) => {
    head.setUint32(16 + 4 * i, v, true);
  });
  head.setUint32(40, namesBytes, true);
  head.setUint32(44, source.length, true);
  [g.bbox.west, g.bbox.south, g.bbox.east, g.bbox.north].forEach((v, i) => {
    head.setFloat64(48 + 8 * i, v, true);
  });
  head.setUint32(12, fnv1aWords(new Uint32Array(buf, HEADER_BYTES)), true);
  return out;
}

/** u32 sections held as a Uint16Array when every value fits (memory, issue #14): name and component indices. */
const NARROWED = new Set(['edgeName', 'component']);

/** A copy of `words` as a Uint16Array when every value is below 65,536, else as a Uint32Array. */
function narrowed(words: Uint32Array): Uint32Array | Uint16Array {
  let max = 0;
  for (let i = 0; i < words.length; i++) if (words[i] > max) max = words[i];
  return max < 0x10000 ? Uint16Array.from(words) : words.slice();
}

/** Load a walk graph from its binary file. Throws `WalkGraphFormatError` on any bad input. */
export function decodeWalkGraph(bytes: Uint8Array): WalkGraph {
  assertLittleEndian();
  if (!(bytes instanceof Uint8Array)) throw new WalkGraphFormatError('malformed', 'input is not a byte array');
  if (bytes.byteLength < HEADER_BYTES) {
    if (bytes.byteLength >= 4 && new TextDecoder().decode(bytes.subarray(0, 4)) !== WALK_GRAPH_MAGIC) {
      throw new WalkGraphFormatError('malformed', 'not a walk graph file (bad magic)');
    }
    throw new WalkGraphFormatError('truncated', `${bytes.byteLength} bytes is shorter than the header`);
  }
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== WALK_GRAPH_MAGIC) {
    throw new WalkGraphFormatError('malformed', 'not a walk graph file (bad magic)');
  }
  // Copy into an 8-aligned buffer of our own: the caller's bytes may sit at any offset.
  const own = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const head = new DataView(own.buffer, own.byteOffset, own.byteLength);
  const version = head.getUint32(4, true);
  if (version !== WALK_GRAPH_FORMAT_VERSION) {
    throw new WalkGraphFormatError('unsupported', `format version ${version} (this build reads ${WALK_GRAPH_FORMAT_VERSION})`);
  }
  const total = head.getUint32(8, true);
  if (own.byteLength < total) throw new WalkGraphFormatError('truncated', `${own.byteLength} of ${total} bytes`);
  if (own.byteLength > total) throw new WalkGraphFormatError('malformed', `${own.byteLength - total} trailing bytes`);
  const r = (o: number) => head.getUint32(o, true);
  const counts: Counts = {
    nodeCount: r(16),
    edgeCount: r(20),
    shapeCount: r(24),
    nameCount: r(36),
    namesBytes: r(40),
    sourceBytes: r(44),
  };
  const componentCount = r(28);
  const largestComponentSize = r(32);
  const plan = sectionPlan(counts);
  let expected = HEADER_BYTES;
  for (const [, kind, n] of plan) expected = align8(expected + n * BYTES_PER[kind]);
  if (expected !== total) throw new WalkGraphFormatError('malformed', 'section sizes do not add up to the file length');
  if (fnv1aWords(new Uint32Array(own.buffer, own.byteOffset + HEADER_BYTES, (total - HEADER_BYTES) / 4)) !== r(12)) {
    throw new WalkGraphFormatError('checksum-mismatch', 'content does not match its checksum (corrupt file)');
  }
  const sections: Record<string, ArrayLike<number>> = {};
  const dec = new TextDecoder();
  let names: string[] = [];
  let source = '';
  let pos = own.byteOffset + HEADER_BYTES;
  for (const [name, kind, n] of plan) {
    const b = own.buffer;
    if (kind === 'i32') sections[name] = new Int32Array(b, pos, n).slice();
    else if (kind === 'u32')
      sections[name] = NARROWED.has(name) ? narrowed(new Uint32Array(b, pos, n)) : new Uint32Array(b, pos, n).slice();
    else if (kind === 'f32') sections[name] = new Float32Array(b, pos, n).slice();
    else if (kind === 'u8') sections[name] = new Uint8Array(b, pos, n).slice();
    else if (name === 'names') {
      let p = pos;
      names = Array.from(sections.nameLengths as Uint32Array, (len) => {
        const s = dec.decode(new Uint8Array(b, p, len));
        p += len;
        return s;
      });
    } else source = dec.decode(new Uint8Array(b, pos, n));
    pos = align8(pos - own.byteOffset + n * BYTES_PER[kind]) + own.byteOffset;
  }
  const g = {
    source,
    nodeCount: counts.nodeCount,
    edgeCount: counts.edgeCount,
    names,
    componentCount,
    largestComponentSize,
    bbox: {
      west: head.getFloat64(48, true),
      south: head.getFloat64(56, true),
      east: head.getFloat64(64, true),
      north: head.getFloat64(72, true),
    },
    ...sections,
  } as unknown as WalkGraph;
  validateIndices(g);
  return g;
}

/** Index ranges a crafted file could break; checked once so the router can trust them. */
function validateIndices(g: WalkGraph): void {
  const bad = (what: string) => {
    throw new WalkGraphFormatError('malformed', what);
  };
  const N = g.nodeCount;
  const E = g.edgeCount;
  if (g.names.length === 0 || g.names[0] !== '') bad('name table must start with the empty name');
  for (let e = 0; e < E; e++) {
    if (g.edgeFrom[e] >= N || g.edgeTo[e] >= N) bad(`edge ${e} refers to a missing node`);
    if (g.edgeName[e] >= g.names.length) bad(`edge ${e} refers to a missing name`);
    if (!(g.edgeLength[e] >= 0)) bad(`edge ${e} has an invalid length`);
    if (g.shapeOffsets[e + 1] < g.shapeOffsets[e]) bad('shape offsets are not increasing');
  }
  if (g.shapeOffsets[0] !== 0 || g.shapeOffsets[E] !== g.shapeLon.length) bad('shape offsets do not cover the shapes');
  if (g.adjOffsets[0] !== 0 || g.adjOffsets[N] !== 2 * E) bad('adjacency offsets do not cover the adjacency');
  for (let n = 0; n < N; n++) {
    if (g.adjOffsets[n + 1] < g.adjOffsets[n]) bad('adjacency offsets are not increasing');
    if (g.component[n] >= g.componentCount) bad(`node ${n} has an invalid component`);
  }
  for (let k = 0; k < 2 * E; k++) if (g.adjTarget[k] >= N || g.adjEdge[k] >= E) bad('adjacency refers to a missing node or edge');
  for (let k = 0; k < g.exposure.length; k++) if (!(g.exposure[k] >= 0)) bad('exposure values must be ≥ 0');
}
