import { describe, expect, it } from 'vitest';
import { drawOverlay, HEAT_BELOW_ZOOM } from '../../../../components/overlay/draw.ts';
import type { Canvas2D } from '../../../../components/overlay/draw-style.ts';
import { rasteriseTierMap } from '../../../../components/overlay/draw-coverage.ts';
import { binDensity } from '../../../../components/overlay/draw-density.ts';
import { buildCameraSet } from '../../../../components/overlay/camera-set.ts';
import { DEFAULT_SETTINGS } from '../../../../lib/settings.ts';
import { containerPoint, frameFromCentre, metresPerCssPixel } from '../../../../lib/sites/projection.ts';
import { camera, toulouseCameras } from './fixtures.ts';

type Call = [string, ...unknown[]];

/** Records every drawing call, like a canvas that keeps a log instead of pixels. */
function recorder(): Canvas2D & { calls: Call[] } {
  const calls: Call[] = [];
  const rec =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push([name, ...args]);
  return {
    calls,
    setTransform: rec('setTransform'),
    clearRect: rec('clearRect'),
    beginPath: rec('beginPath'),
    moveTo: rec('moveTo'),
    lineTo: rec('lineTo'),
    arc: rec('arc'),
    rect: rec('rect'),
    closePath: rec('closePath'),
    fill: rec('fill'),
    stroke: rec('stroke'),
    fillText: rec('fillText'),
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'start',
    textBaseline: 'alphabetic',
  } as unknown as Canvas2D & { calls: Call[] };
}

const layers = DEFAULT_SETTINGS.layers;
const capitole = frameFromCentre([1.444, 43.6045], 17, 1200, 800);

describe('drawOverlay', () => {
  it('draws a fixed camera’s cone with the tier radii in px and its bearing', () => {
    const set = buildCameraSet([camera({ directions: [90], kind: 'fixed' })], DEFAULT_SETTINGS.filters);
    const ctx = recorder();
    const r = drawOverlay(ctx, capitole, set, layers, 2);
    expect(r.mode).toBe('symbols');
    expect(ctx.calls[0]).toEqual(['setTransform', 2, 0, 0, 2, 0, 0]);
    const [x, y] = containerPoint(capitole, 1.444, 43.6045);
    const arcs = ctx.calls.filter((c) => c[0] === 'arc' && c[1] === x && c[2] === y) as Array<
      [string, number, number, number, number, number]
    >;
    const mpp = metresPerCssPixel(43.6045, 17);
    // Observation, recognition, identification cones (60/30/15 m), each 85° centred on east (canvas angle 0).
    const cones = arcs.filter((a) => Math.abs(a[4] - -42.5 * (Math.PI / 180)) < 1e-9);
    expect(cones.map((a) => a[3])).toEqual([60 / mpp, 30 / mpp, 15 / mpp]);
    for (const a of cones) expect(a[5]).toBeCloseTo(42.5 * (Math.PI / 180), 12);
    // Direction tick towards east.
    expect(
      ctx.calls.some((c) => c[0] === 'lineTo' && Math.abs((c[1] as number) - (x + 14)) < 1e-9 && Math.abs((c[2] as number) - y) < 1e-9),
    ).toBe(true);
    expect(Array.from(r.drawn)).toEqual([0]);
  });

  it('draws only cameras inside the container, at their projected position', () => {
    const set = buildCameraSet(toulouseCameras(), DEFAULT_SETTINGS.filters);
    const ctx = recorder();
    const r = drawOverlay(ctx, capitole, set, layers, 1);
    expect(r.drawn.length).toBeGreaterThan(100);
    for (const i of r.drawn) {
      const [x, y] = containerPoint(capitole, set.lons[i], set.lats[i]);
      expect(set.xy[2 * i]).toBeCloseTo(x, 6);
      expect(set.xy[2 * i + 1]).toBeCloseTo(y, 6);
      expect(x >= 0 && x <= 1200 && y >= 0 && y <= 800).toBe(true);
    }
    // Batched: a handful of fills, not one per camera.
    expect(ctx.calls.filter((c) => c[0] === 'fill').length).toBeLessThan(30);
  });

  it('switches to density below zoom 15, dots when the density layer is off, nothing when all is off', () => {
    const set = buildCameraSet(toulouseCameras(), DEFAULT_SETTINGS.filters);
    const low = frameFromCentre([1.444, 43.6045], HEAT_BELOW_ZOOM - 2, 1200, 800);
    const heat = drawOverlay(recorder(), low, set, layers, 1);
    expect(heat.mode).toBe('heat');
    const cells = binDensity(low, set, heat.drawn);
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(heat.drawn.length);
    expect(drawOverlay(recorder(), low, set, { ...layers, heat: false }, 1).mode).toBe('dots');
    expect(drawOverlay(recorder(), capitole, set, { ...layers, cameras: false, coverage: false }, 1).mode).toBe('none');
    const coverageOnly = drawOverlay(recorder(), capitole, set, { ...layers, cameras: false }, 1);
    expect(coverageOnly.mode).toBe('symbols');
    expect(coverageOnly.drawn.length).toBe(0);
  });
});

describe('rasteriseTierMap', () => {
  const scale = 0.5;
  const frame = frameFromCentre([1.444, 43.6045], 18, 400, 400);
  const w = 200;
  const h = 200;
  const mppLayer = metresPerCssPixel(43.6045, 18) / scale;
  const colourAt = (pixels: Uint32Array, dxMetres: number, dyMetres: number) => {
    const x = Math.floor(100 + dxMetres / mppLayer);
    const y = Math.floor(100 - dyMetres / mppLayer);
    return pixels[y * w + x];
  };

  it('paints a dome’s tiers as nested discs, best tier on top', () => {
    const set = buildCameraSet([camera({ kind: 'dome', directions: [] })], DEFAULT_SETTINGS.filters);
    projectPoints(set, frame);
    const pixels = new Uint32Array(w * h);
    rasteriseTierMap(pixels, w, h, frame, set, scale);
    const [id, rec, obs] = ['#b5002a', '#e63946', '#f48c06'].map(packed);
    expect(colourAt(pixels, 0, 10)).toBe(id); // 25 m identification disc
    expect(colourAt(pixels, -40, 0)).toBe(rec); // 50 m
    expect(colourAt(pixels, 0, -80)).toBe(obs); // 100 m
    expect(colourAt(pixels, 75, 75)).toBe(0); // 106 m away: outside
  });

  it('paints a fixed camera’s sector only in its direction', () => {
    const set = buildCameraSet([camera({ kind: 'fixed', directions: [90] })], DEFAULT_SETTINGS.filters);
    projectPoints(set, frame);
    const pixels = new Uint32Array(w * h);
    rasteriseTierMap(pixels, w, h, frame, set, scale);
    expect(colourAt(pixels, 10, 0)).toBe(packed('#b5002a')); // east, 10 m: identification
    expect(colourAt(pixels, 45, 20)).toBe(packed('#f48c06')); // east-north-east, 49 m: observation
    expect(colourAt(pixels, -10, 0)).toBe(0); // west: behind the camera
    expect(colourAt(pixels, 0, 20)).toBe(0); // north: outside the 85° cone
  });
});

function packed(hex: string): number {
  const v = parseInt(hex.slice(1), 16);
  return ((0xff << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}

function projectPoints(set: ReturnType<typeof buildCameraSet>, frame: ReturnType<typeof frameFromCentre>) {
  for (let i = 0; i < set.cameras.length; i++) {
    const [x, y] = containerPoint(frame, set.lons[i], set.lats[i]);
    set.xy[2 * i] = x;
    set.xy[2 * i + 1] = y;
  }
}
