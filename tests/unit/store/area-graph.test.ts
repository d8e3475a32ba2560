/**
 * A downloaded or imported area with buildings is scored with all of them: through the same builder the
 * store uses (buildAreaGraph, run by the options page's worker and by area downloads), the multipolygon
 * buildings of the real Porto extract are stored as walls (walls.bin version 2, courtyards as holes), and
 * the edges whose exposure changes because of them are the edges beside them.
 */
import { describe, expect, it } from 'vitest';
import { maxCoverageRadius } from '../../../lib/cameras/coverage.ts';
import { LocalFrame } from '../../../lib/geo/index.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { EXPOSURE_STRIDE, graphDegrees } from '../../../lib/network/walk-graph.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import { buildingRingsFromOsm } from '../../../lib/sources/osm-buildings.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { buildAreaGraph, builtAreaGraph, builtGraphParts } from '../../../lib/store/area-graph.ts';
import { decodeWallRings, WALLS_MAGIC_V2 } from '../../../lib/walls/index.ts';
import { LONDON_PBF, MONACO_PBF, PORTO_PBF, sharedFile } from '../../shared-data.ts';

describe.each([
  // Monaco's multipolygon buildings stand where no mapped camera sees past them: no edge changes there.
  ['Porto', PORTO_PBF, 50, 72, true],
  ['London', LONDON_PBF, 38, 27, true],
  ['Monaco', MONACO_PBF, 16, 20, false],
])('mapped walls of a downloaded area (%s)', (city, file, relations, courtyards, someChange) => {
  const porto = readOsmPbf(sharedFile(file));
  const cameras = camerasFromOsm(porto, { source: 'osm' }).cameras;
  const withRelations = buildAreaGraph(porto, cameras);
  // What the store kept before: closed building ways only.
  const waysOnly = buildAreaGraph({ ...porto, relations: [] }, cameras);

  it('stores the multipolygon buildings as walls, their courtyards as holes', () => {
    expect(withRelations.wallSource).toBe('mapped');
    expect(new DataView(withRelations.walls!).getUint32(0, true)).toBe(WALLS_MAGIC_V2);
    const stored = decodeWallRings(withRelations.walls!);
    const before = decodeWallRings(waysOnly.walls!);
    const b = buildingRingsFromOsm(porto);
    expect(stored.rings.length).toBe(b.rings.length);
    expect(stored.holes.flat().length).toBe(courtyards);
    expect(before.holes.flat().length).toBe(0);
    expect(stored.rings.length).toBeGreaterThan(before.rings.length);
    expect(withRelations.summary.join('\n')).toContain(`from ${relations} multipolygon buildings, with ${courtyards} courtyards`);
  });

  it('exposure drops beside the multipolygon buildings, never rises, and changes nowhere else', () => {
    const a = decodeWalkGraph(new Uint8Array(withRelations.bytes!));
    const z = decodeWalkGraph(new Uint8Array(waysOnly.bytes!));
    expect(a.edgeCount).toBe(z.edgeCount);
    const b = buildingRingsFromOsm(porto);
    const waysOnlyKeys = new Set(buildingRingsFromOsm({ ...porto, relations: [] }).rings.map((r) => JSON.stringify(r)));
    const newRings = b.rings.filter((r) => !waysOnlyKeys.has(JSON.stringify(r)));
    const newPoints = newRings.flat();
    const radius = maxCoverageRadius();
    let changed = 0;
    let lower = 0;
    let seenBefore = 0;
    let seenAfter = 0;
    for (let e = 0; e < a.edgeCount; e++) {
      let diff = 0;
      for (let k = 0; k < 3; k++) {
        seenAfter += a.exposure[e * EXPOSURE_STRIDE + k];
        seenBefore += z.exposure[e * EXPOSURE_STRIDE + k];
        diff += a.exposure[e * EXPOSURE_STRIDE + k] - z.exposure[e * EXPOSURE_STRIDE + k];
      }
      if (Math.abs(diff) < 0.01) continue;
      changed++;
      if (diff < 0) lower++;
      // The edge lies within camera range (plus the building's own size) of a new footprint.
      const f = new LocalFrame(graphDegrees(a.nodeLon[a.edgeFrom[e]]), graphDegrees(a.nodeLat[a.edgeFrom[e]]));
      const near = Math.min(...newPoints.map((p) => Math.hypot(f.x(p[0]), f.y(p[1]))));
      expect(near).toBeLessThan(radius + a.edgeLength[e] + 150);
    }
    expect(lower).toBe(changed);
    if (someChange) {
      expect(changed).toBeGreaterThan(0);
      expect(seenAfter).toBeLessThan(seenBefore);
    } else expect(changed).toBe(0);
    console.log(
      `${city}: ${changed} of ${a.edgeCount} edges less exposed with ${newRings.length} multipolygon footprints; ` +
        `seen ${(seenBefore / 1000).toFixed(2)} → ${(seenAfter / 1000).toFixed(2)} tier-km`,
    );
  });
});

describe('the graph builder the service worker runs (district downloads)', () => {
  it('hands over the walls and their source with the graph, so the area is not stored with walls none', () => {
    const monaco = readOsmPbf(sharedFile(MONACO_PBF));
    const parts = builtGraphParts(builtAreaGraph(monaco, camerasFromOsm(monaco, { source: 'osm' }).cameras));
    expect(parts.wallSource).toBe('mapped');
    expect(decodeWallRings(parts.walls!).rings.length).toBeGreaterThan(1000);
    expect(parts.graph!.byteLength).toBeGreaterThan(0);
    expect(builtAreaGraph({ nodes: new Map(), ways: [] }, [])).toBeUndefined();
  });
});
