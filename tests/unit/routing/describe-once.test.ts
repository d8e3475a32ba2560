import { describe, expect, it } from 'vitest';
import { createExposureScorer } from '../../../lib/exposure/index.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { Router } from '../../../lib/routing/router.ts';
import { bundledCameras, toulouseGraphBytes } from '../planner/fixture.ts';
import { seededRandom } from './fixtures.ts';

/** A route shared by two alternatives is described once, but each alternative keeps its own α, cost and arrays. */
describe('alternatives that coincide (sameAs)', () => {
  it('reuse the description and the camera list, with their own α and cost, and unshared arrays', () => {
    const graph = decodeWalkGraph(toulouseGraphBytes());
    const scorer = createExposureScorer(bundledCameras());
    let profiles = 0;
    const router = new Router(graph, { profile: (c) => (profiles++, scorer.profile(c)) });
    const rnd = seededRandom(5);
    let found = 0;
    for (let i = 0; i < 400 && found < 3; i++) {
      profiles = 0;
      const res = router.route({
        from: [1.425 + rnd() * 0.035, 43.59 + rnd() * 0.025],
        to: [1.425 + rnd() * 0.035, 43.59 + rnd() * 0.025],
      });
      if (!res.ok || res.balanced.sameAs !== 'shortest') continue;
      found++;
      const { shortest, balanced, discreet } = res;
      expect(balanced.alpha).toBe(2);
      expect(shortest.alpha).toBe(0);
      expect(balanced.cost).toBeCloseTo(balanced.length + 2 * balanced.exposure.weighted, 6);
      expect(shortest.cost).toBeCloseTo(shortest.length, 6);
      expect(balanced.coordinates).toEqual(shortest.coordinates);
      expect(balanced.coordinates).not.toBe(shortest.coordinates);
      expect(balanced.cameras).toEqual(shortest.cameras);
      expect(balanced.cameras).not.toBe(shortest.cameras);
      expect(profiles).toBe(discreet.sameAs ? 1 : 2); // one profile per distinct route
    }
    expect(found).toBeGreaterThan(0);
  });
});
