/**
 * Property test of the 16-bit landmark bound (landmarks.ts `boundMetres`, potential.ts `bound` and the
 * bidirectional potential): on random graphs (random lengths over six orders of magnitude, so k runs from 1
 * to millions, random exposure, an unreachable component, zero-length edges), at random α (a tier, between
 * two tiers, above the last) and random points on edges, the bound never exceeds the exact cost, and the
 * bidirectional potential changes between any two nodes by at most their distance + ε (its stopping slack).
 * The same bound without the one-unit margin (only the floating-point 0.001 left) does overestimate on these
 * cases: the margin is what makes it admissible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalFrame } from '../../../lib/geo/index.ts';
import {
  EXPOSURE_STRIDE,
  EXPOSURE_WEIGHTED,
  type EdgeDraft,
  graphDegrees,
  packWalkGraph,
  type WalkGraph,
} from '../../../lib/network/walk-graph.ts';
import { PathSearch } from '../../../lib/routing/search.ts';
import {
  LANDMARK_ALPHAS,
  LANDMARK_MAX_VALUE,
  LANDMARK_UNREACHABLE,
  LANDMARK_WIDE_TIER,
  Landmarks,
} from '../../../lib/routing/landmarks.ts';
import {
  averagePotential,
  type BoundQuery,
  bound,
  boundQuery,
  chooseTiers,
  F64_STRIDE,
  mixTargets,
  rate,
} from '../../../lib/routing/potential.ts';
import type { SnapPoint } from '../../../lib/routing/snap.ts';
import { exactFrom, seededRandom } from './fixtures.ts';

interface Case {
  seed: number;
  nodes: number;
  extra: number;
  /** Edge lengths are uniform in [0, scale] metres (some exactly 0). */
  scale: number;
  landmarks: number;
  alpha: number;
}

/**
 * A connected random graph (a random tree plus extra edges) and a separate two-node component. With
 * `geometric`, no edge is shorter than the straight line between its ends (so the search's straight-line
 * bound stays admissible and the real search can run on it).
 */
function randomGraph(c: Case, geometric = false): WalkGraph {
  const rnd = seededRandom(c.seed);
  const n = c.nodes + 2;
  const lons = Array.from({ length: n }, () => 1.4 + rnd() * 0.05);
  const lats = Array.from({ length: n }, () => 43.6 + rnd() * 0.05);
  const edge = (from: number, to: number): EdgeDraft => ({ from, to, name: '', roadType: 0, lons: [], lats: [] });
  const drafts: EdgeDraft[] = [];
  if (geometric) {
    // A street grid, `side` nodes a side, some streets missing: many near-equal ways, as in a city.
    const side = Math.max(2, Math.floor(Math.sqrt(c.nodes)));
    for (let v = 0; v < c.nodes; v++) {
      lons[v] = 1.4 + (v % side) * 0.001 + rnd() * 0.0002;
      lats[v] = 43.6 + Math.floor(v / side) * 0.001 + rnd() * 0.0002;
      if (v % side > 0) drafts.push(edge(v - 1, v));
      if (v >= side && (rnd() < 0.8 || v % side === 0)) drafts.push(edge(v - side, v));
    }
  } else for (let v = 1; v < c.nodes; v++) drafts.push(edge(Math.floor(rnd() * v), v));
  for (let i = 0; i < c.extra; i++) {
    const a = Math.floor(rnd() * c.nodes);
    const b = Math.floor(rnd() * c.nodes);
    if (a !== b) drafts.push(edge(a, b));
  }
  drafts.push(edge(c.nodes, c.nodes + 1)); // another component: the landmarks cannot reach it
  const g = packWalkGraph('property', lons, lats, drafts);
  // Lengths and exposure of our own (the straight line is switched off below, so geometry does not matter).
  for (let e = 0; e < g.edgeCount; e++) {
    const random = rnd() < 0.05 ? 0 : Math.fround(rnd() * c.scale);
    const L = geometric ? Math.max(g.edgeLength[e], random) : random;
    g.edgeLength[e] = L;
    g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED] = Math.fround(rnd() < 0.3 ? 0 : rnd() * L);
  }
  return g;
}

const cases = fc.record({
  seed: fc.integer({ min: 1, max: 2 ** 31 - 2 }),
  nodes: fc.integer({ min: 3, max: 45 }),
  extra: fc.integer({ min: 0, max: 70 }),
  scale: fc.constantFrom(0.05, 3, 200, 5_000, 2e6),
  landmarks: fc.integer({ min: 1, max: 8 }),
  alpha: fc.oneof(fc.constantFrom(...LANDMARK_ALPHAS), fc.double({ min: 0, max: 100, noNaN: true })),
});

/** What a point's bound needs, with every node and the point at the frame's origin: no straight line. */
function query(g: WalkGraph, lm: Landmarks, alpha: number, p: SnapPoint, f: Float64Array): BoundQuery {
  const frame = new LocalFrame(p.lon, p.lat);
  const q = boundQuery(g, frame, f, chooseTiers(lm, alpha), lm.count, p, new Float64Array(lm.count), new Float64Array(lm.count));
  q.tx = 0;
  q.ty = 0;
  return q;
}

/** The one-way bound's landmark part with another margin (in stored units), for the counter-check. */
function boundWithMargin(q: BoundQuery, n: number, margin: number): number {
  const part = (values: Uint16Array | Uint32Array, dT: Float64Array, inv: number) => {
    let b = 0;
    for (let l = 0; l < q.K; l++) b = Math.max(b, Math.abs(values[n * q.K + l] - dT[l]));
    return b > margin ? (b - margin) * inv : 0;
  };
  const b1 = part(q.values1!, q.dT1, q.inv1);
  return q.values2 ? q.lambda * b1 + q.mu * part(q.values2, q.dT2, q.inv2) : b1;
}

/** A point at a random offset on a random edge of the largest component. */
function randomPoint(g: WalkGraph, rnd: () => number): SnapPoint {
  let e = Math.floor(rnd() * g.edgeCount);
  while (g.component[g.edgeFrom[e]] !== 0) e = (e + 1) % g.edgeCount;
  return { edge: e, offset: rnd() * g.edgeLength[e], lon: 1.42, lat: 43.62, distance: 0 };
}

describe('16-bit landmark bounds on random graphs (fast-check, seeded)', () => {
  it('never exceed the exact cost to a random point; without the one-unit margin they do', () => {
    let checked = 0;
    let tight = 0;
    let overWithoutMargin = 0;
    let coarse = 0;
    fc.assert(
      fc.property(cases, (c) => {
        const g = randomGraph(c);
        const lm = new Landmarks(g, c.landmarks);
        lm.prepareAll();
        const f = new Float64Array((g.nodeCount + 1) * F64_STRIDE);
        const rnd = seededRandom(c.seed ^ 0x5bd1e995);
        for (const tier of LANDMARK_ALPHAS) {
          const t = lm.table(tier);
          let max = 0;
          // The wide tier keeps its exact 32-bit fine units (unreachable: 0xffffffff).
          const wide = tier === LANDMARK_WIDE_TIER;
          for (const v of t.values) if (v !== (wide ? 0xffffffff : LANDMARK_UNREACHABLE)) max = Math.max(max, v);
          expect(max).toBeLessThanOrEqual(wide ? 0xfffffffd : LANDMARK_MAX_VALUE);
          if (1024 / t.unitsPerMetre > 1) coarse++;
        }
        for (let i = 0; i < 3; i++) {
          const p = randomPoint(g, rnd);
          const e = p.edge;
          const q = query(g, lm, c.alpha, p, f);
          const r = rate(g, e, c.alpha);
          const fromEnd = exactFrom(g, g.edgeFrom[e], c.alpha);
          const toEnd = exactFrom(g, g.edgeTo[e], c.alpha);
          for (let v = 0; v < g.nodeCount; v++) {
            if (g.component[v] !== 0) continue;
            const exact = Math.min(fromEnd[v] + p.offset * r, toEnd[v] + (g.edgeLength[e] - p.offset) * r);
            const b = bound(q, v);
            if (b > exact * (1 + 1e-9) + 1e-9) throw new Error(`case ${JSON.stringify(c)}: bound ${b} > exact ${exact} (node ${v})`);
            if (exact > 0 && b > 0.5 * exact) tight++;
            if (boundWithMargin(q, v, 0.001) > exact * (1 + 1e-9) + 1e-9) overWithoutMargin++;
            checked++;
          }
        }
      }),
      { seed: 1416, numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(5_000);
    expect(coarse).toBeGreaterThan(100); // k > 1: the quantisation really was exercised
    expect(tight / checked).toBeGreaterThan(0.3); // a real bound, not zero
    expect(overWithoutMargin).toBeGreaterThan(0); // the test fails without the one-unit margin
  }, 120_000);

  it('give a bidirectional potential that changes by at most d(a, b) + ε between any two nodes', () => {
    let pairs = 0;
    let overDistance = 0;
    fc.assert(
      fc.property(cases, (c) => {
        const g = randomGraph(c);
        const lm = new Landmarks(g, c.landmarks);
        lm.prepareAll();
        const f = new Float64Array((g.nodeCount + 1) * F64_STRIDE);
        const rnd = seededRandom(c.seed ^ 0x27d4eb2f);
        const point = () => randomPoint(g, rnd);
        const t = query(g, lm, c.alpha, point(), f);
        const s = query(g, lm, c.alpha, point(), f);
        mixTargets(t); // between two tiers: the mixed landmarks the bidirectional search uses
        mixTargets(s);
        const eps = t.mixMargin;
        const p = new Float64Array(g.nodeCount);
        for (let v = 0; v < g.nodeCount; v++) if (g.component[v] === 0) p[v] = averagePotential(t, s, v);
        for (let a = 0; a < g.nodeCount; a++) {
          if (g.component[a] !== 0) continue;
          const d = exactFrom(g, a, c.alpha);
          for (let b = 0; b < g.nodeCount; b++) {
            if (g.component[b] !== 0) continue;
            const slack = 1e-9 * Math.max(1, Math.abs(p[a]), Math.abs(p[b]), d[b]);
            if (p[a] - p[b] > d[b] + eps + slack) throw new Error(`case ${JSON.stringify(c)}: p(${a}) − p(${b}) > d + ε`);
            if (p[a] - p[b] > d[b] + slack) overDistance++;
            pairs++;
          }
        }
      }),
      { seed: 2611, numRuns: 100 },
    );
    expect(pairs).toBeGreaterThan(20_000);
    expect(overDistance).toBeGreaterThan(0); // inconsistent without ε: the stopping slack is needed
  }, 120_000);

  it('keep both searches exact: the one-way A* (reopening) and the bidirectional one (reopening, ε more)', () => {
    let queries = 0;
    let reopened = 0;
    fc.assert(
      fc.property(cases, (c) => {
        const g = randomGraph({ ...c, nodes: c.nodes * 12, extra: 0 }, true);
        const search = new PathSearch(g);
        search.landmarks?.prepareAll();
        const rnd = seededRandom(c.seed ^ 0x1b873593);
        const point = (): SnapPoint => {
          let e = Math.floor(rnd() * g.edgeCount);
          while (g.component[g.edgeFrom[e]] !== 0) e = (e + 1) % g.edgeCount;
          const offset = rnd() * g.edgeLength[e];
          const a = g.edgeFrom[e];
          const b = g.edgeTo[e];
          const w = g.edgeLength[e] > 0 ? offset / g.edgeLength[e] : 0; // on the straight line between the ends
          return {
            edge: e,
            offset,
            lon: graphDegrees(g.nodeLon[a]) + w * (graphDegrees(g.nodeLon[b]) - graphDegrees(g.nodeLon[a])),
            lat: graphDegrees(g.nodeLat[a]) + w * (graphDegrees(g.nodeLat[b]) - graphDegrees(g.nodeLat[a])),
            distance: 0,
          };
        };
        for (let i = 0; i < 4; i++) {
          const from = point();
          const to = point();
          const r = rate(g, to.edge, c.alpha);
          const fromEnd = exactFrom(g, g.edgeFrom[to.edge], c.alpha);
          const toEnd = exactFrom(g, g.edgeTo[to.edge], c.alpha);
          const rs = rate(g, from.edge, c.alpha);
          const viaNodes = Math.min(
            from.offset * rs +
              Math.min(
                fromEnd[g.edgeFrom[from.edge]] + to.offset * r,
                toEnd[g.edgeFrom[from.edge]] + (g.edgeLength[to.edge] - to.offset) * r,
              ),
            (g.edgeLength[from.edge] - from.offset) * rs +
              Math.min(fromEnd[g.edgeTo[from.edge]] + to.offset * r, toEnd[g.edgeTo[from.edge]] + (g.edgeLength[to.edge] - to.offset) * r),
          );
          const exact = from.edge === to.edge ? Math.min(viaNodes, Math.abs(from.offset - to.offset) * rs) : viaNodes;
          for (const mode of ['one-way', 'bidirectional'] as const) {
            search.mode = mode;
            const path = search.shortestPath(from, to, c.alpha)!;
            if (Math.abs(path.cost - exact) > 1e-9 * Math.max(1, exact)) {
              throw new Error(`case ${JSON.stringify(c)}: ${mode} cost ${path.cost}, exact ${exact}`);
            }
            reopened += path.reopened;
            queries++;
          }
        }
      }),
      { seed: 3007, numRuns: 300 },
    );
    expect(queries).toBe(300 * 4 * 2);
    expect(reopened).toBeGreaterThan(0); // the inconsistent bound did reopen nodes: the case is exercised
  }, 120_000);
});
