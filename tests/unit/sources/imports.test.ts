import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCameraCsv, parseCsvRows, previewCsv } from '../../../lib/sources/csv.ts';
import { SourceError } from '../../../lib/sources/errors.ts';
import { readCameraGeoJson } from '../../../lib/sources/geojson.ts';
import { decodeEntities, htmlToText } from '../../../lib/sources/text.ts';

const opts = { source: 'import:test' };
const point = (lon: number, lat: number, properties: Record<string, unknown>, id?: string) => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties,
});

describe('GeoJSON camera import', () => {
  it('calls a file cut short "truncated" and a broken one "malformed", wherever the cut falls', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [point(1.44, 43.6, { 'camera:type': 'dome' }, 'a')] });
    for (let cut = 1; cut < text.length - 1; cut++) {
      let code: string | undefined;
      try {
        readCameraGeoJson(text.slice(0, cut), opts);
      } catch (e) {
        code = (e as SourceError).code;
      }
      expect(code, `cut at ${cut}: ${text.slice(0, cut)}`).toBe('truncated');
    }
    expect(() => readCameraGeoJson(text.replace('"features"', '"features" ]'), opts)).toThrow(
      expect.objectContaining({ code: 'malformed' }),
    );
  });

  it('reads OSM-like, survey-like, own-format and bare points', () => {
    const fcoll = {
      type: 'FeatureCollection',
      features: [
        point(1.44, 43.6, { man_made: 'surveillance', 'camera:type': 'fixed', 'camera:direction': 'SE' }, 'a'),
        point(1.45, 43.6, { apparence: 'dome', direction: '90', angle: '70', op_type: 'public' }, 'b'),
        point(1.46, 43.6, { kind: 'ptz', directions: [10, 190], fov: 60, expires: '2026-07-14T00:00:00Z' }, 'c'),
        point(1.47, 43.6, {}, 'd'),
        point(1.48, 43.6, { 'surveillance:type': 'guard' }, 'e'),
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} },
        point(200, 43.6, {}, 'g'),
      ],
    };
    const { cameras, rejects } = readCameraGeoJson(JSON.stringify(fcoll), opts);
    expect(cameras.map((c) => [c.id, c.kind, c.directions, c.fov ?? null])).toEqual([
      ['import:test:a', 'fixed', [135], null],
      ['import:test:b', 'dome', [90], 70],
      ['import:test:c', 'ptz', [10, 190], 60],
      ['import:test:d', 'unknown', [], null],
    ]);
    expect(cameras[1].operatorType).toBe('public');
    expect(cameras[2].expires).toBe('2026-07-14T00:00:00.000Z');
    expect(cameras.every((c) => c.confidence === 0.6)).toBe(true);
    expect(rejects.map((r) => r.reason)).toEqual([
      'tagged as something other than a camera',
      'geometry is not a Point',
      'invalid coordinates',
    ]);
  });

  it('refuses non-GeoJSON and truncated files', () => {
    expect(() => readCameraGeoJson('{"type":"Topology"}', opts)).toThrowError(SourceError);
    expect(() => readCameraGeoJson('{"type":"FeatureCollection","features":[', opts)).toThrowError(/not valid JSON/);
  });
});

describe('CSV', () => {
  it('parses RFC 4180 quoting, CRLF and embedded newlines', () => {
    const text = 'a,b,c\r\n"x, y","he said ""hi""","two\nlines"\r\n1,,3\n\n';
    expect(parseCsvRows(text, ',')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'he said "hi"', 'two\nlines'],
      ['1', '', '3'],
    ]);
    expect(parseCsvRows('a,b\n1,2', ',')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('reports an unclosed quote as truncated and a stray quote as malformed', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as SourceError).code;
      }
      return 'none';
    };
    expect(code(() => parseCsvRows('a,b\n"1,2', ','))).toBe('truncated');
    expect(code(() => parseCsvRows('a,b\n1"x,2', ','))).toBe('malformed');
    expect(code(() => parseCsvRows('a\n"x"y', ','))).toBe('malformed');
  });

  it('previews with a guessed delimiter and coordinate columns', () => {
    const text = 'id;Latitude;Longitude;camera:type\n1;43,6047;1,4442;dome\n2;43,605;1,445;fixed\n3;43,606;1,446;fixed\n';
    const p = previewCsv(text, 2);
    expect(p).toEqual({
      delimiter: ';',
      header: ['id', 'Latitude', 'Longitude', 'camera:type'],
      rows: [
        ['1', '43,6047', '1,4442', 'dome'],
        ['2', '43,605', '1,445', 'fixed'],
      ],
      latColumn: 'Latitude',
      lonColumn: 'Longitude',
    });
    const { cameras } = readCameraCsv(text, opts);
    expect(cameras.map((c) => [c.id, c.kind, c.lat, c.lon])).toEqual([
      ['import:test:1', 'dome', 43.6047, 1.4442],
      ['import:test:2', 'fixed', 43.605, 1.445],
      ['import:test:3', 'fixed', 43.606, 1.446],
    ]);
  });

  it('uses the columns the user chose and rejects bad rows', () => {
    const text = 'where_y,where_x,direction\n43.6,1.44,90\n43.6,abc,90\n43.6,1.44\n';
    expect(() => readCameraCsv(text, opts)).toThrowError(/no latitude column/);
    const { cameras, rejects } = readCameraCsv(text, { ...opts, latColumn: 'where_y', lonColumn: 'where_x' });
    expect(cameras).toHaveLength(1);
    expect(cameras[0]).toMatchObject({ id: 'import:test:row 2', directions: [90], kind: 'unknown' });
    expect(rejects).toEqual([
      { sourceId: 'row 3', reason: 'invalid coordinates' },
      { sourceId: 'row 4', reason: '2 fields, the header has 3' },
    ]);
  });

  it('round-trips arbitrary fields through quoting', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 10 }), (rows) => {
        const width = rows[0].length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? 'x'));
        const text = table.map((r) => r.map((f) => `"${f.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        expect(parseCsvRows(text, ',')).toEqual(table);
      }),
    );
  });
});

describe('HTML text extraction', () => {
  it('drops markup, scripts and comments, decodes entities', () => {
    expect(htmlToText('<h2>A &amp; B</h2><!-- x --><script>evil()</script><ul><li>x&nbsp;: y</li></ul>')).toBe('A & B\nx : y');
    expect(decodeEntities('&#8217;&#x41;&eacute;&unknown;&#0;&#xD800;')).toBe('’Aé&unknown;');
  });

  it('output never contains a tag opener from arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const text = htmlToText(s.replace(/&/g, ''));
        expect(/<[a-z!/?]/i.test(text)).toBe(false);
      }),
    );
  });
});
