/**
 * Area downloads end to end in Node: the real Overpass client against a scripted local server, real Monaco
 * OSM data as the answer, fake-indexeddb as the store. Every failure must leave the store byte-for-byte
 * unchanged (dumpStore before/after).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  areaDatasetId,
  buildAreaGraph,
  downloadAreaDataset,
  dumpStore,
  listDatasets,
  openAngleMortDB,
  previewAreaDownload,
  putUserCamera,
  seedBundledDataset,
  type AngleMortDB,
} from '../../../lib/store/index.ts';
import { decodeWalkGraph } from '../../../lib/network/index.ts';
import { isOverpassError } from '../../../lib/sources/overpass-query.ts';
import { freshFactory, toulouseBundle, userCamera } from './toulouse-fixture.ts';
import { json, startLocalOverpass, status, hang, type LocalOverpass } from '../sources/local-overpass.ts';
import { monacoOverpassObject } from '../import/real-files.ts';

/** A bbox in Monaco (its cameras and streets); rounds to 7.40,43.70 – 7.45,43.75. */
const MONACO = { west: 7.41, south: 43.725, east: 7.43, north: 43.74 };

let server: LocalOverpass;
let monacoBody: string;
beforeAll(async () => {
  server = await startLocalOverpass();
  monacoBody = JSON.stringify(monacoOverpassObject(400));
});
afterAll(() => server.close());

const open: AngleMortDB[] = [];
afterEach(() => {
  server.queue.length = 0;
  server.requests.length = 0;
  for (const db of open.splice(0)) db.close();
});

async function seededDb(): Promise<AngleMortDB> {
  const db = await openAngleMortDB(freshFactory());
  open.push(db);
  await seedBundledDataset(db, toulouseBundle(), undefined, new Date('2026-11-28T08:30:00Z'));
  await putUserCamera(db, userCamera(1));
  return db;
}

const fastRetries = { baseDelayMs: 1, maxDelayMs: 50, timeoutMs: 2_000 };

describe('previewAreaDownload', () => {
  it('shows the rounded box and the dataset id before anything is sent', () => {
    const { rounded, datasetId } = previewAreaDownload(MONACO);
    expect(rounded).toEqual({ west: 7.4, south: 43.7, east: 7.45, north: 43.75 });
    expect(datasetId).toBe('overpass:7.40,43.70,7.45,43.75');
    expect(areaDatasetId({ west: -0.1, south: 51.45, east: 0, north: 51.5 })).toBe('overpass:-0.10,51.45,0.00,51.50');
    expect(() => previewAreaDownload({ west: 1, south: 43, east: 2, north: 44 })).toThrow(/cap/);
  });
});

describe('downloadAreaDataset', () => {
  it('stores the cameras, the walk graph and the area as overpass:<rounded bbox>, in one go', async () => {
    const db = await seededDb();
    server.queue.push(json(monacoBody));
    const stages: string[] = [];
    const result = await downloadAreaDataset(db, MONACO, {
      fetch,
      endpoint: server.url,
      ...fastRetries,
      buildGraph: async (osm, cameras) => buildAreaGraph(osm, cameras).bytes,
      onStage: (s) => stages.push(s),
      now: new Date('2026-11-28T12:00:00Z'),
    });
    expect(stages).toEqual(['graph', 'storing']);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].query).toContain('[bbox:43.70,7.40,43.75,7.45]');
    expect(result.datasetId).toBe('overpass:7.40,43.70,7.45,43.75');
    expect(result.cameras).toBe(10); // Monaco's 10 man_made=surveillance nodes
    expect(result.graphBytes).toBeGreaterThan(1000);
    const list = await listDatasets(db);
    const area = list.find((d) => d.id === result.datasetId)!;
    expect(area).toMatchObject({ origin: 'overpass', cameraCount: 10, hasGraph: true, bbox: result.rounded, deletable: true });
    const graph = await db.get('graphs', result.datasetId);
    const decoded = decodeWalkGraph(new Uint8Array(graph!.bytes));
    expect(decoded.edgeCount).toBeGreaterThan(100);
    const place = await db.get('places', `area:${result.datasetId}`);
    expect(place).toMatchObject({ kind: 'area', bbox: result.rounded, datasetId: result.datasetId });
  });

  it('429 then success: retried with back-off, stored once', async () => {
    const db = await seededDb();
    server.queue.push(status(429, { 'Retry-After': '0' }), json(monacoBody));
    const result = await downloadAreaDataset(db, MONACO, {
      fetch,
      endpoint: server.url,
      ...fastRetries,
      layers: { cameras: true, walkways: false, buildings: false },
    });
    expect(result.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(result.cameras).toBe(10);
    expect(result.graphBytes).toBe(0);
  });

  const failures: Array<[string, () => void, string]> = [
    ['504 on every attempt', () => server.queue.push(status(504), status(504)), 'timeout'],
    ['time-out', () => server.queue.push(hang, hang), 'timeout'],
    [
      'truncated JSON',
      () => server.queue.push(json(monacoBody.slice(0, monacoBody.length / 2)), json(monacoBody.slice(0, 1000))),
      'truncated',
    ],
    ['oversized', () => server.queue.push(json(monacoBody)), 'too-large'],
    [
      'invalid elements',
      () =>
        server.queue.push(
          json(
            JSON.stringify({
              elements: [
                ...monacoOverpassObject(5).elements,
                { type: 'node', id: 1, lat: 95, lon: 7.42, tags: { man_made: 'surveillance' } },
              ],
            }),
          ),
        ),
      'invalid-elements',
    ],
  ];
  for (const [name, script, code] of failures) {
    it(`${name}: a clear ${code} error and nothing written`, async () => {
      const db = await seededDb();
      const before = await dumpStore(db);
      script();
      const error = await downloadAreaDataset(db, MONACO, {
        fetch,
        endpoint: server.url,
        ...fastRetries,
        timeoutMs: name === 'time-out' ? 300 : 2_000,
        maxAttempts: 2,
        maxResponseBytes: name === 'oversized' ? 50_000 : undefined,
        buildGraph: async (osm, cameras) => buildAreaGraph(osm, cameras).bytes,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isOverpassError(error)).toBe(true);
      expect((error as { code: string }).code).toBe(code);
      expect((await dumpStore(db)) === before).toBe(true);
    });
  }

  it('a graph build that fails writes nothing either', async () => {
    const db = await seededDb();
    const before = await dumpStore(db);
    server.queue.push(json(monacoBody));
    await expect(
      downloadAreaDataset(db, MONACO, {
        fetch,
        endpoint: server.url,
        ...fastRetries,
        buildGraph: async () => Promise.reject(new Error('worker crashed')),
      }),
    ).rejects.toThrow(/worker crashed/);
    expect((await dumpStore(db)) === before).toBe(true);
  });

  it('an area over the cap is refused before any request', async () => {
    const db = await seededDb();
    await expect(
      downloadAreaDataset(db, { west: 1, south: 43, east: 2, north: 44 }, { fetch, endpoint: server.url }),
    ).rejects.toMatchObject({ code: 'area-too-large' });
    expect(server.requests).toHaveLength(0);
  });
});
