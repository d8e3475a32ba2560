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
import { decodeXmlText, localName, scanXml } from '../sources/xml-scan.ts';

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
    out += decodeXmlText(
      inner
        .slice(i, end)
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<[^>]*>/g, ''),
      WHAT,
    );
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
      if (pts.length >= 2)
        lines.push(container.name ? { kind: container.kind, name: container.name, points: pts } : { kind: container.kind, points: pts });
      else dropped++;
    }
    container = undefined;
  };

  for (const ev of scanXml(text, { what: WHAT, root: 'gpx', maxDepth: MAX_DEPTH })) {
    const name = localName(ev.name);
    if (ev.type === 'close') {
      if (name === 'name' && nameStart >= 0) {
        const value = nameText(text.slice(nameStart, ev.contentEnd));
        const parent = localName(ev.parent ?? '');
        if (waypoint && parent === 'wpt') waypoint.name = value;
        else if (container && (parent === 'trk' || parent === 'rte')) container.name = value;
        nameStart = -1;
      } else if (name === 'trkseg') segment = undefined;
      else if (name === 'trk' || name === 'rte') closeContainer();
      else if (name === 'wpt' && waypoint) {
        waypoints.push(waypoint.name ? waypoint : { lon: waypoint.lon, lat: waypoint.lat });
        waypoint = undefined;
      }
      continue;
    }
    if (ev.parent === undefined) continue; // the <gpx> root itself
    const parent = localName(ev.parent);
    const { attrs, selfClosing } = ev;
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
      nameStart = ev.contentStart;
    }
  }
  return { lines, waypoints, droppedShortSegments: dropped };
}
