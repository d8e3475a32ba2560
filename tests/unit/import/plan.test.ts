/**
 * planImport on the real files (and real records re-expressed in each format): format detection, what
 * would be added, duplicates against the store and inside the file, per-record rejects, and typed errors.
 */
import { describe, expect, it } from 'vitest';
import { haversineMetres, polylineLengthMetres } from '../../../lib/geo/index.ts';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import { isSourceError } from '../../../lib/sources/errors.ts';
import {
  detectFormat,
  isImportError,
  planImport,
  couldBeSameCamera,
  MAX_IMPORT_BYTES,
  type CameraImportPlan,
  type ImportInput,
  type TrackImportPlan,
} from '../../../lib/import/index.ts';
import type { Camera } from '../../../lib/cameras/types.ts';
import {
  dataFile,
  MONACO_PBF,
  monacoXml,
  SOUS_SURVEILLANCE,
  TOULOUSE_MIN,
  toulouseCsv,
  toulouseGeoJsonObject,
  toulouseGpx,
  toulouseOverpassObject,
} from './real-files.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function cameraPlan(input: ImportInput, existing: Camera[] = []): CameraImportPlan {
  const plan = planImport(input, existing);
  if (plan.kind !== 'cameras') throw new Error(`expected a camera plan, got ${plan.kind}`);
  return plan;
}

function importError(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (isImportError(e)) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

describe('detectFormat', () => {
  it('recognises every real file and converted record set by content, whatever the name', () => {
    expect(detectFormat('x.bin', dataFile(TOULOUSE_MIN))).toBe('toulouse-min');
    expect(detectFormat('x.json', dataFile(SOUS_SURVEILLANCE))).toBe('sous-surveillance');
    expect(detectFormat('x.dat', dataFile(MONACO_PBF))).toBe('osm-pbf');
    expect(detectFormat('x.txt', monacoXml(5))).toBe('osm-xml');
    expect(detectFormat('x.xml', toulouseGpx())).toBe('gpx');
    expect(detectFormat('x', toulouseCsv(3))).toBe('csv');
    expect(detectFormat('x.json', enc(JSON.stringify(toulouseGeoJsonObject(3))))).toBe('geojson');
    expect(detectFormat('x.json', enc(JSON.stringify(toulouseOverpassObject(3))))).toBe('overpass-json');
    expect(detectFormat('x', enc('hello'))).toBeUndefined();
    expect(detectFormat('x', new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]))).toBeUndefined();
  });
});

describe('planImport: camera files', () => {
  it('plans the Toulouse OSM file: every camera read, in-file duplicates only at the same spot', () => {
    const plan = cameraPlan({ name: 'toulouse.json', bytes: dataFile(TOULOUSE_MIN) });
    expect(plan.format).toBe('toulouse-min');
    expect(plan.summary.read).toBe(2_269);
    expect(plan.rejects).toEqual([]);
    expect(plan.summary.toAdd + plan.summary.duplicates).toBe(2_269);
    // PROVENANCE: 67 cameras share a position with another at 5 decimals; the same-kind ones are duplicates.
    expect(plan.summary.duplicates).toBeGreaterThan(0);
    expect(plan.summary.duplicates).toBeLessThanOrEqual(67);
    const byId = new Map(plan.toAdd.map((c) => [c.id, c]));
    for (const d of plan.duplicates) {
      expect(d.in).toBe('file');
      expect(d.distanceMetres).toBeLessThanOrEqual(1);
      const kept = byId.get(d.duplicateOf)!;
      expect(kept).toBeDefined();
      expect(couldBeSameCamera(d.camera, kept)).toBe(true);
    }
    expect(plan.summary.byKind.speed + plan.summary.byKind.alpr + plan.summary.byKind.fixed + plan.summary.byKind.dome).toBe(
      plan.summary.toAdd,
    );
    // Every camera belongs to this import.
    expect(plan.toAdd.every((c) => c.source === plan.source && c.id === `${plan.source}:${c.sourceId}`)).toBe(true);
    expect(plan.source).toMatch(/^import:[0-9a-f]{8}$/);
  });

  it('importing the same file again adds nothing: everything is a duplicate of the stored cameras', () => {
    const input = { name: 'toulouse.json', bytes: dataFile(TOULOUSE_MIN) };
    const first = cameraPlan(input);
    const again = cameraPlan(input, first.toAdd);
    expect(again.summary.toAdd).toBe(0);
    // The in-file duplicates of the first plan now match the stored originals (5 m) first.
    expect(again.duplicates).toHaveLength(2_269);
    expect(again.duplicates.every((d) => d.in === 'existing')).toBe(true);
  });

  it('the 2012 survey against the bundled OSM cameras: Toulouse ones near an OSM camera are duplicates', () => {
    const osm = readToulouseMin(dataFile(TOULOUSE_MIN)).cameras;
    const plan = cameraPlan({ name: 'survey.geojson', bytes: dataFile(SOUS_SURVEILLANCE) }, osm);
    expect(plan.format).toBe('sous-surveillance');
    expect(plan.summary.read).toBe(2_279);
    const vsStore = plan.duplicates.filter((d) => d.in === 'existing');
    expect(vsStore.length).toBeGreaterThan(0);
    const osmById = new Map(osm.map((c) => [c.id, c]));
    for (const d of vsStore) {
      const other = osmById.get(d.duplicateOf)!;
      expect(haversineMetres(d.camera.lon, d.camera.lat, other.lon, other.lat)).toBeLessThanOrEqual(5);
      expect(couldBeSameCamera(d.camera, other)).toBe(true);
    }
    // Survey cameras keep their direction (1,864 have one).
    expect(plan.toAdd.filter((c) => c.directions.length > 0).length).toBeGreaterThan(1_700);
  });

  it('plans the Monaco PBF: its 10 tagged cameras, and what else the file holds', () => {
    const plan = cameraPlan({ name: 'monaco.osm.pbf', bytes: dataFile(MONACO_PBF) });
    expect(plan.format).toBe('osm-pbf');
    expect(plan.summary.toAdd).toBe(10);
    expect(plan.toAdd.some((c) => c.directions.length > 0)).toBe(true);
    expect(plan.osm!.nodes).toBe(46_444);
    expect(plan.osm!.ways).toBe(3_717);
    expect(plan.osm!.buildings).toBe(1_143);
    expect(plan.osm!.walkableWays).toBeGreaterThan(1_800);
    expect(plan.osm!.walkableWays).toBeLessThanOrEqual(1_899);
  });

  it('plans OSM XML made from Monaco records: the same 10 cameras', () => {
    const plan = cameraPlan({ name: 'monaco.osm', bytes: monacoXml(50) });
    expect(plan.format).toBe('osm-xml');
    expect(plan.summary.toAdd).toBe(10);
    expect(plan.osm!.walkableWays).toBe(50);
  });

  it('plans a CSV with chosen columns, decimal commas, and rejects bad rows with their row number', () => {
    const csv = new TextDecoder().decode(toulouseCsv(30, { latName: 'Y', lonName: 'X' }));
    const broken = csv + 'bad-1;91,5;1,44;dome;\r\nbad-2;abc;1,44;dome;\r\nbad-3;43,6\r\n';
    const plan = cameraPlan({ name: 'cams.csv', bytes: enc(broken), csvColumns: { lat: 'Y', lon: 'X' } });
    expect(plan.format).toBe('csv');
    expect(plan.summary.read).toBe(30);
    expect(plan.rejects).toEqual([
      { ref: 'row 32', reason: 'invalid coordinates' },
      { ref: 'row 33', reason: 'invalid coordinates' },
      { ref: 'row 34', reason: expect.stringMatching(/2 fields/) },
    ]);
    expect(plan.toAdd[0].lat).toBeCloseTo(43.6, 0);
    // Without the column choice, "Y"/"X" are guessed too.
    expect(cameraPlan({ name: 'cams.csv', bytes: enc(csv) }).summary.read).toBe(30);
    const noColumns = importError(() => planImport({ name: 'c.csv', bytes: enc(csv), csvColumns: { lat: 'nope', lon: 'X' } }, []));
    expect(noColumns.code).toBe('invalid-value');
  });

  it('plans GeoJSON and rejects each bad feature with a reason', () => {
    const fc = toulouseGeoJsonObject(20);
    fc.features.push(
      {
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [
            [1, 43],
            [1.1, 43],
          ],
        },
        properties: {},
      },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [1.44, 'NaN'] }, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [200, 43] }, properties: {} },
    );
    const plan = cameraPlan({ name: 'cams.geojson', bytes: enc(JSON.stringify(fc)) });
    expect(plan.format).toBe('geojson');
    expect(plan.summary.read).toBe(20);
    expect(plan.rejects.map((r) => r.reason)).toEqual(['geometry is not a Point', 'invalid coordinates', 'invalid coordinates']);
    expect(plan.summary.byKind.dome + plan.summary.byKind.fixed).toBeGreaterThan(0);
  });

  it('plans Overpass JSON', () => {
    const plan = cameraPlan({ name: 'export.json', bytes: enc(JSON.stringify(toulouseOverpassObject(100))) });
    expect(plan.format).toBe('overpass-json');
    expect(plan.summary.read).toBe(100);
  });
});

describe('planImport: GPX is a track, not cameras', () => {
  it('returns the polylines of a real walk, with its length', () => {
    const plan = planImport({ name: 'walk.gpx', bytes: toulouseGpx(40) }, []) as TrackImportPlan;
    expect(plan.kind).toBe('track');
    expect(plan.lines.map((l) => [l.kind, l.name, l.points.length])).toEqual([
      ['track', 'Morning walk', 20],
      ['track', 'Morning walk', 20],
      ['route', 'Back', 5],
    ]);
    expect(plan.waypoints).toEqual([{ lon: expect.any(Number), lat: expect.any(Number), name: 'Capitole' }]);
    const expected = plan.lines.reduce((s, l) => s + polylineLengthMetres(l.points), 0);
    expect(plan.summary.lengthMetres).toBeCloseTo(expected, 0);
    expect(plan.summary.points).toBe(45);
  });
});

describe('planImport: typed refusals', () => {
  it('refuses an oversized file before reading it', () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1);
    const e = importError(() => planImport({ name: 'big.json', bytes: big }, []));
    expect(e.code).toBe('too-large');
  });

  it('refuses empty, unknown and cut files with typed codes, keeping the reader error as cause', () => {
    expect(importError(() => planImport({ name: 'e.csv', bytes: enc('  \n') }, [])).code).toBe('empty');
    expect(importError(() => planImport({ name: 'x.bin', bytes: enc('hello world') }, [])).code).toBe('unknown-format');
    const cut = dataFile(SOUS_SURVEILLANCE).subarray(0, 100_000);
    const e = importError(() => planImport({ name: 'survey.geojson', bytes: cut }, []));
    expect(e.code).toBe('truncated');
    expect(isSourceError(e.cause)).toBe(true);
    expect(e.message).toMatch(/^survey\.geojson: /);
  });

  it('a GPX without any coordinates is refused', () => {
    const e = importError(() => planImport({ name: 'x.gpx', bytes: enc('<gpx version="1.1"><trk><trkseg/></trk></gpx>') }, []));
    expect(e.code).toBe('invalid-value');
  });
});
