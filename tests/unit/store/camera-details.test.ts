/**
 * "Refresh camera details": cameras stored without direction/mount/operator (as the bundled Toulouse file
 * lost them) regain them from Overpass by OSM id. Real data: Monaco's surveillance nodes, whose OSM tags
 * carry directions, served by a local stand-in.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  commitDataset,
  dumpStore,
  openAngleMortDB,
  osmNodeId,
  refreshCameraDetails,
  withDetails,
  datasetCameras,
  type AngleMortDB,
} from '../../../lib/store/index.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import type { Camera } from '../../../lib/cameras/types.ts';
import { freshFactory } from './toulouse-fixture.ts';
import { json, startLocalOverpass, status, type LocalOverpass } from '../sources/local-overpass.ts';
import { monacoOsm } from '../import/real-files.ts';

const ID = 'overpass:7.40,43.70,7.45,43.75';
let server: LocalOverpass;
beforeAll(async () => {
  server = await startLocalOverpass();
});
afterAll(() => server.close());
const open: AngleMortDB[] = [];
afterEach(() => {
  server.queue.length = 0;
  server.requests.length = 0;
  for (const db of open.splice(0)) db.close();
});

/** Monaco's cameras as the bundled file would hold them: position, kind and id, no details. */
function strippedMonaco(): { full: Camera[]; stripped: Camera[] } {
  const full = camerasFromOsm(monacoOsm(), { source: ID, confidence: 0.9 }).cameras;
  const stripped = full.map(({ fov: _f, mount: _m, operator: _o, zone: _z, surveillanceType: _s, height: _h, ...c }) => ({
    ...c,
    directions: [],
    surveillance: 'unknown' as const,
    operatorType: 'unknown' as const,
  }));
  return { full, stripped };
}

function answerFor(ids: number[]): string {
  const osm = monacoOsm();
  return JSON.stringify({
    elements: ids
      .map((id) => osm.nodes.get(id))
      .filter(Boolean)
      .map((n) => ({ type: 'node', id: n!.id, lat: n!.lat, lon: n!.lon, tags: n!.tags })),
  });
}

describe('refreshCameraDetails', () => {
  it('restores directions and tags by OSM id, in one request, and counts the cameras that gained a direction', async () => {
    const db = await openAngleMortDB(freshFactory());
    open.push(db);
    const { full, stripped } = strippedMonaco();
    expect(stripped).toHaveLength(10);
    await commitDataset(db, {
      id: ID,
      origin: 'overpass',
      label: 'Monaco',
      version: '1',
      bbox: { west: 7.4, south: 43.7, east: 7.45, north: 43.75 },
      attribution: 'OSM',
      sources: [],
      generatedAt: '2026-01-01T00:00:00Z',
      cameras: stripped,
    });
    const ids = stripped.map((c) => osmNodeId(c.sourceId)!);
    // One deleted node: Overpass no longer returns it.
    server.queue.push(json(answerFor(ids.slice(1))));
    const r = await refreshCameraDetails(db, ID, { fetch, endpoint: server.url, baseDelayMs: 1 });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].query).toContain(`node(id:${[...ids].sort((a, b) => a - b).join(',')})`);
    const withDirection = full.slice(1).filter((c) => c.directions.length > 0).length;
    expect(withDirection).toBeGreaterThan(0);
    expect(r).toMatchObject({ requested: 10, missing: 1, gainedDirection: withDirection });
    const after = new Map((await datasetCameras(db, ID)).map((c) => [c.id, c]));
    for (const c of full.slice(1)) {
      expect(after.get(c.id)!.directions).toEqual(c.directions);
      expect(after.get(c.id)!.mount).toBe(c.mount);
    }
    // The deleted node keeps what it had.
    expect(after.get(full[0].id)).toEqual(stripped[0]);
  });

  it('a failed request writes nothing', async () => {
    const db = await openAngleMortDB(freshFactory());
    open.push(db);
    const { stripped } = strippedMonaco();
    await commitDataset(db, {
      id: ID,
      origin: 'overpass',
      label: 'Monaco',
      version: '1',
      bbox: { west: 7.4, south: 43.7, east: 7.45, north: 43.75 },
      attribution: 'OSM',
      sources: [],
      generatedAt: '2026-01-01T00:00:00Z',
      cameras: stripped,
    });
    const before = await dumpStore(db);
    server.queue.push(status(400));
    await expect(refreshCameraDetails(db, ID, { fetch, endpoint: server.url })).rejects.toMatchObject({ code: 'http' });
    expect((await dumpStore(db)) === before).toBe(true);
  });

  it('osmNodeId and withDetails', () => {
    expect(osmNodeId('node/123')).toBe(123);
    expect(osmNodeId('way/123')).toBeUndefined();
    expect(osmNodeId('node/12x')).toBeUndefined();
    const c: Camera = {
      id: 'osm:node/1',
      lon: 1,
      lat: 43,
      kind: 'fixed',
      directions: [90],
      surveillance: 'public',
      operatorType: 'public',
      source: 'osm',
      sourceId: 'node/1',
      confidence: 0.9,
    };
    // Tags without a direction never erase a known one.
    expect(withDetails(c, { id: 1, lon: 1, lat: 43, tags: { man_made: 'surveillance', 'camera:mount': 'wall' } })).toMatchObject({
      directions: [90],
      mount: 'wall',
    });
    // A node that is no longer a camera gives nothing.
    expect(withDetails(c, { id: 1, lon: 1, lat: 43, tags: { amenity: 'bench' } })).toBeUndefined();
  });
});
