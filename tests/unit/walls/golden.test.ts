/**
 * Golden fixtures in the turf style: tests/fixtures/walls/in/*.geojson (street lines with their road type,
 * cameras) → tests/fixtures/walls/out/*.geojson (every face with its status, and the walls). Open them in
 * any GeoJSON viewer. `UPDATE_GOLDEN=1 npx vitest run tests/unit/walls/golden.test.ts` rewrites the
 * outputs; otherwise they are diffed.
 *
 * The real street grid (the Capitole in the Toulouse mapgr, ../shared/data) is OSM-derived, so its output
 * goes to tests/.tmp/fixtures/walls/ (git-ignored) and only a summary of it (counts, areas) is committed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMapgr } from '../../../lib/network/mapgr.ts';
import { graphDegrees, walkGraphFromMapgr, type WalkGraph } from '../../../lib/network/walk-graph.ts';
import { inferWalls, type InferredWalls } from '../../../lib/walls/index.ts';
import { graphFromLines, readFixture } from './helpers.ts';
import { sharedFile, TOULOUSE_MAPGR } from '../../shared-data.ts';

const DIR = 'tests/fixtures/walls';
const TMP = 'tests/.tmp/fixtures/walls';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function render(walls: InferredWalls) {
  return {
    type: 'FeatureCollection',
    features: [
      ...walls.faces.map((f) => ({
        type: 'Feature',
        properties: { kind: 'face', status: f.status, areaM2: f.areaM2 },
        geometry: { type: 'Polygon', coordinates: [f.ring] },
      })),
      ...walls.rings.map((r) => ({ type: 'Feature', properties: { kind: 'wall' }, geometry: { type: 'Polygon', coordinates: [r] } })),
    ],
    counts: walls.counts,
    warnings: walls.warnings,
  };
}

describe('golden wall fixtures', () => {
  for (const file of readdirSync(join(DIR, 'in')).filter((f) => f.endsWith('.geojson'))) {
    it(file, () => {
      const { lines, cameras } = readFixture(JSON.parse(readFileSync(join(DIR, 'in', file), 'utf8')));
      // The square rule is off by default (docs/coverage-model.md); the fixture exercises it.
      const out = render(inferWalls(graphFromLines(lines), { cameras, pedestrianSquares: true }));
      const path = join(DIR, 'out', file);
      if (UPDATE || !existsSync(path)) writeFileSync(path, JSON.stringify(out, null, 1) + '\n');
      expect(JSON.parse(JSON.stringify(out))).toEqual(JSON.parse(readFileSync(path, 'utf8')));
    });
  }

  it('grid.geojson: the rules do what the fixture was drawn for', () => {
    const { lines, cameras } = readFixture(JSON.parse(readFileSync(join(DIR, 'in', 'grid.geojson'), 'utf8')));
    const w = inferWalls(graphFromLines(lines), { cameras, pedestrianSquares: true });
    // 9 blocks; the centre one is ringed by footways (square); the north-west block holds a camera (open);
    // the sidewalk strip is thin; the diagonals (crossing with no shared node) split the north-east block into 4 solid triangles.
    expect(w.counts.square).toBe(1);
    expect(w.counts.camera).toBe(1);
    expect(w.counts.thin).toBeGreaterThanOrEqual(1);
    expect(w.counts.solid).toBe(6 + 4); // 5 plain blocks, the south-east block past its strip, 4 triangles
    expect(w.warnings.some((m) => m.includes('duplicate'))).toBe(true);
  });
});

describe('real street grid: the Capitole (Toulouse mapgr)', () => {
  it('gives the committed summary of faces and walls', () => {
    const full = walkGraphFromMapgr(parseMapgr(sharedFile(TOULOUSE_MAPGR)));
    const g = cutGraph(full, 1.4405, 43.6025, 1.447, 43.6065);
    const w = inferWalls(g);
    mkdirSync(TMP, { recursive: true });
    writeFileSync(join(TMP, 'capitole.geojson'), JSON.stringify(render(w)));
    const summary = {
      edges: g.edgeCount,
      counts: w.counts,
      wallRings: w.rings.length,
      solidAreaM2: Math.round(w.faces.filter((f) => f.status === 'solid').reduce((s, f) => s + f.areaM2, 0)),
    };
    const path = join(DIR, 'capitole.summary.json');
    if (UPDATE || !existsSync(path)) writeFileSync(path, JSON.stringify(summary, null, 1) + '\n');
    expect(summary).toEqual(JSON.parse(readFileSync(path, 'utf8')));
    expect(w.counts.solid).toBeGreaterThanOrEqual(8);
  });
});

/** The edges of a graph with both ends inside a box, as a new graph. */
function cutGraph(g: WalkGraph, west: number, south: number, east: number, north: number): WalkGraph {
  const inside = (n: number) =>
    graphDegrees(g.nodeLon[n]) >= west &&
    graphDegrees(g.nodeLon[n]) <= east &&
    graphDegrees(g.nodeLat[n]) >= south &&
    graphDegrees(g.nodeLat[n]) <= north;
  const lines = [];
  for (let e = 0; e < g.edgeCount; e++) {
    if (!inside(g.edgeFrom[e]) || !inside(g.edgeTo[e])) continue;
    const coords: Array<[number, number]> = [[graphDegrees(g.nodeLon[g.edgeFrom[e]]), graphDegrees(g.nodeLat[g.edgeFrom[e]])]];
    for (let k = g.shapeOffsets[e]; k < g.shapeOffsets[e + 1]; k++) coords.push([graphDegrees(g.shapeLon[k]), graphDegrees(g.shapeLat[k])]);
    coords.push([graphDegrees(g.nodeLon[g.edgeTo[e]]), graphDegrees(g.nodeLat[g.edgeTo[e]])]);
    lines.push({ coords, roadType: String.fromCharCode(g.edgeRoadType[e]) });
  }
  return graphFromLines(lines);
}
