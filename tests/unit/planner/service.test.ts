import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import type { AreaReport } from '../../../lib/area/report.ts';
import type { Response } from '../../../lib/messages.ts';
import { createBackground } from '../../../lib/background/index.ts';
import type { PlannedRoutes } from '../../../lib/planner/service.ts';
import type { StreetMatch, StreetsInBBox } from '../../../lib/planner/streets.ts';
import { ROOT, toulouseGraphBytes, userCamera } from './fixture.ts';

const FROM: [number, number] = [1.456, 43.609];
const TO: [number, number] = [1.462, 43.606];
const T0 = Date.parse('2026-06-01T10:00:00Z');
const closers: Array<() => void> = [];
afterEach(() =>
  closers.splice(0).forEach((c) => {
    c();
  }),
);

/** The background's wiring (entrypoints/background.ts), with fake-indexeddb and an injectable clock. */
function background() {
  const clock = { now: T0 };
  const factory = new IDBFactory();
  const now = () => new Date(clock.now);
  const graph = toulouseGraphBytes();
  const bg = createBackground({
    factory,
    now,
    readText: async () => readFileSync(resolve(ROOT, 'data/generated/bundle/cameras.json'), 'utf8'),
    // graph.bin only: this bundle ships no walls.bin (a bundle without walls, wallSource 'none').
    readBinary: async (path: string) =>
      path === 'bundle/graph.bin' ? (graph.buffer.slice(graph.byteOffset, graph.byteOffset + graph.byteLength) as ArrayBuffer) : undefined,
    broadcast: async () => undefined,
  });
  const { store, planner } = bg;
  closers.push(() => bg.close());
  const ask = async <T>(message: unknown): Promise<T> => {
    const answer: Response<unknown> = await bg.handle(message);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    return answer.value as T;
  };
  return { ask, clock, store, planner };
}

const mobileUnit = (lon: number, lat: number, expires: string): Camera => userCamera('user:4g-1', lon, lat, { expires });

describe('the background answers planner messages from the store', () => {
  it('routes with small answers; a temporary camera counts at once and stops after its expiry', async () => {
    const { ask, clock } = background();
    const first = await ask<PlannedRoutes>({ type: 'route', from: FROM, to: TO });
    expect(first.shortest.length).toBeGreaterThan(500);
    expect(JSON.stringify(first).length).toBeLessThan(100_000);
    expect('pieces' in first.shortest).toBe(false);
    // A camera near the shortest route, with its own position for the map.
    const mid = first.shortest.coordinates[Math.floor(first.shortest.coordinates.length / 2)];
    await ask({ type: 'userCameras/put', camera: mobileUnit(mid[0], mid[1], new Date(T0 + 3_600_000).toISOString()) });
    const during = await ask<PlannedRoutes>({ type: 'route', from: FROM, to: TO });
    const seen = during.shortest.cameras.find((c) => c.id === 'user:4g-1');
    expect(seen).toMatchObject({ lon: mid[0], lat: mid[1], kind: 'dome' });
    expect(during.shortest.exposure.weighted).toBeGreaterThan(first.shortest.exposure.weighted);
    const discreetIds = during.discreet.cameras.map((c) => c.id);
    expect(!discreetIds.includes('user:4g-1') || during.discreet.exposure.weighted > first.discreet.exposure.weighted).toBe(true);

    clock.now = T0 + 3_600_001;
    const after = await ask<PlannedRoutes>({ type: 'route', from: FROM, to: TO });
    expect(after.shortest.cameras.map((c) => c.id)).not.toContain('user:4g-1');
    expect(after.shortest.exposure.weighted).toBeCloseTo(first.shortest.exposure.weighted, 3);
    expect(after.discreet.length).toBeCloseTo(first.discreet.length, 3);
  });

  it('explains a point outside the dataset with a typed error', async () => {
    const { ask } = background();
    await expect(ask({ type: 'route', from: [2.35, 48.85], to: TO })).rejects.toMatchObject({ code: 'outside-area' });
    await expect(ask({ type: 'route', from: FROM })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('answers area reports, street searches and street polylines; rejects bad areas', async () => {
    const { ask } = background();
    const report = await ask<AreaReport>({ type: 'area/report', area: { kind: 'circle', center: [1.444, 43.6045], radiusMetres: 150 } });
    expect(report.cameras.length).toBeGreaterThan(0);
    expect(report.waysOut).toHaveLength(8);
    await expect(
      ask({
        type: 'area/report',
        area: {
          kind: 'polygon',
          ring: [
            [1.44, 43.6],
            [1.45, 43.6],
          ],
        },
      }),
    ).rejects.toMatchObject({ code: 'bad-request' });
    await expect(
      ask({
        type: 'area/report',
        area: {
          kind: 'polygon',
          ring: [
            [1.3, 43.5],
            [1.5, 43.5],
            [1.5, 43.7],
          ],
        },
      }),
    ).rejects.toMatchObject({ code: 'area-too-large' });
    await expect(
      ask({ type: 'area/report', area: { kind: 'circle', center: [1.44, 43.6], radiusMetres: 100, extra: 1 } }),
    ).rejects.toMatchObject({ code: 'bad-request' });

    const found = await ask<StreetMatch[]>({ type: 'streets/search', query: 'allees jean jaur' });
    expect(found[0].name).toBe('Allées Jean Jaurès');
    expect(found[0].lon).toBeGreaterThan(1.44);
    expect(await ask<StreetMatch[]>({ type: 'streets/search', query: 'zzzz-no-such-street' })).toEqual([]);

    const streets = await ask<StreetsInBBox>({
      type: 'streets/inBBox',
      bbox: { west: 1.44, south: 43.6, east: 1.45, north: 43.61 },
      limit: 50,
    });
    expect(streets.truncated).toBe(true);
    expect(streets.streets).toHaveLength(50);
    const all = await ask<StreetsInBBox>({ type: 'streets/inBBox', bbox: { west: 1.443, south: 43.604, east: 1.445, north: 43.605 } });
    expect(all.truncated).toBe(false);
    for (const s of all.streets) {
      expect(s.coords.length % 2).toBe(0);
      expect(s.seenShare).toBeGreaterThanOrEqual(0);
      expect(s.seenShare).toBeLessThanOrEqual(1);
    }
  });
});
