import { describe, expect, it } from 'vitest';
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED } from '../../../lib/network/walk-graph.ts';
import { boundMetres, LANDMARK_ALPHAS, LANDMARK_UNREACHABLE, Landmarks } from '../../../lib/routing/landmarks.ts';
import { exactFrom, seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

describe('quantised landmark tables (4 bytes a value, rounded down)', () => {
  it('stores whole-unit distances: never above the exact distance, and consistent across every edge', () => {
    const g = toulouseWithSyntheticExposure();
    const lm = new Landmarks(g);
    let ends = 0;
    for (const alpha of [0, 12, 64]) {
      const table = lm.table(alpha);
      const s = table.unitsPerMetre;
      const K = lm.count;
      for (let l = 0; l < K; l++) {
        const exact = exactFrom(g, lm.nodes[l], alpha);
        for (let v = 0; v < g.nodeCount; v++) {
          const q = table.values[v * K + l];
          if (exact[v] === Infinity) {
            expect(q).toBe(LANDMARK_UNREACHABLE);
            continue;
          }
          expect(Number.isInteger(q)).toBe(true);
          if (q / s > exact[v] * (1 + 1e-12)) throw new Error(`α=${alpha}: stored ${q / s} > exact ${exact[v]} (node ${v})`);
          // Rounding loses less than a unit per edge: far less than a metre on a city-wide distance.
          if (exact[v] - q / s > 1) throw new Error(`α=${alpha}: stored ${q / s} loses more than 1 m on ${exact[v]}`);
        }
      }
      // Consistency: the ends of an edge differ by at most its cost (what the bidirectional search needs).
      for (let e = 0; e < g.edgeCount; e++) {
        const c = (g.edgeLength[e] + alpha * g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED]) * s;
        for (let l = 0; l < K; l++) {
          const a = table.values[g.edgeFrom[e] * K + l];
          const b2 = table.values[g.edgeTo[e] * K + l];
          if (a === LANDMARK_UNREACHABLE) continue;
          if (Math.abs(a - b2) > c + 1e-6) throw new Error(`α=${alpha}: edge ${e} ends differ by ${Math.abs(a - b2)} > ${c}`);
          ends++;
        }
      }
    }
    expect(ends).toBeGreaterThan(3 * 8 * 30_000);
  }, 120_000);

  it('every tier bound is admissible: ≤ the exact distance, for every node and 12 targets per tier', () => {
    const g = toulouseWithSyntheticExposure();
    const lm = new Landmarks(g);
    lm.prepareAll();
    expect(lm.count).toBe(8);
    const rnd = seededRandom(77);
    let checked = 0;
    let tight = 0;
    for (const alpha of LANDMARK_ALPHAS) {
      const table = lm.table(alpha);
      expect(table.values).toBeInstanceOf(Uint32Array);
      for (let i = 0; i < 12; i++) {
        let t = -1;
        while (t < 0) {
          const n = Math.floor(rnd() * g.nodeCount);
          if (g.component[n] === 0) t = n;
        }
        const exact = exactFrom(g, t, alpha); // undirected: d(t, v) = d(v, t)
        const target = Array.from({ length: lm.count }, (_, l) => table.values[t * lm.count + l]);
        for (let v = 0; v < g.nodeCount; v++) {
          if (g.component[v] !== 0) continue;
          const b = boundMetres(table, lm.count, v, target);
          if (b > exact[v] + 1e-9 * Math.max(1, exact[v])) {
            throw new Error(`α=${alpha}: bound ${b} > exact ${exact[v]} (node ${v}, target ${t})`);
          }
          if (b > 0.5 * exact[v]) tight++;
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(6 * 12 * 30_000);
    // Not vacuous: the bound is a real one, above half the distance for most nodes.
    expect(tight / checked).toBeGreaterThan(0.5);
  }, 120_000);

  it('halves the tables: 8 landmarks × 4 bytes per node per tier', () => {
    const g = toulouseWithSyntheticExposure();
    const lm = new Landmarks(g);
    lm.prepareAll();
    expect(lm.byteLength).toBe(LANDMARK_ALPHAS.length * g.nodeCount * 8 * 4 + 8 * 4);
  });
});
