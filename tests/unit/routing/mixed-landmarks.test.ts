import { describe, expect, it } from 'vitest';
import { LocalFrame } from '../../../lib/geo/index.ts';
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED, graphDegrees } from '../../../lib/network/walk-graph.ts';
import { LANDMARK_ALPHAS, Landmarks } from '../../../lib/routing/landmarks.ts';
import { averagePotential, type BoundQuery, boundQuery, chooseTiers, F64_STRIDE, mixTargets } from '../../../lib/routing/potential.ts';
import { type SnapPoint, snapAtNode } from '../../../lib/routing/snap.ts';
import { exactFrom, seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

/**
 * Mixed landmarks between two tiers (potential.ts `mixTargets`, the bidirectional search's potential there):
 * each landmark's two tier distances fold into D_L = λ·d_a1 + μ·d_a2, which must stay a feasible potential to
 * within ε = `mixMargin` (one stored unit of each tier, mixed: the 16-bit tables' slack) — reduced costs
 * c − p(u) + p(v) ≥ −ε on every edge both ways (what the bidirectional search's stopping rule, which waits ε
 * more, needs) — and the bound toward the target never above the exact distance, at α strictly between tiers.
 */
describe('mixed landmarks between tiers', () => {
  const g = toulouseWithSyntheticExposure();
  const lm = new Landmarks(g);
  lm.prepareAll();
  const K = lm.count;
  const frame = new LocalFrame((g.bbox.west + g.bbox.east) / 2, (g.bbox.south + g.bbox.north) / 2);
  const f = new Float64Array((g.nodeCount + 1) * F64_STRIDE);
  for (let n = 0; n < g.nodeCount; n++) {
    f[n * F64_STRIDE + 2] = frame.x(graphDegrees(g.nodeLon[n]));
    f[n * F64_STRIDE + 3] = frame.y(graphDegrees(g.nodeLat[n]));
  }
  const nodeSnap = (n: number): SnapPoint => snapAtNode(g, n);
  const rnd = seededRandom(2026);
  const randomNode = () => {
    for (;;) {
      const n = Math.floor(rnd() * g.nodeCount);
      if (g.component[n] === 0 && g.adjOffsets[n + 1] > g.adjOffsets[n]) return n;
    }
  };
  const query = (alpha: number, n: number, mixed: boolean): BoundQuery => {
    const q = boundQuery(g, frame, f, chooseTiers(lm, alpha), K, nodeSnap(n), new Float64Array(K), new Float64Array(K));
    if (mixed) mixTargets(q);
    return q;
  };
  // Between every pair of neighbouring tiers, near both ends of the bracket and in its middle.
  const alphas: number[] = [];
  for (let i = 1; i < LANDMARK_ALPHAS.length; i++) {
    const [a1, a2] = [LANDMARK_ALPHAS[i - 1], LANDMARK_ALPHAS[i]];
    alphas.push(a1 + 0.01 * (a2 - a1), a1 + rnd() * (a2 - a1), a2 - 0.01 * (a2 - a1));
  }

  it('switches only two-tier queries to mixed values', () => {
    const t = randomNode();
    const atTier = query(LANDMARK_ALPHAS[2], t, true);
    expect(atTier.mixed).toBe(false);
    const between = query((LANDMARK_ALPHAS[2] + LANDMARK_ALPHAS[3]) / 2, t, true);
    expect(between.mixed).toBe(true);
    // The target's mixed value is λ·T1/units1 + μ·T2/units2 for every landmark.
    const plain = query((LANDMARK_ALPHAS[2] + LANDMARK_ALPHAS[3]) / 2, t, false);
    for (let l = 0; l < K; l++) {
      expect(between.dT1[l]).toBeCloseTo(plain.w1 * plain.dT1[l] + plain.w2 * plain.dT2[l], 6);
    }
  });

  it('is a feasible potential to within ε: reduced costs ≥ −ε on every edge, both ways, for 15 α × 2 pairs', () => {
    let edges = 0;
    let informative = 0;
    let overCost = 0;
    for (const alpha of alphas) {
      for (let i = 0; i < 2; i++) {
        const s = randomNode();
        const t = randomNode();
        const qt = query(alpha, t, true);
        const qs = query(alpha, s, true);
        expect(qt.mixed).toBe(true);
        const p = new Float64Array(g.nodeCount);
        for (let n = 0; n < g.nodeCount; n++) if (g.component[n] === 0) p[n] = averagePotential(qt, qs, n);
        // Not vacuous (a zero potential is feasible too): p(s) − p(t) is most of the exact d(s, t).
        const d = exactFrom(g, t, alpha)[s];
        expect(p[s] - p[t]).toBeLessThanOrEqual(d * (1 + 1e-12) + qt.mixMargin);
        expect(qt.mixMargin).toBe(qs.mixMargin);
        expect(qt.mixMargin).toBeGreaterThan(0);
        if (p[s] - p[t] > 0.5 * d) informative++;
        for (let e = 0; e < g.edgeCount; e++) {
          const u = g.edgeFrom[e];
          const v = g.edgeTo[e];
          if (g.component[u] !== 0) continue;
          const c = g.edgeLength[e] + alpha * g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
          const slack = 1e-9 * Math.max(1, Math.abs(p[u]), Math.abs(p[v]));
          if (Math.abs(p[u] - p[v]) > c + qt.mixMargin + slack) {
            throw new Error(`α=${alpha}: edge ${e} potential step ${Math.abs(p[u] - p[v])} > cost ${c} + ε ${qt.mixMargin}`);
          }
          if (Math.abs(p[u] - p[v]) > c + slack) overCost++;
          edges++;
        }
      }
    }
    expect(edges).toBeGreaterThan(alphas.length * 2 * 30_000);
    expect(informative).toBeGreaterThan(alphas.length);
    // The slack is real: some edges step by more than their cost (stored units of 0.3–1.2 m on Toulouse).
    expect(overCost).toBeGreaterThan(0);
  }, 120_000);

  it('never overestimates: the bound toward t is ≤ the exact distance, for every node and 15 α × 2 targets', () => {
    let checked = 0;
    let tight = 0;
    for (const alpha of alphas) {
      for (let i = 0; i < 2; i++) {
        const t = randomNode();
        const exact = exactFrom(g, t, alpha);
        const qt = query(alpha, t, true);
        const qPlain = query(alpha, t, false);
        // π_t from its definition over the mixed target values that mixTargets produced (the potential the
        // search uses is checked through its feasibility above, which implies p(v) − p(t) ≤ d(v, t)).
        for (let n = 0; n < g.nodeCount; n++) {
          if (g.component[n] !== 0) continue;
          let b = 0;
          for (let l = 0; l < K; l++) {
            const values = [qPlain.values1![n * K + l], qPlain.values2![n * K + l]];
            const d = Math.abs(qt.w1 * values[0] + qt.w2 * values[1] - qt.dT1[l]);
            if (d > b) b = d;
          }
          const bound = b > qt.mixMargin ? b - qt.mixMargin : 0;
          if (bound > exact[n] * (1 + 1e-12) + 1e-9) throw new Error(`α=${alpha}: bound ${bound} > exact ${exact[n]} (node ${n})`);
          if (bound > 0.5 * exact[n]) tight++;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(alphas.length * 2 * 30_000);
    expect(tight / checked).toBeGreaterThan(0.5); // not vacuous
  }, 120_000);
});
