import { describe, expect, it } from 'vitest';
import { buildingIndexFromFootprints, createExposureScorer, ExposureInputError } from '../../../lib/exposure/index.ts';
import { at, camera, flat, line } from './helpers.ts';

/** Chord length (metres) of a circle of radius r cut by a line at distance d from its centre. */
const chord = (r: number, d: number) => (d < r ? 2 * Math.sqrt(r * r - d * d) : 0);

describe('createExposureScorer — discs', () => {
  it('measures each tier band of a dome exactly (closed-form chords)', () => {
    const s = createExposureScorer([camera('d', 0, 0, 'dome')]);
    const p = s.profile(line([-300, 10], [300, 10]));
    expect(p.length).toBeCloseTo(600, 0);
    expect(p.metres.identification).toBeCloseTo(chord(25, 10), 3);
    expect(p.metres.recognition).toBeCloseTo(chord(50, 10) - chord(25, 10), 3);
    expect(p.metres.observation).toBeCloseTo(chord(100, 10) - chord(50, 10), 3);
    expect(p.unseen).toBeCloseTo(600 - chord(100, 10), 1);
    const w = 1 * chord(25, 10) + 0.5 * (chord(50, 10) - chord(25, 10)) + 0.25 * (chord(100, 10) - chord(50, 10));
    expect(p.weighted).toBeCloseTo(w, 3);
    expect(p.density).toBeCloseTo(w / p.length, 6);
    expect(p.cameras.map((c) => c.id)).toEqual(['d']);
    expect(p.cameras[0].intervals.map((i) => i.tier)).toEqual([
      'observation',
      'recognition',
      'identification',
      'recognition',
      'observation',
    ]);
    expect(p.stretches.features).toHaveLength(5);
  });

  it('gives the same numbers from scoreTiers as from profile, across many segments', () => {
    const s = createExposureScorer([camera('d', 0, 0, 'dome'), camera('f', 40, 30, 'fixed', { directions: [200] })]);
    const coords = line([-120, -20], [-30, 5], [0, 3], [25, 40], [90, 60], [130, -10]);
    const p = s.profile(coords);
    const [lons, lats] = flat(coords);
    const out = s.scoreTiers(lons, lats);
    expect(out[0]).toBeCloseTo(p.metres.identification, 9);
    expect(out[1]).toBeCloseTo(p.metres.recognition, 9);
    expect(out[2]).toBeCloseTo(p.metres.observation, 9);
    expect(out[3]).toBeCloseTo(p.weighted, 9);
  });

  it('does not depend on how a straight line is split into segments', () => {
    const s = createExposureScorer([camera('d', 0, 0, 'dome'), camera('e', 60, -20, 'fixed')]);
    const whole = s.profile(line([-150, 12], [150, 12]));
    const split = s.profile(line([-150, 12], [-3, 12], [0.5, 12], [70, 12], [150, 12]));
    expect(split.metres.identification).toBeCloseTo(whole.metres.identification, 6);
    expect(split.metres.recognition).toBeCloseTo(whole.metres.recognition, 6);
    expect(split.metres.observation).toBeCloseTo(whole.metres.observation, 6);
    // Stretches merge across segment joints.
    expect(split.stretches.features.length).toBe(whole.stretches.features.length);
  });

  it('lets the best tier win where cameras overlap (disjoint bands)', () => {
    const s = createExposureScorer([camera('a', 0, 0, 'dome'), camera('b', 30, 0, 'dome')]);
    const p = s.profile(line([-200, 0], [200, 0]));
    // identification: union of [-25, 25] and [5, 55] = [-25, 55]
    expect(p.metres.identification).toBeCloseTo(80, 3);
    // recognition: [-50, 80] minus identification
    expect(p.metres.recognition).toBeCloseTo(130 - 80, 3);
    expect(p.metres.observation).toBeCloseTo(230 - 130, 3);
    expect(p.cameras).toHaveLength(2);
  });

  it('ignores expired temporary cameras, counts them before expiry', () => {
    const temp = camera('t', 0, 0, 'dome', { expires: '2026-01-01T00:00:00Z' });
    const coords = line([-50, 0], [50, 0]);
    expect(createExposureScorer([temp], { now: new Date('2026-06-01') }).profile(coords).unseen).toBeCloseTo(100, 1);
    expect(createExposureScorer([temp], { now: new Date('2025-06-01') }).profile(coords).unseen).toBeCloseTo(0, 6);
  });

  it('weights vehicle cameras and can leave them out', () => {
    const alpr = camera('a', 0, 0, 'alpr'); // no direction → disc
    const coords = line([-10, 0], [10, 0]);
    const p = createExposureScorer([alpr]).profile(coords);
    expect(p.metres.identification).toBeCloseTo(20, 6);
    expect(p.weighted).toBeCloseTo(20 * 0.3, 6);
    const off = createExposureScorer([alpr], { includeVehicleCameras: false }).profile(coords);
    expect(off.unseen).toBeCloseTo(20, 6);
    expect(off.cameras).toEqual([]);
    // A person camera seeing the same stretch at a lower tier weighs more than the ALPR's identification.
    const both = createExposureScorer([alpr, camera('d', 0, 90, 'dome')]).profile(coords);
    expect(both.metres.identification).toBeCloseTo(20, 6);
    expect(both.weighted).toBeCloseTo(20 * 0.3, 3); // dome at 90 m: observation weight 0.25 < 0.3
  });

  it('is empty for no cameras and zero-length lines', () => {
    const s = createExposureScorer([]);
    expect(Array.from(s.scoreTiers([1.44, 1.45], [43.6, 43.61]))).toEqual([0, 0, 0, 0]);
    const d = createExposureScorer([camera('d', 0, 0, 'dome')]);
    const p = d.profile([at(0, 0), at(0, 0)]);
    expect(p.length).toBe(0);
    expect(p.density).toBe(0);
    expect(d.profile([at(0, 0)]).length).toBe(0);
  });

  it('rejects invalid positions with a typed error', () => {
    const s = createExposureScorer([camera('d', 0, 0, 'dome')]);
    expect(() =>
      s.profile([
        [1.44, 43.6],
        [Number.NaN, 43.6],
      ]),
    ).toThrow(ExposureInputError);
    expect(() =>
      s.profile([
        [1.44, 43.6],
        [1.44, 95],
      ]),
    ).toThrow(/position 1/);
    expect(() => s.profile('x' as never)).toThrow(ExposureInputError);
  });

  it('never returns NaN from the hot path, whatever the coordinates', () => {
    const s = createExposureScorer([camera('d', 0, 0, 'dome')]);
    const [lon, lat] = at(0, 0);
    const out = s.scoreTiers([lon, Number.NaN, lon + 0.0001, Infinity], [lat, lat, lat, lat]);
    expect(Array.from(out).every(Number.isFinite)).toBe(true);
    // Mismatched lengths: the shorter array decides.
    expect(s.scoreTiers([lon - 0.0005, lon + 0.0005, 99], [lat, lat])[0]).toBeCloseTo(50, 0);
  });

  it('skips cameras with broken coordinates instead of failing', () => {
    const bad = { ...camera('x', 0, 0, 'dome'), lon: Number.NaN };
    const s = createExposureScorer([bad, camera('d', 0, 0, 'dome')]);
    expect(s.cameras.map((c) => c.id)).toEqual(['d']);
  });

  it('lists the cameras seeing a line', () => {
    const s = createExposureScorer([camera('near', 0, 0, 'dome'), camera('far', 0, 500, 'dome')]);
    expect(s.camerasSeeing(line([-10, 0], [10, 0]))).toEqual(['near']);
  });
});

describe('createExposureScorer — sectors', () => {
  it('sees only inside the wedge of a fixed camera', () => {
    // Facing east, 85°: the wedge edges are at bearings 47.5° and 132.5°.
    const s = createExposureScorer([camera('f', 0, 0, 'fixed', { directions: [90] })]);
    const p = s.profile(line([-100, 10], [100, 10]));
    const xStart = 10 * Math.tan((47.5 * Math.PI) / 180); // where the line enters the wedge
    expect(p.metres.identification).toBeCloseTo(Math.sqrt(225 - 100) - xStart, 3);
    expect(p.metres.recognition).toBeCloseTo(Math.sqrt(900 - 100) - Math.sqrt(225 - 100), 3);
    expect(p.metres.observation).toBeCloseTo(Math.sqrt(3600 - 100) - Math.sqrt(900 - 100), 3);
    // A line behind the camera is not seen.
    expect(s.profile(line([-100, 10], [-5, 10])).unseen).toBeCloseTo(95, 3);
  });

  it('handles a sector wider than 180° (tagged angle 270°)', () => {
    const s = createExposureScorer([camera('f', 0, 0, 'fixed', { directions: [0], fov: 270 })]);
    // Blind wedge: bearings 135°..225° (south). A line y = -10 is seen where |x| ≥ 10.
    const p = s.profile(line([-20, -10], [20, -10]));
    expect(p.length - p.unseen).toBeCloseTo(20, 3);
    const north = s.profile(line([-20, 10], [20, 10]));
    expect(north.unseen).toBeCloseTo(0, 6);
  });

  it('scales with a tagged height', () => {
    const tall = createExposureScorer([camera('f', 0, 0, 'fixed', { height: 10 })]);
    expect(tall.profile(line([-200, 0], [200, 0])).length - tall.profile(line([-200, 0], [200, 0])).unseen).toBeCloseTo(240, 3);
  });
});

describe('createExposureScorer — occlusion', () => {
  // A 10 m × 10 m building between the camera (origin) and a line 30 m north.
  const building = [at(-5, 10), at(5, 10), at(5, 20), at(-5, 20), at(-5, 10)];
  const buildings = buildingIndexFromFootprints([building]);

  it('cuts out the exact shadow of a building', () => {
    const s = createExposureScorer([camera('d', 0, 0, 'dome')], { buildings });
    const p = s.profile(line([-40, 30], [40, 30]));
    // Shadow of the near wall (y = 10, x ∈ [-5, 5]) projected to y = 30: x ∈ [-15, 15].
    const open = createExposureScorer([camera('d', 0, 0, 'dome')]).profile(line([-40, 30], [40, 30]));
    // Walls are held on the stored layer's 1e-7° grid (≤ 5.6 mm off; BuildingIndex.walls): at 3× the wall's
    // distance the shadow's ends move by up to 1.7 cm.
    expect(open.length - open.unseen - (p.length - p.unseen)).toBeCloseTo(30, 1);
    expect(Math.abs(open.length - open.unseen - (p.length - p.unseen) - 30)).toBeLessThan(0.035);
    const hidden = p.cameras[0].intervals;
    expect(hidden[hidden.length - 1].to).toBeCloseTo(80, 1);
    expect(p.stretches.features.every((f) => f.properties.to <= 25.0001 || f.properties.from >= 54.999)).toBe(true);
  });

  it('ignores the wall a camera is mounted on', () => {
    // Camera on the south wall of the building, looking south.
    const s = createExposureScorer([camera('w', 0, 10, 'fixed', { directions: [180] })], { buildings });
    const p = s.profile(line([-5, 0], [5, 0])); // inside the 85° wedge (±9.2 m at 10 m)
    expect(p.unseen).toBeCloseTo(0, 6);
    expect(p.metres.identification).toBeCloseTo(10, 6);
  });

  it('does not see inside the building footprint from outside', () => {
    const s = createExposureScorer([camera('d', 0, 0, 'dome')], { buildings });
    const p = s.profile(line([-2, 15], [2, 15]));
    expect(p.unseen).toBeCloseTo(p.length, 6);
  });
});
