import { describe, expect, it } from 'vitest';
import { DEFAULT_COVERAGE, coverageOf, maxCoverageRadius, resolveCoverageConfig } from '../../../lib/cameras/coverage.ts';
import { camera } from '../exposure/helpers.ts';

describe('coverageOf', () => {
  it('gives a fixed camera with a direction one 85° sector and the fixed radii', () => {
    const c = coverageOf(camera('f', 0, 0, 'fixed', { directions: [90] }));
    expect(c.sectors).toEqual([{ centre: 90, width: 85 }]);
    expect(c.radii).toEqual([15, 30, 60]);
    expect(c.weight).toBe(1);
  });

  it('treats domes and PTZ as discs even with a tagged direction (operators turn them 360°)', () => {
    expect(coverageOf(camera('d', 0, 0, 'dome', { directions: [240] })).sectors).toBe('disc');
    expect(coverageOf(camera('p', 0, 0, 'ptz', { directions: [10] })).sectors).toBe('disc');
    expect(coverageOf(camera('d', 0, 0, 'dome')).radii).toEqual([25, 50, 100]);
  });

  it('treats a fixed camera of unknown direction as a disc', () => {
    expect(coverageOf(camera('f', 0, 0, 'fixed')).sectors).toBe('disc');
    expect(coverageOf(camera('u', 0, 0, 'unknown')).sectors).toBe('disc');
  });

  it('uses a tagged field of view and one sector per direction', () => {
    const c = coverageOf(camera('f', 0, 0, 'fixed', { directions: [0, 180], fov: 60 }));
    expect(c.sectors).toEqual([
      { centre: 0, width: 60 },
      { centre: 180, width: 60 },
    ]);
    expect(coverageOf(camera('f', 0, 0, 'fixed', { directions: [0], fov: 360 })).sectors).toBe('disc');
  });

  it('turns directions whose sectors close the circle into a disc', () => {
    const c = coverageOf(camera('f', 0, 0, 'fixed', { directions: [0, 90, 180, 270], fov: 90 }));
    expect(c.sectors).toBe('disc');
    const gap = coverageOf(camera('f', 0, 0, 'fixed', { directions: [0, 90, 180, 270], fov: 80 }));
    expect(gap.sectors).not.toBe('disc');
  });

  it('scales radii with a tagged mount height, clamped', () => {
    expect(coverageOf(camera('f', 0, 0, 'fixed', { height: 10 })).radii).toEqual([30, 60, 120]);
    expect(coverageOf(camera('f', 0, 0, 'fixed', { height: 2.5 })).radii).toEqual([7.5, 15, 30]);
    expect(coverageOf(camera('f', 0, 0, 'fixed', { height: 500 })).radii).toEqual([30, 60, 120]);
    expect(coverageOf(camera('f', 0, 0, 'fixed', { height: -3 })).radii).toEqual([15, 30, 60]);
  });

  it('gives vehicle cameras the vehicle weight and a narrow sector', () => {
    const a = coverageOf(camera('a', 0, 0, 'alpr', { directions: [45] }));
    expect(a.weight).toBe(DEFAULT_COVERAGE.vehicleCameraWeight);
    expect(a.radii[2]).toBe(75); // FlockHopper's ALPR range
    expect(a.sectors).toEqual([{ centre: 45, width: 45 }]);
    expect(coverageOf(camera('s', 0, 0, 'speed', { directions: [45] })).weight).toBe(0.3);
  });

  it('normalises directions outside [0, 360)', () => {
    expect(coverageOf(camera('f', 0, 0, 'fixed', { directions: [-90] })).sectors).toEqual([{ centre: 270, width: 85 }]);
  });

  it('keeps DORI ratios: recognition = 2 × identification, observation = 4 ×', () => {
    for (const k of Object.values(DEFAULT_COVERAGE.kinds).filter((k) => !k.vehicle)) {
      expect(k.radii[1]).toBe(2 * k.radii[0]);
      expect(k.radii[2]).toBe(4 * k.radii[0]);
    }
  });
});

describe('resolveCoverageConfig', () => {
  it('merges per-kind overrides over the defaults', () => {
    const c = resolveCoverageConfig({ kinds: { fixed: { radii: [10, 20, 40] } }, vehicleCameraWeight: 0 });
    expect(c.kinds.fixed.radii).toEqual([10, 20, 40]);
    expect(c.kinds.fixed.fov).toBe(85);
    expect(c.kinds.dome).toEqual(DEFAULT_COVERAGE.kinds.dome);
    expect(c.vehicleCameraWeight).toBe(0);
    expect(maxCoverageRadius(c)).toBe(200);
  });

  it('rejects values that would break the model', () => {
    expect(() => resolveCoverageConfig({ kinds: { fixed: { radii: [30, 20, 40] } } })).toThrow(/non-decreasing/);
    expect(() => resolveCoverageConfig({ tierWeights: [1, -1, 0] })).toThrow(/tierWeights/);
    expect(() => resolveCoverageConfig({ vehicleCameraWeight: 2 })).toThrow(/vehicleCameraWeight/);
    expect(() => resolveCoverageConfig({ kinds: { fixed: { fov: 0 } } })).toThrow(/fov/);
  });
});
