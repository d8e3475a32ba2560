import { describe, expect, it } from 'vitest';
import { graphDegrees } from '../../../lib/network/walk-graph.ts';
import { LANDMARK_ALPHAS } from '../../../lib/routing/landmarks.ts';
import { Router } from '../../../lib/routing/router.ts';
import { type SnapPoint, snapAtNode } from '../../../lib/routing/snap.ts';
import { seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

/**
 * Router.exposureChanged: when exposure drops in place, the α > 0 landmark tables are dropped and searches
 * fall back to the α = 0 table, so costs stay exact (equal to a router built fresh on the new exposure)
 * without rebuilding the router; refreshLandmarks() restores the tables.
 */
describe('Router.exposureChanged', () => {
  const base = toulouseWithSyntheticExposure();
  const copy = () => ({ ...base, exposure: base.exposure.slice() });
  const rnd = seededRandom(4242);
  const nodeSnap = (g: typeof base, n: number): SnapPoint => snapAtNode(g, n);
  const pairs: Array<[number, number]> = [];
  while (pairs.length < 80) {
    const a = Math.floor(rnd() * base.nodeCount);
    const b = Math.floor(rnd() * base.nodeCount);
    if (a !== b && base.component[a] === 0 && base.component[b] === 0) pairs.push([a, b]);
  }
  /** Removes all exposure from every other district of the synthetic field (a big drop). */
  const dropExposure = (g: typeof base) => {
    for (let e = 0; e < g.edgeCount; e++) {
      if (Math.floor(graphDegrees(g.nodeLon[g.edgeFrom[e]]) * 200) % 2 === 0) for (let k = 0; k < 4; k++) g.exposure[4 * e + k] = 0;
    }
  };
  const ALPHAS = [2, 10, 64];

  it('keeps routes exact after a drop in exposure, with no router rebuild, and refreshes the tables', () => {
    const g = copy();
    const router = new Router(g);
    const snapIndex = router.snapIndex;
    dropExposure(g);
    router.exposureChanged('decreased');
    expect(router.search.landmarks?.hasStaleTiers).toBe(true);
    const fresh = new Router({ ...g, exposure: g.exposure.slice() });
    let compared = 0;
    for (const alpha of ALPHAS) {
      for (const [a, b] of pairs) {
        const got = router.search.shortestPath(nodeSnap(g, a), nodeSnap(g, b), alpha)!;
        const want = fresh.search.shortestPath(nodeSnap(g, a), nodeSnap(g, b), alpha)!;
        expect(Math.abs(got.cost - want.cost)).toBeLessThanOrEqual(1e-6 * Math.max(1, want.cost));
        compared++;
      }
    }
    expect(compared).toBe(pairs.length * ALPHAS.length);
    expect(router.search.landmarks?.hasStaleTiers).toBe(true); // queries never paid for a rebuild
    expect(router.refreshLandmarks()).toBe(LANDMARK_ALPHAS.filter((a) => a > 0).length); // every α > 0 tier, not α = 0
    expect(router.search.landmarks?.hasStaleTiers).toBe(false);
    for (const [a, b] of pairs.slice(0, 30)) {
      const got = router.search.shortestPath(nodeSnap(g, a), nodeSnap(g, b), 64)!;
      const want = fresh.search.shortestPath(nodeSnap(g, a), nodeSnap(g, b), 64)!;
      expect(Math.abs(got.cost - want.cost)).toBeLessThanOrEqual(1e-6 * Math.max(1, want.cost));
    }
    expect(router.snapIndex).toBe(snapIndex);
  });

  it('without the call, stale tables overestimate and some route is no longer the cheapest (control)', () => {
    const g = copy();
    const router = new Router(g);
    dropExposure(g);
    const fresh = new Router({ ...g, exposure: g.exposure.slice() });
    let worse = 0;
    for (const [a, b] of pairs) {
      const got = router.search.shortestPath(nodeSnap(g, a), nodeSnap(g, b), 64)!;
      const want = fresh.search.shortestPath(nodeSnap(g, a), nodeSnap(g, b), 64)!;
      if (got.cost > want.cost * (1 + 1e-6)) worse++;
    }
    expect(worse).toBeGreaterThan(0);
  });
});
