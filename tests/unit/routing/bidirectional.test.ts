import { describe, expect, it } from 'vitest';
import { graphDegrees } from '../../../lib/network/walk-graph.ts';
import { Router } from '../../../lib/routing/router.ts';
import type { LegPath } from '../../../lib/routing/search.ts';
import type { SnapPoint } from '../../../lib/routing/snap.ts';
import { seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

/**
 * The bidirectional search (lib/routing/bidirectional.ts) against the one-way A* of the same PathSearch:
 * equal costs on random snapped pairs at random α (every tier, between tiers, above the last), partial
 * edges at both ends, a target on the source's own edge and the same point twice; and a returned walk
 * that is connected from the source point to the target point and costs what it says.
 */
describe('bidirectional search = one-way search', () => {
  const g = toulouseWithSyntheticExposure();
  const router = new Router(g, { prepareLandmarks: true });
  const search = router.search;
  const rnd = seededRandom(1411);
  const b = g.bbox;
  const randomSnap = (): SnapPoint => {
    for (;;) {
      const s = router.snap([b.west + rnd() * (b.east - b.west), b.south + rnd() * (b.north - b.south)]);
      if (!('ok' in s)) return s;
    }
  };
  const both = (s: SnapPoint, t: SnapPoint, alpha: number): [LegPath | null, LegPath | null] => {
    search.mode = 'one-way';
    const one = search.shortestPath(s, t, alpha);
    search.mode = 'bidirectional';
    return [one, search.shortestPath(s, t, alpha)];
  };
  /** The pieces chain end to end from s to t, and their cost is the path's. */
  const checkWalk = (p: LegPath, s: SnapPoint, t: SnapPoint, alpha: number) => {
    expect(p.pieces[0].edge).toBe(s.edge);
    expect(p.pieces[0].from).toBeCloseTo(s.offset, 9);
    const last = p.pieces[p.pieces.length - 1];
    expect(last.edge).toBe(t.edge);
    expect(last.to).toBeCloseTo(t.offset, 9);
    const nodeAt = (edge: number, offset: number) =>
      offset === 0 ? g.edgeFrom[edge] : offset === g.edgeLength[edge] ? g.edgeTo[edge] : -1;
    for (let i = 1; i < p.pieces.length; i++) {
      const a = p.pieces[i - 1];
      const c = p.pieces[i];
      expect(nodeAt(a.edge, a.to)).toBeGreaterThanOrEqual(0);
      expect(nodeAt(c.edge, c.from)).toBe(nodeAt(a.edge, a.to));
    }
    let cost = 0;
    for (const q of p.pieces) {
      const L = g.edgeLength[q.edge];
      if (L > 0) cost += (Math.abs(q.to - q.from) / L) * (L + alpha * g.exposure[4 * q.edge + 3]);
    }
    expect(Math.abs(cost - p.cost)).toBeLessThanOrEqual(1e-6 * Math.max(1, p.cost));
  };

  it('gives the one-way cost on 400 random pairs at random α, with fewer settled nodes', () => {
    const tiersAndBetween = [0, 2, 5, 8, 28, 64]; // tiers 0, 2, 8, 64; 5 and 28 between two
    let settledOne = 0;
    let settledBoth = 0;
    for (let i = 0; i < 400; i++) {
      const alpha = i % 4 === 0 ? tiersAndBetween[i % 6] : rnd() < 0.1 ? 64 + rnd() * 100 : rnd() * 64;
      const s = randomSnap();
      const t = randomSnap();
      const [one, two] = both(s, t, alpha);
      expect(two === null).toBe(one === null);
      if (!one || !two) continue;
      expect(Math.abs(two.cost - one.cost)).toBeLessThanOrEqual(1e-9 * Math.max(1, one.cost));
      checkWalk(two, s, t, alpha);
      settledOne += one.settled;
      settledBoth += two.settled;
    }
    // Not a timing: a deterministic count (the point of searching both ways).
    expect(settledBoth).toBeLessThan(0.8 * settledOne);
  });

  it("'auto' searches both ways at a tier's α, above the last and between tiers above 0; one way between 0 and 0.5", () => {
    for (const [alpha, expected] of [
      [0, 'bidirectional'],
      [2, 'bidirectional'],
      [64, 'bidirectional'],
      [90, 'bidirectional'],
      [10, 'bidirectional'], // between tiers above 0: mixed landmarks (potential.ts mixTargets)
      [30, 'bidirectional'],
      [0.5, 'bidirectional'],
      [0.25, 'one-way'], // between the tiers 0 and 0.5
      [0.4, 'one-way'],
      [0.9, 'bidirectional'], // between the tiers 0.5 and 1 (mixed landmarks)
      [1.5, 'bidirectional'], // between the tiers 1 and 2 (mixed landmarks)
    ] as const) {
      for (let i = 0; i < 10; i++) {
        const s = randomSnap();
        const t = randomSnap();
        search.mode = 'auto';
        const auto = search.shortestPath(s, t, alpha);
        search.mode = expected;
        const forced = search.shortestPath(s, t, alpha);
        expect(auto?.settled).toBe(forced?.settled);
        expect(auto?.cost).toBe(forced?.cost);
      }
    }
    search.mode = 'auto';
  });

  it('handles a target on the source edge (direct or around), the same point twice, and edge ends', () => {
    let sameEdge = 0;
    for (let i = 0; i < 300; i++) {
      const s = randomSnap();
      // The other point on the same edge, at its true position (the straight-line bound reads lon / lat):
      // an end of the edge, the same point, or a point snapped a few metres away on the same edge.
      const kind = i % 3;
      const end = g.edgeLength[s.edge];
      const n = i % 2 ? g.edgeTo[s.edge] : g.edgeFrom[s.edge];
      let t: SnapPoint =
        kind === 0 ? { ...s, offset: i % 2 ? end : 0, lon: graphDegrees(g.nodeLon[n]), lat: graphDegrees(g.nodeLat[n]) } : s;
      if (kind === 2) {
        const near = router.snap([s.lon + (rnd() - 0.5) * 4e-4, s.lat + (rnd() - 0.5) * 4e-4]);
        if ('ok' in near || near.edge !== s.edge) continue;
        t = near;
      }
      for (const alpha of [0, 7, 64]) {
        const [one, two] = both(s, t, alpha);
        expect(one).not.toBeNull();
        expect(Math.abs(two!.cost - one!.cost)).toBeLessThanOrEqual(1e-9 * Math.max(1, one!.cost));
        checkWalk(two!, s, t, alpha);
        if (t.offset === s.offset) expect(two!.cost).toBe(0);
      }
      sameEdge++;
    }
    expect(sameEdge).toBeGreaterThan(220);
  });

  it('stays exact on stale tiers (α = 0 bounds for every α) and off the landmarks component', () => {
    const fresh = new Router(g, { prepareLandmarks: 'idle' });
    const r2 = fresh.search;
    for (let i = 0; i < 60; i++) {
      const s = randomSnap();
      const t = randomSnap();
      const alpha = rnd() * 80;
      r2.mode = 'one-way';
      const one = r2.shortestPath(s, t, alpha);
      r2.mode = 'bidirectional';
      const two = r2.shortestPath(s, t, alpha);
      expect(two === null).toBe(one === null);
      if (one && two) expect(Math.abs(two.cost - one.cost)).toBeLessThanOrEqual(1e-9 * Math.max(1, one.cost));
    }
    // A pair in a small component (no landmark bound there): straight-line potentials only.
    let small = -1;
    for (let e = 0; e < g.edgeCount && small < 0; e++) if (g.component[g.edgeFrom[e]] > 0 && g.edgeLength[e] > 0) small = e;
    expect(small).toBeGreaterThanOrEqual(0);
    const at = (edge: number, end: 0 | 1): SnapPoint => {
      const n = end ? g.edgeTo[edge] : g.edgeFrom[edge];
      return { edge, offset: end ? g.edgeLength[edge] : 0, lon: graphDegrees(g.nodeLon[n]), lat: graphDegrees(g.nodeLat[n]), distance: 0 };
    };
    const [one, two] = both(at(small, 0), at(small, 1), 3);
    expect(two!.cost).toBeCloseTo(one!.cost, 9);
    // Different components: no path either way.
    const main = g.adjEdge[g.adjOffsets[byComponentZero()]];
    expect(both(at(small, 0), at(main, 0), 3)).toEqual([null, null]);
  });

  function byComponentZero(): number {
    for (let n = 0; n < g.nodeCount; n++) if (g.component[n] === 0 && g.adjOffsets[n + 1] > g.adjOffsets[n]) return n;
    throw new Error('no node');
  }
});
