import { describe, expect, it } from 'vitest';
import { LANDMARK_ALPHAS, LANDMARK_CHOICE_ALPHA, Landmarks } from '../../../lib/routing/landmarks.ts';
import { Router } from '../../../lib/routing/router.ts';
import { parseMapgr } from '../../../lib/network/mapgr.ts';
import { walkGraphFromMapgr } from '../../../lib/network/walk-graph.ts';
import { readData, toulouseWithSyntheticExposure } from './fixtures.ts';

const bytes = (a: Uint16Array | Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('the landmark choice keeps its tier (keepChoiceTier)', () => {
  it('chooses the same landmarks and keeps, byte for byte, the table a fresh build of that tier gives', () => {
    const g = toulouseWithSyntheticExposure();
    const plain = new Landmarks(g);
    const kept = new Landmarks(g, undefined, undefined, { keepChoiceTier: true });
    expect([...kept.nodes]).toEqual([...plain.nodes]);
    expect(plain.export().tables.map((t) => t.tier)).toEqual([0]);
    expect(
      kept
        .export()
        .tables.map((t) => t.tier)
        .sort((a, b) => a - b),
    ).toEqual([0, LANDMARK_CHOICE_ALPHA]);
    expect(kept.tierBuilds).toBe(plain.tierBuilds);
    const fresh = plain.table(LANDMARK_CHOICE_ALPHA);
    const byProduct = kept.table(LANDMARK_CHOICE_ALPHA); // already there: nothing is built
    expect(kept.tierBuilds).toBe(plain.tierBuilds - 1);
    expect(byProduct.unitsPerMetre).toBe(fresh.unitsPerMetre);
    expect(byProduct.values.length).toBe(fresh.values.length);
    expect(bytes(byProduct.values).equals(bytes(fresh.values))).toBe(true);
    expect(bytes(kept.table(0).values).equals(bytes(plain.table(0).values))).toBe(true);
    // The idle builds skip it: five tiers left, not six.
    let built = 0;
    while (kept.deferMissingTiers() > 0 && kept.prepareNext() !== null) built++;
    expect(built).toBe(LANDMARK_ALPHAS.length - 2);
  });

  it('drops the rows when the tier needs a coarser unit than the finest, and builds that tier as before', () => {
    // A graph of its own (the shared fixture stays untouched), every edge stretched: α = 2 distances ×
    // 1024 units no longer fit 32 bits.
    const g = walkGraphFromMapgr(parseMapgr(readData('toulouse/toulouse.mapgr')));
    for (let e = 0; e < g.edgeCount; e++) g.edgeLength[e] *= 5000;
    const kept = new Landmarks(g, undefined, undefined, { keepChoiceTier: true });
    expect(kept.export().tables.map((t) => t.tier)).toEqual([0]);
    const table = kept.table(LANDMARK_CHOICE_ALPHA);
    expect(table.unitsPerMetre).toBeLessThan(1024);
    const plain = new Landmarks(g);
    expect([...kept.nodes]).toEqual([...plain.nodes]);
    expect(bytes(plain.table(LANDMARK_CHOICE_ALPHA).values).equals(bytes(table.values))).toBe(true);
  });

  it("serves the α = 2 tier at once in an 'idle' router, with the same routes as an eager one", () => {
    const g = toulouseWithSyntheticExposure();
    const idle = new Router(g, { prepareLandmarks: 'idle', keepLandmarkChoiceTier: true });
    const eager = new Router(g, { prepareLandmarks: true });
    const lm = idle.search.landmarks!;
    expect(lm.tableForQuery(LANDMARK_CHOICE_ALPHA)).not.toBeNull();
    expect(lm.tableForQuery(4)).toBeNull(); // deferred
    const from: [number, number] = [1.444, 43.6045];
    const to: [number, number] = [1.4335, 43.5985];
    for (const alpha of [0, 1, 2, 3, 10]) {
      const a = idle.route({ from, to, alpha });
      const b = eager.route({ from, to, alpha });
      if (!a.ok || !b.ok) throw new Error('no route');
      for (const name of ['shortest', 'balanced', 'discreet'] as const) expect(a[name].cost).toBeCloseTo(b[name].cost, 6);
    }
    expect(lm.tierBuilds).toBe(1);
  });
});
