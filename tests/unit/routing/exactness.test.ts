import { describe, expect, it } from 'vitest';
import { edgeShape, polylineMetres, type WalkGraph } from '../../../lib/network/walk-graph.ts';
import { Router } from '../../../lib/routing/router.ts';
import type { SnapPoint } from '../../../lib/routing/snap.ts';
import { seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

/**
 * The oracle: textbook Dijkstra over the same graph, written independently of the router (adjacency
 * lists of pairs, a plain heap over number arrays). It runs once per origin over the whole graph, then
 * prices each destination from the costs of its edge's two ends.
 */
function oracleFrom(g: WalkGraph, s: SnapPoint, alpha: number): (t: SnapPoint) => number {
  const N = g.nodeCount;
  const cost = (e: number) => g.edgeLength[e] + alpha * g.exposure[4 * e + 3];
  const part = (e: number, metres: number) => (g.edgeLength[e] > 0 ? (metres / g.edgeLength[e]) * cost(e) : metres);
  const adj = oracleAdjacency(g, alpha, cost);
  const dist = new Float64Array(N).fill(Infinity);
  const done = new Uint8Array(N);
  const keys: number[] = [];
  const ids: number[] = [];
  const swap = (i: number, j: number) => {
    const k = keys[i];
    keys[i] = keys[j];
    keys[j] = k;
    const id = ids[i];
    ids[i] = ids[j];
    ids[j] = id;
  };
  const push = (k: number, id: number) => {
    keys.push(k);
    ids.push(id);
    for (let i = keys.length - 1; i > 0 && keys[(i - 1) >> 1] > keys[i]; i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
  };
  const seed = (n: number, c: number) => {
    if (c < dist[n]) {
      dist[n] = c;
      push(c, n);
    }
  };
  seed(g.edgeFrom[s.edge], part(s.edge, s.offset));
  seed(g.edgeTo[s.edge], part(s.edge, g.edgeLength[s.edge] - s.offset));
  while (keys.length) {
    const d = keys[0];
    const u = ids[0];
    const lastKey = keys.pop()!;
    const lastId = ids.pop()!;
    if (keys.length) {
      keys[0] = lastKey;
      ids[0] = lastId;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < keys.length && keys[l] < keys[m]) m = l;
        if (l + 1 < keys.length && keys[l + 1] < keys[m]) m = l + 1;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
    if (done[u]) continue;
    done[u] = 1;
    for (const [v, c] of adj[u]) {
      if (d + c < dist[v]) {
        dist[v] = d + c;
        push(d + c, v);
      }
    }
  }
  return (t) => {
    let best = Math.min(
      dist[g.edgeFrom[t.edge]] + part(t.edge, t.offset),
      dist[g.edgeTo[t.edge]] + part(t.edge, g.edgeLength[t.edge] - t.offset),
    );
    if (t.edge === s.edge) best = Math.min(best, part(s.edge, Math.abs(s.offset - t.offset)));
    return best;
  };
}

const adjacencyCache = new Map<number, Array<Array<[number, number]>>>();
function oracleAdjacency(g: WalkGraph, key: number, cost: (e: number) => number): Array<Array<[number, number]>> {
  const hit = adjacencyCache.get(key);
  if (hit) return hit;
  const adj: Array<Array<[number, number]>> = Array.from({ length: g.nodeCount }, () => []);
  for (let e = 0; e < g.edgeCount; e++) {
    adj[g.edgeFrom[e]].push([g.edgeTo[e], cost(e)]);
    adj[g.edgeTo[e]].push([g.edgeFrom[e], cost(e)]);
  }
  adjacencyCache.set(key, adj);
  return adj;
}

/** The snapped point `offset` metres along edge `edge`'s shape (as the snap index measures it). */
function pointOnEdge(g: WalkGraph, edge: number, offset: number): SnapPoint {
  const { lons, lats } = edgeShape(g, edge);
  let walked = 0;
  for (let i = 1; i < lons.length; i++) {
    const seg = polylineMetres([lons[i - 1], lons[i]], [lats[i - 1], lats[i]]);
    if (walked + seg >= offset || i === lons.length - 1) {
      const f = seg > 0 ? Math.min(1, Math.max(0, (offset - walked) / seg)) : 0;
      return { edge, offset, lon: lons[i - 1] + f * (lons[i] - lons[i - 1]), lat: lats[i - 1] + f * (lats[i] - lats[i - 1]), distance: 0 };
    }
    walked += seg;
  }
  return { edge, offset, lon: lons[0], lat: lats[0], distance: 0 };
}

describe('router exactness against a Dijkstra oracle (Toulouse, 500 random pairs per α, every landmark tier)', () => {
  const g = toulouseWithSyntheticExposure();
  const router = new Router(g);
  const rnd = seededRandom(2026);
  const b = g.bbox;
  // Random points anywhere in the city's bbox that snap within 250 m: 20 origins × 25 destinations.
  const randomSnap = (): SnapPoint => {
    for (;;) {
      const s = router.snap([b.west + rnd() * (b.east - b.west), b.south + rnd() * (b.north - b.south)]);
      if (!('ok' in s)) return s;
    }
  };
  const origins = Array.from({ length: 20 }, randomSnap);
  const destinations = origins.map(() => Array.from({ length: 25 }, randomSnap));
  // One destination on the origin's own edge, to cover the direct case: halfway to the edge's start, with the
  // position of that offset (a copied position would make the straight-line bound overestimate there).
  destinations[0][0] = pointOnEdge(g, origins[0].edge, origins[0].offset / 2);

  it.each([0, 0.25, 0.5, 1, 2, 4, 5, 8, 10, 12, 16, 28, 32, 48, 64, 100])('cost equals the oracle for α = %s', (alpha) => {
    let checked = 0;
    origins.forEach((s, i) => {
      const oracle = oracleFrom(g, s, alpha);
      for (const t of destinations[i]) {
        const path = router.search.shortestPath(s, t, alpha);
        const expected = oracle(t);
        expect(path).not.toBeNull();
        expect(Math.abs(path!.cost - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, expected));
        // The path the router returns really costs what it says.
        const recomputed = path!.pieces.reduce((sum, p) => {
          const L = g.edgeLength[p.edge];
          const c = L + alpha * g.exposure[4 * p.edge + 3];
          return sum + (L > 0 ? (Math.abs(p.to - p.from) / L) * c : 0);
        }, 0);
        expect(recomputed).toBeCloseTo(path!.cost, 3);
        checked++;
      }
    });
    expect(checked).toBe(500);
  });
});
