import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CameraIndex } from '../../../lib/cameras/spatial-index.ts';
import { bboxContains, haversineMetres } from '../../../lib/geo/index.ts';
import { toulouseCameras, userCamera } from '../store/toulouse-fixture.ts';

const cameras = toulouseCameras();
const index = new CameraIndex(cameras);
const ids = (list: Array<{ id: string }>) => list.map((c) => c.id).sort();

/** Central Toulouse (PROVENANCE.md: 1,080 cameras in lat 43.59–43.615, lon 1.425–1.46). */
const CENTRE = { west: 1.425, south: 43.59, east: 1.46, north: 43.615 };

describe('CameraIndex on the real Toulouse cameras', () => {
  it('indexes all 2,269 and finds the 1,080 of the centre', () => {
    expect(index.size).toBe(2269);
    expect(index.inBBox(CENTRE)).toHaveLength(1080);
    expect(index.countInBBox(CENTRE)).toBe(1080);
  });

  it('inBBox equals a brute-force scan for any bbox around Toulouse', () => {
    const coord = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
    fc.assert(
      fc.property(coord(1.2, 1.6), coord(1.2, 1.6), coord(43.5, 43.75), coord(43.5, 43.75), (x1, x2, y1, y2) => {
        const bbox = { west: Math.min(x1, x2), east: Math.max(x1, x2), south: Math.min(y1, y2), north: Math.max(y1, y2) };
        expect(ids(index.inBBox(bbox))).toEqual(ids(cameras.filter((c) => bboxContains(bbox, c.lon, c.lat))));
      }),
      { numRuns: 200 },
    );
  });

  it('caps an answer at the limit', () => {
    const some = index.inBBox(CENTRE, 100);
    expect(some).toHaveLength(100);
    for (const c of some) expect(bboxContains(CENTRE, c.lon, c.lat)).toBe(true);
    expect(index.inBBox(CENTRE, 0)).toEqual([]);
  });

  it('near equals a brute-force haversine scan, nearest first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cameras.length - 1 }), fc.double({ min: 0, max: 2_000, noNaN: true }), (i, radius) => {
        const { lon, lat } = cameras[i];
        const found = index.near(lon, lat, radius);
        const expected = cameras.filter((c) => haversineMetres(lon, lat, c.lon, c.lat) <= radius);
        expect(ids(found.map((f) => f.camera))).toEqual(ids(expected));
        for (let k = 1; k < found.length; k++) expect(found[k].distanceMetres).toBeGreaterThanOrEqual(found[k - 1].distanceMetres);
      }),
      { numRuns: 100 },
    );
  });

  it('the Capitole square has cameras within 100 m', () => {
    const near = index.near(1.4433, 43.6045, 100);
    expect(near.length).toBeGreaterThan(0);
    expect(near[0].distanceMetres).toBeLessThanOrEqual(100);
  });
});

describe('CameraIndex contents', () => {
  it('includes user cameras and leaves out expired ones', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const idx = new CameraIndex(
      [...cameras, userCamera(1), userCamera(2, { expires: '2026-11-28T11:59:59Z' }), userCamera(3, { expires: '2026-11-29T00:00:00Z' })],
      now,
    );
    expect(idx.size).toBe(2269 + 2);
    const around = idx.near(userCamera(1).lon, userCamera(1).lat, 50).map((n) => n.camera.id);
    expect(around).toContain('user:cam-1');
    expect(around).toContain('user:cam-3');
    expect(around).not.toContain('user:cam-2');
  });

  it('an empty index answers nothing without failing', () => {
    const empty = new CameraIndex([]);
    expect(empty.size).toBe(0);
    expect(empty.inBBox(CENTRE)).toEqual([]);
    expect(empty.near(1.44, 43.6, 1000)).toEqual([]);
    expect(empty.countInBBox(CENTRE)).toBe(0);
  });
});
