/**
 * Route cards show the trade (issue 12): the figure on each card is the exposure the router minimised,
 * and "no quieter route" is said exactly when the three routes' figures tie. Real Toulouse graph and
 * cameras; random central pairs with a fixed seed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PlanningEngine } from '../../../lib/planner/engine.ts';
import { routeTrades } from '../../../lib/planner/trade.ts';
import { ALTERNATIVES } from '../../../lib/routing/output.ts';
import type { RouteSuccess } from '../../../lib/routing/router.ts';
import { bundledCameras, toulouseGraphBytes } from './fixture.ts';

let engine: PlanningEngine;
beforeAll(() => {
  engine = PlanningEngine.fromBytes(toulouseGraphBytes(), bundledCameras(), { now: () => new Date('2026-06-01T10:00:00Z') });
});

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function plan(from: [number, number], to: [number, number], maxDetour = 0.3): RouteSuccess {
  const r = engine.route({ from, to, alpha: 2, maxDetour });
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe('routeTrades on real routes', () => {
  it('each card’s figure is the exposure term of the cost the router minimised (cost = length + α × figure)', () => {
    const rand = mulberry32(20261129);
    let checked = 0;
    let ties = 0;
    let gains = 0;
    for (let i = 0; i < 80; i++) {
      const from: [number, number] = [1.425 + rand() * 0.035, 43.59 + rand() * 0.025];
      const to: [number, number] = [1.425 + rand() * 0.035, 43.59 + rand() * 0.025];
      const r = engine.route({ from, to, alpha: 2, maxDetour: [0, 0.1, 0.3][i % 3] });
      if (!r.ok) continue;
      checked++;
      const { trades, noQuieterRoute } = routeTrades(r);
      for (const name of ALTERNATIVES) {
        const route = r[name];
        expect(trades[name].weighted).toBe(Math.round(route.exposure.weighted));
        // What the search minimised for this route's α: its cost minus its length, per unit of α.
        if (route.alpha > 0) expect(Math.abs((route.cost - route.length) / route.alpha - route.exposure.weighted)).toBeLessThan(0.05);
        expect(trades[name].lengthChange).toBe(Math.round(route.length) - Math.round(r.shortest.length));
      }
      // Pareto order: the discreet figure is never above the shortest's.
      expect(trades.discreet.weighted).toBeLessThanOrEqual(trades.shortest.weighted);
      expect(trades.discreet.weightedChange).toBe(trades.discreet.weighted - trades.shortest.weighted);
      // The sentence exactly when the three displayed figures are equal.
      const figures = ALTERNATIVES.map((n) => Math.round(r[n].exposure.weighted));
      expect(noQuieterRoute).toBe(figures[0] === figures[1] && figures[1] === figures[2]);
      if (noQuieterRoute) ties++;
      else gains++;
    }
    expect(checked).toBeGreaterThan(60);
    // Both cases occur on real data (a detour cap of 0 % forces ties).
    expect(ties).toBeGreaterThan(0);
    expect(gains).toBeGreaterThan(0);
  });

  it('Jean-Jaurès → Saint-Cyprien: the discreet route is more seen in % but less by the minimised figure', () => {
    const r = plan([1.449, 43.6057], [1.4316, 43.5978]);
    const { trades, noQuieterRoute } = routeTrades(r);
    expect(noQuieterRoute).toBe(false);
    expect(trades.discreet.weightedChange).toBeLessThan(0);
    expect(trades.discreet.lengthChange).toBeGreaterThan(0);
    expect(trades.discreet.identificationChange).toBeLessThan(0);
  });

  it('a 0 % detour cap leaves only the shortest route: the three figures tie and the sentence is due', () => {
    const r = plan([1.449, 43.6057], [1.4316, 43.5978], 0);
    const t = routeTrades(r);
    expect(t.noQuieterRoute).toBe(true);
    expect(t.trades.discreet.weightedChange).toBe(0);
  });

  it('decides on the displayed (rounded) figures', () => {
    const mk = (w: number, l = 100) => ({ length: l, exposure: { identification: 0, weighted: w } });
    expect(routeTrades({ shortest: mk(10.4), balanced: mk(10.2), discreet: mk(9.6) }).noQuieterRoute).toBe(true);
    expect(routeTrades({ shortest: mk(10.4), balanced: mk(10.2), discreet: mk(9.4) }).noQuieterRoute).toBe(false);
  });
});
