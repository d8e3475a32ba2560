/**
 * The date an OSM extract describes (issue #11): the header timestamp, else the newest element timestamp the
 * reader saw (OSM XML, PBF Info/DenseInfo, Overpass `out meta`); malformed or implausible timestamps are
 * ignored. Real files from ../shared/data; the header-less variant is built here, in memory.
 */
import { describe, expect, it } from 'vitest';
import { osmDataTime, parseOsmTime } from '../../../lib/sources/osm-model.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { readOsmXml } from '../../../lib/sources/osm-xml.ts';
import { readOverpassJson } from '../../../lib/sources/overpass.ts';
import { MONACO_PBF, sharedFile } from '../../shared-data.ts';
import { pbfWithoutHeaderTimestamp } from './pbf-header.ts';

/** Monaco 2019: header (replication) timestamp, and its newest element (a DenseInfo node), checked by hand. */
const MONACO_HEADER = '2019-09-30T20:18:02.000Z';
const MONACO_NEWEST = '2019-09-30T09:03:46.000Z';

describe('the data date of a real PBF', () => {
  const monaco = new Uint8Array(sharedFile(MONACO_PBF));

  it('a file with a header keeps the header date, and still records its newest element', () => {
    const osm = readOsmPbf(monaco);
    expect(osm.timestamp).toBe('2019-09-30T20:18:02Z');
    expect(new Date(osm.newestElement!).toISOString()).toBe(MONACO_NEWEST);
    expect(osmDataTime(osm)).toBe(MONACO_HEADER);
  });

  it('the same file with its header timestamp stripped gets the newest element date', () => {
    const stripped = pbfWithoutHeaderTimestamp(monaco);
    const osm = readOsmPbf(stripped);
    expect(osm.timestamp).toBeUndefined();
    // The rest of the file is read as before.
    const original = readOsmPbf(monaco);
    expect(osm.nodes.size).toBe(original.nodes.size);
    expect(osm.ways.length).toBe(original.ways.length);
    expect(osmDataTime(osm)).toBe(MONACO_NEWEST);
  });
});

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="test">\n${body}\n</osm>`;

describe('element timestamps in OSM XML', () => {
  it('the newest element wins when there is no header; every kind of element counts', () => {
    const osm = readOsmXml(
      xml(`<node id="1" lat="43.7" lon="7.4" timestamp="2018-05-01T10:00:00Z"/>
<node id="2" lat="43.7" lon="7.41" timestamp="2019-01-02T03:04:05Z"/>
<way id="10" timestamp="2020-02-03T04:05:06Z"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way>
<relation id="20" timestamp="2017-01-01T00:00:00Z"><member type="way" ref="10" role="outer"/></relation>`),
    );
    expect(osm.timestamp).toBeUndefined();
    expect(osmDataTime(osm)).toBe('2020-02-03T04:05:06.000Z');
  });

  it('garbage, impossible, pre-OSM and future timestamps are ignored, and so are deleted elements', () => {
    const osm = readOsmXml(
      xml(`<node id="1" lat="43.7" lon="7.4" timestamp="2016-06-06T06:06:06Z"/>
<node id="2" lat="43.7" lon="7.4" timestamp="yesterday"/>
<node id="3" lat="43.7" lon="7.4" timestamp="2019-13-45T25:61:00Z"/>
<node id="4" lat="43.7" lon="7.4" timestamp="1970-01-01T00:00:00Z"/>
<node id="5" lat="43.7" lon="7.4" timestamp="9999-12-31T23:59:59Z"/>
<node id="6" lat="43.7" lon="7.4" timestamp="2021-01-01"/>
<node id="7" lat="43.7" lon="7.4" timestamp="2022-01-01T00:00:00+02:00"/>
<node id="8" lat="43.7" lon="7.4" timestamp="2023-03-03T03:03:03Z" action="delete"/>
<node id="9" lat="43.7" lon="7.4" timestamp="2023-04-04T04:04:04Z" visible="false"/>`),
    );
    expect(osmDataTime(osm)).toBe('2016-06-06T06:06:06.000Z');
  });

  it('only garbage: no data date at all (the caller falls back to the import day)', () => {
    const osm = readOsmXml(xml('<node id="1" lat="43.7" lon="7.4" timestamp="not a date"/>'));
    expect(osm.newestElement).toBeUndefined();
    expect(osmDataTime(osm)).toBeUndefined();
  });

  it('a valid header wins over newer elements; a malformed header falls through to the elements', () => {
    const body = '<node id="1" lat="43.7" lon="7.4" timestamp="2019-09-30T09:00:00Z"/>';
    expect(osmDataTime(readOsmXml(xml(`<meta osm_base="2019-09-01T00:00:00Z"/>\n${body}`)))).toBe('2019-09-01T00:00:00.000Z');
    expect(osmDataTime(readOsmXml(xml(`<meta osm_base="garbage"/>\n${body}`)))).toBe('2019-09-30T09:00:00.000Z');
  });
});

describe('element timestamps in Overpass JSON (`out meta`)', () => {
  const elements = [
    { type: 'node', id: 1, lat: 43.7, lon: 7.4, timestamp: '2021-04-05T06:07:08Z' },
    { type: 'node', id: 2, lat: 43.7, lon: 7.41, timestamp: 12345 },
    { type: 'way', id: 10, nodes: [1, 2], timestamp: '2021-04-06T00:00:00Z', tags: { highway: 'footway' } },
    { type: 'node', id: 3, lat: 43.7, lon: 7.42, timestamp: '3021-01-01T00:00:00Z' },
  ];

  it('without osm3s, the newest valid element timestamp is the data date', () => {
    expect(osmDataTime(readOverpassJson({ elements }))).toBe('2021-04-06T00:00:00.000Z');
  });

  it('osm3s.timestamp_osm_base wins when it is valid, and is ignored when it is not', () => {
    const at = (base: string) => osmDataTime(readOverpassJson({ osm3s: { timestamp_osm_base: base }, elements }));
    expect(at('2021-05-01T00:00:00Z')).toBe('2021-05-01T00:00:00.000Z');
    expect(at('soon')).toBe('2021-04-06T00:00:00.000Z');
  });
});

describe('the timestamp rule', () => {
  it('accepts OSM timestamps (UTC ISO 8601) between OSM’s start and tomorrow, nothing else', () => {
    expect(parseOsmTime('2004-08-09T00:00:00Z')).toBe(Date.UTC(2004, 7, 9));
    expect(parseOsmTime('2019-09-30T20:18:02.5Z')).toBe(Date.parse('2019-09-30T20:18:02.5Z'));
    for (const bad of ['2004-08-08T23:59:59Z', '2019-09-30 20:18:02Z', '2019-09-30T20:18:02', '', 1569874682, null]) {
      expect(parseOsmTime(bad)).toBeUndefined();
    }
  });
});
