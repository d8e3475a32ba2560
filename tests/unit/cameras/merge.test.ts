import { describe, expect, it } from 'vitest';
import { DEFAULT_MERGE_RADIUS_M, kindsCompatible, mergeSources } from '../../../lib/cameras/merge.ts';
import type { Camera, CameraKind } from '../../../lib/cameras/types.ts';
import { LocalFrame } from '../../../lib/geo/index.ts';
import { readSousSurveillance } from '../../../lib/sources/sous-surveillance.ts';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import { OSM_CAMERAS, sharedFile, SURVEY } from '../../shared-data.ts';

const frame = new LocalFrame(1.444, 43.6);

/** A camera `x` metres east and `y` metres north of the frame origin. */
function cam(source: string, id: string, kind: CameraKind, x: number, y: number, extra: Partial<Camera> = {}): Camera {
  return {
    id: `${source}:${id}`,
    lon: frame.lon(x),
    lat: frame.lat(y),
    kind,
    directions: [],
    surveillance: 'unknown',
    operatorType: 'unknown',
    source,
    sourceId: id,
    confidence: source === 'osm' ? 0.9 : 0.5,
    ...extra,
  };
}

describe('kindsCompatible', () => {
  it.each([
    ['fixed', 'fixed', true],
    ['dome', 'ptz', true],
    ['unknown', 'alpr', true],
    ['fixed', 'dome', false],
    ['speed', 'fixed', false],
    ['alpr', 'speed', false],
    ['alpr', 'alpr', true],
  ] as const)('%s ~ %s = %s', (a, b, expected) => {
    expect(kindsCompatible(a, b)).toBe(expected);
    expect(kindsCompatible(b, a)).toBe(expected);
  });
});

describe('mergeSources (synthetic)', () => {
  it('enriches the nearest compatible OSM camera, one to one, and keeps the rest', () => {
    const osm = [
      cam('osm', 'node/1', 'fixed', 0, 0),
      cam('osm', 'node/2', 'dome', 40, 0),
      cam('osm', 'node/3', 'speed', 80, 0),
      cam('osm', 'node/4', 'fixed', 120, 0, { directions: [10], fov: 50 }),
    ];
    const survey = [
      cam('ss', '1', 'fixed', 3, 4, { directions: [90], fov: 70, zone: 'bank', operator: 'Banque', operatorType: 'private' }), // 5 m from node/1
      cam('ss', '2', 'fixed', 0, 10, { directions: [180] }), // node/1 is taken by the closer survey camera
      cam('ss', '3', 'fixed', 80, 5, { directions: [270] }), // near a speed camera only
      cam('ss', '4', 'dome', 40, 14.9, { directions: [45] }), // just inside the radius
      cam('ss', '5', 'fixed', 120, 2, { directions: [200], fov: 90 }), // OSM camera already has both
      cam('ss', '6', 'fixed', 300, 0),
    ];
    const { cameras, report } = mergeSources(osm, survey);
    expect(report.radiusMetres).toBe(DEFAULT_MERGE_RADIUS_M);
    expect(report.matched).toEqual([
      { surveyId: 'ss:1', osmId: 'osm:node/1', distanceMetres: 5, fields: ['directions', 'fov', 'zone', 'operator', 'operatorType'] },
      { surveyId: 'ss:4', osmId: 'osm:node/2', distanceMetres: 14.9, fields: ['directions'] },
      { surveyId: 'ss:5', osmId: 'osm:node/4', distanceMetres: 2, fields: [] },
    ]);
    expect(report.kept.map((k) => k.surveyId)).toEqual(['ss:2', 'ss:3', 'ss:6']);
    expect(report.kept[0].reason).toMatch(/matched to a closer survey camera \(nearest: osm:node\/1 at 10 m\)/);
    expect(report.kept[1].reason).toMatch(/no compatible OSM camera within 15 m \(nearest: osm:node\/3, a speed camera, at 5 m\)/);
    expect(report.kept[2].reason).toBe('no OSM camera within 15 m');

    const byId = Object.fromEntries(cameras.map((c) => [c.id, c]));
    expect(cameras).toHaveLength(4 + 3);
    expect(byId['osm:node/1']).toMatchObject({
      directions: [90],
      fov: 70,
      zone: 'bank',
      confidence: 0.9,
      lon: osm[0].lon,
      lat: osm[0].lat,
      enrichedFrom: { source: 'ss', sourceId: '1', fields: ['directions', 'fov', 'zone', 'operator', 'operatorType'] },
    });
    expect(byId['osm:node/4']).toMatchObject({ directions: [10], fov: 50 });
    expect(byId['osm:node/4'].enrichedFrom).toBeUndefined();
    expect(byId['ss:2']).toMatchObject({ source: 'ss', confidence: 0.5, directions: [180] });
    // Inputs are not mutated.
    expect(osm[0].directions).toEqual([]);
    expect(osm[0].enrichedFrom).toBeUndefined();
  });

  it('drops exact duplicates but not co-located cameras that differ', () => {
    const osm = [
      cam('osm', 'node/1', 'fixed', 0, 0),
      cam('osm', 'node/2', 'fixed', 0.2, 0.2), // same position at 5 decimals (≈ 1 m)
      cam('osm', 'node/3', 'dome', 0, 0), // other kind
      cam('osm', 'node/4', 'fixed', 0, 0, { directions: [90] }), // other direction
    ];
    const { cameras, report } = mergeSources(osm, []);
    expect(cameras.map((c) => c.id)).toEqual(['osm:node/1', 'osm:node/3', 'osm:node/4']);
    expect(report.dropped).toEqual([
      { id: 'osm:node/2', duplicateOf: 'osm:node/1', reason: expect.stringMatching(/same position at 5 decimals, same kind \(fixed\)/) },
    ]);
  });

  it('respects a custom radius', () => {
    const osm = [cam('osm', 'node/1', 'fixed', 0, 0)];
    const survey = [cam('ss', '1', 'fixed', 0, 10, { directions: [1] })];
    expect(mergeSources(osm, survey, { radiusMetres: 5 }).report.matched).toEqual([]);
    expect(mergeSources(osm, survey, { radiusMetres: 11 }).report.matched).toHaveLength(1);
  });
});

describe('mergeSources on the real Toulouse files', () => {
  const osm = readToulouseMin(sharedFile(OSM_CAMERAS)).cameras;
  const survey = readSousSurveillance(sharedFile(SURVEY), { city: 'toulouse' }).cameras;
  const { cameras, report } = mergeSources(osm, survey);

  it('matches 23 survey cameras, keeps 16, drops 28 exact duplicates', () => {
    expect(report.matched).toHaveLength(23);
    expect(report.kept).toHaveLength(16);
    expect(report.dropped).toHaveLength(28);
    expect(cameras).toHaveLength(2269 - 28 + 16);
    expect(report.matched.every((m) => m.distanceMetres <= 15)).toBe(true);
    expect(new Set(report.matched.map((m) => m.osmId)).size).toBe(23);
  });

  it('records which survey camera matched which OSM node', () => {
    const pairs = Object.fromEntries(report.matched.map((m) => [m.surveyId, m.osmId]));
    expect(pairs['sous-surveillance:2054']).toBe('osm:node/12657484541'); // 0.1 m apart
    expect(pairs['sous-surveillance:1926']).toBe('osm:node/2569656370');
    expect(pairs['sous-surveillance:1918']).toBe('osm:node/10281325417');
    expect(report.kept.map((k) => k.surveyId).sort()).toEqual(
      ['1612', '1921', '1922', '1929', '1933', '1934', '1935', '1950', '1959', '1960', '1961', '1962', '1963', '2051', '2056', '2059']
        .map((id) => `sous-surveillance:${id}`)
        .sort(),
    );
  });

  it('keeps provenance on every camera', () => {
    const enriched = cameras.filter((c) => c.enrichedFrom);
    expect(enriched).toHaveLength(23);
    expect(cameras.find((c) => c.id === 'osm:node/12657484541')).toMatchObject({
      source: 'osm',
      directions: [273],
      fov: 74,
      enrichedFrom: { source: 'sous-surveillance', sourceId: '2054' },
    });
    const kept = cameras.filter((c) => c.source === 'sous-surveillance');
    expect(kept).toHaveLength(16);
    expect(kept.every((c) => c.confidence === 0.5 && c.sourceDate === '2012-11-15')).toBe(true);
    expect(cameras.every((c) => c.source && c.sourceId && c.id === `${c.source}:${c.sourceId}`)).toBe(true);
  });
});
