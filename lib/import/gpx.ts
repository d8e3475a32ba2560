/**
 * GPX 1.0/1.1 reader: tracks (`trk`/`trkseg`/`trkpt`), routes (`rte`/`rtept`) and waypoints (`wpt`) →
 * polylines in WGS84 degrees. A GPX file is a route to score for exposure, never a camera source.
 *
 * Like the OSM XML reader, it is one forward scan over the text without a DOM: no entity definitions are
 * honoured (a DOCTYPE with an internal subset is refused), nesting depth is bounded, text is decoded from
 * the five XML entities and character references only, every loop advances, and sizes are capped.
 * Errors are `SourceError`s: `malformed`, `truncated`, `too-large`, `invalid-value` (a point with an
 * impossible coordinate fails the whole file: dropping it would silently change the route).
 */
import type { LonLat } from '../geo/index.ts';
import { SourceError } from '../sources/errors.ts';
import { MAX_TEXT_FIELD_CHARS } from '../sources/limits.ts';
import { inputToText, type SourceInput } from '../sources/text.ts';

/** Max bytes of a GPX file: 16 MiB (a day-long 1 Hz track is about 10 MB). */
export const MAX_GPX_BYTES = 16 * 1024 * 1024;
/** Max points (track, route and waypoints together): 500,000. */
export const MAX_GPX_POINTS = 500_000;
/** GPX nests 4 deep (gpx > trk > trkseg > trkpt > ele); extensions add a few levels. */
const MAX_DEPTH = 32;

export interface GpxLine {
  /** `track` for one `trkseg`, `route` for one `rte`. */
  kind: 'track' | 'route';
  /** The `<name>` of the enclosing `trk` or `rte`, plain text. */
  name?: string;
  /** Vertices in file order, [lon, lat] degrees. */
  points: LonLat[];
}

export interface GpxWaypoint {
  lon: number;
  lat: number;
  name?: string;
}

export interface GpxData {
  /** Lines with at least 2 points (a single point is not a path). */
  lines: GpxLine[];
  waypoints: GpxWaypoint[];
  /** Segments dropped because they had fewer than 2 points. */
  droppedShortSegments: number;
}

const WHAT = 'GPX';
const NAME = /[A-Za-z_][\w:.-]*/y;
const ATTRIBUTE = /\s*([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
        throw new SourceError('malformed', `${WHAT}: invalid character reference ${whole}`);
      }
      return String.fromCodePoint(code);
    }
    if (!Object.hasOwn(XML_ENTITIES, ref)) throw new SourceError('malformed', `${WHAT}: unknown entity ${whole}`);
    return XML_ENTITIES[ref];
  });
}

/** Local name without a namespace prefix (`gpx:trkpt` → `trkpt`). */
function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function cut(what: string): SourceError {
  return new SourceError('truncated', `${WHAT}: file ends inside a ${what}`);
}

/**
 * The text content of a `<name>` element: CDATA sections verbatim, elsewhere markup dropped and entities
 * decoded. The result is plain text to show as text.
 */
function nameText(inner: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < inner.length) {
    const cdata = inner.indexOf('<![CDATA[', i);
    const end = cdata < 0 ? inner.length : cdata;
    out += decodeXmlText(inner.slice(i, end).replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, ''));
    if (cdata < 0) break;
    const close = inner.indexOf(']]>', cdata + 9);
    out += inner.slice(cdata + 9, close < 0 ? inner.length : close);
    i = close < 0 ? inner.length : close + 3;
  }
  return cleanText(out);
}

/** Plain text: control characters removed, spaces collapsed, length capped. */
function cleanText(raw: string): string | undefined {
  const t = raw
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return t === '' ? undefined : t.slice(0, MAX_TEXT_FIELD_CHARS);
}

export function readGpx(input: SourceInput): GpxData {
  const text = inputToText(input, MAX_GPX_BYTES, WHAT);
  const lines: GpxLine[] = [];
  const waypoints: GpxWaypoint[] = [];
  let dropped = 0;
  let pointCount = 0;
  const stack: string[] = [];
  let sawRoot = false;
  let pos = 0;
  /** The trk/rte being read, its current segment, and a name being captured. */
  let container: { kind: 'track' | 'route'; name?: string; segments: LonLat[][] } | undefined;
  let segment: LonLat[] | undefined;
  let waypoint: GpxWaypoint | undefined;
  let nameStart = -1;

  const point = (attrs: Record<string, string>, what: string): LonLat => {
    if (++pointCount > MAX_GPX_POINTS) throw new SourceError('too-large', `${WHAT}: more than ${MAX_GPX_POINTS} points`);
    const lat = attrs.lat === undefined ? NaN : Number(attrs.lat.trim() === '' ? NaN : attrs.lat);
    const lon = attrs.lon === undefined ? NaN : Number(attrs.lon.trim() === '' ? NaN : attrs.lon);
    if (!(Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
      throw new SourceError(
        'invalid-value',
        `${WHAT}: <${what}> number ${pointCount} has invalid coordinates lat=${JSON.stringify(attrs.lat ?? null).slice(0, 30)} lon=${JSON.stringify(attrs.lon ?? null).slice(0, 30)}`,
      );
    }
    return [lon, lat];
  };

  const closeContainer = () => {
    if (!container) return;
    for (const pts of container.segments) {
      if (pts.length >= 2) lines.push(container.name ? { kind: container.kind, name: container.name, points: pts } : { kind: container.kind, points: pts });
      else dropped++;
    }
    container = undefined;
  };

  while (true) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) throw cut('comment');
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw cut('processing instruction');
      pos = end + 2;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) throw cut('CDATA section');
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<!', lt)) {
      const end = text.indexOf('>', lt + 2);
      if (end < 0) throw cut('declaration');
      if (text.slice(lt, end).includes('[')) {
        throw new SourceError('unsupported', `${WHAT}: DOCTYPE with entity definitions is refused`);
      }
      pos = end + 1;
      continue;
    }
    const closing = text[lt + 1] === '/';
    NAME.lastIndex = lt + (closing ? 2 : 1);
    const nameMatch = NAME.exec(text);
    if (!nameMatch) {
      if (lt + 2 >= text.length) throw cut('tag');
      throw new SourceError('malformed', `${WHAT}: invalid markup at character ${lt}`);
    }
    const rawName = nameMatch[0];
    const name = localName(rawName);
    let p = NAME.lastIndex;

    if (closing) {
      const end = text.indexOf('>', p);
      if (end < 0) throw cut(`</${rawName}>`);
      if (text.slice(p, end).trim() !== '') throw new SourceError('malformed', `${WHAT}: invalid closing tag </${rawName}>`);
      const open = stack.pop();
      if (open !== rawName) {
        throw new SourceError('malformed', `${WHAT}: </${rawName}> closes <${open ?? 'nothing'}> at character ${lt}`);
      }
      if (name === 'name' && nameStart >= 0) {
        const value = nameText(text.slice(nameStart, lt));
        const parent = localName(stack[stack.length - 1] ?? '');
        if (waypoint && parent === 'wpt') waypoint.name = value;
        else if (container && (parent === 'trk' || parent === 'rte')) container.name = value;
        nameStart = -1;
      } else if (name === 'trkseg') segment = undefined;
      else if (name === 'trk' || name === 'rte') closeContainer();
      else if (name === 'wpt' && waypoint) {
        waypoints.push(waypoint.name ? waypoint : { lon: waypoint.lon, lat: waypoint.lat });
        waypoint = undefined;
      }
      pos = end + 1;
      continue;
    }

    const attrs: Record<string, string> = {};
    while (true) {
      ATTRIBUTE.lastIndex = p;
      const a = ATTRIBUTE.exec(text);
      if (!a) break;
      // XML forbids a repeated attribute; which value would win is exactly what an attacker picks.
      if (Object.hasOwn(attrs, a[1])) {
        throw new SourceError('malformed', `${WHAT}: attribute ${a[1].slice(0, 40)} repeated in <${rawName}>`);
      }
      Object.defineProperty(attrs, a[1], { value: decodeXmlText(a[2] ?? a[3] ?? ''), enumerable: true });
      p = ATTRIBUTE.lastIndex;
    }
    while (p < text.length && /\s/.test(text[p])) p++;
    let selfClosing = false;
    if (text.startsWith('/>', p)) {
      selfClosing = true;
      p += 2;
    } else if (text[p] === '>') {
      p += 1;
    } else if (p >= text.length || text.indexOf('>', p) < 0) {
      throw cut(`<${rawName}>`);
    } else {
      throw new SourceError('malformed', `${WHAT}: invalid attribute in <${rawName}> at character ${p}`);
    }
    pos = p;

    if (stack.length === 0) {
      if (sawRoot) throw new SourceError('malformed', `${WHAT}: content after the root element`);
      if (name !== 'gpx') throw new SourceError('malformed', `${WHAT}: root element is <${rawName}>, expected <gpx>`);
      sawRoot = true;
    } else {
      const parent = localName(stack[stack.length - 1]);
      if ((name === 'trk' || name === 'rte') && parent === 'gpx') {
        closeContainer();
        container = { kind: name === 'trk' ? 'track' : 'route', segments: [] };
        if (name === 'rte') container.segments.push([]);
      } else if (name === 'trkseg' && parent === 'trk' && container) {
        segment = [];
        container.segments.push(segment);
      } else if (name === 'trkpt' && parent === 'trkseg' && segment) {
        segment.push(point(attrs, name));
      } else if (name === 'rtept' && parent === 'rte' && container) {
        container.segments[0].push(point(attrs, name));
      } else if (name === 'wpt' && parent === 'gpx') {
        const [lon, lat] = point(attrs, name);
        waypoint = { lon, lat };
        if (selfClosing) {
          waypoints.push(waypoint);
          waypoint = undefined;
        }
      } else if (name === 'name' && !selfClosing && (parent === 'trk' || parent === 'rte' || parent === 'wpt')) {
        nameStart = p;
      }
    }
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH) throw new SourceError('malformed', `${WHAT}: elements nested deeper than ${MAX_DEPTH}`);
      stack.push(rawName);
    }
  }
  if (!sawRoot) throw new SourceError(text.trim() === '' ? 'truncated' : 'malformed', `${WHAT}: no <gpx> element`);
  if (stack.length > 0) throw cut(`<${stack[stack.length - 1]}> element`);
  return { lines, waypoints, droppedShortSegments: dropped };
}
