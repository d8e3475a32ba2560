/**
 * A camera set spanning 10° of latitude (and 20° of longitude) scores every path as a brute-force
 * sight-line sampler does (the turf baseline: every camera's polygon, point-in-polygon every 0.2 m, no
 * index). With one local frame for the whole set, paths far poleward of the set's mean latitude lost
 * cameras that were in reach (the frame's east–west scale was too large there).
 */
import { describe, expect, it } from 'vitest';
import type { Camera, CameraKind } from '../../../lib/cameras/types.ts';
import { LocalFrame } from '../../../lib/geo/index.ts';
import { createExposureScorer } from '../../../lib/exposure/index.ts';
import { coverageOf } from '../../../lib/cameras/coverage.ts';
import { createTurfBaseline } from '../../../lib/exposure/turf-baseline.ts';

/** Deterministic pseudo-random numbers (no Math.random in tests). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('far-apart datasets', () => {
  it('a set spanning 10° of latitude agrees with the brute-force sampler on every path', () => {
    const r = rng(20261129);
    const cameras: Camera[] = [];
    const paths: Array<[Float64Array, Float64Array]> = [];
    const kinds: CameraKind[] = ['fixed', 'dome', 'alpr'];
    // 11 sites from 40° N to 50° N, 2° of longitude apart; 4 cameras and 2 paths per site.
    for (let k = 0; k <= 10; k++) {
      const site = new LocalFrame(-4 + 2 * k, 40 + k);
      for (let c = 0; c < 4; c++) {
        const x = (r() - 0.5) * 120;
        const y = (r() - 0.5) * 120;
        const dir = Math.floor(r() * 360);
        cameras.push({
          id: `c${k}-${c}`,
          sourceId: `c${k}-${c}`,
          source: 'test',
          lon: site.lon(x),
          lat: site.lat(y),
          kind: kinds[c % 3],
          directions: c === 1 ? [] : [dir],
          ...(c === 0 ? { fov: 60 + Math.floor(r() * 120) } : {}),
          surveillance: 'public',
          operatorType: 'public',
          confidence: 1,
        });
      }
      // The hard case: a disc camera with the set's widest reach and a north–south path at 96 % of that
      // reach to its east, so only the camera's edge of coverage touches the path.
      const disc: Camera = {
        id: `d${k}`,
        sourceId: `d${k}`,
        source: 'test',
        lon: site.lon(300),
        lat: site.lat(300),
        kind: 'dome',
        directions: [],
        surveillance: 'public',
        operatorType: 'public',
        confidence: 1,
      };
      cameras.push(disc);
      const reach = coverageOf(disc).radii[2];
      paths.push([
        Float64Array.from([site.lon(300 + 0.96 * reach), site.lon(300 + 0.96 * reach)]),
        Float64Array.from([site.lat(200), site.lat(400)]),
      ]);
      for (let p = 0; p < 2; p++) {
        const pts = [0, 1, 2].map(() => [(r() - 0.5) * 160, (r() - 0.5) * 160] as const);
        paths.push([Float64Array.from(pts, ([x]) => site.lon(x)), Float64Array.from(pts, ([, y]) => site.lat(y))]);
      }
    }
    const scorer = createExposureScorer(cameras);
    const baseline = createTurfBaseline(cameras, { steps: 256, sampleStepM: 0.2 });
    let seen = 0;
    paths.forEach(([lons, lats], i) => {
      const a = scorer.scoreTiers(lons, lats);
      const b = baseline.score(lons, lats);
      for (let t = 0; t < 4; t++)
        expect(Math.abs(a[t] - b[t]), `path ${i} (lat ${lats[0].toFixed(1)}), slot ${t}: ${a[t]} vs ${b[t]}`).toBeLessThan(0.5);
      seen += b[0] + b[1] + b[2];
    });
    // The paths do pass through coverage (the comparison is not of zeros).
    expect(seen).toBeGreaterThan(500);
  });
});
