/**
 * OpenStreetMap PBF (`.osm.pbf`) → OsmData.
 *
 * Built from the pieces of `tiny-osmpbf` rather than its entry point: that entry point uses Node's global
 * `Buffer` and assigns an undeclared variable (`pbf = …`), which throws in strict-mode ES module bundles,
 * so it cannot run in the extension. We reuse its generated protobuf schema (`tiny-osmpbf/proto/*.js`) and
 * its protobuf decoder dependency `pbf`. Its other dependency, `tiny-inflate`, loops forever on some corrupt
 * zlib streams, so `inflate.ts` is a bounded port of it. All of this needs nothing but typed arrays and
 * TextDecoder — available in Node and in every browser context.
 *
 * Hostile input: blob sizes are checked against the format's own limits (BlobHeader ≤ 64 KiB, Blob ≤ 32 MiB)
 * before anything is allocated; a file cut mid-blob is `truncated`; undecodable protobuf or zlib is
 * `malformed`; lzma/bzip2 blobs and unknown required features are `unsupported`.
 */
import Pbf from 'pbf';
import FileFormat from 'tiny-osmpbf/proto/fileformat.js';
import type { PbfBlob } from 'tiny-osmpbf/proto/fileformat.js';
import OsmFormat from 'tiny-osmpbf/proto/osmformat.js';
import type { PbfPrimitiveBlock } from 'tiny-osmpbf/proto/osmformat.js';
import { SourceError } from './errors.ts';
import { InflateError, inflateRaw } from './inflate.ts';
import { MAX_OSM_FILE_BYTES, MAX_PBF_BLOB_BYTES, MAX_PBF_BLOB_HEADER_BYTES } from './limits.ts';
import { OsmDataBuilder, newTags } from './osm-build.ts';
import type { OsmData, OsmRelationMember, OsmTags } from './osm-model.ts';

const WHAT = 'OSM PBF';
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation']);
const MEMBER_TYPES = ['node', 'way', 'relation'] as const;

export function readOsmPbf(input: Uint8Array | ArrayBuffer): OsmData {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength > MAX_OSM_FILE_BYTES) {
    throw new SourceError('too-large', `${WHAT} is ${bytes.byteLength} bytes, over the ${MAX_OSM_FILE_BYTES}-byte limit`);
  }
  if (bytes.byteLength === 0) throw new SourceError('truncated', `${WHAT} is empty`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const b = new OsmDataBuilder(WHAT);
  const utf8 = new TextDecoder('utf-8');
  let pos = 0;
  let sawHeader = false;

  while (pos < bytes.byteLength) {
    const blobStart = pos;
    if (pos + 4 > bytes.byteLength) throw cut(blobStart, 'blob header length');
    const headerLength = view.getInt32(pos, false);
    pos += 4;
    if (headerLength <= 0 || headerLength > MAX_PBF_BLOB_HEADER_BYTES) {
      throw new SourceError('malformed', `${WHAT}: blob header at byte ${blobStart} claims ${headerLength} bytes`);
    }
    if (pos + headerLength > bytes.byteLength) throw cut(blobStart, 'blob header');
    const header = decode(() => FileFormat.BlobHeader.read(new Pbf(bytes.subarray(pos, pos + headerLength))), blobStart);
    pos += headerLength;
    const size = header.datasize;
    if (!Number.isSafeInteger(size) || size <= 0 || size > MAX_PBF_BLOB_BYTES) {
      throw new SourceError('malformed', `${WHAT}: blob at byte ${blobStart} claims ${size} bytes`);
    }
    if (pos + size > bytes.byteLength) throw cut(blobStart, `"${header.type}" blob`);
    const blob = decode(() => FileFormat.Blob.read(new Pbf(bytes.subarray(pos, pos + size))), blobStart);
    pos += size;

    if (header.type === 'OSMHeader') {
      const data = blobData(blob, blobStart);
      const head = decode(() => OsmFormat.HeaderBlock.read(new Pbf(data)), blobStart);
      const missing = head.required_features.filter((f) => !SUPPORTED_FEATURES.has(f));
      if (missing.length > 0) {
        throw new SourceError('unsupported', `${WHAT}: needs unsupported feature(s) ${missing.join(', ').slice(0, 200)}`);
      }
      if (head.osmosis_replication_timestamp > 0) {
        b.data.timestamp = new Date(head.osmosis_replication_timestamp * 1000).toISOString().replace('.000Z', 'Z');
      }
      if (head.bbox) {
        b.data.bounds = {
          west: head.bbox.left * 1e-9,
          south: head.bbox.bottom * 1e-9,
          east: head.bbox.right * 1e-9,
          north: head.bbox.top * 1e-9,
        };
      }
      sawHeader = true;
    } else if (header.type === 'OSMData') {
      if (!sawHeader) throw new SourceError('malformed', `${WHAT}: data blob before the OSMHeader blob`);
      const data = blobData(blob, blobStart);
      const block = decode(() => OsmFormat.PrimitiveBlock.read(new Pbf(data)), blobStart);
      readPrimitiveBlock(b, block, utf8, blobStart);
    }
    // Other blob types are allowed by the format and skipped.
  }
  if (!sawHeader) throw new SourceError('malformed', `${WHAT}: no OSMHeader blob`);
  return b.data;
}

function cut(at: number, what: string): SourceError {
  return new SourceError('truncated', `${WHAT}: file ends inside the ${what} starting at byte ${at}`);
}

/** Runs a protobuf decode, turning whatever the decoder throws on garbage into a typed error. */
function decode<T>(read: () => T, at: number): T {
  try {
    return read();
  } catch (e) {
    throw new SourceError('malformed', `${WHAT}: undecodable blob at byte ${at} (${e instanceof Error ? e.message : e})`);
  }
}

function blobData(blob: PbfBlob, at: number): Uint8Array {
  if (blob.raw) return blob.raw;
  if (blob.zlib_data) {
    const size = blob.raw_size;
    if (!Number.isSafeInteger(size) || size <= 0 || size > MAX_PBF_BLOB_BYTES) {
      throw new SourceError('malformed', `${WHAT}: blob at byte ${at} claims an uncompressed size of ${size} bytes`);
    }
    if (blob.zlib_data.byteLength < 2) throw new SourceError('malformed', `${WHAT}: empty zlib data at byte ${at}`);
    const out = new Uint8Array(size);
    let filled: number;
    try {
      // Skip the 2-byte zlib header: the decoder reads raw DEFLATE.
      filled = inflateRaw(blob.zlib_data.subarray(2), out);
    } catch (e) {
      if (!(e instanceof InflateError)) throw e;
      throw new SourceError('malformed', `${WHAT}: corrupt zlib data in the blob at byte ${at} (${e.message})`);
    }
    if (filled !== size) {
      throw new SourceError('malformed', `${WHAT}: blob at byte ${at} inflates to ${filled} bytes, not ${size}`);
    }
    return out;
  }
  if (blob.lzma_data) throw new SourceError('unsupported', `${WHAT}: lzma-compressed blob at byte ${at}`);
  if (blob.OBSOLETE_bzip2_data) throw new SourceError('unsupported', `${WHAT}: bzip2-compressed blob at byte ${at}`);
  throw new SourceError('malformed', `${WHAT}: blob at byte ${at} holds no data`);
}

function readPrimitiveBlock(b: OsmDataBuilder, block: PbfPrimitiveBlock, utf8: TextDecoder, at: number): void {
  const strings = (block.stringtable?.s ?? []).map((s) => utf8.decode(s));
  const str = (i: number): string => {
    const s = strings[i];
    if (s === undefined) throw new SourceError('malformed', `${WHAT}: string index ${i} out of range in blob at byte ${at}`);
    return s;
  };
  // Coordinates are (offset + granularity × value) nanodegrees; the defaults come from the format spec.
  const granularity = block.granularity || 100;
  const latOffset = block.lat_offset || 0;
  const lonOffset = block.lon_offset || 0;
  // Rounded to OSM's own precision (1e-7°) so 7.4155145 does not come out as 7.4155145000000005.
  const lonOf = (v: number) => Math.round((lonOffset + granularity * v) / 100) / 1e7;
  const latOf = (v: number) => Math.round((latOffset + granularity * v) / 100) / 1e7;
  // Element timestamps are in units of date_granularity milliseconds (default 1000); only the newest is kept.
  const dateGranularity = block.date_granularity || 1000;
  const noteInfo = (info: { timestamp: number } | null) => {
    if (info && info.timestamp > 0) b.noteTime(info.timestamp * dateGranularity);
  };
  const tagsOf = (keys: number[], vals: number[], owner: string): OsmTags | undefined => {
    if (keys.length === 0) return undefined;
    if (keys.length !== vals.length) throw new SourceError('malformed', `${WHAT}: ${owner} has unpaired tag keys/values`);
    const tags = newTags();
    for (let j = 0; j < keys.length; j++) b.tag(tags, str(keys[j]), str(vals[j]), owner);
    return tags;
  };

  for (const group of block.primitivegroup) {
    if (group.changesets.length > 0) continue; // changesets carry no map data
    for (const n of group.nodes) {
      b.addNode(n.id, lonOf(n.lon), latOf(n.lat), tagsOf(n.keys, n.vals, `node ${n.id}`));
      noteInfo(n.info);
    }
    if (group.dense) {
      const { id: ids, lat: lats, lon: lons, keys_vals: kv } = group.dense;
      if (ids.length !== lats.length || ids.length !== lons.length) {
        throw new SourceError('malformed', `${WHAT}: dense node arrays of different lengths at byte ${at}`);
      }
      let id = 0,
        lat = 0,
        lon = 0,
        k = 0;
      for (let i = 0; i < ids.length; i++) {
        id += ids[i];
        lat += lats[i];
        lon += lons[i];
        let tags: OsmTags | undefined;
        // keys_vals: (key, value)* 0 per node, or empty when no node in the block has tags.
        if (kv.length > 0) {
          while (k < kv.length && kv[k] !== 0) {
            if (k + 1 >= kv.length) throw new SourceError('malformed', `${WHAT}: dense tags cut at byte ${at}`);
            tags ??= newTags();
            b.tag(tags, str(kv[k]), str(kv[k + 1]), `node ${id}`);
            k += 2;
          }
          k++;
        }
        b.addNode(id, lonOf(lon), latOf(lat), tags);
      }
      // DenseInfo timestamps are delta-coded like the ids; a missing or short array adds nothing.
      const stamps = group.dense.denseinfo?.timestamp ?? [];
      let stamp = 0;
      let newest = 0;
      for (let i = 0; i < stamps.length && i < ids.length; i++) {
        stamp += stamps[i];
        if (stamp > newest) newest = stamp;
      }
      if (newest > 0) b.noteTime(newest * dateGranularity);
    }
    for (const w of group.ways) {
      const nodeIds = new Array<number>(w.refs.length);
      let ref = 0;
      for (let j = 0; j < w.refs.length; j++) nodeIds[j] = ref += w.refs[j];
      b.addWay({ id: w.id, nodeIds, tags: tagsOf(w.keys, w.vals, `way ${w.id}`) });
      noteInfo(w.info);
    }
    for (const r of group.relations) {
      if (r.memids.length !== r.types.length || r.memids.length !== r.roles_sid.length) {
        throw new SourceError('malformed', `${WHAT}: relation ${r.id} has unpaired member arrays`);
      }
      const members: OsmRelationMember[] = [];
      let ref = 0;
      for (let j = 0; j < r.memids.length; j++) {
        const type = MEMBER_TYPES[r.types[j]];
        if (!type) throw new SourceError('malformed', `${WHAT}: relation ${r.id} has a member of unknown type`);
        members.push({ type, ref: (ref += r.memids[j]), role: str(r.roles_sid[j]) });
      }
      b.addRelation(r.id, members, tagsOf(r.keys, r.vals, `relation ${r.id}`));
      noteInfo(r.info);
    }
  }
}
