import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import { createExposureScorer } from '../../../lib/exposure/index.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { scoreWalkGraph } from '../../../lib/network/exposure.ts';
import { graphDegrees } from '../../../lib/network/walk-graph.ts';
import { PlanningEngine } from '../../../lib/planner/engine.ts';
import type { RouteSuccess } from '../../../lib/routing/router.ts';
import { LANDMARK_ALPHAS } from '../../../lib/routing/landmarks.ts';
import { haversineMetres, type LonLat } from '../../../lib/geo/index.ts';
import { bundledCameras, toulouseGraphBytes, userCamera } from './fixture.ts';

function farthestFromCameras(coords: LonLat[]): LonLat {
  let best = coords[0];
  let bestD = -1;
  for (const p of coords) {
    const d = Math.min(...bundledCameras().map((c) => haversineMetres(p[0], p[1], c.lon, c.lat)));
    if (d > bestD) {
      bestD = d;
      best = p;
    }
  }
  return best;
}

const T0 = new Date('2026-06-01T10:00:00Z');
// A quiet walk east of the centre (Busca): about 770 m, mostly unseen by the bundled cameras.
const FROM: [number, number] = [1.456, 43.609];
const TO: [number, number] = [1.462, 43.606];

const FOUR_G = 'user:test-4g';

function ok(outcome: ReturnType<PlanningEngine['route']>): RouteSuccess {
  if (!outcome.ok) throw new Error(`route failed: ${outcome.message}`);
  return outcome;
}

describe('PlanningEngine', () => {
  it('counts a temporary camera at once, and stops counting it after its expiry', () => {
    let now = T0;
    const engine = PlanningEngine.fromBytes(toulouseGraphBytes(), bundledCameras(), { now: () => now, scoredWith: bundledCameras() });
    const before = ok(engine.route({ from: FROM, to: TO }));
    // Put a mobile unit on the point of the shortest route farthest from every camera (an unseen stretch).
    const [lon, lat] = farthestFromCameras(before.shortest.coordinates);
    const expires = new Date(T0.getTime() + 3600_000).toISOString();
    const cam = userCamera(FOUR_G, lon, lat, { expires });
    const change = engine.setCameras([...bundledCameras(), cam]);
    expect(change.changedCameras).toBe(1);
    expect(change.rescoredEdges).toBeGreaterThan(0);
    expect(change.rescoredEdges).toBeLessThan(2000); // a neighbourhood, not the city

    const during = ok(engine.route({ from: FROM, to: TO }));
    // The shortest walk is the same street sequence but now passes right under the new camera…
    expect(during.shortest.length).toBeCloseTo(before.shortest.length, 3);
    expect(during.shortest.cameras?.map((c) => c.id)).toContain(cam.id);
    expect(during.shortest.exposedMetres).toBeGreaterThan(before.shortest.exposedMetres + 20);
    expect(during.shortest.exposure.weighted).toBeGreaterThan(before.shortest.exposure.weighted + 20);
    // …and the most discreet route either avoids it or counts it.
    const discreetIds = during.discreet.cameras?.map((c) => c.id) ?? [];
    const avoids = !discreetIds.includes(cam.id);
    expect(avoids || during.discreet.exposure.weighted > before.discreet.exposure.weighted).toBe(true);

    now = new Date(T0.getTime() + 3600_000 + 1);
    const after = ok(engine.route({ from: FROM, to: TO }));
    expect(after.shortest.cameras?.map((c) => c.id)).not.toContain(cam.id);
    for (const name of ['shortest', 'balanced', 'discreet'] as const) {
      expect(after[name].length).toBeCloseTo(before[name].length, 2);
      expect(after[name].exposure.weighted).toBeCloseTo(before[name].exposure.weighted, 2);
      expect(after[name].cost).toBeCloseTo(before[name].cost, 2);
    }
    // The drop in exposure at expiry dropped the α > 0 landmark tables, not the router.
    expect(engine.routerBuilds).toBe(1);
    expect(engine.landmarkInvalidations).toBe(1);
  });

  it('lists the same cameras as the full exposure profile, and keeps routes exact while landmark tables are stale', () => {
    let now = T0;
    const tasks: Array<() => void> = [];
    const engine = PlanningEngine.fromBytes(toulouseGraphBytes(), bundledCameras(), {
      now: () => now,
      scoredWith: bundledCameras(),
      schedule: (task) => tasks.push(task),
    });
    const CENTRE_FROM: [number, number] = [1.444, 43.6045]; // Capitole
    const CENTRE_TO: [number, number] = [1.4335, 43.5985]; // Saint-Cyprien
    const first = ok(engine.route({ from: CENTRE_FROM, to: CENTRE_TO }));
    for (const name of ['shortest', 'balanced', 'discreet'] as const) {
      const want = engine.scorer
        .profile(first[name].coordinates)
        .cameras.map((c) => ({ id: c.id, kind: c.kind, metres: c.metres, firstSeenAt: Math.min(...c.intervals.map((i) => i.from)) }))
        .sort((a, b) => a.firstSeenAt - b.firstSeenAt || a.id.localeCompare(b.id));
      expect(first[name].cameras).toEqual(want);
    }
    expect(first.shortest.cameras!.length).toBeGreaterThan(3);

    // A temporary camera on the route, then its expiry: exposure drops, tables go stale (task not run yet).
    const [lon, lat] = first.shortest.coordinates[Math.floor(first.shortest.coordinates.length / 2)];
    engine.setCameras([...bundledCameras(), userCamera(FOUR_G, lon, lat, { expires: new Date(T0.getTime() + 60_000).toISOString() })]);
    now = new Date(T0.getTime() + 120_000);
    const stale = ok(engine.route({ from: CENTRE_FROM, to: CENTRE_TO }));
    expect(engine.landmarksStale).toBe(true);
    expect(tasks.length).toBeGreaterThan(0); // the landmark refresh (and the camera cache fill)
    for (const name of ['shortest', 'balanced', 'discreet'] as const) {
      expect(stale[name].cost).toBeCloseTo(first[name].cost, 6);
      expect(stale[name].cameras).toEqual(first[name].cameras);
    }
    while (tasks.length) tasks.shift()!();
    expect(engine.landmarksStale).toBe(false);
    const refreshed = ok(engine.route({ from: CENTRE_FROM, to: CENTRE_TO }));
    for (const name of ['shortest', 'balanced', 'discreet'] as const) expect(refreshed[name].cost).toBeCloseTo(first[name].cost, 6);
  });

  it('starts with the α = 0 landmark table only, answers exactly at once, and builds the other tiers one per idle task', () => {
    const tasks: Array<() => void> = [];
    const engine = PlanningEngine.fromBytes(toulouseGraphBytes(), bundledCameras(), {
      now: () => T0,
      scoredWith: bundledCameras(),
      schedule: (task) => tasks.push(task),
    });
    const landmarks = engine.currentRouter.search.landmarks!;
    expect(landmarks.tierBuilds).toBe(1); // the α = 0 table, a by-product of choosing the landmarks
    expect(engine.landmarksStale).toBe(true);
    const eager = PlanningEngine.fromBytes(toulouseGraphBytes(), bundledCameras(), {
      now: () => T0,
      scoredWith: bundledCameras(),
      router: { prepareLandmarks: true },
      schedule: () => {},
    });
    expect(eager.landmarksStale).toBe(false);
    const CENTRE_FROM: [number, number] = [1.444, 43.6045];
    const CENTRE_TO: [number, number] = [1.4335, 43.5985];
    const cold = ok(engine.route({ from: CENTRE_FROM, to: CENTRE_TO }));
    expect(landmarks.tierBuilds).toBe(1); // the request built nothing
    const want = ok(eager.route({ from: CENTRE_FROM, to: CENTRE_TO }));
    for (const name of ['shortest', 'balanced', 'discreet'] as const) {
      expect(cold[name].cost).toBeCloseTo(want[name].cost, 6);
      expect(cold[name].length).toBeCloseTo(want[name].length, 6);
    }
    // One tier per task: the queue drains tier by tier (camera-cache tasks may be interleaved).
    let landmarkTasks = 0;
    while (tasks.length) {
      const before = landmarks.tierBuilds;
      tasks.shift()!();
      const built = landmarks.tierBuilds - before;
      expect(built).toBeLessThanOrEqual(1);
      landmarkTasks += built;
    }
    // Every α > 0 tier, less the α = 2 table kept from choosing the landmarks.
    expect(landmarkTasks).toBe(LANDMARK_ALPHAS.length - 2);
    expect(engine.landmarksStale).toBe(false);
    const warm = ok(engine.route({ from: CENTRE_FROM, to: CENTRE_TO }));
    for (const name of ['shortest', 'balanced', 'discreet'] as const) expect(warm[name].cost).toBeCloseTo(want[name].cost, 6);
  });

  it('re-scores a neighbourhood to exactly what a full re-score gives', () => {
    const bytes = toulouseGraphBytes();
    const added = [
      userCamera(FOUR_G, 1.4452, 43.6041, { id: 'user:a', sourceId: 'a', kind: 'fixed', directions: [90] }),
      userCamera(FOUR_G, 1.4425, 43.6075, { id: 'user:b', sourceId: 'b' }),
    ];
    // Also remove a bundled camera no other camera stands near, so the exposure around it drops.
    const original = decodeWalkGraph(bytes);
    const seesAStreet = (c: Camera) => {
      for (let e = 0; e < original.edgeCount; e++) {
        const m = [original.edgeFrom[e], original.edgeTo[e]];
        if (
          m.some((n) => haversineMetres(c.lon, c.lat, graphDegrees(original.nodeLon[n]), graphDegrees(original.nodeLat[n])) < 15) &&
          original.exposure[4 * e + 3] > 1
        )
          return true;
      }
      return false;
    };
    const removed = bundledCameras().find(
      (c) =>
        c.kind === 'dome' && bundledCameras().every((o) => o === c || haversineMetres(c.lon, c.lat, o.lon, o.lat) > 300) && seesAStreet(c),
    )!;
    expect(removed).toBeDefined();
    const cameras = [...bundledCameras().filter((c) => c !== removed), ...added];
    const engine = PlanningEngine.fromBytes(bytes, cameras, { now: () => T0, scoredWith: bundledCameras() });
    const full = decodeWalkGraph(bytes);
    scoreWalkGraph(full, createExposureScorer(cameras, { now: T0 }));
    let maxDiff = 0;
    let changedEdges = 0;
    for (let i = 0; i < full.exposure.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(full.exposure[i] - engine.graph.exposure[i]));
      if (Math.abs(full.exposure[i] - original.exposure[i]) > 0.01) changedEdges++;
    }
    expect(changedEdges).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThan(0.01);
    expect(engine.routerBuilds).toBe(1);
    expect(engine.landmarkInvalidations).toBe(1);
  });

  it('leaves the graph alone when nothing changed, and ignores cameras already expired', () => {
    const engine = PlanningEngine.fromBytes(toulouseGraphBytes(), bundledCameras(), { now: () => T0, scoredWith: bundledCameras() });
    expect(engine.setCameras(bundledCameras())).toEqual({ changedCameras: 0, rescoredEdges: 0, routerRebuilt: false });
    const expired = userCamera(FOUR_G, 1.444, 43.6045, { expires: '2026-01-01T00:00:00Z' });
    expect(engine.setCameras([...bundledCameras(), expired]).changedCameras).toBe(0);
    expect(engine.activeCameras.some((c) => c.id === expired.id)).toBe(false);
  });
});

/** Bytes of every distinct ArrayBuffer reachable from `root` through object fields, arrays and maps (functions not followed). */
function reachableBufferBytes(root: unknown): number {
  const seenObjects = new Set<object>();
  const buffers = new Set<ArrayBufferLike>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== 'object' || seenObjects.has(v)) continue;
    seenObjects.add(v);
    if (ArrayBuffer.isView(v)) buffers.add(v.buffer);
    else if (v instanceof ArrayBuffer) buffers.add(v);
    else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const x of Object.values(v)) stack.push(x);
  }
  let bytes = 0;
  for (const b of buffers) bytes += b.byteLength;
  return bytes;
}

describe('PlanningEngine.memoryBytes', () => {
  it('counts every typed array the graph, the edge index and the router hold (the per-slot cost copy included)', () => {
    const engine = PlanningEngine.fromBytes(toulouseGraphBytes(), bundledCameras(), {
      now: () => T0,
      scoredWith: bundledCameras(),
      router: { prepareLandmarks: true },
      schedule: () => {},
    });
    // The engine's own arrays: the graph, and the router (search records, per-slot costs, landmark tables,
    // snap/edge index). The scorer and the camera caches are left out of the estimate by design.
    const held = reachableBufferBytes([engine.graph, (engine as unknown as { router: unknown }).router]);
    const estimate = engine.memoryBytes;
    // Measured 0.6 % under; the per-slot cost copy alone is 5 % of it, so leaving it out falls outside this band.
    expect(Math.abs(estimate - held) / held).toBeLessThan(0.02);
    const g = engine.graph;
    expect(estimate).toBeGreaterThanOrEqual(8 * g.adjEdge.length + 48 * (g.nodeCount + 1));
  });
});
