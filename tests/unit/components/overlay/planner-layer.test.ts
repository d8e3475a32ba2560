/**
 * The planner on the overlay: projection through the overlay's single path, one-click picking with cancel,
 * and route drawing at exactly the projected positions.
 */
import { describe, expect, it, vi } from 'vitest';
import { drawPlannerLayers, OverlayPlannerMap } from '../../../../components/overlay/planner-layer.ts';
import { EMPTY_LAYERS, type PlannerLayers } from '../../../../components/planner/map.ts';
import { containerPoint, frameFromCentre, lonLatAt, type MapFrame } from '../../../../lib/sites/projection.ts';
import type { LonLat } from '../../../../lib/geo/index.ts';

const FRAME: MapFrame = frameFromCentre([1.444, 43.6045], 16, 1000, 700);

function hostWith(frame: MapFrame | null) {
  const host = { frame: () => frame, layersChanged: vi.fn(), pickingChanged: vi.fn() };
  return { host, map: new OverlayPlannerMap(host) };
}

describe('OverlayPlannerMap', () => {
  it('projects with the overlay frame and reads the centre back', () => {
    const { map } = hostWith(FRAME);
    expect(map.project(1.444, 43.6045)).toEqual(containerPoint(FRAME, 1.444, 43.6045));
    const [x, y] = map.project(1.444, 43.6045)!;
    expect(x).toBeCloseTo(500, 6);
    expect(y).toBeCloseTo(350, 6);
    expect(map.centre()).toEqual([1.444, 43.6045]);
    expect(hostWith(null).map.project(1, 43)).toBeNull();
  });

  it('"…at map centre" means the centre of what the open panel leaves visible', () => {
    const covered = { left: 0, top: 0, right: 0, bottom: 0 };
    const host = { frame: () => FRAME, layersChanged: vi.fn(), pickingChanged: vi.fn(), covered: () => covered };
    const map = new OverlayPlannerMap(host);
    expect(map.centrePoint()).toEqual([500, 350]);
    expect(map.centre()).toEqual([1.444, 43.6045]);
    // A 400 px panel on the left: the point lands in the middle of the 600 px left free, east of the map's centre.
    covered.left = 400;
    expect(map.centrePoint()).toEqual([700, 350]);
    const [lon, lat] = map.centre();
    const [x, y] = containerPoint(FRAME, lon, lat);
    expect(x).toBeCloseTo(700, 0);
    expect(y).toBeCloseTo(350, 0);
    expect(lon).toBeGreaterThan(1.444);
    // On the right, the same to the west.
    covered.left = 0;
    covered.right = 400;
    expect(map.centrePoint()).toEqual([300, 350]);
    expect(hostWith(null).map.centrePoint()).toBeNull();
  });

  it('frames a new route clear of the legend when the legend stands over the lower half', () => {
    // Two points in view, 600 px down a 700 px map: visible, unless a 250 px legend covers the bottom.
    const pts: LonLat[] = [lonLatAt(FRAME, 450, 600), lonLatAt(FRAME, 560, 610)];
    const reveal = (legend: number) => {
      const moves: Array<{ centre: LonLat; zoom: number }> = [];
      const host = {
        frame: () => FRAME,
        layersChanged: vi.fn(),
        pickingChanged: vi.fn(),
        moveTo: (centre: LonLat, zoom: number) => (moves.push({ centre, zoom }), true),
        legendBottom: () => legend,
      };
      new OverlayPlannerMap(host).reveal(pts);
      return moves;
    };
    expect(reveal(0)).toEqual([]);
    const [move] = reveal(250);
    expect(move).toBeDefined();
    const framed = frameFromCentre(move.centre, move.zoom, FRAME.width, FRAME.height);
    for (const [lon, lat] of pts) {
      const [x, y] = containerPoint(framed, lon, lat);
      expect(y).toBeLessThanOrEqual(FRAME.height - 250);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(FRAME.width);
    }
  });

  it('takes a click only while a pick is pending, and only one', () => {
    const { host, map } = hostWith(FRAME);
    const got: LonLat[] = [];
    map.onClick((at) => got.push(at));
    expect(map.clickAt(500, 350)).toBe(false);
    expect(got).toEqual([]);
    map.setPicking({ prompt: 'Click the map', cancel: () => undefined });
    expect(host.pickingChanged).toHaveBeenLastCalledWith({ prompt: 'Click the map', cancel: expect.any(Function) });
    expect(map.clickAt(500, 350)).toBe(true);
    expect(got).toEqual([[1.444, 43.6045]]);
    expect(map.pick).toBeNull();
    expect(host.pickingChanged).toHaveBeenLastCalledWith(null);
    expect(map.clickAt(500, 350)).toBe(false);
    expect(got.length).toBe(1);
  });

  it('Escape cancels: the panel is told, clicks go back to the site', () => {
    const { host, map } = hostWith(FRAME);
    const cancel = vi.fn();
    map.setPicking({ prompt: 'p', cancel });
    map.cancelPick();
    expect(cancel).toHaveBeenCalledOnce();
    expect(map.pick).toBeNull();
    expect(host.pickingChanged).toHaveBeenLastCalledWith(null);
  });

  it('no pick while the view is unknown', () => {
    const { map } = hostWith(null);
    map.setPicking({ prompt: 'p', cancel: () => undefined });
    expect(map.clickAt(1, 1)).toBe(false);
  });
});

describe('drawPlannerLayers', () => {
  /** A 2D context that records the path points it is given (CSS px, before the dpr transform). */
  function recordingContext() {
    const points: Array<[number, number]> = [];
    const noop = () => undefined;
    const ctx = {
      canvas: { width: 2000, height: 1400 },
      setTransform: noop,
      clearRect: noop,
      beginPath: noop,
      closePath: noop,
      stroke: noop,
      fill: noop,
      arc: noop,
      setLineDash: noop,
      fillText: noop,
      moveTo: (x: number, y: number) => points.push([x, y]),
      lineTo: (x: number, y: number) => points.push([x, y]),
    } as unknown as CanvasRenderingContext2D;
    return { ctx, points };
  }

  it('draws each route vertex at its projected position, emphasised route last', () => {
    const line: LonLat[] = [
      [1.44, 43.6],
      [1.445, 43.603],
      [1.45, 43.607],
    ];
    const layers: PlannerLayers = {
      ...EMPTY_LAYERS,
      routes: [
        { name: 'discreet', coordinates: line, emphasis: true },
        { name: 'shortest', coordinates: line.slice(0, 2), emphasis: false },
      ],
    };
    const { ctx, points } = recordingContext();
    const drawn = drawPlannerLayers(ctx, FRAME, layers, 2, null);
    expect(drawn.map((r) => r.name)).toEqual(['shortest', 'discreet']);
    for (const r of drawn) for (const [lon, lat, x, y] of r.points) expect([x, y]).toEqual(containerPoint(FRAME, lon, lat));
    expect(points).toEqual([...line.slice(0, 2), ...line].map(([lon, lat]) => containerPoint(FRAME, lon, lat)));
  });

  it('draws nothing but a clear for empty layers', () => {
    const { ctx, points } = recordingContext();
    expect(drawPlannerLayers(ctx, FRAME, EMPTY_LAYERS, 1, null)).toEqual([]);
    expect(points).toEqual([]);
  });
});
