/**
 * Size caps for every reader, in one place. Inputs come from users' files and the network, so every
 * reader refuses anything bigger before parsing it, with a `too-large` SourceError.
 *
 * The caps are sized for a city: the Toulouse OSM camera file is 0.13 MB (2,269 cameras), the
 * sous-surveillance export 1.6 MB (2,279 features), the Monaco PBF 0.5 MB (46,444 nodes). A large
 * city's full Overpass extract of streets and buildings is tens of MB; a country is out of scope.
 */

/** Max bytes (UTF-16 code units for text) of a JSON/GeoJSON/CSV camera file: 32 MiB. */
export const MAX_CAMERA_FILE_BYTES = 32 * 1024 * 1024;

/** Max cameras/features/rows in one camera file. 200,000 ≫ any city (Toulouse: 2,269). */
export const MAX_CAMERA_FEATURES = 200_000;

/** Max bytes of an OSM file (Overpass JSON, OSM XML, PBF): 256 MiB, a large city with buildings. */
export const MAX_OSM_FILE_BYTES = 256 * 1024 * 1024;

/** Max OSM elements (nodes + ways + relations) in one file: 20 million. */
export const MAX_OSM_ELEMENTS = 20_000_000;

/** Max nodes in one OSM way. OSM's API itself caps ways at 2,000 nodes. */
export const MAX_WAY_NODES = 2_000;

/** OSM PBF spec: a BlobHeader is at most 64 KiB. */
export const MAX_PBF_BLOB_HEADER_BYTES = 64 * 1024;

/** OSM PBF spec: a Blob is at most 32 MiB, compressed or not. */
export const MAX_PBF_BLOB_BYTES = 32 * 1024 * 1024;

/** Max length of a single tag value or text field kept from a source (longer values are cut). */
export const MAX_TEXT_FIELD_CHARS = 1_000;

/** Max CSV columns; a camera CSV has a dozen. */
export const MAX_CSV_COLUMNS = 200;
