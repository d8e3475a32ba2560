/** Property tests: on any input, every reader either returns or throws a SourceError — nothing else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCameraCsv } from '../../../lib/sources/csv.ts';
import { SourceError } from '../../../lib/sources/errors.ts';
import { readCameraGeoJson } from '../../../lib/sources/geojson.ts';
import { readOsmXml } from '../../../lib/sources/osm-xml.ts';
import { readOverpassJson } from '../../../lib/sources/overpass.ts';
import { readSousSurveillance } from '../../../lib/sources/sous-surveillance.ts';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';

function onlySourceErrors(read: () => unknown): void {
  try {
    read();
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
  }
}

const xmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<osm>',
        '</osm>',
        '<node id="1" lat="1" lon="2">',
        '</node>',
        '<tag k="a" v="b"/>',
        '<way id="2">',
        '<nd ref="1"/>',
        '</way>',
        '<!--',
        '-->',
        '<![CDATA[',
        ']]>',
        '<?xml?>',
        '&amp;',
        '&#x0;',
        '"',
        "'",
        '<',
        '>',
        '/>',
      ),
      fc.string({ maxLength: 5 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

const jsonish = fc.jsonValue({ maxDepth: 4 });

describe('hostile input', () => {
  it('OSM XML', () => {
    fc.assert(
      fc.property(xmlish, (text) => onlySourceErrors(() => readOsmXml(text))),
      { numRuns: 1000 },
    );
  });

  it('CSV', () => {
    const csvish = fc
      .array(fc.constantFrom('lat', 'lon', ',', ';', '"', '\n', '\r\n', '43.6', '1.44', 'x', ''), { maxLength: 40 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(csvish, (text) => onlySourceErrors(() => readCameraCsv(text, { source: 'import:x' }))),
      { numRuns: 1000 },
    );
  });

  it('JSON readers on arbitrary JSON values and broken text', () => {
    fc.assert(
      fc.property(jsonish, (value) => {
        const text = JSON.stringify(value) ?? '';
        onlySourceErrors(() => readOverpassJson(value));
        onlySourceErrors(() => readOverpassJson({ elements: Array.isArray(value) ? value : [value] }));
        onlySourceErrors(() =>
          readCameraGeoJson({ type: 'FeatureCollection', features: Array.isArray(value) ? value : [value] }, { source: 'x' }),
        );
        onlySourceErrors(() => readToulouseMin(text));
        onlySourceErrors(() => readSousSurveillance(text));
        onlySourceErrors(() => readToulouseMin(text.slice(0, text.length >> 1)));
      }),
      { numRuns: 500 },
    );
  });

  it('Toulouse file with arbitrary array contents', () => {
    const arr = fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 });
    fc.assert(
      fc.property(arr, arr, arr, arr, (lons, lats, cat, pid) => {
        const n = lons.length;
        const padTo = (a: unknown[]) => Array.from({ length: n }, (_, i) => a[i] ?? null);
        const file = { v: 1, cats: ['Caméra fixe'], lons, lats: padTo(lats), cat: padTo(cat), pid: padTo(pid), name: padTo([]), addr: {} };
        onlySourceErrors(() => readToulouseMin(JSON.stringify(file)));
      }),
    );
  });
});

describe('caps', () => {
  it('refuses an element with more than 1,000 tags', () => {
    const tags = Array.from({ length: 1001 }, (_, i) => `<tag k="k${i}" v="v"/>`).join('');
    expect(() => readOsmXml(`<osm><node id="1" lat="1" lon="1">${tags}</node></osm>`)).toThrowError(/more than 1000 tags/);
    const ok = Array.from({ length: 1000 }, (_, i) => `<tag k="k${i}" v="v"/>`).join('');
    expect(readOsmXml(`<osm><node id="1" lat="1" lon="1">${ok}</node></osm>`).nodes.get(1)?.tags?.k999).toBe('v');
  });

  it('refuses a tag value over 255 characters', () => {
    expect(() => readOsmXml(`<osm><node id="1" lat="1" lon="1"><tag k="a" v="${'x'.repeat(256)}"/></node></osm>`)).toThrowError(
      /longer than 255/,
    );
  });
});

describe('deeply nested values (JSON.parse accepts them; recursion must not)', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  it.each([
    ['toulouse-min pid', () => readToulouseMin(`{"v":1,"cats":[],"lons":[1.44],"lats":[43.6],"cat":[0],"pid":[${deep}],"name":[""]}`)],
    ['toulouse-min version', () => readToulouseMin(`{"v":${deep}}`)],
    [
      'survey coordinates',
      () =>
        readSousSurveillance(
          `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[${deep},1]},"properties":{}}]}`,
        ),
    ],
    [
      'GeoJSON directions',
      () =>
        readCameraGeoJson(
          `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"kind":"fixed","directions":[1,${deep}]}}`,
          { source: 'x' },
        ),
    ],
    ['Overpass id', () => readOverpassJson(`{"elements":[{"type":"node","id":${deep}}]}`)],
  ])('%s', (_name, read) => {
    onlySourceErrors(read);
  });
});
