import { booleanPointInPolygon, point } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaReportToGeoJson, rankedWaysOut } from '../../../lib/area/export.ts';
import { areaReportToHtml } from '../../../components/planner/area-printable.ts';
import { BEST_EXIT_COLOUR } from '../../../components/planner/map.ts';
import { areaReport, complement, type AreaContext, type AreaReport } from '../../../lib/area/report.ts';
import { AreaError, areaPolygon, clipPolylineToArea, polygonRings } from '../../../lib/area/shape.ts';
import { haversineMetres, type LonLat } from '../../../lib/geo/index.ts';
import { graphDegrees } from '../../../lib/network/walk-graph.ts';
import { PlanningEngine } from '../../../lib/planner/engine.ts';
import { bundledCameras, CAPITOLE, toulouseGraphBytes } from '../planner/fixture.ts';

const NOW = new Date('2026-06-01T10:00:00Z');
let engine: PlanningEngine;
let ctx: AreaContext;
let report: AreaReport;

beforeAll(() => {
  engine = PlanningEngine.fromBytes(toulouseGraphBytes(), bundledCameras(), { now: () => NOW });
  ctx = { graph: engine.graph, scorer: engine.scorer, router: engine.currentRouter, edgesInBBox: (b) => engine.edgesInBBox(b), now: NOW };
  report = areaReport(ctx, { kind: 'circle', center: CAPITOLE, radiusMetres: 200 });
});

describe('area report around the Capitole (real Toulouse data)', () => {
  it('lists the cameras that watch it, by kind and tier', () => {
    expect(report.cameras.length).toBeGreaterThan(5);
    let counted = 0;
    for (const k of Object.values(report.camerasByKind)) counted += k.identification + k.recognition + k.observation;
    expect(counted).toBe(report.cameras.length);
    // A camera standing inside the circle reaches it at its best (identification) tier.
    for (const c of report.cameras.filter((c) => c.inside)) expect(c.tier).toBe('identification');
    // Every counted camera is within its observation reach (≤ 200 m radius + 100 m dome radius × 2 height clamp) of the centre.
    for (const c of report.cameras) expect(haversineMetres(c.lon, c.lat, CAPITOLE[0], CAPITOLE[1])).toBeLessThan(200 + 201);
    // Cameras seeing the area's streets are all listed.
    const ids = new Set(report.cameras.map((c) => c.id));
    expect(report.cameras.filter((c) => c.streetMetres > 0).length).toBeGreaterThan(0);
    expect([...ids].length).toBe(report.cameras.length);
  });

  it('measures the street length inside the area like a 1-metre sampler does', () => {
    const area = areaPolygon({ kind: 'circle', center: CAPITOLE, radiusMetres: 200 });
    const g = engine.graph;
    let sampled = 0;
    for (const e of engine.edgesInBBox({ west: 1.44, south: 43.6, east: 1.448, north: 43.609 })) {
      const pts: LonLat[] = [[graphDegrees(g.nodeLon[g.edgeFrom[e]]), graphDegrees(g.nodeLat[g.edgeFrom[e]])]];
      for (let k = g.shapeOffsets[e]; k < g.shapeOffsets[e + 1]; k++) pts.push([graphDegrees(g.shapeLon[k]), graphDegrees(g.shapeLat[k])]);
      pts.push([graphDegrees(g.nodeLon[g.edgeTo[e]]), graphDegrees(g.nodeLat[g.edgeTo[e]])]);
      for (let i = 1; i < pts.length; i++) {
        const d = haversineMetres(pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]);
        const steps = Math.max(1, Math.ceil(d));
        for (let s = 0; s < steps; s++) {
          const t = (s + 0.5) / steps;
          const p = point([pts[i - 1][0] + t * (pts[i][0] - pts[i - 1][0]), pts[i - 1][1] + t * (pts[i][1] - pts[i - 1][1])]);
          if (booleanPointInPolygon(p, area)) sampled += d / steps;
        }
      }
    }
    expect(report.streets.lengthMetres).toBeGreaterThan(1000);
    expect(Math.abs(report.streets.lengthMetres - sampled) / sampled).toBeLessThan(0.01);
    const s = report.streets;
    expect(s.seen.identification + s.seen.recognition + s.seen.observation).toBeLessThanOrEqual(s.lengthMetres + 1e-6);
    expect(s.seenShare).toBeGreaterThan(0.5); // the Capitole is among the most watched places in Toulouse
    expect(s.seenShare).toBeLessThanOrEqual(1);
  });

  it('reports blind spots that no camera sees, at least 50 m long', () => {
    const total = report.blindSpots.reduce((a, b) => a + b.length, 0);
    expect(total).toBeLessThanOrEqual(report.streets.unseenMetres + 1);
    for (const b of report.blindSpots) {
      expect(b.length).toBeGreaterThanOrEqual(50);
      for (const line of b.lines) {
        // The middle of every blind line is unseen by every camera.
        const mid = line[Math.floor(line.length / 2)];
        const prev = line[Math.max(0, Math.floor(line.length / 2) - 1)];
        const a = mid === prev ? line[0] : prev;
        const m: LonLat = [(a[0] + mid[0]) / 2, (a[1] + mid[1]) / 2];
        if (haversineMetres(a[0], a[1], mid[0], mid[1]) < 0.5) continue;
        const tiers = engine.scorer.scoreTiers([a[0], m[0]], [a[1], m[1]]);
        expect(tiers[0] + tiers[1] + tiers[2]).toBeLessThan(0.05);
      }
    }
  });

  it('finds the least-seen way out in each of 8 directions, ending beyond the area', () => {
    expect(report.waysOut.map((w) => w.direction)).toEqual(['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW']);
    const ok = report.waysOut.filter((w) => w.ok);
    expect(ok.length).toBeGreaterThanOrEqual(6);
    expect(ok.filter((w) => w.best)).toHaveLength(1);
    const best = ok.find((w) => w.best)!;
    for (const w of ok) expect(best.weighted).toBeLessThanOrEqual(w.weighted);
    for (const w of ok) {
      const end = w.coordinates[w.coordinates.length - 1];
      expect(haversineMetres(end[0], end[1], CAPITOLE[0], CAPITOLE[1])).toBeGreaterThan(200);
    }
  });

  it('names the streets of each way out, ranks them by the figure that gives the star, and the printable page keeps both', () => {
    const ok = report.waysOut.filter((w) => w.ok);
    for (const w of ok) {
      expect(w.streets.length).toBeGreaterThan(0);
      // The streets are the walk graph's names in walking order, as for a planned route.
      const again = ctx.router.route({ from: report.centroid, to: w.end, alpha: 64, maxDetour: 1 });
      if (again.ok) expect(w.streets).toEqual(again.discreet.streets);
    }
    const ranked = rankedWaysOut(report.waysOut);
    expect(ranked[0].ok && ranked[0].best).toBe(true);
    const figures = ranked.flatMap((w) => (w.ok ? [w.weighted] : []));
    expect(figures).toEqual([...figures].sort((a, b) => a - b));
    const best = ok.find((w) => w.best)!;

    const html = areaReportToHtml(report, 'en');
    const table = html.slice(html.indexOf('Least-seen ways out'));
    expect(table).toContain('Weighted camera-metres');
    // The star's row comes first and shows the figure that earned it, and its streets.
    const firstRow = /<tr class="best"><th scope="row">★ (\w+)[^<]*<\/th><td class="num">([\d,]+) m<\/td>[\s\S]*?<\/tr>/.exec(table)!;
    expect(firstRow[1]).toBe(best.direction);
    expect(Number(firstRow[2].replace(/,/g, ''))).toBe(Math.round(best.weighted));
    expect(firstRow[0]).toContain(best.streets[0].replace(/'/g, '&#39;'));
    // The sketch labels every way out at its end, the best one drawn last and not in green.
    for (const w of ok) expect(html).toContain(`data-exit="${w.direction}"`);
    const paths = [...html.matchAll(/<path d="[^"]+" fill="none" stroke="(#[0-9a-f]{6})" stroke-width="(\d)"/g)].filter(
      (m) => m[1] === BEST_EXIT_COLOUR || m[1] === '#757575',
    );
    expect(paths[paths.length - 1][1]).toBe(BEST_EXIT_COLOUR);
    expect(BEST_EXIT_COLOUR).not.toBe('#2e7d32');
    const gj = areaReportToGeoJson(report).features.filter((f) => f.properties?.layer === 'way-out');
    expect(gj.find((f) => f.properties?.best)?.properties?.weightedExposureMetres).toBeCloseTo(best.weighted, 0);
  });

  it('gives the same numbers for a polygon equal to the circle', () => {
    const ring = polygonRings(areaPolygon({ kind: 'circle', center: CAPITOLE, radiusMetres: 200 }).geometry)[0];
    const same = areaReport(ctx, { kind: 'polygon', ring });
    expect(same.streets.lengthMetres).toBeCloseTo(report.streets.lengthMetres, 6);
    expect(same.streets.seen).toEqual(report.streets.seen);
    expect(same.cameras.map((c) => c.id)).toEqual(report.cameras.map((c) => c.id));
  });

  it('checks a march path as a corridor', () => {
    const march = areaReport(
      ctx,
      { kind: 'path', line: [CAPITOLE, [1.4494, 43.6063], [1.4526, 43.6088]], widthMetres: 30 },
      { blindSpotMinMetres: 20 },
    );
    expect(march.shape).toBe('path');
    expect(march.streets.lengthMetres).toBeGreaterThan(500);
    expect(march.cameras.length).toBeGreaterThan(0);
    for (const b of march.blindSpots) expect(b.length).toBeGreaterThanOrEqual(20);
  });

  it('exports GeoJSON and a printable page that escapes text from data', () => {
    const gj = areaReportToGeoJson(report);
    const layers = gj.features.map((f) => f.properties?.layer);
    expect(layers.filter((l) => l === 'area')).toHaveLength(1);
    expect(layers.filter((l) => l === 'camera')).toHaveLength(report.cameras.length);
    expect(layers.filter((l) => l === 'blind-spot')).toHaveLength(report.blindSpots.length);
    const hostile: AreaReport = {
      ...report,
      blindSpots: [{ length: 80, streets: ['<img src=x onerror=alert(1)>'], lines: [[CAPITOLE, [1.4445, 43.605]]] }],
    };
    const html = areaReportToHtml(hostile, 'fr');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Angles morts');
    expect(html).toContain(`${Math.round(report.streets.seenShare * 100)} %`);
  });
});

describe('area shapes', () => {
  it('rejects degenerate and oversized areas with typed errors', () => {
    const bad = (f: () => unknown, code: string) => {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AreaError);
        expect((e as AreaError).code).toBe(code);
      }
    };
    bad(
      () =>
        areaPolygon({
          kind: 'polygon',
          ring: [
            [1.44, 43.6],
            [1.45, 43.6],
          ],
        }),
      'invalid-area',
    );
    bad(
      () =>
        areaPolygon({
          kind: 'polygon',
          ring: [
            [1.44, 43.6],
            [1.45, 43.6],
            [1.46, 43.6],
          ],
        }),
      'invalid-area',
    );
    bad(() => areaPolygon({ kind: 'circle', center: CAPITOLE, radiusMetres: 0 }), 'invalid-area');
    bad(() => areaPolygon({ kind: 'circle', center: [Number.NaN, 43], radiusMetres: 10 }), 'invalid-area');
    bad(() => areaPolygon({ kind: 'path', line: [CAPITOLE], widthMetres: 10 }), 'invalid-area');
    bad(
      () =>
        areaPolygon({
          kind: 'polygon',
          ring: [
            [1.3, 43.5],
            [1.5, 43.5],
            [1.5, 43.7],
          ],
        }),
      'area-too-large',
    );
  });

  it('clips a line to a square and its hole exactly', () => {
    const outer: LonLat[] = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ];
    const hole: LonLat[] = [
      [1, 1],
      [3, 1],
      [3, 3],
      [1, 3],
      [1, 1],
    ];
    const pieces = clipPolylineToArea(
      [
        [-1, 2],
        [5, 2],
      ],
      [outer, hole],
    );
    expect(pieces).toEqual([
      [
        [0, 2],
        [1, 2],
      ],
      [
        [3, 2],
        [4, 2],
      ],
    ]);
    expect(
      complement(
        [
          [2, 5],
          [1, 3],
          [8, 9],
        ],
        10,
      ),
    ).toEqual([
      [0, 1],
      [5, 8],
      [9, 10],
    ]);
  });
});
