/**
 * Which reader a file needs, from its first bytes (the name's extension only breaks ties): users rename
 * files, and a `.json` can be GeoJSON, Overpass JSON or the sous-surveillance export.
 */

export type ImportFormat = 'geojson' | 'csv' | 'osm-xml' | 'osm-pbf' | 'overpass-json' | 'sous-surveillance' | 'toulouse-min' | 'gpx';

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  'geojson',
  'csv',
  'osm-xml',
  'osm-pbf',
  'overpass-json',
  'sous-surveillance',
  'toulouse-min',
  'gpx',
];

/** Bytes looked at to recognise a text format: 64 KiB holds any file's header and first records. */
const SNIFF_BYTES = 64 * 1024;

/**
 * An OSM PBF file starts with a 4-byte big-endian BlobHeader length, then the BlobHeader whose field 1
 * (tag 0x0a) is the 9-byte string "OSMHeader".
 */
function isOsmPbf(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 15) return false;
  const headerLength = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (headerLength === 0 || headerLength > 64 * 1024) return false;
  if (bytes[4] !== 0x0a || bytes[5] !== 9) return false;
  return String.fromCharCode(...bytes.subarray(6, 15)) === 'OSMHeader';
}

/** The detected format, or undefined when nothing matches. Never throws. */
export function detectFormat(name: string, bytes: Uint8Array): ImportFormat | undefined {
  if (isOsmPbf(bytes)) return 'osm-pbf';
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, SNIFF_BYTES))
    .replace(/^\uFEFF/, '')
    .trimStart();
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  if (head.startsWith('<')) {
    // Skip the XML declaration, comments and DOCTYPE: the root element decides.
    const root = /<([A-Za-z_][\w:.-]*)/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ''))?.[1];
    const local = root?.slice(root.lastIndexOf(':') + 1);
    if (local === 'gpx') return 'gpx';
    if (local === 'osm') return 'osm-xml';
    if (ext === 'gpx') return 'gpx';
    if (ext === 'osm' || ext === 'xml') return 'osm-xml';
    return undefined;
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    if (/"elements"\s*:/.test(head)) return 'overpass-json';
    if (/"lons"\s*:/.test(head) && /"pid"\s*:/.test(head)) return 'toulouse-min';
    if (/"(FeatureCollection|Feature)"/.test(head)) {
      return /"(id_camera|apparence|contenu_popup)"\s*:/.test(head) ? 'sous-surveillance' : 'geojson';
    }
    if (ext === 'geojson') return 'geojson';
    return undefined;
  }
  if (head === '') return undefined;
  // Binary content (NUL, other control characters, undecodable bytes) is no delimited text.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/.test(head)) return undefined;
  // Delimited text: a header line with a separator and no markup or JSON.
  const firstLine = head.split(/\r?\n/, 1)[0];
  if (ext === 'csv' || ext === 'tsv' || /[,;\t]/.test(firstLine)) return 'csv';
  return undefined;
}
