/**
 * Occlusion on real data: the Monaco OSM extract (../shared/data/monaco/monaco-2019.osm.pbf) has tagged
 * cameras and 1,143 building footprints. The engine's exposure with buildings is checked against a
 * brute-force line-of-sight sampler (every wall, every 0.25 m), and the golden output for viewing is
 * written to tests/.tmp/fixtures/exposure/ (derived from OSM data, so git-ignored).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverageOf } from '../../../lib/cameras/coverage.ts';
import { coveragePolygons } from '../../../lib/exposure/coverage-polygons.ts';
import type { Camera } from '../../../lib/cameras/types.ts';
import { LocalFrame } from '../../../lib/geo/index.ts';
import { buildingIndexFromOsm, createExposureScorer, type BuildingIndex } from '../../../lib/exposure/index.ts';
import { WALL_UNITS_PER_DEGREE } from '../../../lib/exposure/buildings.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import { wayCoordinates, type OsmData } from '../../../lib/sources/osm-model.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { MONACO_PBF, sharedPath } from '../../shared-data.ts';

const PBF = sharedPath(MONACO_PBF);
const OUT = 'tests/.tmp/fixtures/exposure';

let osm: OsmData;
let cameras: Camera[];
let buildings: BuildingIndex;

beforeAll(() => {
  osm = readOsmPbf(readFileSync(PBF));
  cameras = camerasFromOsm(osm, { source: 'osm' }).cameras;
  buildings = buildingIndexFromOsm(osm);
});

function way(id: number): Array<[number, number]> {
  const w = osm.ways.find((x) => x.id === id);
  if (!w) throw new Error(`way ${id} not in the extract`);
  return wayCoordinates(osm, w).map((g) => [g.lon, g.lat]);
}

/** Metres of the line seen by `cam` (any tier), by sampling every ~0.25 m and testing every wall. */
function bruteForceSeen(cam: Camera, coords: Array<[number, number]>): number {
  const f = new LocalFrame(cam.lon, cam.lat);
  const cov = coverageOf(cam);
  const R = cov.radii[2];
  const walls: number[][] = [];
  for (let i = 0; i < buildings.wallCount; i++) {
    const w = [...buildings.walls.subarray(4 * i, 4 * i + 4)].map((v) => v / WALL_UNITS_PER_DEGREE);
    const p = [f.x(w[0]), f.y(w[1]), f.x(w[2]), f.y(w[3])];
    if (Math.min(Math.hypot(p[0], p[1]), Math.hypot(p[2], p[3])) > R + 500) continue;
    if (segDist(p) < 2) continue; // the mount tolerance
    walls.push(p);
  }
  let seen = 0;
  for (let i = 1; i < coords.length; i++) {
    const ax = f.x(coords[i - 1][0]),
      ay = f.y(coords[i - 1][1]);
    const bx = f.x(coords[i][0]),
      by = f.y(coords[i][1]);
    const L = Math.hypot(bx - ax, by - ay);
    const n = Math.max(1, Math.ceil(L / 0.25));
    for (let k = 0; k < n; k++) {
      const t = (k + 0.5) / n;
      const x = ax + (bx - ax) * t,
        y = ay + (by - ay) * t;
      if (Math.hypot(x, y) > R) continue;
      if (!inSectors(cov.sectors, x, y)) continue;
      if (walls.some((w) => crosses(x, y, w))) continue;
      seen += L / n;
    }
  }
  return seen;
}
function inSectors(sectors: ReturnType<typeof coverageOf>['sectors'], x: number, y: number): boolean {
  if (sectors === 'disc') return true;
  const b = ((Math.atan2(x, y) * 180) / Math.PI + 360) % 360;
  return sectors.some((s) => Math.abs(((b - s.centre + 540) % 360) - 180) <= s.width / 2);
}
function segDist([px, py, qx, qy]: number[]): number {
  const wx = qx - px,
    wy = qy - py;
  const l2 = wx * wx + wy * wy;
  const t = l2 ? Math.max(0, Math.min(1, -(px * wx + py * wy) / l2)) : 0;
  return Math.hypot(px + t * wx, py + t * wy);
}
/** The sight line from the origin to (x, y) crosses wall w. */
function crosses(x: number, y: number, [px, py, qx, qy]: number[]): boolean {
  const c = (ax: number, ay: number, bx: number, by: number) => ax * by - ay * bx;
  const d1 = c(qx - px, qy - py, -px, -py);
  const d2 = c(qx - px, qy - py, x - px, y - py);
  const d3 = c(x, y, px, py);
  const d4 = c(x, y, qx, qy);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

describe('Monaco: occlusion by real buildings', () => {
  it('reads the cameras and building footprints of the extract', () => {
    expect(cameras.length).toBe(10);
    expect(buildings.footprints.length).toBeGreaterThan(1100);
    expect(buildings.wallCount).toBeGreaterThan(9000);
  });

  // Streets around the Rocher and the port, each seen by one or two cameras, partly hidden by buildings.
  const cases = [
    { way: 176082026, what: 'secondary road near the Rocher, two PTZ cameras' },
    { way: 331652511, what: 'Promenade Honoré II' },
    { way: 167625737, what: 'Rue Saige, hidden from its dome by a block' },
    { way: 120113157, what: 'secondary road, one PTZ camera' },
  ];
  for (const c of cases) {
    it(`matches brute-force line of sight on way ${c.way} (${c.what})`, () => {
      const coords = way(c.way);
      const withB = createExposureScorer(cameras, { buildings });
      const without = createExposureScorer(cameras);
      const p = withB.profile(coords);
      const open = without.profile(coords);
      const seenB = p.length - p.unseen;
      const seenOpen = open.length - open.unseen;
      expect(seenB).toBeLessThan(seenOpen - 5); // buildings hide a real part of it
      for (const cam of open.cameras) {
        const camera = cameras.find((x) => x.id === cam.id)!;
        const analytic = p.cameras.find((x) => x.id === cam.id)?.intervals.reduce((s, iv) => s + iv.to - iv.from, 0) ?? 0;
        expect(analytic, `${cam.id} on way ${c.way}`).toBeCloseTo(bruteForceSeen(camera, coords), 0);
      }
    });
  }

  it('writes a viewable output: clipped coverage, footprints and exposed stretches (tests/.tmp)', () => {
    const coords = way(167625737);
    const dome = cameras.find((c) => c.id === 'osm:node/6480060615')!;
    expect(dome.kind).toBe('dome');
    const p = createExposureScorer([dome], { buildings }).profile(coords);
    const open = createExposureScorer([dome]).profile(coords);
    expect(open.length - open.unseen).toBeGreaterThan(60);
    expect(p.length - p.unseen).toBeCloseTo(0, 3); // fully hidden behind the block
    const polygons = coveragePolygons([dome], { buildings, steps: 64 });
    expect(polygons.features.every((f) => f.properties.occluded)).toBe(true);
    const nearby = buildings.footprints.filter((r) =>
      r.some(([lon, lat]) => Math.abs(lon - dome.lon) < 0.0015 && Math.abs(lat - dome.lat) < 0.0012),
    );
    mkdirSync(OUT, { recursive: true });
    const file = `${OUT}/monaco-occlusion.geojson`;
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          ...polygons.features,
          ...nearby.map((r) => ({ type: 'Feature', properties: { role: 'building' }, geometry: { type: 'Polygon', coordinates: [r] } })),
          {
            type: 'Feature',
            properties: {
              role: 'path',
              name: 'Rue Saige (way 167625737)',
              seenWithoutBuildings: open.length - open.unseen,
              seenWithBuildings: p.length - p.unseen,
            },
            geometry: { type: 'LineString', coordinates: coords },
          },
          ...open.stretches.features.map((f) => ({ ...f, properties: { role: 'seen-if-no-buildings', ...f.properties } })),
          {
            type: 'Feature',
            properties: { role: 'camera', id: dome.id, kind: dome.kind },
            geometry: { type: 'Point', coordinates: [dome.lon, dome.lat] },
          },
        ],
      }),
    );
    expect(existsSync(file)).toBe(true);
  });
});
