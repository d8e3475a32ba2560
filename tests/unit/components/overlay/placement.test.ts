import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { overlaps, placeBox } from '../../../../components/overlay/placement.ts';
import { nextCameraTarget } from '../../../../components/overlay/camera-keys.ts';

// osm.org at 1280×745 (map under a 55-px header): the control column at the top right (zoom 2×40 px, then
// six 40-px buttons 10 px apart), the scale at the bottom left, the attribution at the bottom right.
const FRAME = { width: 1280, height: 745 };
const OSM_CONTROLS = [
  { left: 1230, top: 10, width: 40, height: 80 },
  ...[0, 1, 2, 3, 4, 5].map((k) => ({ left: 1230, top: 100 + k * 50, width: 40, height: 40 })),
  { left: 10, top: 707, width: 100, height: 28 },
  { left: 900, top: 727, width: 380, height: 18 },
];
const WELCOME = { left: 10, top: 10, width: 350, height: 330 };

describe('placeBox', () => {
  it('puts the card left of osm.org’s control column, not under the zoom-in button', () => {
    const p = placeBox(FRAME, { width: 280, height: 300 }, 'top-right', OSM_CONTROLS);
    expect(p).toEqual({ left: 1230 - 10 - 280, top: 10 });
  });
  it('puts the dock right of the floating welcome panel, and in the corner when it is closed', () => {
    expect(placeBox(FRAME, { width: 370, height: 34 }, 'top-left', [...OSM_CONTROLS, WELCOME], { x: 1, y: 2 })).toEqual({
      left: 370,
      top: 10,
    });
    expect(placeBox(FRAME, { width: 370, height: 34 }, 'top-left', OSM_CONTROLS)).toEqual({ left: 10, top: 10 });
  });
  it('puts the legend above the scale control', () => {
    const p = placeBox(FRAME, { width: 180, height: 120 }, 'bottom-left', OSM_CONTROLS);
    expect(p.left).toBe(10);
    expect(p.top + 120).toBeLessThanOrEqual(707 - 10);
  });
  it('never overlaps an obstacle when there is room (property)', () => {
    const rect = fc.record({
      left: fc.integer({ min: 0, max: 1200 }),
      top: fc.integer({ min: 0, max: 700 }),
      width: fc.integer({ min: 1, max: 200 }),
      height: fc.integer({ min: 1, max: 200 }),
    });
    fc.assert(
      fc.property(
        fc.array(rect, { maxLength: 6 }),
        fc.constantFrom('top-left', 'top-right', 'bottom-left', 'bottom-right' as const),
        (obs, corner) => {
          const size = { width: 120, height: 60 };
          const p = placeBox(FRAME, size, corner, obs);
          const box = { ...p, ...size };
          const clashes = obs.some((o) => overlaps(box, o));
          // Either clear of everything, or the corner fallback (no room anywhere on the candidate grid).
          if (clashes) {
            const home = {
              left: corner.endsWith('right') ? FRAME.width - 130 : 10,
              top: corner.startsWith('bottom') ? FRAME.height - 70 : 10,
            };
            expect(p).toEqual(home);
          }
          expect(p.left).toBeGreaterThanOrEqual(0);
          expect(p.top).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe('nextCameraTarget (roving focus among camera buttons)', () => {
  const pts: Array<[number, number]> = [
    [100, 100],
    [200, 105],
    [150, 300],
    [400, 90],
    [90, 20],
  ];
  it('arrows go to the nearest camera in that direction, preferring straight ahead', () => {
    expect(nextCameraTarget(pts, 0, 'ArrowRight')).toBe(1);
    expect(nextCameraTarget(pts, 1, 'ArrowRight')).toBe(3);
    expect(nextCameraTarget(pts, 0, 'ArrowDown')).toBe(2);
    expect(nextCameraTarget(pts, 0, 'ArrowUp')).toBe(4);
    expect(nextCameraTarget(pts, 0, 'ArrowLeft')).toBe(4);
  });
  it('says -1 at the edge and null for keys that are not moves', () => {
    expect(nextCameraTarget(pts, 3, 'ArrowRight')).toBe(-1);
    expect(nextCameraTarget(pts, 0, 'a')).toBeNull();
  });
  it('Home and End go to the first and last in reading order', () => {
    expect(nextCameraTarget(pts, 2, 'Home')).toBe(4);
    expect(nextCameraTarget(pts, 0, 'End')).toBe(2);
  });
});
