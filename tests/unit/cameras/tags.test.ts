import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ASSUMED_LENS_FOV_DEG,
  cameraFromOsmTags,
  cameraKindFromTags,
  parseDirection,
  parseFieldOfView,
  parseHeading,
  parseHeightMetres,
} from '../../../lib/cameras/tags.ts';
import { CAMERA_KINDS } from '../../../lib/cameras/types.ts';

const at = { source: 'osm', sourceId: 'node/1', lon: 1.44, lat: 43.6 };

describe('parseDirection', () => {
  it.each([
    // value, directions, rangeSpan
    ['90', [90], undefined],
    ['90.5', [90.5], undefined],
    ['-30', [330], undefined],
    ['0', [0], undefined],
    ['360', [0], undefined],
    [' 45 ', [45], undefined],
    ['90°', [90], undefined],
    ['N', [0], undefined],
    ['n', [0], undefined],
    ['NNE', [22.5], undefined],
    ['ene', [67.5], undefined],
    ['SE', [135], undefined],
    ['SSW', [202.5], undefined],
    ['WNW', [292.5], undefined],
    ['NW', [315], undefined],
    ['NO', [315], undefined], // French nord-ouest
    ['SO', [225], undefined],
    ['90;270', [90, 270], undefined],
    ['N;S', [0, 180], undefined],
    ['90;90', [90], undefined],
    ['90,270', [90, 270], undefined], // comma slip for ';'
    ['0-90', [45], 90],
    ['90-270', [180], 180],
    ['270-90', [0], 180],
    ['350-10', [0], 20],
    ['E-W', [180], 180],
    ['0-360', [], 360],
    ['0-359', [], 360],
    ['-30-30', [0], 60],
    ['0-90;180', [45, 180], 90],
    ['', [], undefined],
    ['forward', [], undefined],
    ['backward', [], undefined],
    ['400', [], undefined],
    ['NaN', [], undefined],
    ['Infinity', [], undefined],
    ['1e3', [], undefined],
    ['90;foo', [90], undefined],
    ['north', [0], undefined],
    ['constructor', [], undefined],
    ['__proto__', [], undefined],
    [';;;', [], undefined],
  ])('%j → %j', (value, directions, rangeSpan) => {
    const parsed = parseDirection(value);
    expect(parsed.directions).toEqual(directions);
    expect(parsed.rangeSpan).toBe(rangeSpan);
  });

  it('reads undefined as unknown', () => {
    expect(parseDirection(undefined)).toEqual({ directions: [] });
  });

  it('reads a range from a heading to itself as that heading, with no zero-wide range', () => {
    // Found by the property below (counterexample "e-E"): the span was 0 and came back as rangeSpan 0.
    expect(parseDirection('e-E')).toEqual({ directions: [90] });
    expect(parseDirection('90-90')).toEqual({ directions: [90] });
    expect(parseDirection('90-90;180-200')).toEqual({ directions: [90, 190], rangeSpan: 20 });
  });

  it('never throws and always returns headings in [0, 360)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const { directions, rangeSpan } = parseDirection(s);
        for (const d of directions) expect(d >= 0 && d < 360).toBe(true);
        if (rangeSpan !== undefined) expect(rangeSpan > 0 && rangeSpan <= 360).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads every integer heading exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 359 }), (d) => {
        expect(parseHeading(String(d))).toBe(d);
      }),
    );
  });

  it('puts a range middle inside the range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 359 }), fc.integer({ min: 1, max: 358 }), (from, span) => {
        const to = (from + span) % 360;
        const { directions, rangeSpan } = parseDirection(`${from}-${to}`);
        expect(rangeSpan).toBe(span);
        expect(directions).toHaveLength(1);
        const offset = (directions[0] - from + 360) % 360;
        expect(offset).toBeCloseTo(span / 2, 6);
      }),
    );
  });
});

describe('other values', () => {
  it.each([
    ['5', 5],
    ['5 m', 5],
    ['5m', 5],
    ['5.5', 5.5],
    ['5,5 m', 5.5],
    ['10 ft', 3.05],
    ["10'", 3.05],
    ['0', undefined],
    ['-3', undefined],
    ['tall', undefined],
    ['', undefined],
    ['5 km', undefined],
    ['9999', undefined],
  ])('height %j → %j', (value, metres) => {
    expect(parseHeightMetres(value)).toBe(metres);
  });

  it.each([
    ['90', 90],
    ['62.5', 62.5],
    ['360', 360],
    ['0', undefined],
    ['-1', undefined],
    ['400', undefined],
    ['wide', undefined],
  ])('field of view %j → %j', (value, fov) => {
    expect(parseFieldOfView(value)).toBe(fov);
  });

  it('never throws on arbitrary strings for heights and angles', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const h = parseHeightMetres(s);
        const f = parseFieldOfView(s);
        if (h !== undefined) expect(h > 0 && h <= 500).toBe(true);
        if (f !== undefined) expect(f > 0 && f <= 360).toBe(true);
      }),
    );
  });
});

describe('cameraKindFromTags', () => {
  it.each([
    [{ 'camera:type': 'fixed' }, 'fixed'],
    [{ 'camera:type': 'Fixed' }, 'fixed'],
    [{ 'camera:type': 'dome' }, 'dome'],
    [{ 'camera:type': 'panning' }, 'ptz'],
    [{ 'camera:type': 'ptz' }, 'ptz'],
    [{ 'camera:type': 'fisheye' }, 'unknown'],
    [{ 'camera:type': 'constructor' }, 'unknown'],
    [{}, 'unknown'],
    [{ 'surveillance:type': 'ALPR', 'camera:type': 'fixed' }, 'alpr'],
    [{ 'surveillance:type': 'ANPR' }, 'alpr'],
    [{ highway: 'speed_camera' }, 'speed'],
    [{ 'surveillance:type': 'camera', enforcement: 'maxspeed' }, 'speed'],
  ])('%j → %s', (tags, kind) => {
    expect(cameraKindFromTags(tags as Record<string, string>)).toBe(kind);
  });
});

describe('cameraFromOsmTags', () => {
  it('reads a fully tagged camera', () => {
    const camera = cameraFromOsmTags(
      {
        man_made: 'surveillance',
        'surveillance:type': 'camera',
        surveillance: 'public',
        'surveillance:zone': 'Traffic',
        'camera:type': 'fixed',
        'camera:direction': 'NE',
        'camera:angle': '60',
        'camera:mount': 'pole',
        height: '6 m',
        operator: 'Mairie de Toulouse',
        name: 'Place du Capitole',
      },
      { ...at, sourceDate: '2026-06-07' },
    );
    expect(camera).toEqual({
      id: 'osm:node/1',
      lon: 1.44,
      lat: 43.6,
      kind: 'fixed',
      directions: [45],
      fov: 60,
      height: 6,
      mount: 'pole',
      surveillance: 'public',
      zone: 'traffic',
      surveillanceType: 'camera',
      operator: 'Mairie de Toulouse',
      operatorType: 'public',
      name: 'Place du Capitole',
      source: 'osm',
      sourceId: 'node/1',
      sourceDate: '2026-06-07',
      confidence: 0.9,
    });
  });

  it('prefers camera:direction over direction', () => {
    const c = cameraFromOsmTags({ man_made: 'surveillance', 'camera:direction': '10', direction: '200' }, at);
    expect(c?.directions).toEqual([10]);
  });

  it('falls back to direction, and widens the field of view for a range', () => {
    const c = cameraFromOsmTags({ man_made: 'surveillance', direction: '350-10' }, at);
    expect(c?.directions).toEqual([0]);
    expect(c?.fov).toBe(20 + ASSUMED_LENS_FOV_DEG);
    const tagged = cameraFromOsmTags({ man_made: 'surveillance', direction: '0-90', 'camera:angle': '50' }, at);
    expect(tagged?.directions).toEqual([45]);
    expect(tagged?.fov).toBe(140);
    const anywhere = cameraFromOsmTags({ man_made: 'surveillance', direction: '0-360', 'camera:angle': '50' }, at);
    expect(anywhere?.directions).toEqual([]);
    expect(anywhere?.fov).toBe(50);
  });

  it.each([
    [{ man_made: 'surveillance', 'surveillance:type': 'guard' }],
    [{ man_made: 'surveillance', 'surveillance:type': 'Guard' }],
    [{ amenity: 'bench' }],
    [{}],
    [{ highway: 'traffic_signals' }],
  ])('is null for non-cameras: %j', (tags) => {
    expect(cameraFromOsmTags(tags as Record<string, string>, at)).toBeNull();
  });

  it('is null for invalid positions and non-object tags', () => {
    expect(cameraFromOsmTags({ man_made: 'surveillance' }, { ...at, lat: 91 })).toBeNull();
    expect(cameraFromOsmTags({ man_made: 'surveillance' }, { ...at, lon: Number.NaN })).toBeNull();
    expect(cameraFromOsmTags(null, at)).toBeNull();
  });

  it('reads speed cameras and ALPR', () => {
    const speed = cameraFromOsmTags({ highway: 'speed_camera', maxspeed: '50' }, at);
    expect(speed).toMatchObject({ kind: 'speed', surveillanceType: 'speed_camera', directions: [] });
    const alpr = cameraFromOsmTags({ man_made: 'surveillance', 'surveillance:type': 'ALPR', direction: 'S' }, at);
    expect(alpr).toMatchObject({ kind: 'alpr', surveillanceType: 'alpr', directions: [180] });
  });

  it('degrades unknown values to unknown', () => {
    const c = cameraFromOsmTags(
      { man_made: 'surveillance', surveillance: 'constructor', 'camera:type': 'toString', direction: 'toward the bakery', height: 'high' },
      at,
    );
    expect(c).toMatchObject({ kind: 'unknown', surveillance: 'unknown', directions: [], operatorType: 'unknown' });
    expect(c?.height).toBeUndefined();
  });

  it('tells public operators from private ones', () => {
    const op = (operator: string) => cameraFromOsmTags({ man_made: 'surveillance', operator }, at)?.operatorType;
    expect(op('Police municipale')).toBe('public');
    expect(op('Tisséo')).toBe('public');
    expect(op('Crédit Agricole')).toBe('private');
    expect(cameraFromOsmTags({ man_made: 'surveillance', 'operator:type': 'private', operator: 'Ville' }, at)?.operatorType).toBe(
      'private',
    );
  });

  it('never throws on arbitrary tag records and yields a valid camera or null', () => {
    const keys = fc.constantFrom(
      'man_made',
      'surveillance',
      'surveillance:type',
      'surveillance:zone',
      'camera:type',
      'camera:direction',
      'direction',
      'camera:angle',
      'height',
      'camera:height',
      'camera:mount',
      'operator',
      'highway',
      'name',
      '__proto__',
      'constructor',
    );
    const values = fc.oneof(fc.string(), fc.constantFrom('surveillance', 'camera', 'guard', 'ALPR', 'speed_camera', 'dome', 'N-S'));
    fc.assert(
      fc.property(fc.dictionary(keys, values), (tags) => {
        const c = cameraFromOsmTags(tags, at);
        if (c === null) return;
        expect(CAMERA_KINDS).toContain(c.kind);
        for (const d of c.directions) expect(d >= 0 && d < 360).toBe(true);
        if (c.fov !== undefined) expect(c.fov > 0 && c.fov <= 360).toBe(true);
        expect(c.id).toBe('osm:node/1');
      }),
      { numRuns: 2000 },
    );
  });
});
