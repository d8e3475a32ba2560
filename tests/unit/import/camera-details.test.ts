/**
 * "Refresh camera details" end to end without the network: the real Toulouse cameras' node ids are sent
 * to a local Overpass stand-in that answers with tags, and the cameras are rebuilt from them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import { fetchCameraDetails } from '../../../lib/sources/overpass-client.ts';
import { applyCameraDetails, cameraDetailIds } from '../../../lib/import/index.ts';
import { json, startLocalOverpass, type LocalOverpass } from '../sources/local-overpass.ts';
import { dataFile, TOULOUSE_MIN } from './real-files.ts';

let server: LocalOverpass;
beforeEach(async () => {
  server = await startLocalOverpass();
});
afterEach(async () => {
  await server.close();
});

describe('refresh camera details', () => {
  it('re-fetches every Toulouse node id and counts the cameras that gained a direction', async () => {
    const cameras = readToulouseMin(dataFile(TOULOUSE_MIN)).cameras;
    const ids = cameraDetailIds(cameras);
    expect(ids.length).toBe(new Set(cameras.map((c) => c.sourceId)).size);
    const byId = new Map(cameras.map((c) => [Number(c.sourceId.slice(5)), c]));
    // The stand-in server answers like OSM would: every 3rd camera has a direction, every 50th node was
    // deleted since 2026, every 97th is no longer a camera.
    server.queue.push((req, res) => {
      const query = server.requests.at(-1)!.query;
      const asked = query
        .match(/node\(id:([\d,]+)\)/)![1]
        .split(',')
        .map(Number);
      const elements = asked
        .filter((_id, i) => i % 50 !== 49)
        .map((id, i) => {
          const c = byId.get(id)!;
          const tags: Record<string, string> =
            i % 97 === 96
              ? { disused: 'yes' }
              : c.kind === 'speed'
                ? { highway: 'speed_camera' }
                : {
                    man_made: 'surveillance',
                    'camera:type': c.kind === 'dome' ? 'dome' : 'fixed',
                    ...(i % 3 === 0 ? { 'camera:direction': String((i * 37) % 360) } : {}),
                  };
          return { type: 'node', id, lat: c.lat, lon: c.lon, tags };
        });
      json({ elements })(req, res);
    });
    for (let i = 0; i < 2; i++) server.queue.push(server.queue[0]);
    const fetched = await fetchCameraDetails(ids, { fetch, endpoint: server.url, sleep: async () => undefined });
    expect(fetched.requests).toBe(Math.ceil(ids.length / 1_000));
    const result = applyCameraDetails(cameras, fetched.nodes);
    expect(result.missing.length).toBeGreaterThan(0);
    expect(result.noLongerCameras.length).toBeGreaterThan(0);
    expect(result.gainedDirection).toBeGreaterThan(500);
    expect(result.updated.filter((c) => c.directions.length > 0)).toHaveLength(result.gainedDirection);
    for (const c of result.updated) {
      const old = cameras.find((o) => o.id === c.id)!;
      expect(c.source).toBe(old.source);
      expect(c.sourceDate).toBe(old.sourceDate);
    }
    expect(result.updated.length + result.unchanged + result.missing.length + result.noLongerCameras.length).toBe(cameras.length);
  });
});
