/**
 * The planner service says which walls its answers used: routes and area reports carry the wall source of
 * the graph that planned them, and `walls/inBBox` gives the overlay the rings of that graph's wall layer
 * meeting the view (real Monaco data: mapped buildings, walls inferred from its streets, or none).
 */
import { describe, expect, it } from 'vitest';
import type { AreaReport } from '../../../lib/area/report.ts';
import { areaReportToGeoJson } from '../../../lib/area/export.ts';
import { areaReportToHtml } from '../../../components/planner/area-printable.ts';
import type { BBox } from '../../../lib/geo/index.ts';
import { parseRequest } from '../../../lib/messages.ts';
import { PlannerService, type PlannedRoutes } from '../../../lib/planner/service.ts';
import { graphHeaderBBox } from '../../../lib/store/planner-deps.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { buildAreaGraph } from '../../../lib/store/area-graph.ts';
import { decodeWallRings, encodeWalls, fillRings, type WallSource } from '../../../lib/walls/index.ts';
import type { WallsInBBox } from '../../../lib/walls/view.ts';
import { MONACO_PBF, sharedFile } from '../../shared-data.ts';

const monaco = readOsmPbf(sharedFile(MONACO_PBF));
const cameras = camerasFromOsm(monaco, { source: 'osm' }).cameras;
const withBuildings = buildAreaGraph(monaco, cameras);
const noBuildings = buildAreaGraph({ ...monaco, ways: monaco.ways.filter((w) => w.tags?.building === undefined), relations: [] }, cameras);

function service(area: { bytes?: ArrayBuffer; walls?: ArrayBuffer; wallSource?: WallSource }, keepWalls = true) {
  const bbox = graphHeaderBBox(area.bytes!)!;
  let loads = 0;
  const planner = new PlannerService({
    listGraphs: async () => [{ datasetId: 'import:monaco', version: '1', label: 'Monaco', bundled: false, bbox }],
    loadGraph: async () => {
      loads++;
      return {
        version: '1',
        bytes: area.bytes!.slice(0),
        ...(keepWalls && area.walls ? { walls: area.walls, wallSource: area.wallSource } : {}),
      };
    },
    loadCameras: async () => cameras,
    loadDatasetCameras: async () => cameras,
  });
  return { planner, bbox, loads: () => loads };
}

const FROM: [number, number] = [7.4195, 43.7315];
const TO: [number, number] = [7.4255, 43.7365];
const VIEW: BBox = { west: 7.418, south: 43.73, east: 7.424, north: 43.735 };

const meets = (ring: number[], b: BBox) => {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (let i = 0; i < ring.length; i += 2) {
    w = Math.min(w, ring[i]);
    e = Math.max(e, ring[i]);
    s = Math.min(s, ring[i + 1]);
    n = Math.max(n, ring[i + 1]);
  }
  return e >= b.west && w <= b.east && n >= b.south && s <= b.north;
};

describe('wall source in the planner answers', () => {
  it.each([
    ['mapped', withBuildings, true],
    ['inferred', noBuildings, true],
    ['none', noBuildings, false],
  ] as const)('%s: route, area report and walls/inBBox name it', async (expected, area, keepWalls) => {
    expect(area.wallSource).toBe(keepWalls ? expected : 'inferred');
    const { planner, loads } = service(area, keepWalls);
    const routes = (await planner.route({ from: FROM, to: TO })) as PlannedRoutes;
    expect(routes.wallSource).toBe(expected);
    const report = (await planner.areaReport({ area: { kind: 'circle', center: [7.4215, 43.7325], radiusMetres: 120 } })) as AreaReport;
    expect(report.wallSource).toBe(expected);
    // The printable page and the GeoJSON export say it too; with none, that the figures are an upper bound.
    const html = areaReportToHtml(report, 'en');
    const fr = areaReportToHtml(report, 'fr');
    expect(html).toContain(`<p class="walls" data-wall-source="${expected}"><strong>Walls:</strong>`);
    expect(fr).toContain(`<p class="walls" data-wall-source="${expected}"><strong>Murs:</strong>`);
    expect(html.includes('upper bound')).toBe(expected === 'none');
    expect(fr.includes('un maximum')).toBe(expected === 'none');
    expect(html.includes('blocks between streets are taken as walls')).toBe(expected === 'inferred');
    expect(areaReportToGeoJson(report).features[0].properties).toMatchObject({ wallSource: expected });
    const walls = (await planner.wallsInBBox({ bbox: VIEW })) as WallsInBBox;
    expect(walls.source).toBe(expected);
    if (expected === 'none') expect(walls.rings).toEqual([]);
    else {
      // Exactly the stored solid rings that meet the view (a courtyard as a keyhole ring, fillRings), as
      // flat open [lon, lat, …] arrays.
      const all = fillRings(decodeWallRings(area.walls!)).map((r) => r.slice(0, -1).flat());
      const want = all.filter((r) => r.length >= 6 && meets(r, VIEW));
      expect(want.length).toBeGreaterThan(20);
      expect(walls.rings).toEqual(want);
      expect(walls.truncated).toBe(false);
    }
    // The layer is decoded once per graph version, not per view.
    const before = loads();
    await planner.wallsInBBox({ bbox: { ...VIEW, west: VIEW.west + 0.001 } });
    expect(loads()).toBe(before);
  });

  it('a view outside every stored area, or too many rings, or an unreadable wall layer: none or truncated, never an error', async () => {
    const { planner } = service(noBuildings);
    expect(await planner.wallsInBBox({ bbox: { west: 1.4, south: 43.5, east: 1.5, north: 43.6 } })).toEqual({
      source: 'none',
      rings: [],
      truncated: false,
    });
    const few = (await planner.wallsInBBox({ bbox: VIEW, limit: 3 })) as WallsInBBox;
    expect(few).toMatchObject({ source: 'inferred', rings: [], truncated: true });
    const broken = service({ ...noBuildings, walls: encodeWalls([]).slice(0, 10) });
    expect(await broken.planner.wallsInBBox({ bbox: VIEW })).toEqual({ source: 'none', rings: [], truncated: false });
  });

  it('a report without a wall source (older answer) prints as none, an upper bound', async () => {
    const { planner } = service(noBuildings);
    const { wallSource: _w, ...older } = (await planner.areaReport({
      area: { kind: 'circle', center: [7.4215, 43.7325], radiusMetres: 80 },
    })) as AreaReport;
    expect(areaReportToHtml(older, 'en')).toContain(
      'data-wall-source="none"><strong>Walls:</strong> none — No walls known: cameras see through buildings, so these figures are an upper bound.',
    );
  });

  it('rejects malformed walls/inBBox requests', () => {
    expect(() => parseRequest({ type: 'walls/inBBox', bbox: VIEW, limit: 0 })).toThrow();
    expect(() => parseRequest({ type: 'walls/inBBox', bbox: VIEW, extra: 1 })).toThrow();
    expect(() => parseRequest({ type: 'walls/inBBox', bbox: { west: 'x' } })).toThrow();
  });
});
