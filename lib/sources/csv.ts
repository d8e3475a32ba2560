/**
 * CSV camera imports (RFC 4180): quoted fields with `""` escapes and embedded newlines, CRLF or LF line
 * ends, `,` or `;` (French spreadsheets) as delimiter. The user picks the latitude and longitude columns
 * (`previewCsv` suggests them); every other column is read like GeoJSON properties (OSM-like tags,
 * survey-like fields, or Angle Mort's own fields).
 */
import type { Camera } from '../cameras/types.ts';
import { SourceError } from './errors.ts';
import { cameraFromProperties, type ImportOptions } from './geojson.ts';
import { MAX_CAMERA_FEATURES, MAX_CAMERA_FILE_BYTES, MAX_CSV_COLUMNS } from './limits.ts';
import { inputToText, type SourceInput } from './text.ts';
import { isLonLat, type CameraReadResult, type SourceReject } from './types.ts';

const WHAT = 'CSV file';

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * Splits CSV text into rows of fields. Stops after `maxRows` rows. An unterminated quoted field is
 * `truncated` (a cut file); a quote in the middle of an unquoted field is `malformed`.
 */
export function parseCsvRows(text: string, delimiter: CsvDelimiter, maxRows = MAX_CAMERA_FEATURES + 1): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  // True once the current row has any content, even a quoted empty field ("" is a record, a blank line is not).
  let rowStarted = false;
  let i = 0;
  const n = text.length;
  const endField = () => {
    row.push(field);
    field = '';
    if (row.length > MAX_CSV_COLUMNS) {
      throw new SourceError('too-large', `${WHAT}: row ${rows.length + 1} has more than ${MAX_CSV_COLUMNS} columns`);
    }
  };
  const endRow = () => {
    endField();
    if (rowStarted) rows.push(row);
    row = [];
    rowStarted = false;
  };
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n && rows.length < maxRows) {
    const c = text[i];
    if (c !== '\n' && c !== '\r') rowStarted = true;
    if (c === '"' && field === '') {
      // Quoted field: runs to the next lone quote.
      let j = i + 1;
      let value = '';
      while (true) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new SourceError('truncated', `${WHAT}: quoted field opened on row ${rows.length + 1} never ends`);
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      field = value;
      i = j;
      const next = text[i];
      if (i < n && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new SourceError('malformed', `${WHAT}: text after a closing quote on row ${rows.length + 1}`);
      }
      if (i >= n) break;
      continue;
    }
    if (c === delimiter) {
      endField();
      i++;
    } else if (c === '\n' || c === '\r') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      const stop = nextSpecial(text, i, delimiter);
      const chunk = text.slice(i, stop);
      if (chunk.includes('"')) {
        throw new SourceError('malformed', `${WHAT}: a quote inside an unquoted field on row ${rows.length + 1}`);
      }
      field += chunk;
      i = stop;
    }
  }
  if (rows.length < maxRows && rowStarted) endRow();
  return rows;
}

function nextSpecial(text: string, from: number, delimiter: string): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === delimiter || c === '\n' || c === '\r') return i;
    i++;
  }
  return i;
}

/** The delimiter of the header line: the most frequent of `;`, tab and `,` outside quotes. */
export function guessDelimiter(text: string): CsvDelimiter {
  const firstLine = text
    .slice(0, 10_000)
    .split(/\r?\n/, 1)[0]
    .replace(/"[^"]*"/g, '');
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const candidates: CsvDelimiter[] = [',', ';', '\t'];
  return candidates.reduce((best, d) => (count(d) > count(best) ? d : best), ',');
}

const LAT_NAMES = ['lat', 'latitude', 'y', 'lat_wgs84', 'latitude_wgs84'];
const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', 'lon_wgs84', 'longitude_wgs84'];

function guessColumn(header: string[], names: string[]): string | undefined {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const name of names) {
    const i = lower.indexOf(name);
    if (i >= 0) return header[i];
  }
  return undefined;
}

export interface CsvPreview {
  delimiter: CsvDelimiter;
  header: string[];
  /** The first rows after the header, as text (show as text, never as HTML). */
  rows: string[][];
  /** Suggested coordinate columns, when a header name looks like one. */
  latColumn?: string;
  lonColumn?: string;
}

/** The header and first `n` rows, with a guessed delimiter and coordinate columns, for the import dialog. */
export function previewCsv(input: SourceInput, n = 5): CsvPreview {
  const text = inputToText(input, MAX_CAMERA_FILE_BYTES, WHAT);
  const delimiter = guessDelimiter(text);
  const [header = [], ...rows] = parseCsvRows(text, delimiter, Math.max(0, n) + 1);
  const preview: CsvPreview = { delimiter, header, rows };
  const lat = guessColumn(header, LAT_NAMES);
  const lon = guessColumn(header, LON_NAMES);
  if (lat) preview.latColumn = lat;
  if (lon) preview.lonColumn = lon;
  return preview;
}

export interface CsvOptions extends ImportOptions {
  /** Header name of the latitude column (WGS84 degrees); default: guessed. */
  latColumn?: string;
  /** Header name of the longitude column (WGS84 degrees); default: guessed. */
  lonColumn?: string;
  delimiter?: CsvDelimiter;
}

/** Number with a dot or a comma decimal mark (`43,6047` in French spreadsheets). */
function parseCoordinate(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().replace(',', '.');
  return /^[+-]?\d{1,3}(\.\d+)?$/.test(t) ? Number(t) : undefined;
}

export function readCameraCsv(input: SourceInput, options: CsvOptions): CameraReadResult {
  const text = inputToText(input, MAX_CAMERA_FILE_BYTES, WHAT);
  const delimiter = options.delimiter ?? guessDelimiter(text);
  const rows = parseCsvRows(text, delimiter);
  if (rows.length === 0) throw new SourceError('truncated', `${WHAT} is empty`);
  if (rows.length > MAX_CAMERA_FEATURES + 1) {
    throw new SourceError('too-large', `${WHAT}: more than ${MAX_CAMERA_FEATURES} rows`);
  }
  const [header, ...body] = rows;
  const names = header.map((h) => h.trim());
  const latColumn = options.latColumn ?? guessColumn(names, LAT_NAMES);
  const lonColumn = options.lonColumn ?? guessColumn(names, LON_NAMES);
  const latIndex = latColumn === undefined ? -1 : names.indexOf(latColumn.trim());
  const lonIndex = lonColumn === undefined ? -1 : names.indexOf(lonColumn.trim());
  if (latIndex < 0 || lonIndex < 0) {
    throw new SourceError(
      'invalid-value',
      `${WHAT}: no ${latIndex < 0 ? `latitude column${latColumn ? ` "${latColumn}"` : ''}` : `longitude column${lonColumn ? ` "${lonColumn}"` : ''}`} in the header`,
    );
  }
  const cameras: Camera[] = [];
  const rejects: SourceReject[] = [];
  const seen = new Set<string>();
  body.forEach((row, r) => {
    const line = `row ${r + 2}`;
    if (row.length !== names.length) {
      rejects.push({ sourceId: line, reason: `${row.length} fields, the header has ${names.length}` });
      return;
    }
    const lon = parseCoordinate(row[lonIndex]);
    const lat = parseCoordinate(row[latIndex]);
    if (!isLonLat(lon, lat)) {
      rejects.push({ sourceId: line, reason: 'invalid coordinates' });
      return;
    }
    const props: Record<string, unknown> = {};
    names.forEach((name, i) => {
      if (i !== latIndex && i !== lonIndex && name !== '' && row[i].trim() !== '') {
        Object.defineProperty(props, name, { value: row[i], enumerable: true });
      }
    });
    let sourceId = (typeof props.id === 'string' && props.id.trim().slice(0, 200)) || line;
    if (seen.has(sourceId)) sourceId = `${sourceId}#${r + 2}`;
    const camera = cameraFromProperties(props, { ...options, sourceId, lon, lat: lat as number });
    if (!camera) {
      rejects.push({ sourceId: line, reason: 'tagged as something other than a camera' });
      return;
    }
    seen.add(sourceId);
    cameras.push(camera);
  });
  return { cameras, rejects };
}
