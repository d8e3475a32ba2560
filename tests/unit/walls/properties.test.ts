/**
 * Properties of inferred walls (fast-check, fixed seed): on random street grids with random road types,
 * - a camera never sees a point whose sight line crosses an inferred solid face (brute force vs the engine);
 * - removing walls never lowers exposure;
 * - the walls are the same whatever order the edges come in, and whichever way each edge runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import { createExposureScorer } from '../../../lib/exposure/index.ts';
import { LocalFrame } from '../../../lib/geo/index.ts';
import { INFERRED_MOUNT_TOLERANCE_M, inferWalls, wallIndex } from '../../../lib/walls/index.ts';
import { graphFromLines, type StreetLine } from './helpers.ts';

const SEED = 20_261_129;
const LON0 = 1.444;
const LAT0 = 43.604;
const F = new LocalFrame(LON0, LAT0);
const ll = (x: number, y: number): [number, number] => [F.lon(x), F.lat(y)];
const TYPES = ['c', 'd', 'i', 'j', 'n', 'p'];

/** A jittered grid: column and row positions (metres) and a road type per street piece. */
const gridArb = fc.record({
  xs: fc.array(fc.integer({ min: 25, max: 140 }), { minLength: 2, maxLength: 4 }),
  ys: fc.array(fc.integer({ min: 25, max: 140 }), { minLength: 2, maxLength: 4 }),
  types: fc.array(fc.constantFrom(...TYPES), { minLength: 40, maxLength: 40 }),
  missing: fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 3 }),
});

function gridLines(g: { xs: number[]; ys: number[]; types: string[]; missing: number[] }): StreetLine[] {
  const X = [0];
  for (const d of g.xs) X.push(X[X.length - 1] + d);
  const Y = [0];
  for (const d of g.ys) Y.push(Y[Y.length - 1] + d);
  const lines: StreetLine[] = [];
  let k = 0;
  for (let i = 0; i < X.length; i++)
    for (let j = 1; j < Y.length; j++) lines.push({ coords: [ll(X[i], Y[j - 1]), ll(X[i], Y[j])], roadType: g.types[k++ % 40] });
  for (let j = 0; j < Y.length; j++)
    for (let i = 1; i < X.length; i++) lines.push({ coords: [ll(X[i - 1], Y[j]), ll(X[i], Y[j])], roadType: g.types[k++ % 40] });
  return lines.filter((_, i) => !g.missing.includes(i));
}

function camera(id: string, x: number, y: number): Camera {
  const [lon, lat] = ll(x, y);
  return {
    id,
    lon,
    lat,
    kind: 'dome',
    directions: [],
    surveillance: 'public',
    operatorType: 'public',
    source: 't',
    sourceId: id,
    confidence: 1,
  };
}

describe('inferred walls: properties', () => {
  it('a camera never sees a point behind an inferred solid face', () => {
    let checked = 0;
    fc.assert(
      fc.property(gridArb, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (g, a, b) => {
        const lines = gridLines(g);
        const walls = inferWalls(graphFromLines(lines));
        fc.pre(walls.rings.length > 0);
        // The camera on a random street, at a random point along it.
        const line = lines[a % lines.length];
        const t = (b % 100) / 100;
        const cx = F.x(line.coords[0][0]) + t * (F.x(line.coords[1][0]) - F.x(line.coords[0][0]));
        const cy = F.y(line.coords[0][1]) + t * (F.y(line.coords[1][1]) - F.y(line.coords[0][1]));
        const scorer = createExposureScorer([camera('c', cx, cy)], { buildings: wallIndex(walls.rings) });
        const wallSegs: number[][] = [];
        for (const r of walls.rings) {
          for (let i = 1; i < r.length; i++) {
            const s = [F.x(r[i - 1][0]), F.y(r[i - 1][1]), F.x(r[i][0]), F.y(r[i][1])];
            if (distToSeg(cx, cy, s) >= INFERRED_MOUNT_TOLERANCE_M + 0.01) wallSegs.push(s);
          }
        }
        // Sample every street every 2 m: a point whose sight line properly crosses a wall (clear of its
        // ends by 0.3 m, so rounding cannot flip it) must be unseen.
        for (const l of lines) {
          const [x0, y0, x1, y1] = [F.x(l.coords[0][0]), F.y(l.coords[0][1]), F.x(l.coords[1][0]), F.y(l.coords[1][1])];
          const L = Math.hypot(x1 - x0, y1 - y0);
          for (let s = 1; s < L - 1; s += 2) {
            const px = x0 + ((x1 - x0) * s) / L,
              py = y0 + ((y1 - y0) * s) / L;
            if (Math.hypot(px - cx, py - cy) > 95) continue;
            if (!wallSegs.some((w) => crossesClearly(cx, cy, px, py, w))) continue;
            const ux = ((x1 - x0) / L) * 0.05,
              uy = ((y1 - y0) / L) * 0.05;
            const out = scorer.scoreTiers([F.lon(px - ux), F.lon(px + ux)], [F.lat(py - uy), F.lat(py + uy)]);
            expect(out[0] + out[1] + out[2]).toBeLessThan(1e-6);
            checked++;
          }
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
    // The property is not vacuous: many sampled points lay behind a wall.
    expect(checked).toBeGreaterThan(200);
  });

  it('removing walls never lowers exposure', () => {
    fc.assert(
      fc.property(
        gridArb,
        fc.array(fc.tuple(fc.integer({ min: -50, max: 500 }), fc.integer({ min: -50, max: 500 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 100 }),
        (g, cams, drop) => {
          const lines = gridLines(g);
          const walls = inferWalls(graphFromLines(lines));
          const cameras = cams.map(([x, y], i) => camera(`c${i}`, x, y));
          const all = createExposureScorer(cameras, { buildings: wallIndex(walls.rings) });
          const fewer = createExposureScorer(cameras, { buildings: wallIndex(walls.rings.filter((_, i) => (i + drop) % 3 !== 0)) });
          const none = createExposureScorer(cameras);
          for (const l of lines) {
            const lons = l.coords.map((p) => p[0]);
            const lats = l.coords.map((p) => p[1]);
            const a = all.scoreTiers(lons, lats).slice();
            const f = fewer.scoreTiers(lons, lats).slice();
            const n = none.scoreTiers(lons, lats).slice();
            // Cumulative: metres seen at tier ≤ k never drop, nor the weighted exposure.
            for (let k = 0; k < 3; k++) {
              const cum = (o: Float64Array) => o.slice(0, k + 1).reduce((s, v) => s + v, 0);
              expect(cum(f)).toBeGreaterThanOrEqual(cum(a) - 1e-6);
              expect(cum(n)).toBeGreaterThanOrEqual(cum(f) - 1e-6);
            }
            expect(n[3]).toBeGreaterThanOrEqual(a[3] - 1e-6);
          }
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('walls are the same whatever the edge order and direction', () => {
    fc.assert(
      fc.property(gridArb, fc.array(fc.integer(), { minLength: 60, maxLength: 60 }), (g, keys) => {
        const lines = gridLines(g);
        const a = inferWalls(graphFromLines(lines));
        const shuffled = lines
          .map((l, i) => ({ l, k: keys[i % keys.length] + i * 1e-3 }))
          .sort((p, q) => p.k - q.k)
          .map(({ l }, i) => (keys[i % keys.length] & 1 ? { ...l, coords: [...l.coords].reverse() } : l));
        const b = inferWalls(graphFromLines(shuffled));
        expect(b.rings).toEqual(a.rings);
        expect(b.faces.map((f) => f.status)).toEqual(a.faces.map((f) => f.status));
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

function distToSeg(px: number, py: number, s: number[]): number {
  const dx = s[2] - s[0],
    dy = s[3] - s[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - s[0]) * dx + (py - s[1]) * dy) / l2)) : 0;
  return Math.hypot(px - s[0] - t * dx, py - s[1] - t * dy);
}

/** The sight line C→P crosses the wall, with both clear of each other's ends by 0.3 m. */
function crossesClearly(cx: number, cy: number, px: number, py: number, w: number[]): boolean {
  const o = (ax: number, ay: number, bx: number, by: number, x: number, y: number) =>
    ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) / Math.hypot(bx - ax, by - ay);
  const d1 = o(cx, cy, px, py, w[0], w[1]),
    d2 = o(cx, cy, px, py, w[2], w[3]);
  const d3 = o(w[0], w[1], w[2], w[3], cx, cy),
    d4 = o(w[0], w[1], w[2], w[3], px, py);
  return ((d1 > 0.3 && d2 < -0.3) || (d1 < -0.3 && d2 > 0.3)) && ((d3 > 0.3 && d4 < -0.3) || (d3 < -0.3 && d4 > 0.3));
}
