/**
 * Minimal types for the pure-JS libraries the PBF reader uses (they ship none). Only what we call.
 */
declare module 'pbf' {
  export default class Pbf {
    constructor(buf?: Uint8Array | ArrayBuffer);
    pos: number;
    length: number;
  }
}

declare module 'tiny-osmpbf/proto/fileformat.js' {
  import type Pbf from 'pbf';
  const FileFormat: {
    Blob: { read(pbf: Pbf): PbfBlob };
    BlobHeader: { read(pbf: Pbf): { type: string; indexdata: Uint8Array | null; datasize: number } };
  };
  export interface PbfBlob {
    raw: Uint8Array | null;
    raw_size: number;
    zlib_data: Uint8Array | null;
    lzma_data: Uint8Array | null;
    OBSOLETE_bzip2_data: Uint8Array | null;
  }
  export default FileFormat;
}

declare module 'tiny-osmpbf/proto/osmformat.js' {
  import type Pbf from 'pbf';
  export interface PbfHeaderBlock {
    bbox: { left: number; right: number; top: number; bottom: number } | null;
    required_features: string[];
    writingprogram: string;
    source: string;
    osmosis_replication_timestamp: number;
  }
  /** Element metadata; only the timestamp (in date_granularity ms units) is read. */
  export interface PbfInfo {
    timestamp: number;
  }
  export interface PbfPrimitiveGroup {
    nodes: Array<{ id: number; keys: number[]; vals: number[]; info: PbfInfo | null; lat: number; lon: number }>;
    dense: {
      id: number[];
      denseinfo: { timestamp: number[] } | null;
      lat: number[];
      lon: number[];
      keys_vals: number[];
    } | null;
    ways: Array<{ id: number; keys: number[]; vals: number[]; info: PbfInfo | null; refs: number[] }>;
    relations: Array<{
      id: number;
      keys: number[];
      vals: number[];
      info: PbfInfo | null;
      roles_sid: number[];
      memids: number[];
      types: number[];
    }>;
    changesets: unknown[];
  }
  export interface PbfPrimitiveBlock {
    stringtable: { s: Uint8Array[] };
    primitivegroup: PbfPrimitiveGroup[];
    granularity: number;
    lat_offset: number;
    lon_offset: number;
    date_granularity: number;
  }
  const OsmFormat: {
    HeaderBlock: { read(pbf: Pbf): PbfHeaderBlock };
    PrimitiveBlock: { read(pbf: Pbf): PbfPrimitiveBlock };
  };
  export default OsmFormat;
}
