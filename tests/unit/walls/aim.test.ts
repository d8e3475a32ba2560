/**
 * The `aimed` rule (lib/walls/aim.ts): a camera whose near field of view lies mostly inside one solid inferred
 * face opens it; a camera aimed along its street does not. Off unless `aim` is given.
 */
import { describe, expect, it } from 'vitest';
import { aimedFaces, type AimRule, type WallCamera } from '../../../lib/walls/aim.ts';
import { inferWalls } from '../../../lib/walls/index.ts';
import { graphFromLines } from './helpers.ts';

const LON = 1.44,
  LAT = 43.6;
const M_LAT = 1 / 111_195;
const M_LON = 1 / (111_195 * Math.cos((LAT * Math.PI) / 180));

// A 100 m × 60 m block ringed by residential streets (half-width 8 m): its wall starts 8 m in from each street.
const block = [
  {
    coords: [
      [LON, LAT],
      [LON + 100 * M_LON, LAT],
      [LON + 100 * M_LON, LAT + 60 * M_LAT],
      [LON, LAT + 60 * M_LAT],
      [LON, LAT],
    ] as Array<[number, number]>,
    roadType: 'j',
  },
];

/** A fixed camera on the south street's north sidewalk, 5 m from its centre line, mid-block. */
const camera = (directions: number[], kind: WallCamera['kind'] = 'fixed'): WallCamera => ({
  lon: LON + 50 * M_LON,
  lat: LAT + 5 * M_LAT,
  kind,
  directions,
});

const RULE: AimRule = { share: 0.5, discs: false, maxGapM: 8 };

describe('the aimed rule', () => {
  it('opens a block a camera is aimed into at close range', () => {
    const w = inferWalls(graphFromLines(block), { cameras: [camera([0])], aim: RULE });
    expect(w.counts.aimed).toBe(1);
    expect(w.counts.solid).toBe(0);
    expect(w.rings).toEqual([]);
  });

  it('keeps the block solid when the camera is aimed along the street, or away from the block', () => {
    for (const direction of [90, 270, 180]) {
      const w = inferWalls(graphFromLines(block), { cameras: [camera([direction])], aim: RULE });
      expect(w.counts.aimed, `aimed ${direction}°`).toBe(0);
      expect(w.counts.solid).toBe(1);
      expect(w.rings.length).toBe(1);
    }
  });

  it('is off unless asked for, and ignores disc cameras unless they count', () => {
    expect(inferWalls(graphFromLines(block), { cameras: [camera([0])] }).counts.solid).toBe(1);
    // A dome has no aim: its near field (25 m disc) is less than half inside the block from the sidewalk.
    const dome = camera([], 'dome');
    expect(inferWalls(graphFromLines(block), { cameras: [dome], aim: RULE }).counts.aimed).toBe(0);
    // 14 m from the street, 6 m past the wall's edge (not deep enough for the `camera` rule's 8 m): 65 % of
    // its 25 m disc lies inside the block.
    const solid = inferWalls(graphFromLines(block)).faces.filter((f) => f.status === 'solid');
    const rings = solid.map((f) => ({ rings: f.shrunk ?? [] }));
    const inner = { ...dome, lat: LAT + 14 * M_LAT };
    expect(aimedFaces(rings, [inner], { ...RULE, discs: false }).size).toBe(0);
    expect(aimedFaces(rings, [inner], { ...RULE, discs: true }).size).toBe(1);
  });

  it('measures the share of rays cut short by the face too', () => {
    const solid = inferWalls(graphFromLines(block)).faces.filter((f) => f.status === 'solid');
    const rings = solid.map((f) => ({ rings: f.shrunk ?? [] }));
    const rays: AimRule = { ...RULE, measure: 'rays' };
    expect(aimedFaces(rings, [camera([0])], rays).size).toBe(1);
    expect(aimedFaces(rings, [camera([180])], rays).size).toBe(0);
    // Only faces within maxGapM of the camera: from 30 m south of the street, the wall is 38 m away.
    const far = { ...camera([0]), lat: LAT - 30 * M_LAT };
    expect(aimedFaces(rings, [far], { ...rays, radiusM: 60, maxGapM: 40 }).size).toBe(1);
    expect(aimedFaces(rings, [far], { ...rays, radiusM: 60, maxGapM: 30 }).size).toBe(0);
    expect(aimedFaces(rings, [far], { ...rays, maxGapM: 40 }).size).toBe(0);
  });

  it('opens the same faces whatever the edge order and direction', () => {
    // A 3 × 2 grid of 80 m × 60 m blocks, cut into street pieces; two cameras aimed into blocks, one along a street.
    const lines: Array<{ coords: Array<[number, number]>; roadType: string }> = [];
    const at = (x: number, y: number): [number, number] => [LON + x * M_LON, LAT + y * M_LAT];
    for (let i = 0; i <= 3; i++)
      for (let j = 0; j < 2; j++) lines.push({ coords: [at(80 * i, 60 * j), at(80 * i, 60 * j + 60)], roadType: 'j' });
    for (let j = 0; j <= 2; j++)
      for (let i = 0; i < 3; i++) lines.push({ coords: [at(80 * i, 60 * j), at(80 * i + 80, 60 * j)], roadType: 'j' });
    const cams: WallCamera[] = [
      { lon: LON + 40 * M_LON, lat: LAT + 5 * M_LAT, kind: 'fixed', directions: [0] },
      { lon: LON + 200 * M_LON, lat: LAT + 115 * M_LAT, kind: 'fixed', directions: [180] },
      { lon: LON + 120 * M_LON, lat: LAT + 65 * M_LAT, kind: 'fixed', directions: [90] },
    ];
    const opened = (ls: typeof lines) => {
      const w = inferWalls(graphFromLines(ls), { cameras: cams, aim: RULE });
      return { aimed: w.counts.aimed, faces: w.faces.map((f) => f.status), rings: w.rings };
    };
    const a = opened(lines);
    expect(a.aimed).toBe(2);
    for (const k of [1, 5, 7]) {
      const shuffled = lines.map((l, i) => ({ l, key: (i * k) % lines.length })).sort((p, q) => p.key - q.key);
      const reversed = shuffled.map(({ l }, i) => (i % 2 ? { ...l, coords: [...l.coords].reverse() } : l));
      expect(opened(reversed)).toEqual(a);
    }
  });
});
