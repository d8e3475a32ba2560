import { area, booleanPointInPolygon, point } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { coveragePolygons } from '../../../lib/exposure/coverage-polygons.ts';
import { buildingIndexFromFootprints } from '../../../lib/exposure/index.ts';
import { at, camera } from './helpers.ts';

describe('coveragePolygons', () => {
  it('draws a disc per tier for a dome, outermost first, with the tier radii', () => {
    const fc = coveragePolygons([camera('d', 0, 0, 'dome')], { steps: 128 });
    expect(fc.features.map((f) => [f.properties.tier, f.properties.radius])).toEqual([
      ['observation', 100],
      ['recognition', 50],
      ['identification', 25],
    ]);
    // Area of a 128-gon inscribed in a 100 m circle ≈ π·100² within 0.1 %.
    expect(area(fc.features[0]) / (Math.PI * 100 * 100)).toBeCloseTo(1, 2);
  });

  it('draws a sector for a fixed camera with a direction', () => {
    const fc = coveragePolygons([camera('f', 0, 0, 'fixed', { directions: [90] })], { tiers: ['observation'] });
    expect(fc.features).toHaveLength(1);
    const poly = fc.features[0];
    expect(booleanPointInPolygon(point(at(40, 0)), poly)).toBe(true);
    expect(booleanPointInPolygon(point(at(-40, 0)), poly)).toBe(false);
    expect(booleanPointInPolygon(point(at(0, 40)), poly)).toBe(false);
    expect(area(poly) / ((Math.PI * 3600 * 85) / 360)).toBeCloseTo(1, 1);
  });

  it('unions the sectors of a camera with several directions', () => {
    const fc = coveragePolygons([camera('f', 0, 0, 'fixed', { directions: [0, 180], fov: 60 })], { tiers: ['identification'] });
    expect(fc.features[0].geometry.type).toBe('MultiPolygon');
    expect(booleanPointInPolygon(point(at(0, 10)), fc.features[0])).toBe(true);
    expect(booleanPointInPolygon(point(at(0, -10)), fc.features[0])).toBe(true);
    expect(booleanPointInPolygon(point(at(10, 0)), fc.features[0])).toBe(false);
  });

  it('cuts out buildings and their shadows', () => {
    const b = buildingIndexFromFootprints([[at(-5, 10), at(5, 10), at(5, 20), at(-5, 20), at(-5, 10)]]);
    const fc = coveragePolygons([camera('d', 0, 0, 'dome')], { buildings: b, tiers: ['observation'] });
    const poly = fc.features[0];
    expect(poly.properties.occluded).toBe(true);
    expect(booleanPointInPolygon(point(at(0, 15)), poly)).toBe(false); // inside the building
    expect(booleanPointInPolygon(point(at(0, 60)), poly)).toBe(false); // in its shadow
    expect(booleanPointInPolygon(point(at(12, 60)), poly)).toBe(false); // shadow widens with distance
    expect(booleanPointInPolygon(point(at(40, 60)), poly)).toBe(true);
    expect(booleanPointInPolygon(point(at(0, -60)), poly)).toBe(true);
  });

  it('filters by bbox, expiry and vehicle kinds', () => {
    const cams = [
      camera('in', 0, 0, 'dome'),
      camera('out', 5000, 0, 'dome'),
      camera('expired', 0, 0, 'dome', { expires: '2020-01-01T00:00:00Z' }),
      camera('alpr', 0, 0, 'alpr'),
    ];
    const [w, s] = at(-100, -100);
    const [e, n] = at(100, 100);
    const ids = (opts: Parameters<typeof coveragePolygons>[1]) => [
      ...new Set(coveragePolygons(cams, opts).features.map((f) => f.properties.camera)),
    ];
    expect(ids({ bbox: { west: w, south: s, east: e, north: n } })).toEqual(['in', 'alpr']);
    expect(ids({ bbox: { west: w, south: s, east: e, north: n }, includeVehicleCameras: false })).toEqual(['in']);
  });
});
