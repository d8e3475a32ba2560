/**
 * Reader for the INSA "mapgr" street-graph format, version 8 (big-endian), the format of
 * `../shared/data/toulouse/toulouse.mapgr` (see PROVENANCE.md for the byte layout).
 *
 * The result keeps the file's own shape — nodes, road descriptors, stored arcs — as flat typed arrays;
 * turning it into a pedestrian graph is `walkGraphFromMapgr`'s job (walk-graph.ts).
 * Every structural problem raises a `SourceError` ('truncated', 'malformed', 'unsupported').
 */
import { SourceError } from '../sources/errors';

export const MAPGR_MAGIC = 0x208bc3b3;
export const MAPGR_VERSION = 8;

/** Separators the format writes after each section; they catch misaligned reads early. */
const END_OF_NODES = 255;
const END_OF_DESCRIPTORS = 254;
const END_OF_ARCS = 253;
const MAX_U24 = 0xffffff;

/** FOOT access nibble values (lowest 4 bits of the 64-bit access field). */
export const FOOT_ACCESS = {
  forbidden: 0,
  allowed: 1,
  private: 2,
  destination: 3,
  delivery: 4,
  customers: 5,
  forestry: 6,
  unknown: 15,
} as const;

export interface MapgrMap {
  /** Map id from the header, e.g. "FR-31/TLS". */
  mapId: string;
  /** Human name, e.g. "Toulouse". */
  mapName: string;
  version: number;
  nodeCount: number;
  /** Node positions, WGS84 degrees (stored in the file as integer micro-degrees). */
  nodeLon: Float64Array;
  nodeLat: Float64Array;
  descriptorCount: number;
  /** Road type character code ('a' motorway … 's' track; see PROVENANCE.md). */
  descriptorRoadType: Uint8Array;
  /** 1 when the road is one-way for vehicles (bit 7 of the speed byte). */
  descriptorOneWay: Uint8Array;
  /** Maximum vehicle speed in km/h (0 when unknown). */
  descriptorMaxSpeedKmh: Uint16Array;
  /** FOOT access nibble (FOOT_ACCESS values). */
  descriptorFootAccess: Uint8Array;
  /** The whole 64-bit access field (4 bits per transport mode). */
  descriptorAccess: BigUint64Array;
  /** Street name per descriptor ('' when unnamed). */
  descriptorName: string[];
  arcCount: number;
  arcOrigin: Uint32Array;
  arcDestination: Uint32Array;
  arcDescriptor: Uint32Array;
  /** Arc length in metres (stored in millimetres). */
  arcLengthM: Float64Array;
  /**
   * Intermediate shape points of arc i are `shapeLon/Lat[shapeOffsets[i] .. shapeOffsets[i+1])`,
   * in travel order from origin to destination, excluding both end nodes. Degrees.
   */
  shapeOffsets: Uint32Array;
  shapeLon: Float64Array;
  shapeLat: Float64Array;
}

/** Sequential big-endian reader that raises a typed error instead of reading past the end. */
class ByteCursor {
  private readonly view: DataView;
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.byteLength) {
      throw new SourceError(
        'truncated',
        `mapgr: file ends at byte ${this.bytes.byteLength} while reading ${what} (needs ${n} bytes at ${this.pos})`,
      );
    }
  }
  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }
  /** Check that `n` bytes remain, read them at the current position with `read`, and move past them. */
  private take<T>(n: number, what: string, read: (pos: number) => T): T {
    this.need(n, what);
    const v = read(this.pos);
    this.pos += n;
    return v;
  }
  u16 = (what: string): number => this.take(2, what, (p) => this.view.getUint16(p));
  i16 = (what: string): number => this.take(2, what, (p) => this.view.getInt16(p));
  u24 = (what: string): number => this.take(3, what, (p) => (this.view.getUint8(p) << 16) | this.view.getUint16(p + 1));
  i32 = (what: string): number => this.take(4, what, (p) => this.view.getInt32(p));
  u64 = (what: string): bigint => this.take(8, what, (p) => this.view.getBigUint64(p));
  bytesOf(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** Java modified UTF-8 (u16 length + bytes); plain UTF-8 decoding is exact for street names. */
  string(what: string): string {
    const n = this.u16(`${what} length`);
    return utf8.decode(this.bytesOf(n, what));
  }
  separator(expected: number, section: string): void {
    const at = this.pos;
    const got = this.u8(`end of ${section}`);
    if (got !== expected) {
      throw new SourceError('malformed', `mapgr: expected separator ${expected} after ${section} at byte ${at}, found ${got}`);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Parse a mapgr v8 file. Throws `SourceError` on any truncated or malformed input. */
export function parseMapgr(bytes: Uint8Array): MapgrMap {
  if (!(bytes instanceof Uint8Array)) throw new SourceError('malformed', 'mapgr: input is not a byte array');
  const c = new ByteCursor(bytes);
  const magic = c.i32('magic number') >>> 0;
  if (magic !== MAPGR_MAGIC) {
    throw new SourceError('malformed', `mapgr: bad magic number 0x${magic.toString(16)} (expected 0x208bc3b3)`);
  }
  const version = c.i32('version');
  if (version !== MAPGR_VERSION) {
    throw new SourceError('unsupported', `mapgr: version ${version} is not supported (only ${MAPGR_VERSION})`);
  }
  const mapId = utf8.decode(c.bytesOf(32, 'map id')).replace(/\0+$/, '');
  const mapName = c.string('map name');
  const descriptorCount = c.i32('descriptor count');
  const nodeCount = c.i32('node count');
  // Arcs address nodes and descriptors with 24 bits, so larger counts are corrupt, not just big.
  if (nodeCount < 0 || nodeCount > MAX_U24 || descriptorCount < 0 || descriptorCount > MAX_U24) {
    throw new SourceError('malformed', `mapgr: impossible counts (${nodeCount} nodes, ${descriptorCount} descriptors)`);
  }
  // Each node takes 9 bytes and each descriptor at least 12: refuse before allocating.
  if (c.pos + nodeCount * 9 + descriptorCount * 12 > bytes.byteLength) {
    throw new SourceError(
      'truncated',
      `mapgr: ${nodeCount} nodes and ${descriptorCount} descriptors cannot fit in ${bytes.byteLength} bytes`,
    );
  }

  const nodeLon = new Float64Array(nodeCount);
  const nodeLat = new Float64Array(nodeCount);
  const successorCount = new Uint8Array(nodeCount);
  let arcCount = 0;
  for (let i = 0; i < nodeCount; i++) {
    nodeLon[i] = c.i32('node longitude') / 1e6;
    nodeLat[i] = c.i32('node latitude') / 1e6;
    successorCount[i] = c.u8('node successor count');
    arcCount += successorCount[i];
    if (nodeLon[i] < -180 || nodeLon[i] > 180 || nodeLat[i] < -90 || nodeLat[i] > 90) {
      throw new SourceError('invalid-value', `mapgr: node ${i} has coordinates out of range`);
    }
  }
  c.separator(END_OF_NODES, 'nodes');

  const descriptorRoadType = new Uint8Array(descriptorCount);
  const descriptorOneWay = new Uint8Array(descriptorCount);
  const descriptorMaxSpeedKmh = new Uint16Array(descriptorCount);
  const descriptorFootAccess = new Uint8Array(descriptorCount);
  const descriptorAccess = new BigUint64Array(descriptorCount);
  const descriptorName: string[] = new Array(descriptorCount);
  for (let i = 0; i < descriptorCount; i++) {
    descriptorRoadType[i] = c.u8('road type');
    const speed = c.u8('road speed');
    descriptorOneWay[i] = speed >> 7;
    descriptorMaxSpeedKmh[i] = (speed & 0x7f) * 5;
    const access = c.u64('road access');
    descriptorAccess[i] = access;
    descriptorFootAccess[i] = Number(access & 0xfn);
    descriptorName[i] = c.string('road name');
  }
  c.separator(END_OF_DESCRIPTORS, 'road descriptors');

  const arcOrigin = new Uint32Array(arcCount);
  const arcDestination = new Uint32Array(arcCount);
  const arcDescriptor = new Uint32Array(arcCount);
  const arcLengthM = new Float64Array(arcCount);
  const shapeOffsets = new Uint32Array(arcCount + 1);
  // Shape points are not counted up front; grow a pair of buffers as needed.
  let shapeLon = new Float64Array(Math.max(16, arcCount * 2));
  let shapeLat = new Float64Array(shapeLon.length);
  let shapeCount = 0;
  let arc = 0;
  for (let origin = 0; origin < nodeCount; origin++) {
    for (let k = 0; k < successorCount[origin]; k++, arc++) {
      const dest = c.u24('arc destination');
      const desc = c.u24('arc descriptor');
      if (dest >= nodeCount) {
        throw new SourceError('malformed', `mapgr: arc ${arc} points to node ${dest} (only ${nodeCount} nodes)`);
      }
      if (desc >= descriptorCount) {
        throw new SourceError('malformed', `mapgr: arc ${arc} uses descriptor ${desc} (only ${descriptorCount})`);
      }
      const lengthMm = c.i32('arc length');
      if (lengthMm < 0) throw new SourceError('invalid-value', `mapgr: arc ${arc} has a negative length`);
      arcOrigin[arc] = origin;
      arcDestination[arc] = dest;
      arcDescriptor[arc] = desc;
      arcLengthM[arc] = lengthMm / 1000;
      const points = c.u16('arc shape point count');
      c.need(points * 4, 'arc shape points');
      if (shapeCount + points > shapeLon.length) {
        const grow = Math.max(shapeLon.length * 2, shapeCount + points);
        const lon2 = new Float64Array(grow);
        const lat2 = new Float64Array(grow);
        lon2.set(shapeLon.subarray(0, shapeCount));
        lat2.set(shapeLat.subarray(0, shapeCount));
        shapeLon = lon2;
        shapeLat = lat2;
      }
      let lon = nodeLon[origin];
      let lat = nodeLat[origin];
      for (let p = 0; p < points; p++) {
        lon += c.i16('shape Δlon') / 2e5;
        lat += c.i16('shape Δlat') / 2e5;
        shapeLon[shapeCount] = lon;
        shapeLat[shapeCount] = lat;
        shapeCount++;
      }
      shapeOffsets[arc + 1] = shapeCount;
    }
  }
  c.separator(END_OF_ARCS, 'arcs');

  return {
    mapId,
    mapName,
    version,
    nodeCount,
    nodeLon,
    nodeLat,
    descriptorCount,
    descriptorRoadType,
    descriptorOneWay,
    descriptorMaxSpeedKmh,
    descriptorFootAccess,
    descriptorAccess,
    descriptorName,
    arcCount,
    arcOrigin,
    arcDestination,
    arcDescriptor,
    arcLengthM,
    shapeOffsets,
    shapeLon: shapeLon.slice(0, shapeCount),
    shapeLat: shapeLat.slice(0, shapeCount),
  };
}
