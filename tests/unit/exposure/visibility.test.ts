/**
 * Visibility polygons (lib/exposure/visibility.ts) agree with the exposure engine: a point the scorer calls
 * seen by a camera (a 2 cm piece of line there is seen) lies inside that camera's visibility polygon at the
 * same radius, and a point it calls unseen (hidden by a wall, or out of the wedge) lies outside — on random
 * buildings, overlapping ones included, and random cameras (fast-check). Points closer to the polygon's
 * boundary than the arc chords' error are not judged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageOf, DEFAULT_COVERAGE } from '../../../lib/cameras/coverage.ts';
import type { CameraKind } from '../../../lib/cameras/types.ts';
import { buildingIndexFromFootprints, createExposureScorer, type FootprintRing } from '../../../lib/exposure/index.ts';
import { visibilityRings, wallsNear, type SightRing } from '../../../lib/exposure/visibility.ts';
import { ORIGIN, at, camera, flat } from './helpers.ts';

/** A ring in metres around ORIGIN. */
const metres = (r: SightRing) => Array.from(r.lons, (lon, i) => [ORIGIN.x(lon), ORIGIN.y(r.lats[i])] as [number, number]);

function inside(x: number, y: number, ring: Array<[number, number]>): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function edgeDistance(x: number, y: number, ring: Array<[number, number]>): number {
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax, ay] = ring[j];
    const dx = ring[i][0] - ax;
    const dy = ring[i][1] - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

/** A rotated rectangle (metres) as a footprint ring in degrees. */
function block(cx: number, cy: number, w: number, h: number, rot: number): FootprintRing {
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  return [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ].map(([x, y]) => at(cx + x * c - y * s, cy + x * s + y * c));
}

const coord = fc.double({ min: -90, max: 90, noNaN: true });
const blockArb = fc.record({
  x: coord,
  y: coord,
  w: fc.double({ min: 3, max: 40, noNaN: true }),
  h: fc.double({ min: 3, max: 40, noNaN: true }),
  rot: fc.double({ min: 0, max: Math.PI, noNaN: true }),
});
const cameraArb = fc.record({
  x: fc.double({ min: -40, max: 40, noNaN: true }),
  y: fc.double({ min: -40, max: 40, noNaN: true }),
  kind: fc.constantFrom<CameraKind>('fixed', 'dome', 'ptz', 'unknown'),
  directions: fc.array(fc.double({ min: 0, max: 359.99, noNaN: true }), { maxLength: 2 }),
  fov: fc.option(fc.double({ min: 10, max: 300, noNaN: true }), { nil: undefined }),
});

/**
 * Compares polygons and scorer at `samples` points, at each tier's radius (a tier sees a point when the
 * scorer puts it in that tier or a better one); returns [inside-and-seen, outside-and-unseen] counts.
 */
function agree(blocks: FootprintRing[], cam: ReturnType<typeof camera>, samples: Array<[number, number]>): [number, number] {
  const b = buildingIndexFromFootprints(blocks);
  const cov = coverageOf(cam);
  const scorer = createExposureScorer([cam], { buildings: b });
  const near = wallsNear(cam.lon, cam.lat, cov.radii[2], b, Math.max(DEFAULT_COVERAGE.mountToleranceM, b.mountToleranceM ?? 0));
  const tiers = near ? visibilityRings(near, cov.radii, cov.sectors).map((rs) => rs.map(metres)) : null;
  const cx = ORIGIN.x(cam.lon);
  const cy = ORIGIN.y(cam.lat);
  const inWedge = (x: number, y: number, slack: number) => {
    if (cov.sectors === 'disc') return true;
    const bearing = (Math.atan2(x - cx, y - cy) * 180) / Math.PI;
    return cov.sectors.some((s) => Math.abs(((bearing - s.centre + 540) % 360) - 180) <= s.width / 2 + slack);
  };
  let seenIn = 0;
  let hiddenOut = 0;
  for (const [x, y] of samples) {
    const dist = Math.hypot(x - cx, y - cy);
    if (dist < 0.5) continue;
    const [lons, lats] = flat([at(x - 0.01, y), at(x + 0.01, y)]);
    const metresSeen = scorer.scoreTiers(lons, lats);
    for (let t = 0; t < 3; t++) {
      const radius = cov.radii[t];
      const rings = tiers?.[t];
      const margin = 0.002 * radius + 0.05;
      if (Math.abs(dist - radius) < margin) continue;
      if (rings?.some((r) => edgeDistance(x, y, r) < margin)) continue;
      // Without walls in reach the camera sees its plain shape: skip points on the wedge's edges.
      if (!rings && inWedge(x, y, 0.5) !== inWedge(x, y, -0.5)) continue;
      const seen = metresSeen.subarray(0, t + 1).some((m) => m > 0);
      const drawn = rings ? rings.some((r) => inside(x, y, r)) : dist < radius && inWedge(x, y, 0);
      expect(drawn, `tier ${t}, point (${x.toFixed(2)}, ${y.toFixed(2)}): scorer says ${seen ? 'seen' : 'unseen'}`).toBe(seen);
      if (seen) seenIn++;
      else hiddenOut++;
    }
  }
  return [seenIn, hiddenOut];
}

const grid = (step: number, half: number) => {
  const out: Array<[number, number]> = [];
  for (let y = -half; y <= half; y += step) for (let x = -half; x <= half; x += step) out.push([x + 0.37, y + 0.61]);
  return out;
};

describe('visibility polygons', () => {
  it('a camera facing a block across a street: the street behind the block is outside, the near street inside', () => {
    // A dome at the origin; a 30 m × 20 m block 20 m north of it; the street behind it at y = 50.
    const blocks = [block(0, 30, 30, 20, 0)];
    const dome = camera('d', 0, 0, 'dome');
    const b = buildingIndexFromFootprints(blocks);
    const radius = coverageOf(dome).radii[2];
    const near = wallsNear(dome.lon, dome.lat, radius, b, 2);
    expect(near?.count).toBe(4);
    const [ring] = visibilityRings(near!, [radius], 'disc')[0].map(metres);
    expect(inside(0, 10, ring)).toBe(true);
    expect(inside(0, 30, ring)).toBe(false); // inside the block
    expect(inside(0, 50, ring)).toBe(false); // the street behind it
    expect(inside(5, 60, ring)).toBe(false);
    expect(inside(40, 50, ring)).toBe(true); // beside the shadow
    expect(inside(0, -50, ring)).toBe(true);
    const [seenIn, hiddenOut] = agree(blocks, dome, grid(2.5, 110));
    expect(seenIn).toBeGreaterThan(1000);
    expect(hiddenOut).toBeGreaterThan(500);
  });

  it('no wall in reach: no polygon (the plain disc or wedge is drawn)', () => {
    const b = buildingIndexFromFootprints([block(0, 500, 20, 20, 0)]);
    const dome = camera('d', 0, 0, 'dome');
    expect(wallsNear(dome.lon, dome.lat, coverageOf(dome).radii[2], b, 2)).toBeNull();
    expect(wallsNear(dome.lon, dome.lat, 100, null, 2)).toBeNull();
  });

  it('the wall a camera hangs on hides nothing; the others do', () => {
    // A dome 1 m in front of a block's south face (it sees into that block, as the engine says), and a
    // second block ahead of it.
    const blocks = [block(0, 11, 20, 20, 0), block(0, -25, 10, 10, 0)];
    const cam = camera('f', 0, 0, 'dome');
    const [seenIn, hiddenOut] = agree(blocks, cam, grid(2, 80));
    expect(seenIn).toBeGreaterThan(100);
    expect(hiddenOut).toBeGreaterThan(100);
  });

  it('overlapping buildings: the nearest wall changes where two walls cross', () => {
    // An X of two long blocks 70 m north, and a third one south-west; a fine grid around the X's near side.
    const blocks = [block(5.3, 70, 60, 6, 0.6), block(5.3, 70, 60, 6, -0.6), block(-20, -20, 30, 10, 2)];
    const samples: Array<[number, number]> = [];
    for (let y = 55.1; y < 80; y += 0.4) for (let x = -25.1; x < 35; x += 0.4) samples.push([x, y]);
    const [seenIn, hiddenOut] = agree(blocks, camera('d', 0, 0, 'dome'), [...samples, ...grid(3, 100)]);
    expect(seenIn).toBeGreaterThan(3000);
    expect(hiddenOut).toBeGreaterThan(3000);
  });

  it('agrees with the exposure engine at sample points, on random buildings and cameras', () => {
    const samples = grid(9, 105);
    fc.assert(
      fc.property(fc.array(blockArb, { maxLength: 8 }), cameraArb, (bs, c) => {
        const cam = camera('c', c.x, c.y, c.kind, { directions: c.directions, fov: c.fov });
        agree(
          bs.map((k) => block(k.x, k.y, k.w, k.h, k.rot)),
          cam,
          samples,
        );
      }),
      { numRuns: 80 },
    );
  });
});
