/**
 * The overlay's line-of-sight cache: polygons are computed once per camera and kept while answers come from
 * the same wall layer, dropped for a new layer, not kept when the answer's box does not cover the camera's
 * reach, and computed a slice per redraw when a budget is set (the rest drawn plain and counted pending).
 */
import { describe, expect, it } from 'vitest';
import { SightLines } from '../../../../components/overlay/sight-lines.ts';
import { buildCameraSet } from '../../../../components/overlay/camera-set.ts';
import { DEFAULT_SETTINGS } from '../../../../lib/settings.ts';
import { wallLayer, wallsInBBox } from '../../../../lib/walls/view.ts';
import { at, camera, ORIGIN } from '../../exposure/helpers.ts';
import { rasteriseTierMap } from '../../../../components/overlay/draw-coverage.ts';
import { containerPoint, frameFromCentre, projectPoints } from '../../../../lib/sites/projection.ts';

/** A square block (metres around ORIGIN) as a closed [lon, lat] ring. */
const block = (x: number, y: number, s: number) => [at(x, y), at(x + s, y), at(x + s, y + s), at(x, y + s), at(x, y)];
const box = (half: number) => ({ west: ORIGIN.lon(-half), south: ORIGIN.lat(-half), east: ORIGIN.lon(half), north: ORIGIN.lat(half) });

describe('SightLines', () => {
  const set = buildCameraSet(
    [camera('a', 0, 0, 'dome'), camera('b', 300, 0, 'dome'), camera('far', 0, 2000, 'dome')],
    DEFAULT_SETTINGS.filters,
  );
  const layer = wallLayer('mapped', [block(-10, 20, 20), block(290, 30, 20), block(-10, 2030, 20)]);

  it('computes once per camera and wall layer; a new layer starts afresh', () => {
    const sight = new SightLines();
    sight.update(wallsInBBox(layer, box(1000)), box(1000));
    const first = sight.of(set, 0);
    expect(first?.[2]?.length).toBe(1);
    expect(sight.of(set, 0)).toBe(first);
    expect(sight.computed).toBe(1);
    // Another box of the same layer: kept.
    sight.update(wallsInBBox(layer, box(900)), box(900));
    expect(sight.of(set, 0)).toBe(first);
    expect(sight.computed).toBe(1);
    // A new layer (the graph changed): computed again.
    const next = wallLayer('mapped', [block(-10, 20, 20)]);
    sight.update(wallsInBBox(next, box(1000)), box(1000));
    expect(sight.of(set, 0)).not.toBe(first);
    expect(sight.computed).toBe(2);
    // No walls: nothing to clip.
    sight.update(null, box(1000));
    expect(sight.of(set, 0)).toBeNull();
  });

  it('a camera whose reach leaves the answer box is not kept', () => {
    const sight = new SightLines();
    sight.update(wallsInBBox(layer, box(320)), box(320)); // camera b at 300 m reaches 400 m
    sight.of(set, 1);
    sight.of(set, 1);
    expect(sight.computed).toBe(2);
  });

  it('with a budget, cameras past it are drawn plain and counted pending, then computed by later redraws', () => {
    const sight = Object.assign(new SightLines(), { budgetMs: 0 });
    sight.update(wallsInBBox(layer, box(3000)), box(3000));
    sight.beginFrame();
    const drawn = [0, 1, 2].map((i) => sight.of(set, i));
    // One camera per redraw at least (here exactly one): the others are plain and pending.
    expect(drawn.filter((d) => d === null)).toHaveLength(2);
    expect(sight.pending).toBe(2);
    sight.beginFrame();
    for (let i = 0; i < 3; i++) sight.of(set, i);
    expect(sight.pending).toBe(1);
    sight.beginFrame();
    for (let i = 0; i < 3; i++) sight.of(set, i);
    expect(sight.pending).toBe(0);
    expect(sight.computed).toBe(3);
  });

  it('the tier map leaves the street behind a block unshaded, and shades the street in front', () => {
    const sight = new SightLines();
    sight.update(wallsInBBox(layer, box(1000)), box(1000));
    const frame = frameFromCentre(at(0, 30), 18, 400, 400);
    const one = buildCameraSet([camera('a', 0, 0, 'dome')], DEFAULT_SETTINGS.filters);
    projectPoints(frame, one.lons, one.lats, one.xy);
    const paint = (withSight: boolean) => {
      const pixels = new Uint32Array(400 * 400);
      rasteriseTierMap(pixels, 400, 400, frame, one, 1, withSight ? sight : null);
      return (x: number, y: number) => {
        const [px, py] = containerPoint(frame, ...at(x, y));
        return pixels[Math.floor(py) * 400 + Math.floor(px)] !== 0;
      };
    };
    const plain = paint(false);
    const los = paint(true);
    for (const [x, y] of [
      [0, 10],
      [-30, 30],
      [0, -40],
    ])
      expect([plain(x, y), los(x, y)], `in view at (${x}, ${y})`).toEqual([true, true]);
    // The block spans x -10..10, y 20..40: inside it and straight behind it (y 50–80) nothing is shaded.
    for (const [x, y] of [
      [0, 30],
      [0, 50],
      [3, 80],
    ])
      expect([plain(x, y), los(x, y)], `hidden at (${x}, ${y})`).toEqual([true, false]);
  });
});
