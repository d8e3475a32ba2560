import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../lib/sources/errors.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import type { OsmData } from '../../../lib/sources/osm-model.ts';
import { wayCoordinates } from '../../../lib/sources/osm-model.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { readOsmXml } from '../../../lib/sources/osm-xml.ts';
import { readOverpassJson } from '../../../lib/sources/overpass.ts';
import { MONACO_PBF, REPO_ROOT, sharedFile } from '../../shared-data.ts';

const fixture = (name: string) => readFileSync(`${REPO_ROOT}/tests/fixtures/sources/${name}`, 'utf8');

function errorOf(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return e as SourceError;
  }
  throw new Error('expected a SourceError');
}

/** Serialises OsmData as OSM XML (escaping every attribute), to cross-check the XML reader on real data. */
function toOsmXml(osm: OsmData): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
  const tags = (t?: Record<string, string>) =>
    Object.entries(t ?? {})
      .map(([k, v]) => `  <tag k="${esc(k)}" v="${esc(v)}"/>\n`)
      .join('');
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6">\n'];
  for (const n of osm.nodes.values()) {
    out.push(
      n.tags
        ? `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}">\n${tags(n.tags)}</node>\n`
        : `<node id="${n.id}" lat="${n.lat}" lon="${n.lon}"/>\n`,
    );
  }
  for (const w of osm.ways) out.push(`<way id="${w.id}">\n${w.nodeIds.map((r) => `  <nd ref="${r}"/>\n`).join('')}${tags(w.tags)}</way>\n`);
  for (const r of osm.relations ?? []) {
    out.push(
      `<relation id="${r.id}">\n${r.members.map((m) => `  <member type="${m.type}" ref="${m.ref}" role="${esc(m.role)}"/>\n`).join('')}${tags(r.tags)}</relation>\n`,
    );
  }
  out.push('</osm>\n');
  return out.join('');
}

describe('OSM PBF reader on the Monaco extract', () => {
  const osm = readOsmPbf(sharedFile(MONACO_PBF));

  it('reads every element with tags and resolvable way nodes', () => {
    expect(osm.nodes.size).toBe(46444);
    expect(osm.ways).toHaveLength(3717);
    expect(osm.relations).toHaveLength(210);
    expect(osm.timestamp).toBe('2019-09-30T20:18:02Z');
    expect(osm.ways.filter((w) => w.tags?.highway !== undefined)).toHaveLength(1899);
    expect(osm.ways.filter((w) => w.tags?.building !== undefined)).toHaveLength(1143);
    // A Geofabrik extract is reference-complete: every way node resolves.
    for (const w of osm.ways) expect(wayCoordinates(osm, w)).toHaveLength(w.nodeIds.length);
    expect(osm.bounds?.west).toBeCloseTo(7.409205, 6);
  });

  it('finds the 10 Monaco cameras with their tags', () => {
    const { cameras, rejects } = camerasFromOsm(osm, { source: 'osm' });
    expect(rejects).toEqual([]);
    expect(cameras).toHaveLength(10);
    const kinds: Record<string, number> = {};
    for (const c of cameras) kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
    expect(kinds).toEqual({ fixed: 3, ptz: 3, dome: 4 });
    const byId = Object.fromEntries(cameras.map((c) => [c.sourceId, c]));
    expect(byId['node/6459866647']).toEqual({
      id: 'osm:node/6459866647',
      lon: 7.4155145,
      lat: 43.7332957,
      kind: 'fixed',
      directions: [240],
      mount: 'pole',
      surveillance: 'outdoor',
      surveillanceType: 'camera',
      operatorType: 'unknown',
      source: 'osm',
      sourceId: 'node/6459866647',
      sourceDate: '2019-09-30',
      confidence: 0.9,
    });
    expect(byId['node/6473583428']).toMatchObject({ kind: 'fixed', directions: [160], zone: 'building' });
    expect(byId['node/6482706099']).toMatchObject({ kind: 'fixed', directions: [0], mount: 'wall', zone: 'traffic' });
    expect(byId['node/6471920429']).toMatchObject({ kind: 'ptz', directions: [], zone: 'traffic', surveillance: 'outdoor' });
    expect(byId['node/6480060593']).toMatchObject({ kind: 'ptz', surveillance: 'unknown' });
    expect(cameras.filter((c) => c.zone === 'traffic')).toHaveLength(3);
  });

  it('matches the XML reader on the same data, element for element', () => {
    const xml = readOsmXml(toOsmXml(osm));
    expect(xml.nodes.size).toBe(osm.nodes.size);
    expect(xml.ways).toEqual(osm.ways);
    expect(xml.relations).toEqual(osm.relations);
    expect([...xml.nodes.values()]).toEqual([...osm.nodes.values()]);
  });

  it('runs in a browser-like sandbox without Node globals (Buffer, process, require)', async () => {
    const bundle = await build({
      entryPoints: [`${REPO_ROOT}/lib/sources/osm-pbf.ts`],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      globalName: 'reader',
      logLevel: 'silent',
    });
    const code = bundle.outputFiles[0].text;
    const sandbox = { TextDecoder, bytes: new Uint8Array(sharedFile(MONACO_PBF)).buffer };
    const counts = runInNewContext(
      `"use strict"; ${code}; const o = reader.readOsmPbf(bytes); [o.nodes.size, o.ways.length, typeof Buffer, typeof process]`,
      sandbox,
    );
    expect(counts).toEqual([46444, 3717, 'undefined', 'undefined']);
  });

  it('refuses truncated and corrupted PBF with typed errors', () => {
    const bytes = new Uint8Array(sharedFile(MONACO_PBF));
    expect(errorOf(() => readOsmPbf(bytes.subarray(0, 3))).code).toBe('truncated');
    expect(errorOf(() => readOsmPbf(bytes.subarray(0, 1000))).code).toBe('truncated');
    expect(errorOf(() => readOsmPbf(bytes.subarray(0, bytes.length - 10))).code).toBe('truncated');
    expect(errorOf(() => readOsmPbf(new Uint8Array(0))).code).toBe('truncated');
    // A blob header that claims 2 GB.
    const huge = bytes.slice();
    huge.set([0x7f, 0xff, 0xff, 0xff], 0);
    expect(errorOf(() => readOsmPbf(huge)).code).toBe('malformed');
    // Flipped bytes inside the first data blob's zlib stream.
    const corrupt = bytes.slice();
    for (let i = 400; i < 600; i++) corrupt[i] ^= 0x5a;
    expect(['malformed', 'truncated', 'invalid-value']).toContain(errorOf(() => readOsmPbf(corrupt)).code);
    expect(errorOf(() => readOsmPbf(new TextEncoder().encode('<osm></osm>'))).code).toBe('malformed');
  });

  it('never throws anything but SourceError on random corruption', () => {
    const bytes = new Uint8Array(sharedFile(MONACO_PBF)).subarray(0, 60_000);
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let round = 0; round < 30; round++) {
      const copy = bytes.slice();
      for (let k = 0; k < 5; k++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      try {
        readOsmPbf(copy);
      } catch (e) {
        expect(e).toBeInstanceOf(SourceError);
      }
    }
  });
});

describe('OSM XML reader', () => {
  it('reads the hand-written fixture', () => {
    const osm = readOsmXml(fixture('hand-written-cameras.osm.xml'));
    expect(osm.nodes.has(5)).toBe(false); // action=delete
    expect(osm.nodes.get(1)?.tags?.operator).toBe('Mairie de Toulouse & Police municipale');
    expect(osm.nodes.get(1)?.tags?.name).toBe('Capitole – "nord"');
    expect(osm.bounds).toEqual({ west: 1.44, south: 43.6, east: 1.45, north: 43.61 });
    expect(osm.relations).toEqual([
      { id: 1000, members: [{ type: 'way', ref: 100, role: 'outer' }], tags: { type: 'multipolygon', building: 'yes' } },
    ]);
    const { cameras } = camerasFromOsm(osm, { source: 'osm', sourceDate: '2026-01-01' });
    const byId = Object.fromEntries(cameras.map((c) => [c.sourceId, c]));
    expect(Object.keys(byId).sort()).toEqual(['node/1', 'node/2', 'node/4', 'way/100']);
    expect(byId['node/1']).toMatchObject({ kind: 'dome', surveillance: 'public', operatorType: 'public', mount: 'pole' });
    expect(byId['node/2']).toMatchObject({ kind: 'fixed', directions: [45, 225], height: 4 });
    expect(byId['node/4']).toMatchObject({ kind: 'speed' });
    // The closed way's centroid, not counting its repeated first node twice.
    expect(byId['way/100']).toMatchObject({ kind: 'alpr', directions: [135], lon: 1.4401, lat: 43.6001 });
  });

  it.each([
    ['', 'truncated'],
    ['<osm><node id="1" lat="1" lon="1">', 'truncated'],
    ['<osm><node id="1" lat="1" lon="1"/>', 'truncated'],
    ['<osm><node id="1" lat="1" lo', 'truncated'],
    ['<osm><!-- never closed', 'truncated'],
    ['<osm><node id="1" lat="1" lon="1"></way></osm>', 'malformed'],
    ['<gpx></gpx>', 'malformed'],
    ['<osm></osm><osm></osm>', 'malformed'],
    ['<osm><node id="1" lat="91" lon="1"/></osm>', 'invalid-value'],
    ['<osm><node id="x" lat="1" lon="1"/></osm>', 'invalid-value'],
    ['<osm><node id="1" lat="1" lon="1"><tag k="a" v="&bomb;"/></node></osm>', 'malformed'],
    ['<!DOCTYPE osm [<!ENTITY a "aaaa">]><osm></osm>', 'unsupported'],
    ['<osm><node id="1" lat="1" lon="1" ="x"/></osm>', 'malformed'],
    ['<osm>' + '<a>'.repeat(100) + '</osm>', 'malformed'],
    ['<osm><node id="1" lat="1" lon="1"><tag k="a" v="b" v="c"/></node></osm>', 'malformed'],
  ])('refuses %j as %s', (xml, code) => {
    expect(errorOf(() => readOsmXml(xml)).code).toBe(code);
  });

  it('keeps a __proto__ tag as a plain tag', () => {
    const osm = readOsmXml('<osm><node id="1" lat="1" lon="1"><tag k="__proto__" v="x"/><tag k="man_made" v="surveillance"/></node></osm>');
    const tags = osm.nodes.get(1)!.tags!;
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(Object.keys(tags)).toEqual(['__proto__', 'man_made']);
  });
});

describe('Overpass JSON reader', () => {
  it('reads nodes, ways with center/geometry, relations and the timestamp', () => {
    const osm = readOverpassJson(fixture('overpass-cameras.json'));
    expect(osm.timestamp).toBe('2026-06-07T10:00:00Z');
    expect(osm.nodes.size).toBe(2);
    expect(osm.ways.map((w) => w.id)).toEqual([100, 101]);
    expect(wayCoordinates(osm, osm.ways[1])).toEqual([
      { lat: 43.61, lon: 1.45 },
      { lat: 43.611, lon: 1.451 },
    ]);
    expect(osm.relations).toHaveLength(1);
    const { cameras, rejects } = camerasFromOsm(osm, { source: 'overpass:toulouse' });
    expect(rejects).toEqual([]);
    expect(cameras.map((c) => [c.id, c.kind, c.directions, c.fov, c.lon, c.sourceDate])).toEqual([
      ['overpass:toulouse:node/1', 'ptz', [90], 180 + 85, 1.4442, '2026-06-07'],
      ['overpass:toulouse:way/100', 'fixed', [270], undefined, 1.4401, '2026-06-07'],
    ]);
  });

  it('refuses broken input with typed errors', () => {
    const text = fixture('overpass-cameras.json');
    expect(errorOf(() => readOverpassJson(text.slice(0, 200))).code).toBe('truncated');
    expect(errorOf(() => readOverpassJson('{"elements": 3}')).code).toBe('malformed');
    expect(errorOf(() => readOverpassJson('{"elements": [], "remark": "runtime error: Query timed out"}')).code).toBe('truncated');
    expect(errorOf(() => readOverpassJson('{"elements": [{"type":"node","id":1,"lat":"x","lon":1}]}')).code).toBe('invalid-value');
    expect(errorOf(() => readOverpassJson('{"elements": [{"type":"node","id":1,"lat":1,"lon":1,"tags":{"a":5}}]}')).code).toBe(
      'invalid-value',
    );
    expect(errorOf(() => readOverpassJson({ elements: [{ type: 'way', id: 1, nodes: new Array(2001).fill(1) }] })).code).toBe('too-large');
  });
});
