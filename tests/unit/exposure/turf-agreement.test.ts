/** The analytic engine agrees with the straightforward turf baseline (polygons + point-in-polygon sampling). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CameraKind } from '../../../lib/cameras/types.ts';
import { createExposureScorer } from '../../../lib/exposure/index.ts';
import { createTurfBaseline } from '../../../lib/exposure/turf-baseline.ts';
import { camera, flat, line } from './helpers.ts';

const coord = fc.double({ min: -120, max: 120, noNaN: true });

describe('analytic engine vs turf baseline', () => {
  it('agrees within 0.5 m per tier on random cameras and paths', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: coord,
            y: coord,
            kind: fc.constantFrom<CameraKind>('fixed', 'dome', 'alpr'),
            dir: fc.option(fc.integer({ min: 0, max: 359 }), { nil: undefined }),
            fov: fc.option(fc.integer({ min: 20, max: 300 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.tuple(coord, coord), { minLength: 2, maxLength: 4 }),
        (specs, pts) => {
          const cams = specs.map((s, i) =>
            camera(`c${i}`, s.x, s.y, s.kind, { directions: s.dir === undefined ? [] : [s.dir], fov: s.fov }),
          );
          const [lons, lats] = flat(line(...pts));
          const a = createExposureScorer(cams).scoreTiers(lons, lats);
          const b = createTurfBaseline(cams, { steps: 256, sampleStepM: 0.2 }).score(lons, lats);
          for (let k = 0; k < 4; k++) expect(Math.abs(a[k] - b[k]), `slot ${k}`).toBeLessThan(0.5);
        },
      ),
      { numRuns: 40 },
    );
  });
});
