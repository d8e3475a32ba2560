/**
 * Rewrites a real PBF without its header timestamp (`osmosis_replication_timestamp`), at test time: the
 * variant of a shared file that has only element timestamps. Nothing derived is written to disk.
 */
import { inflateSync } from 'node:zlib';
import Pbf from 'pbf';
import FileFormat from 'tiny-osmpbf/proto/fileformat.js';
import OsmFormat from 'tiny-osmpbf/proto/osmformat.js';

/** The write side of the protobuf schema and of `pbf` (vendor.d.ts types only the read side). */
interface PbfWriter {
  finish(): Uint8Array;
}
type Writes = Record<string, { write(obj: object, pbf: PbfWriter): void }>;
const newWriter = () => new Pbf() as unknown as PbfWriter;
const fileFormat = FileFormat as unknown as Writes;
const osmFormat = OsmFormat as unknown as Writes;

/** The same PBF with the OSMHeader blob re-encoded (uncompressed) without its replication timestamp. */
export function pbfWithoutHeaderTimestamp(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getInt32(0, false);
  const header = FileFormat.BlobHeader.read(new Pbf(bytes.subarray(4, 4 + headerLength)));
  if (header.type !== 'OSMHeader') throw new Error('the first blob is not the OSMHeader');
  const blobEnd = 4 + headerLength + header.datasize;
  const blob = FileFormat.Blob.read(new Pbf(bytes.subarray(4 + headerLength, blobEnd)));
  const data = blob.raw ?? new Uint8Array(inflateSync(blob.zlib_data!));
  const head = OsmFormat.HeaderBlock.read(new Pbf(data));
  if (!(head.osmosis_replication_timestamp > 0)) throw new Error('this file has no header timestamp to strip');
  head.osmosis_replication_timestamp = 0;

  const headWriter = newWriter();
  osmFormat.HeaderBlock.write(head, headWriter);
  const raw = headWriter.finish();
  const blobWriter = newWriter();
  fileFormat.Blob.write({ raw, raw_size: raw.byteLength }, blobWriter);
  const newBlob = blobWriter.finish();
  const headerWriter = newWriter();
  fileFormat.BlobHeader.write({ type: 'OSMHeader', datasize: newBlob.byteLength }, headerWriter);
  const newHeader = headerWriter.finish();

  const rest = bytes.subarray(blobEnd);
  const out = new Uint8Array(4 + newHeader.byteLength + newBlob.byteLength + rest.byteLength);
  new DataView(out.buffer).setInt32(0, newHeader.byteLength, false);
  out.set(newHeader, 4);
  out.set(newBlob, 4 + newHeader.byteLength);
  out.set(rest, 4 + newHeader.byteLength + newBlob.byteLength);
  return out;
}
