/**
 * The real data files from ../shared/data, read at test time (never copied into the repo), and small
 * converters that re-express real records in the other import formats (CSV, GeoJSON, OSM XML, Overpass
 * JSON, GPX), so each reader is exercised with real coordinates and attributes.
 */
import { readFileSync } from 'node:fs';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import type { OsmData } from '../../../lib/sources/osm-model.ts';
import { SHARED_DATA_URL } from '../../shared-data.ts';

const DATA = SHARED_DATA_URL;

export function dataFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, DATA)));
}

export const TOULOUSE_MIN = 'toulouse/osm-cameras-2026.min.json';
export const SOUS_SURVEILLANCE = 'toulouse/sous-surveillance-2012.geojson';
export const MONACO_PBF = 'monaco/monaco-2019.osm.pbf';

export interface ToulouseMin {
  cats: string[];
  lons: number[];
  lats: number[];
  cat: number[];
  pid: string[];
  name: string[];
}

export function toulouseMin(): ToulouseMin {
  return JSON.parse(new TextDecoder().decode(dataFile(TOULOUSE_MIN))) as ToulouseMin;
}

const KIND_OF_CAT = ['fixed', 'dome', 'speed', 'alpr'];
const enc = (s: string) => new TextEncoder().encode(s);

/** The first `n` Toulouse cameras as a CSV with French-spreadsheet conventions (`;`, decimal comma). */
export function toulouseCsv(n: number, opts: { latName?: string; lonName?: string } = {}): Uint8Array {
  const t = toulouseMin();
  const rows = [`id;${opts.latName ?? 'latitude'};${opts.lonName ?? 'longitude'};kind;name`];
  for (let i = 0; i < n; i++) {
    const name = (t.name[i] ?? '').replace(/"/g, '""');
    rows.push(
      `${t.pid[i]};${String(t.lats[i]).replace('.', ',')};${String(t.lons[i]).replace('.', ',')};${KIND_OF_CAT[t.cat[i]]};"${name}"`,
    );
  }
  return enc(rows.join('\r\n') + '\r\n');
}

/** The first `n` Toulouse cameras as a GeoJSON FeatureCollection with Angle Mort's own fields. */
export function toulouseGeoJsonObject(n: number): { type: string; features: Array<Record<string, unknown>> } {
  const t = toulouseMin();
  return {
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      id: t.pid[i],
      geometry: { type: 'Point', coordinates: [t.lons[i], t.lats[i]] },
      properties: { kind: KIND_OF_CAT[t.cat[i]], name: t.name[i] || undefined },
    })),
  };
}

/** The first `n` Toulouse cameras as an Overpass `[out:json]` answer with OSM tags. */
export function toulouseOverpassObject(n: number): { elements: Array<Record<string, unknown>> } {
  const t = toulouseMin();
  return {
    elements: Array.from({ length: n }, (_, i) => ({
      type: 'node',
      id: Number(t.pid[i].split('/')[1]),
      lat: t.lats[i],
      lon: t.lons[i],
      tags:
        t.cat[i] === 2
          ? { highway: 'speed_camera' }
          : { man_made: 'surveillance', 'surveillance:type': t.cat[i] === 3 ? 'ALPR' : 'camera', 'camera:type': KIND_OF_CAT[t.cat[i]] },
    })),
  };
}

let monaco: OsmData | undefined;
export function monacoOsm(): OsmData {
  monaco ??= readOsmPbf(dataFile(MONACO_PBF));
  return monaco;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Monaco's camera nodes, plus its first `ways` highway ways with their nodes, as OSM XML (API 0.6).
 */
export function monacoXml(ways = 50): Uint8Array {
  const osm = monacoOsm();
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="angle-mort test">'];
  const keep = osm.ways.filter((w) => w.tags?.highway).slice(0, ways);
  const nodeIds = new Set<number>();
  for (const w of keep) for (const id of w.nodeIds) nodeIds.add(id);
  for (const n of osm.nodes.values()) if (n.tags?.man_made === 'surveillance') nodeIds.add(n.id);
  for (const id of nodeIds) {
    const n = osm.nodes.get(id);
    if (!n) continue;
    const tags = Object.entries(n.tags ?? {}).map(([k, v]) => `<tag k="${xmlEscape(k)}" v="${xmlEscape(v)}"/>`);
    out.push(
      tags.length
        ? ` <node id="${id}" lat="${n.lat}" lon="${n.lon}">${tags.join('')}</node>`
        : ` <node id="${id}" lat="${n.lat}" lon="${n.lon}"/>`,
    );
  }
  for (const w of keep) {
    out.push(` <way id="${w.id}">`);
    for (const id of w.nodeIds) out.push(`  <nd ref="${id}"/>`);
    for (const [k, v] of Object.entries(w.tags ?? {})) out.push(`  <tag k="${xmlEscape(k)}" v="${xmlEscape(v)}"/>`);
    out.push(' </way>');
  }
  out.push('</osm>');
  return enc(out.join('\n'));
}

/**
 * A walk through central Toulouse along real camera positions (cameras inside the centre box, in file
 * order), as a GPX track of `segments` segments plus a route and a waypoint.
 */
export function toulouseGpx(points = 40, opts: { name?: string } = {}): Uint8Array {
  const t = toulouseMin();
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < t.lons.length && pts.length < points; i++) {
    if (t.lats[i] > 43.59 && t.lats[i] < 43.615 && t.lons[i] > 1.425 && t.lons[i] < 1.46) pts.push([t.lons[i], t.lats[i]]);
  }
  const half = Math.floor(pts.length / 2);
  const trkpt = (p: [number, number]) => `<trkpt lat="${p[1]}" lon="${p[0]}"><ele>146</ele></trkpt>`;
  const gpx = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="angle-mort test" xmlns="http://www.topografix.com/GPX/1/1">',
    `<wpt lat="${pts[0][1]}" lon="${pts[0][0]}"><name>Capitole</name></wpt>`,
    `<trk><name>${opts.name ?? 'Morning walk'}</name>`,
    `<trkseg>${pts.slice(0, half).map(trkpt).join('')}</trkseg>`,
    `<trkseg>${pts.slice(half).map(trkpt).join('')}</trkseg>`,
    '</trk>',
    `<rte><name>Back</name>${pts
      .slice(0, 5)
      .map((p) => `<rtept lat="${p[1]}" lon="${p[0]}"/>`)
      .join('')}</rte>`,
    '</gpx>',
  ];
  return enc(gpx.join('\n'));
}

/** Monaco's camera nodes and its first `ways` highway ways with their nodes, as an Overpass JSON answer. */
export function monacoOverpassObject(ways = 20): { osm3s: { timestamp_osm_base: string }; elements: Array<Record<string, unknown>> } {
  const osm = monacoOsm();
  const keep = osm.ways.filter((w) => w.tags?.highway).slice(0, ways);
  const nodeIds = new Set<number>();
  for (const w of keep) for (const id of w.nodeIds) nodeIds.add(id);
  for (const n of osm.nodes.values()) if (n.tags?.man_made === 'surveillance') nodeIds.add(n.id);
  const elements: Array<Record<string, unknown>> = [];
  for (const id of nodeIds) {
    const n = osm.nodes.get(id);
    if (n)
      elements.push(n.tags ? { type: 'node', id, lat: n.lat, lon: n.lon, tags: n.tags } : { type: 'node', id, lat: n.lat, lon: n.lon });
  }
  for (const w of keep) elements.push({ type: 'way', id: w.id, nodes: w.nodeIds, tags: w.tags });
  return { osm3s: { timestamp_osm_base: '2019-09-30T20:00:00Z' }, elements };
}

/** The OSM PBF header blob and the first data blob of the Monaco file: a valid, smaller PBF (8,000 nodes). */
export function monacoPbfHead(): Uint8Array {
  const bytes = dataFile(MONACO_PBF);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  for (let blob = 0; blob < 2; blob++) {
    const headerLength = view.getUint32(pos);
    const header = bytes.subarray(pos + 4, pos + 4 + headerLength);
    // BlobHeader field 3 (datasize) is a varint after tag 0x18.
    let i = header.indexOf(0x18, 0) + 1;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = header[i++];
      size += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    pos += 4 + headerLength + size;
  }
  return bytes.slice(0, pos);
}
