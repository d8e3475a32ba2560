import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lonLatToWorldPixel } from '../../../lib/geo/index.ts';
import {
  containerPoint,
  frameBBox,
  frameFromCentre,
  interpolateFrames,
  lonLatAt,
  metresPerCssPixel,
  projectPoints,
} from '../../../lib/sites/projection.ts';

describe('projection path', () => {
  it('puts the centre at the container centre and round-trips', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: 0, max: 21, noNaN: true }),
        fc.integer({ min: 100, max: 3000 }),
        fc.integer({ min: 100, max: 3000 }),
        (lon, lat, zoom, w, h) => {
          const f = frameFromCentre([lon, lat], zoom, w, h);
          const [x, y] = containerPoint(f, lon, lat);
          expect(x).toBeCloseTo(w / 2, 6);
          expect(y).toBeCloseTo(h / 2, 6);
          const [lon2, lat2] = lonLatAt(f, x, y);
          expect(lon2).toBeCloseTo(lon, 7);
          expect(lat2).toBeCloseTo(lat, 7);
        },
      ),
    );
  });

  it('batch projection equals the single-point path', () => {
    const f = frameFromCentre([1.4442, 43.6045], 17.3, 1024, 768);
    const lons = Float64Array.from([1.44, 1.445, 1.45]);
    const lats = Float64Array.from([43.6, 43.605, 43.61]);
    const out = new Float64Array(6);
    projectPoints(f, lons, lats, out);
    for (let i = 0; i < 3; i++) {
      const [x, y] = containerPoint(f, lons[i], lats[i]);
      expect(out[2 * i]).toBeCloseTo(x, 6);
      expect(out[2 * i + 1]).toBeCloseTo(y, 6);
    }
  });

  it('one zoom level doubles distances; metres per px follow Web Mercator', () => {
    const a = frameFromCentre([1.4442, 43.6045], 16, 800, 600);
    const b = frameFromCentre([1.4442, 43.6045], 17, 800, 600);
    const pa = containerPoint(a, 1.446, 43.606);
    const pb = containerPoint(b, 1.446, 43.606);
    expect(pb[0] - 400).toBeCloseTo(2 * (pa[0] - 400), 6);
    expect(metresPerCssPixel(0, 0)).toBeCloseTo(156543.03392, 5);
    expect(metresPerCssPixel(60, 1)).toBeCloseTo(156543.03392 / 4, 3);
  });

  it('bbox covers the frame plus its margin', () => {
    const f = frameFromCentre([1.4442, 43.6045], 15, 1000, 800);
    const b = frameBBox(f, 100);
    const [x0, y0] = containerPoint(f, b.west, b.north);
    const [x1, y1] = containerPoint(f, b.east, b.south);
    expect(x0).toBeCloseTo(-100, 6);
    expect(y0).toBeCloseTo(-100, 6);
    expect(x1).toBeCloseTo(1100, 6);
    expect(y1).toBeCloseTo(900, 6);
  });

  it('zoom-animation frames move every point linearly from start to end', () => {
    const a = frameFromCentre([1.44, 43.6], 15, 900, 700);
    const b = frameFromCentre([1.45, 43.61], 17, 900, 700);
    for (const t of [0, 0.25, 0.5, 1]) {
      const f = interpolateFrames(a, b, t);
      for (const [lon, lat] of [
        [1.44, 43.6],
        [1.452, 43.607],
      ]) {
        const [xa, ya] = containerPoint(a, lon, lat);
        const [xb, yb] = containerPoint(b, lon, lat);
        const [x, y] = containerPoint(f, lon, lat);
        expect(x).toBeCloseTo(xa + (xb - xa) * t, 5);
        expect(y).toBeCloseTo(ya + (yb - ya) * t, 5);
      }
    }
    // Sanity: lib/geo agrees with the projection path at integer zooms.
    const [wx] = lonLatToWorldPixel(1.44, 43.6, 15);
    expect(containerPoint(a, 1.44, 43.6)[0]).toBeCloseTo(wx - a.left, 9);
  });
});
