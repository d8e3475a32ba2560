import { describe, expect, it } from 'vitest';
import { readGpx, MAX_GPX_POINTS } from '../../../lib/import/gpx.ts';
import { isSourceError } from '../../../lib/sources/errors.ts';
import { toulouseGpx } from './real-files.ts';

const enc = (s: string) => new TextEncoder().encode(s);
function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isSourceError(e)) return e.code;
    throw e;
  }
  return 'ok';
}

describe('readGpx', () => {
  it('reads tracks per segment, routes, waypoints, with namespaces and CDATA names', () => {
    const gpx = readGpx(
      enc(`<?xml version="1.0"?><!-- c --><g:gpx xmlns:g="http://www.topografix.com/GPX/1/1">
        <g:trk><g:name><![CDATA[Rue <Alsace>]]></g:name><g:trkseg>
          <g:trkpt lat="43.6" lon="1.44"/><g:trkpt lat='43.601' lon='1.441'/><g:trkpt lat="43.602" lon="1.442"/>
        </g:trkseg><g:trkseg><g:trkpt lat="43.7" lon="1.5"/></g:trkseg></g:trk></g:gpx>`),
    );
    expect(gpx.lines).toEqual([
      {
        kind: 'track',
        name: 'Rue <Alsace>',
        points: [
          [1.44, 43.6],
          [1.441, 43.601],
          [1.442, 43.602],
        ],
      },
    ]);
    expect(gpx.droppedShortSegments).toBe(1);
  });

  it('decodes entities into plain text and never expands declared entities', () => {
    const name = readGpx(toulouseGpx(10, { name: '&lt;img src=x onerror=alert(1)&gt; &amp; caf&#233;' })).lines[0].name;
    expect(name).toBe('<img src=x onerror=alert(1)> & café');
    expect(code(() => readGpx(enc('<!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx><trk><name>&a;</name></trk></gpx>')))).toBe('unsupported');
    expect(code(() => readGpx(enc('<gpx><trk><name>&a;</name></trk></gpx>')))).toBe('malformed');
  });

  it('types every malformed input', () => {
    expect(code(() => readGpx(enc('')))).toBe('truncated');
    expect(code(() => readGpx(enc('<gpx><trk><trkseg><trkpt lat="43.6" lon="1.4"/>')))).toBe('truncated');
    expect(code(() => readGpx(enc('<gpx><trk><trkseg><trkpt lat="43.6" lo')))).toBe('truncated');
    expect(code(() => readGpx(enc('<kml></kml>')))).toBe('malformed');
    expect(code(() => readGpx(enc('<gpx></trk>')))).toBe('malformed');
    expect(code(() => readGpx(enc('<gpx><trk><trkseg><trkpt lat="91" lon="1"/></trkseg></trk></gpx>')))).toBe('invalid-value');
    expect(code(() => readGpx(enc('<gpx><trk><trkseg><trkpt lat="NaN" lon="1"/></trkseg></trk></gpx>')))).toBe('invalid-value');
    expect(code(() => readGpx(enc('<gpx><trk><trkseg><trkpt lat="" lon="1"/></trkseg></trk></gpx>')))).toBe('invalid-value');
    expect(code(() => readGpx(enc('<gpx><wpt lon="1"/></gpx>')))).toBe('invalid-value');
    expect(code(() => readGpx(enc('<gpx>' + '<a>'.repeat(100) + '</gpx>')))).toBe('malformed');
    expect(code(() => readGpx(new Uint8Array([0x3c, 0xff, 0x3e])))).toBe('malformed');
    expect(code(() => readGpx(enc('<gpx><wpt lat="43.6" lat="91" lon="1"/></gpx>')))).toBe('malformed');
  });

  it('caps the number of points', () => {
    const pt = '<trkpt lat="43.6" lon="1.44"/>';
    const text = `<gpx><trk><trkseg>${pt.repeat(MAX_GPX_POINTS + 1)}</trkseg></trk></gpx>`;
    expect(code(() => readGpx(text))).toBe('too-large');
  });
});
