import { describe, expect, it } from 'vitest';
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED } from '../../../lib/network/walk-graph.ts';
import {
  boundMetres,
  LANDMARK_ALPHAS,
  LANDMARK_MAX_VALUE,
  LANDMARK_UNITS_PER_METRE,
  LANDMARK_UNREACHABLE,
  LANDMARK_WIDE_TIER,
  Landmarks,
} from '../../../lib/routing/landmarks.ts';
import { exactFrom, seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

describe('quantised landmark tables (2 bytes a value, rounded down)', () => {
  it('stores ⌊q / k⌋: never above the exact distance, less than a stored unit below, consistent to a unit', () => {
    const g = toulouseWithSyntheticExposure();
    const lm = new Landmarks(g);
    let ends = 0;
    let overCost = 0;
    for (const alpha of [0, 16, 64]) {
      const table = lm.table(alpha);
      const s = table.unitsPerMetre;
      const K = lm.count;
      // One whole k per tier (1/1024 m units, k of them a stored unit), the smallest that fits 16 bits; the
      // wide tier keeps the exact 1/1024 m units in 32 bits (k = 1).
      const k = LANDMARK_UNITS_PER_METRE / s;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
      const wide = alpha === LANDMARK_WIDE_TIER;
      const unreachable = wide ? 0xffffffff : LANDMARK_UNREACHABLE;
      expect(table.values).toBeInstanceOf(wide ? Uint32Array : Uint16Array);
      let max = 0;
      for (const q of table.values) if (q !== unreachable && q > max) max = q;
      if (wide) expect(k).toBe(1);
      else {
        expect(max).toBeLessThanOrEqual(LANDMARK_MAX_VALUE);
        expect(max).toBeGreaterThan(LANDMARK_MAX_VALUE / 2); // k − 1 would not fit (k > 1 on Toulouse)
      }
      for (let l = 0; l < K; l++) {
        const exact = exactFrom(g, lm.nodes[l], alpha);
        for (let v = 0; v < g.nodeCount; v++) {
          const q = table.values[v * K + l];
          if (exact[v] === Infinity) {
            expect(q).toBe(unreachable);
            continue;
          }
          expect(Number.isInteger(q)).toBe(true);
          if (q / s > exact[v] * (1 + 1e-12)) throw new Error(`α=${alpha}: stored ${q / s} > exact ${exact[v]} (node ${v})`);
          // One stored unit (0.3–1.2 m here) plus less than 1/1024 m per edge of rounding.
          if (exact[v] - q / s > 1 / s + 0.5) throw new Error(`α=${alpha}: stored ${q / s} loses more than a unit on ${exact[v]}`);
        }
      }
      // Consistent to one stored unit: the ends of an edge differ by less than its cost + 1 (the slack the
      // bidirectional search's stopping rule allows for, bidirectional.ts).
      for (let e = 0; e < g.edgeCount; e++) {
        const c = (g.edgeLength[e] + alpha * g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED]) * s;
        for (let l = 0; l < K; l++) {
          const a = table.values[g.edgeFrom[e] * K + l];
          const b2 = table.values[g.edgeTo[e] * K + l];
          if (a === unreachable) continue;
          if (Math.abs(a - b2) >= c + 1) throw new Error(`α=${alpha}: edge ${e} ends differ by ${Math.abs(a - b2)} ≥ ${c} + 1`);
          if (Math.abs(a - b2) > c + 1e-6) {
            // The wide tier's exact whole units of rounded-down costs are consistent.
            if (wide) throw new Error(`α=${alpha}: edge ${e} ends differ by ${Math.abs(a - b2)} > ${c}`);
            overCost++;
          }
          ends++;
        }
      }
    }
    expect(ends).toBeGreaterThan(3 * 8 * 30_000);
    expect(overCost).toBeGreaterThan(0); // not consistent: hence the reopening and the slack
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
      expect(table.values).toBeInstanceOf(alpha === LANDMARK_WIDE_TIER ? Uint32Array : Uint16Array);
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

  it('halves the tables again: 8 landmarks × 2 bytes per node per tier (4 in the wide tier), the build scratch freed', () => {
    const g = toulouseWithSyntheticExposure();
    const lm = new Landmarks(g);
    lm.prepareAll();
    expect(lm.byteLength).toBe((LANDMARK_ALPHAS.length + 1) * g.nodeCount * 8 * 2 + 8 * 4);
  });
});

describe('landmark build memory', () => {
  it('keeps no exact 32-bit table between tier builds: only the stored tables and the Float64 Dijkstra scratch', () => {
    const g = toulouseWithSyntheticExposure();
    const lm = new Landmarks(g, undefined, undefined, { keepChoiceTier: true });
    const stored = () => {
      let n = lm.nodes.byteLength;
      for (const d of lm.export().tables) n += d.values.byteLength;
      return n;
    };
    // After the α = 0 table (and the choice's α = 2 rows, quantised): the tables, plus the scratch of the
    // tiers still to build (one Float64 per node), not 4 bytes per node and landmark of an exact table.
    expect(
      lm
        .export()
        .tables.map((t) => t.tier)
        .sort((a, b) => a - b),
    ).toEqual([0, 2]);
    expect(lm.byteLength).toBe(stored() + g.nodeCount * 8);
    lm.table(16);
    expect(lm.byteLength).toBe(stored() + g.nodeCount * 8);
    lm.prepareAll();
    expect(lm.byteLength).toBe(stored());
  });
});
