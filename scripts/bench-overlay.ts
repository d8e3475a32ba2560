/**
 * JavaScript-side cost of an overlay redraw in Node (no canvas): projecting every Toulouse camera, binning
 * the density layer and rasterising the coverage tier map, for typical frames. The browser figures (with
 * rasterisation) come from tests/e2e/overlay-perf.e2e.test.ts; this is the floor they cannot go under.
 *
 *   npx tsx scripts/bench-overlay.ts
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCameraSet } from '../components/overlay/camera-set.ts';
import { rasteriseTierMap } from '../components/overlay/draw-coverage.ts';
import { binDensity } from '../components/overlay/draw-density.ts';
import { buildWallMask, maskTierMap } from '../components/overlay/walls-mask.ts';
import { SightLines } from '../components/overlay/sight-lines.ts';
import { decodeWalls } from '../lib/walls/index.ts';
import { wallLayer, wallsInBBox } from '../lib/walls/view.ts';
import { lonLatAt } from '../lib/sites/projection.ts';
import { DEFAULT_SETTINGS } from '../lib/settings.ts';
import { frameFromCentre, projectPoints, type MapFrame } from '../lib/sites/projection.ts';
import { readToulouseMin } from '../lib/sources/toulouse-min.ts';

const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/data/toulouse/osm-cameras-2026.min.json');
const cameras = readToulouseMin(readFileSync(file, 'utf8')).cameras;
const set = buildCameraSet(cameras, DEFAULT_SETTINGS.filters);

function time(label: string, runs: number, fn: () => void): void {
  for (let i = 0; i < 5; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${t[runs >> 1].toFixed(3)} ms   p95 ${t[Math.floor(runs * 0.95)].toFixed(3)} ms`);
}

const inside = (frame: MapFrame) => {
  const idx: number[] = [];
  for (let i = 0; i < set.cameras.length; i++) {
    const x = set.xy[2 * i];
    const y = set.xy[2 * i + 1];
    if (x >= 0 && y >= 0 && x <= frame.width && y <= frame.height) idx.push(i);
  }
  return Int32Array.from(idx);
};

console.log(`${set.cameras.length} cameras (Toulouse, OpenStreetMap 2026-06-07)`);
const z13 = frameFromCentre([1.4125, 43.6154], 13, 2320, 2064);
time('project all cameras', 200, () => projectPoints(z13, set.lons, set.lats, set.xy));
time('z13 2320×2064: project + density bins (all in view)', 200, () => {
  projectPoints(z13, set.lons, set.lats, set.xy);
  binDensity(z13, set, inside(z13));
});
for (const [zoom, w, h] of [
  [15, 2240, 1344],
  [17, 1600, 1120],
  [19, 1600, 1120],
] as const) {
  const frame = frameFromCentre([1.444, 43.6045], zoom, w, h);
  const lw = Math.ceil(w * 0.5);
  const lh = Math.ceil(h * 0.5);
  const pixels = new Uint32Array(lw * lh);
  time(`z${zoom} ${w}×${h}: project + tier map at half resolution`, 50, () => {
    projectPoints(frame, set.lons, set.lats, set.xy);
    pixels.fill(0);
    rasteriseTierMap(pixels, lw, lh, frame, set, 0.5);
  });
}

// The wall mask (issue 10): the bundled inferred walls in the view (what `walls/inBBox` answers), cut out of
// the tier map. Needs `npm run data` (data/generated/bundle/walls.bin).
const wallsFile = resolve(dirname(fileURLToPath(import.meta.url)), '../data/generated/bundle/walls.bin');
const layer = wallLayer('inferred', decodeWalls(readFileSync(wallsFile)));
for (const [zoom, w, h] of [
  [15, 2240, 1344],
  [17, 1600, 1120],
  [19, 1600, 1120],
] as const) {
  const frame = frameFromCentre([1.444, 43.6045], zoom, w, h);
  const [west, north] = lonLatAt(frame, 0, 0);
  const [east, south] = lonLatAt(frame, w, h);
  let answer = wallsInBBox(layer, { west, south, east, north });
  time(`z${zoom}: walls/inBBox answer (${answer.rings.length} rings)`, 50, () => {
    answer = wallsInBBox(layer, { west, south, east, north });
  });
  const mask = buildWallMask('inferred', answer.rings);
  const lw = Math.ceil(w * 0.5);
  const lh = Math.ceil(h * 0.5);
  const pixels = new Uint32Array(lw * lh);
  time(`z${zoom} ${w}×${h}: wall mask on the half-resolution tier map`, 50, () => maskTierMap(pixels, lw, lh, frame, mask, 0.5));
}

// Line of sight (docs/overlay.md "Walls"): each camera's coverage clipped by the walls of the answer the
// feed gets (the view plus one screen on every side). "first frame" computes every drawn camera's
// visibility polygons (a new wall layer); "next frames" (a drag, a zoom) reuse them.
for (const [zoom, w, h] of [
  [15, 2240, 1344],
  [17, 1600, 1120],
  [19, 1600, 1120],
] as const) {
  const frame = frameFromCentre([1.444, 43.6045], zoom, w, h);
  const m = Math.max(w, h);
  const [west, north] = lonLatAt(frame, -m, -m);
  const [east, south] = lonLatAt(frame, w + m, h + m);
  const bbox = { west, south, east, north };
  const answer = wallsInBBox(layer, bbox);
  const lw = Math.ceil(w * 0.5);
  const lh = Math.ceil(h * 0.5);
  const pixels = new Uint32Array(lw * lh);
  const draw = (sight: SightLines) => {
    projectPoints(frame, set.lons, set.lats, set.xy);
    pixels.fill(0);
    rasteriseTierMap(pixels, lw, lh, frame, set, 0.5, sight);
  };
  time(`z${zoom} ${w}×${h}: line of sight, first frame (${answer.rings.length} rings)`, 10, () => {
    const sight = new SightLines();
    sight.update(answer, bbox);
    draw(sight);
  });
  const warm = new SightLines();
  warm.update(answer, bbox);
  draw(warm);
  time(`z${zoom} ${w}×${h}: line of sight, next frames (cached)`, 50, () => draw(warm));
}
