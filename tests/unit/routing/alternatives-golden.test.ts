import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LonLat } from '../../../lib/geo/index.ts';
import type { Route } from '../../../lib/routing/describe.ts';
import { Router, type RouteSuccess } from '../../../lib/routing/router.ts';
import { seededRandom, toulouseWithSyntheticExposure } from './fixtures.ts';

/**
 * Correctness guard for routing speed work: the three alternatives of 1,000 requests on the real Toulouse
 * graph (synthetic exposure, fixtures.ts) must stay exactly the routes the router gave before the work
 * started. The committed file holds one short hash per request (no data): the polyline of each
 * alternative (to 1e-7°), its length, weighted exposure and cost (to the millimetre) and `sameAs`. The
 * polyline, not the edge ids: between two ways of exactly the same cost (to the last bit) that draw the
 * same line — a zero-length stretch at a snapped end — the choice is arbitrary and not a different route.
 * For the same reason a point repeating the one before it (that zero-length stretch) is left out: a start
 * or end snapped exactly onto a node lies on every edge meeting there, and which of them the snap returns
 * depends on the edges' numbering (packWalkGraph's Hilbert order, issue #14), not on the route. The file
 * was regenerated with this rule from the routes of main at 73f9e76 (before the renumbering), then checked
 * unchanged after it.
 *
 * Regenerate ONLY when a change of routes is intended: UPDATE_ROUTE_GOLDEN=1 npx vitest run <this file>.
 */
const GOLDEN = new URL('./golden/alternatives-1000.txt', import.meta.url);

function routeFingerprint(r: Route): string {
  const points = r.coordinates.map(([lon, lat]) => `${lon.toFixed(7)},${lat.toFixed(7)}`);
  const line = points.filter((p, k) => k === 0 || p !== points[k - 1]).join(' ');
  return `${line}|${r.length.toFixed(3)}|${r.exposure.weighted.toFixed(3)}|${r.cost.toFixed(3)}|${r.sameAs ?? '-'}`;
}

function requestHash(res: RouteSuccess): string {
  const h = createHash('sha256');
  for (const name of ['shortest', 'balanced', 'discreet'] as const) h.update(`${name}=${routeFingerprint(res[name])}\n`);
  return h.digest('hex').slice(0, 16);
}

describe('three alternatives unchanged on 1,000 Toulouse requests', () => {
  it('every request gives the recorded routes', () => {
    const g = toulouseWithSyntheticExposure();
    const router = new Router(g);
    const rnd = seededRandom(14_2026);
    const b = g.bbox;
    const point = (): LonLat => [b.west + rnd() * (b.east - b.west), b.south + rnd() * (b.north - b.south)];
    // Mostly the default request; every fourth one with another α or detour cap, so hull walks and the
    // in-between tiers are exercised too.
    const alphas = [undefined, 0.5, 7, 20, 100];
    const detours = [undefined, 0.05, 0.15, 0.6];
    const lines: string[] = [];
    let attempts = 0;
    while (lines.length < 1000) {
      attempts++;
      const i = lines.length;
      const odd = i % 4 === 3;
      const res = router.route({
        from: point(),
        to: point(),
        alpha: odd ? alphas[(i >> 2) % alphas.length] : undefined,
        maxDetour: odd ? detours[(i >> 3) % detours.length] : undefined,
      });
      if (!res.ok) continue; // off the streets: draw again (deterministic)
      lines.push(`${i} ${requestHash(res)}`);
    }
    expect(attempts).toBeLessThan(3000);
    const text = lines.join('\n') + '\n';
    if (process.env.UPDATE_ROUTE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(existsSync(GOLDEN), 'golden file missing: generate it from a known-good commit').toBe(true);
    const want = readFileSync(GOLDEN, 'utf8').trim().split('\n');
    const got = text.trim().split('\n');
    const differing = got.filter((line, k) => line !== want[k]);
    expect(want.length).toBe(1000);
    expect(differing.length, `${differing.length} requests differ, first ${differing.slice(0, 5).join(', ')}`).toBe(0);
  }, 120_000);
});
