import { describe, expect, it } from 'vitest';
import { buildCameraSet, passesFilters } from '../../../../components/overlay/camera-set.ts';
import { DEFAULT_SETTINGS } from '../../../../lib/settings.ts';
import { camera, toulouseCameras } from './fixtures.ts';

const filters = DEFAULT_SETTINGS.filters;

describe('camera set', () => {
  it('keeps every real Toulouse camera with default filters, in flat arrays', () => {
    const all = toulouseCameras();
    expect(all.length).toBeGreaterThan(2200);
    const set = buildCameraSet(all, filters);
    expect(set.cameras.length).toBe(all.length);
    expect(set.lons[0]).toBe(all[0].lon);
    expect(set.xy.length).toBe(2 * all.length);
    // Domes are discs; speed cameras and ALPR are vehicle cameras.
    const dome = set.cameras.findIndex((c) => c.kind === 'dome');
    expect(set.coverage[dome].sectors).toBe('disc');
    const speed = set.cameras.findIndex((c) => c.kind === 'speed');
    expect(set.vehicle[speed]).toBe(1);
  });

  it('applies kind and operator filters; unknown operators follow public', () => {
    const noDomes = { ...filters, kinds: { ...filters.kinds, dome: false } };
    const set = buildCameraSet(toulouseCameras(), noDomes);
    expect(set.cameras.some((c) => c.kind === 'dome')).toBe(false);
    expect(set.cameras.length).toBe(toulouseCameras().filter((c) => c.kind !== 'dome').length);
    const noPublic = { ...filters, publicCameras: false };
    expect(passesFilters(camera({ operatorType: 'unknown' }), noPublic)).toBe(false);
    expect(passesFilters(camera({ operatorType: 'private' }), noPublic)).toBe(true);
    expect(passesFilters(camera({ operatorType: 'private' }), { ...filters, privateCameras: false })).toBe(false);
  });

  it('drops expired temporary cameras and unusable positions', () => {
    const now = new Date('2026-11-28T00:00:00Z');
    const set = buildCameraSet(
      [
        camera({ id: 'a', expires: '2026-11-01T00:00:00Z' }),
        camera({ id: 'b', expires: '2026-12-01T00:00:00Z' }),
        camera({ id: 'c', lon: NaN }),
      ],
      filters,
      now,
    );
    expect(set.cameras.map((c) => c.id)).toEqual(['b']);
  });
});
