/**
 * Coverage stops at walls and draws line of sight (issue 10): on the OSM test page around the Capitole,
 * with the built test extension and its bundled Toulouse walls (inferred from the streets), no coverage
 * pixel is shaded inside a solid inferred face that a drawn camera's cone reaches; a street point in a cone
 * that the exposure engine says no camera sees (behind a block) is not shaded; a street point a drawn
 * camera sees is. Expected pixels come from the geometry: the faces (.output-test's walls.bin, projected by
 * Leaflet) and the exposure engine run on those walls (lib/exposure, not the overlay's own polygons), read
 * against the coverage canvas. The legend names the wall source, in English.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_DIR, artifactPath, launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';
import { decodeWalls, wallIndex } from '../../lib/walls/index.ts';
import { createExposureScorer } from '../../lib/exposure/index.ts';
import { coverageOf } from '../../lib/cameras/coverage.ts';
import { parseCameraBundleText } from '../../lib/store/validate.ts';
import { metresPerCssPixel } from '../../lib/sites/projection.ts';

const CAPITOLE = { lat: 43.6045, lon: 1.444 };
const ZOOM = 17;
/** Sample points closer than this to a face's edge are skipped (the layer is half resolution: 2 CSS px a pixel). */
const EDGE_MARGIN_PX = 3;
const STEP_PX = 5;

let server: StaticServer;
let session: ExtensionSession;
beforeAll(async () => {
  server = await startTestPages();
  session = await launchWithExtension({ viewport: { width: 1100, height: 760 } });
});
afterAll(async () => {
  await session?.close();
  await server?.close();
});

function inside(x: number, y: number, ring: number[]): boolean {
  let c = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i],
      yi = ring[2 * i + 1],
      xj = ring[2 * j],
      yj = ring[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function edgeDistance(x: number, y: number, ring: number[]): number {
  let best = Infinity;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = ring[2 * j],
      ay = ring[2 * j + 1],
      bx = ring[2 * i],
      by = ring[2 * i + 1];
    const dx = bx - ax,
      dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

/** Neighbours (CSS px) that must agree with a sample point before it is judged seen or hidden. */
const AROUND: Array<[number, number]> = [
  [0, 0],
  [-3, 0],
  [3, 0],
  [0, -3],
  [0, 3],
];

describe('overlay coverage and inferred walls', () => {
  it('nothing shaded inside solid faces or behind them; streets in line of sight shaded; the legend names the source', async () => {
    const page = await session.context.newPage();
    await page.goto(`${server.origin}/osm/#map=${ZOOM}/${CAPITOLE.lat}/${CAPITOLE.lon}`);
    await page.waitForFunction(() => !!(window as unknown as { map?: unknown }).map);
    const d = await waitForSettledOverlay(page);
    expect(d.mode).toBe('symbols');
    // The walls answer arrives with the cameras; the legend then names the source.
    await page.waitForFunction(
      () => !!document.querySelector('angle-mort-overlay')?.shadowRoot?.querySelector('.legend [data-wall-source="inferred"]'),
      null,
      { timeout: 15_000 },
    );
    const legendText = await page.evaluate(
      () => document.querySelector('angle-mort-overlay')!.shadowRoot!.querySelector('.legend [data-testid="wall-source"]')!.textContent,
    );
    expect(legendText).toContain('Walls: inferred from the streets');
    expect(legendText).toContain('blocks between streets are taken as walls');
    // Settled, and every drawn camera's line of sight computed (it comes a slice per redraw).
    const settled = await waitForSettledOverlay(page, (d) => d.visible && d.drawn.length > 0 && d.stats.sightPending === 0);

    // The faces in view, projected by Leaflet itself.
    const view = await page.evaluate(() => {
      const b = (window as any).map.getBounds();
      return { west: b.getWest(), east: b.getEast(), south: b.getSouth(), north: b.getNorth() };
    });
    const rings = decodeWalls(readFileSync(join(CHROME_EXTENSION_DIR, 'bundle/walls.bin')))
      .map((r) => r.slice(0, -1))
      .filter((r) => r.some(([lon, lat]) => lon >= view.west && lon <= view.east && lat >= view.south && lat <= view.north));
    expect(rings.length).toBeGreaterThan(20);
    const screenRings: number[][] = await page.evaluate(
      (rs) =>
        rs.map((r) =>
          r.flatMap(([lon, lat]) => {
            const p = (window as any).map.latLngToContainerPoint([lat, lon]);
            return [p.x, p.y];
          }),
        ),
      rings,
    );

    // The drawn cameras' observation cones, in container px (shrunk a little so cone edges do not count).
    const bundle = parseCameraBundleText(readFileSync(join(CHROME_EXTENSION_DIR, 'bundle/cameras.json'), 'utf8')).cameras;
    const byId = new Map(bundle.map((c) => [c.id, c]));
    const cones = settled.drawn.flatMap(([id, , lat, x, y]) => {
      const cam = byId.get(id);
      if (!cam) return [];
      const cov = coverageOf(cam);
      return [{ cam, x, y, r: (0.9 * cov.radii[2]) / metresPerCssPixel(lat, ZOOM), sectors: cov.sectors }];
    });
    expect(cones.length).toBeGreaterThan(10);
    const inCone = (c: (typeof cones)[number], px: number, py: number) => {
      const dx = px - c.x,
        dy = py - c.y;
      if (dx * dx + dy * dy > c.r * c.r || dx * dx + dy * dy < 9) return false;
      if (c.sectors === 'disc') return true;
      const bearing = (Math.atan2(dx, -dy) * 180) / Math.PI;
      return c.sectors.some((s) => Math.abs(((bearing - s.centre + 540) % 360) - 180) <= s.width / 2 - 3);
    };

    const { width, height } = settled.frame!;
    const samples: Array<{ x: number; y: number; face: boolean; cones: number[] }> = [];
    for (let y = EDGE_MARGIN_PX; y < height - EDGE_MARGIN_PX; y += STEP_PX) {
      for (let x = EDGE_MARGIN_PX; x < width - EDGE_MARGIN_PX; x += STEP_PX) {
        if (!cones.some((c) => inCone(c, x, y))) continue;
        const hit = cones.flatMap((c, k) => (AROUND.every(([ox, oy]) => inCone(c, x + ox, y + oy)) ? [k] : []));
        if (!hit.length) continue;
        if (screenRings.some((r) => edgeDistance(x, y, r) < EDGE_MARGIN_PX)) continue;
        samples.push({ x, y, face: screenRings.some((r) => inside(x, y, r)), cones: hit });
      }
    }
    // Line of sight by the exposure engine on the same walls: each sample and its neighbours, as lon/lat by
    // Leaflet, scored as a 2 cm piece of line by each cone's camera and by every bundled camera.
    const street = samples.filter((s) => !s.face);
    const where: Array<Array<[number, number]>> = await page.evaluate(
      (pts) =>
        pts.map((p) =>
          p.map(([x, y]) => {
            const ll = (window as any).map.containerPointToLatLng([x, y]);
            return [ll.lng, ll.lat] as [number, number];
          }),
        ),
      street.map((s) => AROUND.map(([ox, oy]) => [s.x + ox, s.y + oy])),
    );
    const walls = wallIndex(decodeWalls(readFileSync(join(CHROME_EXTENSION_DIR, 'bundle/walls.bin'))));
    const everyone = createExposureScorer(bundle, { buildings: walls });
    const perCone = cones.map((c) => createExposureScorer([c.cam], { buildings: walls }));
    const sees = (scorer: ReturnType<typeof createExposureScorer>, [lon, lat]: [number, number]) => {
      const d = 1e-7;
      return scorer
        .scoreTiers([lon - d, lon + d], [lat, lat])
        .subarray(0, 3)
        .some((m) => m > 0);
    };
    const seen: typeof street = [];
    const hidden: typeof street = [];
    street.forEach((s, i) => {
      if (s.cones.some((k) => where[i].every((p) => sees(perCone[k], p)))) seen.push(s);
      else if (where[i].every((p) => !sees(everyone, p))) hidden.push(s);
    });

    // Read the coverage layer (its own canvas, CANVAS_MARGIN_PX bigger than the map on every side) at each point.
    const read = (pts: Array<{ x: number; y: number }>): Promise<boolean[]> =>
      page.evaluate((pts) => {
        const canvas = document.querySelector('angle-mort-overlay')!.shadowRoot!.querySelector('canvas.coverage') as HTMLCanvasElement;
        const margin = -parseFloat(canvas.style.left);
        const scale = canvas.width / parseFloat(canvas.style.width);
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return pts.map(
          ({ x, y }) => data[4 * (Math.floor((y + margin) * scale) * canvas.width + Math.floor((x + margin) * scale)) + 3] > 0,
        );
      }, pts);
    await page.screenshot({ path: artifactPath('overlay-walls-capitole.png') });

    console.log(`walls e2e: ${samples.length} samples, ${seen.length} seen, ${hidden.length} hidden`);
    const inFaces = await read(samples.filter((s) => s.face));
    expect(inFaces.length, 'sample points inside faces, within a drawn cone').toBeGreaterThan(200);
    expect(inFaces.filter(Boolean).length, 'shaded points inside solid faces').toBe(0);
    const shadedSeen = await read(seen);
    const shadedHidden = await read(hidden);
    expect(seen.length, 'street points a drawn camera sees').toBeGreaterThan(200);
    expect(hidden.length, 'street points inside a cone that no camera sees (behind a block)').toBeGreaterThan(100);
    expect(shadedHidden.filter(Boolean).length, 'shaded street points no camera sees').toBe(0);
    expect(shadedSeen.filter(Boolean).length / seen.length, 'share of seen street points shaded').toBeGreaterThan(0.98);
    await page.close();
  }, 180_000);
});
