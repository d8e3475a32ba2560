/**
 * Multipolygon buildings as mapped walls (lib/sources/osm-buildings.ts), on the real extracts: their outer
 * rings are assembled from member ways (split, reversed) into footprints, their inner rings (courtyards) are
 * holes whose edges are walls and whose inside a camera standing there sees.
 */
import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import { maxCoverageRadius } from '../../../lib/cameras/coverage.ts';
import { buildingIndexFromFootprints, createExposureScorer } from '../../../lib/exposure/index.ts';
import { assembleRings, buildingRingsFromOsm, type LonLatRing } from '../../../lib/sources/osm-buildings.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import type { OsmData } from '../../../lib/sources/osm-model.ts';
import { LocalFrame } from '../../../lib/geo/index.ts';
import { LONDON_PBF, MONACO_PBF, PORTO_PBF, sharedFile } from '../../shared-data.ts';

const read = (f: string) => readOsmPbf(sharedFile(f));
const porto = read(PORTO_PBF);

function multipolygonBuildings(osm: OsmData) {
  return (osm.relations ?? []).filter(
    (r) =>
      r.tags?.type === 'multipolygon' && r.tags.building !== undefined && !['no', 'roof', 'carport', 'canopy'].includes(r.tags.building),
  );
}

function inside(p: readonly [number, number], ring: LonLatRing): boolean {
  let r = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) r = !r;
  }
  return r;
}

describe('multipolygon buildings of the real extracts', () => {
  it.each([
    ['Porto', PORTO_PBF, 50, 57, 72],
    ['London', LONDON_PBF, 38, 42, 27],
    ['Monaco', MONACO_PBF, 16, 16, 20],
  ])(
    '%s: every multipolygon building becomes footprints (outer rings) with courtyards (inner rings)',
    (_, file, relations, outer, inner) => {
      const osm = file === PORTO_PBF ? porto : read(file);
      const b = buildingRingsFromOsm(osm);
      expect(multipolygonBuildings(osm)).toHaveLength(relations);
      expect(b.multipolygons).toMatchObject({ relations, outer, inner });
      // Every assembled ring is closed, and every hole lies inside its own footprint.
      for (let i = 0; i < b.rings.length; i++) {
        const r = b.rings[i];
        expect(r[0]).toEqual(r[r.length - 1]);
        for (const h of b.holes[i]) expect(inside(h[0], r) || h.some((p) => inside(p, r))).toBe(true);
      }
      // Before, only closed building ways were footprints: the assembled outer rings are new ones.
      const waysOnly = buildingRingsFromOsm({ ...osm, relations: [] });
      expect(b.rings.length).toBeGreaterThan(waysOnly.rings.length);
    },
  );

  it('assembles a ring split over ways given in any order and direction; an unclosed one stays open', () => {
    const a: LonLatRing = [
      [0, 0],
      [1, 0],
    ];
    const bRev: LonLatRing = [
      [1, 1],
      [1, 0],
    ];
    const c: LonLatRing = [
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    for (const pieces of [
      [a, bRev, c],
      [c, a, bRev],
      [bRev, c, a],
    ]) {
      const { rings, open } = assembleRings(pieces);
      expect(open).toEqual([]);
      expect(rings).toHaveLength(1);
      expect(rings[0]).toHaveLength(5);
      expect(rings[0][0]).toEqual(rings[0][4]);
    }
    const cut = assembleRings([a, bRev]);
    expect(cut.rings).toEqual([]);
    expect(cut.open).toEqual([a, bRev]);
  });

  it('a camera in a real Porto courtyard sees the courtyard, and nothing through the building around it', () => {
    const b = buildingRingsFromOsm(porto);
    const index = buildingIndexFromFootprints(b.rings, [...b.holes.flat(), ...b.lines]);
    const radius = maxCoverageRadius();
    let checked = 0;
    for (let i = 0; i < b.rings.length && checked < 5; i++) {
      for (const hole of b.holes[i]) {
        const n = hole.length - 1;
        const c: [number, number] = [
          hole.slice(0, n).reduce((s, p) => s + p[0], 0) / n,
          hole.slice(0, n).reduce((s, p) => s + p[1], 0) / n,
        ];
        const f = new LocalFrame(c[0], c[1]);
        // A courtyard at least a few metres wide around its centroid, whose building lies within camera range.
        const far = Math.max(...b.rings[i].map((p) => Math.hypot(f.x(p[0]), f.y(p[1]))));
        const near = Math.min(...hole.map((p) => Math.hypot(f.x(p[0]), f.y(p[1]))));
        if (!inside(c, hole) || near < 4 || far > 30) continue;
        const camera: Camera = {
          id: 'test:courtyard',
          lon: c[0],
          lat: c[1],
          kind: 'dome',
          directions: [],
          surveillance: 'outdoor',
          operatorType: 'unknown',
          source: 'test',
          sourceId: 'courtyard',
          confidence: 1,
        };
        const walled = createExposureScorer([camera], { buildings: index });
        const open = createExposureScorer([camera], {});
        const seen = (s: typeof walled, p: Array<[number, number]>) =>
          s.scoreTiers(
            p.map((q) => q[0]),
            p.map((q) => q[1]),
          )[3];
        // In the courtyard: 2 m from the camera.
        const yard: Array<[number, number]> = [c, [f.lon(1), f.lat(1)]];
        expect(seen(walled, yard)).toBeGreaterThan(0);
        // 3 m outside the outer ring, straight away from the camera past one of its corners: walls between.
        const v = b.rings[i][0];
        const d = Math.hypot(f.x(v[0]), f.y(v[1]));
        const k = (d + 3) / d;
        const x: [number, number] = [f.lon(f.x(v[0]) * k), f.lat(f.y(v[1]) * k)];
        const beyond: Array<[number, number]> = [x, [f.lon(f.x(x[0]) + 0.5), f.lat(f.y(x[1]))]];
        expect(d + 3).toBeLessThan(radius);
        expect(seen(open, beyond)).toBeGreaterThan(0);
        expect(seen(walled, beyond)).toBe(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
