import { describe, expect, it } from 'vitest';
import { graphDegrees } from '../../../lib/network/walk-graph.ts';
import { Router } from '../../../lib/routing/router.ts';
import { PathSearch } from '../../../lib/routing/search.ts';
import { type SnapPoint, snapAtNode } from '../../../lib/routing/snap.ts';
import { seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

/**
 * The search's own state (lib/routing/search.ts): one record per node stamped by a generation counter,
 * and a copy of each edge's costs in adjacency order. Neither may change an answer.
 */
describe('PathSearch state', () => {
  const base = toulouseWithSyntheticExposure();
  const rnd = seededRandom(9090);
  const nodeSnap = (g: typeof base, n: number): SnapPoint => snapAtNode(g, n);
  const pairs: Array<[number, number]> = [];
  while (pairs.length < 40) {
    const a = Math.floor(rnd() * base.nodeCount);
    const b = Math.floor(rnd() * base.nodeCount);
    if (a !== b && base.component[a] === 0 && base.component[b] === 0) pairs.push([a, b]);
  }

  it('gives the same answers across the generation counter wrapping round (no stale stamps)', () => {
    const fresh = new PathSearch(base, false);
    const wrapping = new PathSearch(base, false);
    // Leave the stamps of generations 1, 2, … behind, then jump to just below the wrap: the same queries run
    // again as generations 1, 2, … and find their own old stamps unless the wrap cleared every stamp.
    for (const [a, b] of pairs) wrapping.shortestPath(nodeSnap(base, a), nodeSnap(base, b), 2);
    (wrapping as unknown as { generation: number }).generation = 0x3fffffff - 1;
    for (const [a, b] of pairs) {
      const want = fresh.shortestPath(nodeSnap(base, a), nodeSnap(base, b), 2)!;
      const got = wrapping.shortestPath(nodeSnap(base, a), nodeSnap(base, b), 2)!;
      expect(got.cost).toBe(want.cost);
      expect(got.pieces).toEqual(want.pieces);
    }
    expect((wrapping as unknown as { generation: number }).generation).toBeLessThan(100);
  });

  it('uses raised exposure after exposureChanged("increased"), like a router built fresh', () => {
    const g = { ...base, exposure: base.exposure.slice() };
    const router = new Router(g);
    // Cameras appear: every edge of one band gets fully seen (weighted = its length).
    for (let e = 0; e < g.edgeCount; e++) {
      if (Math.floor(graphDegrees(g.nodeLat[g.edgeFrom[e]]) * 300) % 3 === 0) g.exposure[4 * e + 3] = g.edgeLength[e];
    }
    router.exposureChanged('increased');
    const fresh = new Router({ ...g, exposure: g.exposure.slice() });
    let changed = 0;
    for (const [a, b] of pairs) {
      const got = router.search.shortestPath(nodeSnap(g, a), nodeSnap(g, b), 10)!;
      const want = fresh.search.shortestPath(nodeSnap(g, a), nodeSnap(g, b), 10)!;
      const before = new PathSearch(base, false).shortestPath(nodeSnap(base, a), nodeSnap(base, b), 10)!;
      expect(Math.abs(got.cost - want.cost)).toBeLessThanOrEqual(1e-6 * Math.max(1, want.cost));
      if (want.cost > before.cost + 1e-6) changed++;
    }
    expect(changed).toBeGreaterThan(pairs.length / 2); // the change really raised most costs
  });
});
