import { describe, expect, it } from 'vitest';
import { createExposureScorer } from '../../../lib/exposure/index.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { CamerasAlong } from '../../../lib/routing/cameras-along.ts';
import { Router } from '../../../lib/routing/router.ts';
import { bundledCameras, toulouseGraphBytes } from '../planner/fixture.ts';
import { seededRandom } from './fixtures.ts';

/**
 * CamerasAlong must give exactly what the router listed before from `scorer.profile(route)`: same cameras,
 * same metres and first-seen offsets (bit-for-bit), in the same order — cold and from the cache.
 */
describe('CamerasAlong (cached per-segment camera lists)', () => {
  const graph = decodeWalkGraph(toulouseGraphBytes());
  const scorer = createExposureScorer(bundledCameras());
  const fromProfile = (coords: Array<[number, number]>) =>
    scorer
      .profile(coords)
      .cameras.map((c) => ({ id: c.id, kind: c.kind, metres: c.metres, firstSeenAt: Math.min(...c.intervals.map((i) => i.from)) }))
      .sort((a, b) => a.firstSeenAt - b.firstSeenAt || a.id.localeCompare(b.id));

  it('equals the full profile on real central routes: cold (whole profile), inline misses, deferred fill, warm', () => {
    const tasks: Array<() => void> = [];
    const along = new CamerasAlong(scorer, { schedule: (t) => tasks.push(t) });
    const router = new Router(graph, { camerasAlong: (c) => along.along(c) });
    const rnd = seededRandom(99);
    let routes = 0;
    let withCameras = 0;
    while (routes < 40) {
      const from: [number, number] = [1.425 + rnd() * 0.035, 43.59 + rnd() * 0.025];
      const to: [number, number] = [1.425 + rnd() * 0.035, 43.59 + rnd() * 0.025];
      const res = router.route({ from, to });
      if (!res.ok) continue;
      routes++;
      for (const r of [res.shortest, res.balanced, res.discreet]) {
        const want = fromProfile(r.coordinates);
        expect(r.cameras).toEqual(want);
        if (want.length) withCameras++;
      }
      // Every other route, the deferred fill runs; then the same lists come from the cache.
      if (routes % 2 === 0) {
        while (tasks.length) tasks.shift()!();
        expect(along.pendingSegments).toBe(0);
        const whole = along.wholeProfiles;
        for (const r of [res.shortest, res.balanced, res.discreet]) expect(along.along(r.coordinates)).toEqual(fromProfile(r.coordinates));
        expect(along.wholeProfiles).toBe(whole); // all from cached segments now
      }
    }
    expect(withCameras).toBeGreaterThan(30);
    expect(along.wholeProfiles).toBeGreaterThan(0);
    expect(along.hits).toBeGreaterThan(along.misses);
  });

  it('profiles a few cold segments inline and replays them exactly', () => {
    const along = new CamerasAlong(scorer, { schedule: () => {} });
    const rnd = seededRandom(7);
    const router = new Router(graph);
    let checked = 0;
    while (checked < 10) {
      const res = router.route({
        from: [1.43 + rnd() * 0.025, 43.595 + rnd() * 0.015],
        to: [1.43 + rnd() * 0.025, 43.595 + rnd() * 0.015],
      });
      if (!res.ok || res.shortest.coordinates.length < 12) continue;
      const c = res.shortest.coordinates;
      // Warm all but the last segment by hand, then ask for the whole route: one inline miss.
      along.along(c.slice(0, 2));
      for (let i = 2; i < c.length - 1; i++) along.along(c.slice(i - 1, i + 1));
      const whole = along.wholeProfiles;
      expect(along.along(c)).toEqual(fromProfile(c));
      expect(along.wholeProfiles).toBe(whole);
      checked++;
    }
  });

  it('handles partial edges, reversed walks, degenerate lines and a camera-free scorer', () => {
    const along = new CamerasAlong(scorer);
    const line: Array<[number, number]> = [
      [1.444, 43.6045],
      [1.44412, 43.60461],
      [1.4446, 43.6049],
      [1.4446, 43.6049],
      [1.4452, 43.6041],
    ];
    expect(along.along(line)).toEqual(fromProfile(line));
    const back = line.slice().reverse();
    expect(along.along(back)).toEqual(fromProfile(back));
    expect(along.along([line[0]])).toEqual([]);
    expect(along.along([])).toEqual([]);
    expect(new CamerasAlong(createExposureScorer([])).along(line)).toEqual([]);
  });
});
