import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMetres } from '../../../lib/geo/index.ts';
import { graphDegrees } from '../../../lib/network/walk-graph.ts';
import { Router, routesToGeoJson, routesToGpx, escapeXml, type RouteSuccess } from '../../../lib/routing/index.ts';
import { NodeHeap } from '../../../lib/routing/heap.ts';
import { seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

const g = toulouseWithSyntheticExposure();
const router = new Router(g);
/** Places in central Toulouse, [lon, lat]. */
const CAPITOLE: [number, number] = [1.444, 43.6045];
const SAINT_SERNIN: [number, number] = [1.4419, 43.6085];
const JEAN_JAURES: [number, number] = [1.449, 43.6057];
const SAINT_CYPRIEN: [number, number] = [1.4316, 43.5978];

function ok(r: ReturnType<Router['route']>): RouteSuccess {
  if (!r.ok) throw new Error(`expected a route, got ${r.reason}: ${r.message}`);
  return r;
}

describe('NodeHeap', () => {
  it('pops in priority order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 300 }), (priorities) => {
        const heap = new NodeHeap(2);
        priorities.forEach((p, i) => {
          heap.push(i, p);
        });
        const out: number[] = [];
        while (heap.length) out.push(priorities[heap.pop()]);
        expect(out).toEqual([...priorities].sort((a, b) => a - b));
      }),
    );
  });
});

describe('snapping', () => {
  it('snaps onto the nearest point of an edge, not only to nodes, and reports the distance', () => {
    const s = router.snap(CAPITOLE);
    if ('ok' in s) throw new Error(s.message);
    expect(s.distance).toBeLessThan(30);
    expect(haversineMetres(CAPITOLE[0], CAPITOLE[1], s.lon, s.lat)).toBeCloseTo(s.distance, 0);
    // The snapped point is on its edge: moving along the edge by `offset` from its start reaches it.
    expect(s.offset).toBeGreaterThanOrEqual(0);
    expect(s.offset).toBeLessThanOrEqual(g.edgeLength[s.edge]);
    // Brute force over every edge node confirms no node is nearer than the snapped edge point.
    let nearestNode = Infinity;
    for (let n = 0; n < g.nodeCount; n++) {
      if (g.component[n] === 0)
        nearestNode = Math.min(
          nearestNode,
          haversineMetres(CAPITOLE[0], CAPITOLE[1], graphDegrees(g.nodeLon[n]), graphDegrees(g.nodeLat[n])),
        );
    }
    expect(s.distance).toBeLessThanOrEqual(nearestNode + 0.01);
  });

  it('finds the same nearest edge as a brute-force scan (random points)', () => {
    const rnd = seededRandom(7);
    const index = router.snapIndex;
    const f = index.frame;
    for (let i = 0; i < 30; i++) {
      const lon = 1.43 + rnd() * 0.03;
      const lat = 43.595 + rnd() * 0.02;
      const s = index.nearest(lon, lat, 250)!;
      let best = Infinity;
      for (let e = 0; e < g.edgeCount; e++) {
        if (g.component[g.edgeFrom[e]] !== 0) continue;
        const pts: Array<[number, number]> = [[graphDegrees(g.nodeLon[g.edgeFrom[e]]), graphDegrees(g.nodeLat[g.edgeFrom[e]])]];
        for (let k = g.shapeOffsets[e]; k < g.shapeOffsets[e + 1]; k++)
          pts.push([graphDegrees(g.shapeLon[k]), graphDegrees(g.shapeLat[k])]);
        pts.push([graphDegrees(g.nodeLon[g.edgeTo[e]]), graphDegrees(g.nodeLat[g.edgeTo[e]])]);
        for (let k = 1; k < pts.length; k++) {
          const [x0, y0, x1, y1] = [f.x(pts[k - 1][0]), f.y(pts[k - 1][1]), f.x(pts[k][0]), f.y(pts[k][1])];
          const [px, py] = [f.x(lon), f.y(lat)];
          const L2 = (x1 - x0) ** 2 + (y1 - y0) ** 2;
          const t = L2 ? Math.max(0, Math.min(1, ((px - x0) * (x1 - x0) + (py - y0) * (y1 - y0)) / L2)) : 0;
          best = Math.min(best, Math.hypot(x0 + t * (x1 - x0) - px, y0 + t * (y1 - y0) - py));
        }
      }
      expect(s.distance).toBeCloseTo(best, 6);
    }
  });

  it('gives typed outcomes: outside the area, too far from a street, invalid input, no route', () => {
    const outside = router.route({ from: [2.35, 48.85], to: SAINT_SERNIN });
    expect(outside).toMatchObject({ ok: false, reason: 'outside-area', point: 'from' });
    // Inside the bbox but in the Garonne-side fields far from any walkable way: find such a point.
    const tight = new Router(g, { maxSnapMetres: 5 });
    const far = tight.route({ from: CAPITOLE, to: [1.4352, 43.6003] });
    expect(far.ok).toBe(false);
    if (!far.ok) expect(['too-far-from-street']).toContain(far.reason);
    expect(router.route({ from: [NaN, 43.6], to: CAPITOLE })).toMatchObject({ ok: false, reason: 'invalid-request' });
    expect(router.route({ from: CAPITOLE, to: SAINT_SERNIN, alpha: -1 })).toMatchObject({ ok: false, reason: 'invalid-request' });
    expect(router.route({ from: CAPITOLE, to: SAINT_SERNIN, maxDetour: Infinity })).toMatchObject({ ok: false, reason: 'invalid-request' });
    // Snapping anywhere ('any' component) can land on an island: a clear no-route, not a crash.
    const anywhere = new Router(g, { component: 'any' });
    let island = -1;
    for (let e = 0; e < g.edgeCount && island < 0; e++) if (g.component[g.edgeFrom[e]] !== 0 && g.edgeLength[e] > 20) island = e;
    const a = g.edgeFrom[island];
    const r = anywhere.route({ from: [graphDegrees(g.nodeLon[a]), graphDegrees(g.nodeLat[a])], to: CAPITOLE });
    expect(r).toMatchObject({ ok: false, reason: 'no-route' });
  });
});

describe('routes and alternatives', () => {
  it('routes Capitole → Saint-Sernin with Pareto-ordered alternatives within the detour cap', () => {
    for (const [from, to] of [
      [CAPITOLE, SAINT_SERNIN],
      [JEAN_JAURES, SAINT_CYPRIEN],
    ] as const) {
      const r = ok(router.route({ from, to }));
      const { shortest, balanced, discreet } = r;
      expect(shortest.length).toBeGreaterThan(haversineMetres(from[0], from[1], to[0], to[1]) * 0.8);
      expect(shortest.length).toBeLessThanOrEqual(balanced.length + 1e-6);
      expect(balanced.length).toBeLessThanOrEqual(discreet.length + 1e-6);
      expect(shortest.exposure.weighted).toBeGreaterThanOrEqual(balanced.exposure.weighted - 1e-6);
      expect(balanced.exposure.weighted).toBeGreaterThanOrEqual(discreet.exposure.weighted - 1e-6);
      expect(discreet.length).toBeLessThanOrEqual(shortest.length * 1.3 + 1e-6);
      for (const route of [shortest, balanced, discreet]) {
        expect(route.duration).toBeCloseTo(route.length / 1.3, 6);
        expect(route.exposedMetres).toBeLessThanOrEqual(route.length + 1e-6);
        // The drawn line is as long as the walked length (same shapes, same haversine).
        let drawn = 0;
        for (let i = 1; i < route.coordinates.length; i++) {
          drawn += haversineMetres(...route.coordinates[i - 1], ...route.coordinates[i]);
        }
        expect(drawn).toBeCloseTo(route.length, 0);
        expect(route.coordinates[0]).toEqual([r.snaps[0].lon, r.snaps[0].lat]);
      }
      // Distinct alternatives really differ in both length and exposure (Pareto-distinct).
      if (!balanced.sameAs && !discreet.sameAs) {
        expect(discreet.exposure.weighted).toBeLessThan(shortest.exposure.weighted);
        expect(discreet.length).toBeGreaterThan(shortest.length);
      }
    }
  });

  it('respects a tighter detour cap, and a zero cap gives the shortest length', () => {
    const wide = ok(router.route({ from: JEAN_JAURES, to: SAINT_CYPRIEN, maxDetour: 1 }));
    const tight = ok(router.route({ from: JEAN_JAURES, to: SAINT_CYPRIEN, maxDetour: 0.05 }));
    expect(tight.discreet.length).toBeLessThanOrEqual(tight.shortest.length * 1.05 + 1e-6);
    expect(wide.discreet.exposure.weighted).toBeLessThanOrEqual(tight.discreet.exposure.weighted + 1e-6);
    const none = ok(router.route({ from: JEAN_JAURES, to: SAINT_CYPRIEN, maxDetour: 0 }));
    expect(none.discreet.length).toBeCloseTo(none.shortest.length, 3);
  });

  it('passes through via points', () => {
    const direct = ok(router.route({ from: CAPITOLE, to: SAINT_SERNIN, alpha: 0 }));
    const via = ok(router.route({ from: CAPITOLE, to: SAINT_SERNIN, via: [JEAN_JAURES], alpha: 0 }));
    expect(via.snaps).toHaveLength(3);
    expect(via.shortest.length).toBeGreaterThan(direct.shortest.length);
    const s = via.snaps[1];
    expect(via.shortest.coordinates.some(([lon, lat]) => haversineMetres(lon, lat, s.lon, s.lat) < 1)).toBe(true);
  });

  it('exports GeoJSON and escaped GPX', () => {
    const r = ok(router.route({ from: CAPITOLE, to: SAINT_SERNIN }));
    const gj = routesToGeoJson(r);
    expect(gj.features.map((f) => f.properties.alternative)).toEqual(['shortest', 'balanced', 'discreet']);
    expect(gj.features[0].geometry.coordinates.length).toBe(r.shortest.coordinates.length);
    const gpx = routesToGpx(r);
    expect(gpx.match(/<trk>/g)).toHaveLength(3);
    expect(gpx.match(/<trkpt /g)!.length).toBe(
      r.shortest.coordinates.length + r.balanced.coordinates.length + r.discreet.coordinates.length,
    );
    expect(escapeXml(`<a href="x">O'Brien & co</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;O&apos;Brien &amp; co&lt;/a&gt;');
  });
});

describe('properties as α grows (fixed pairs)', () => {
  const rnd = seededRandom(99);
  const b = g.bbox;
  const pairs: Array<[[number, number], [number, number]]> = [];
  while (pairs.length < 12) {
    // Pairs 1–4 km apart around the centre, where the synthetic exposure varies.
    const p: [number, number] = [1.4 + rnd() * 0.09, 43.57 + rnd() * 0.07];
    const q: [number, number] = [1.4 + rnd() * 0.09, 43.57 + rnd() * 0.07];
    const d = haversineMetres(...p, ...q);
    if (d > 1000 && d < 4000 && p[0] > b.west) pairs.push([p, q]);
  }
  it('length never decreases, exposure never increases, α = 0 is the shortest walk', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: pairs.length - 1 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (i, alphas) => {
          const s = router.snap(pairs[i][0]);
          const t = router.snap(pairs[i][1]);
          if ('ok' in s || 'ok' in t) return;
          const sorted = [0, ...alphas].sort((x, y) => x - y);
          const paths = sorted.map((a) => router.search.shortestPath(s, t, a)!);
          const tol = 1e-6 * paths[0].length + 1e-6;
          for (let k = 1; k < paths.length; k++) {
            expect(paths[k].length).toBeGreaterThanOrEqual(paths[k - 1].length - tol);
            expect(paths[k].weighted).toBeLessThanOrEqual(paths[k - 1].weighted + tol);
            expect(paths[k].length).toBeGreaterThanOrEqual(paths[0].length - tol);
          }
          // α = 0 costs exactly its length: the shortest walk.
          expect(paths[0].cost).toBeCloseTo(paths[0].length, 6);
        },
      ),
      { numRuns: 40, seed: 4 },
    );
  });
});
