/**
 * The coverage stops at walls: maskTierMap clears exactly the pixels whose centre is inside a wall ring
 * (checked against a brute-force point-in-polygon), never one outside; the legend names the wall source.
 */
import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { buildWallMask, maskTierMap } from '../../../../components/overlay/walls-mask.ts';
import { renderOverlayUi, type OverlayUiProps } from '../../../../components/overlay/OverlayUi.ts';
import { containerPoint, frameFromCentre, lonLatAt } from '../../../../lib/sites/projection.ts';

function inside(x: number, y: number, ring: Array<[number, number]>): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

describe('maskTierMap', () => {
  const frame = frameFromCentre([1.444, 43.6045], 18, 400, 300);
  // A concave ring (an L-shaped block), a triangle, a ring half out of the frame, and overlapping rings.
  const px = (pts: Array<[number, number]>) => pts.map(([x, y]) => lonLatAt(frame, x, y));
  const rings = [
    px([
      [40, 40],
      [160, 40],
      [160, 90],
      [90, 90],
      [90, 170],
      [40, 170],
    ]),
    px([
      [220, 30],
      [330, 80],
      [250, 140],
    ]),
    px([
      [350, 200],
      [460, 210],
      [430, 330],
      [340, 290],
    ]),
    px([
      [100, 200],
      [200, 200],
      [200, 280],
      [100, 280],
    ]),
    px([
      [150, 180],
      [260, 190],
      [240, 260],
    ]),
  ];

  for (const scale of [0.5, 1, 2]) {
    it(`clears exactly the pixels whose centre is inside a ring (scale ${scale})`, () => {
      const w = Math.ceil(frame.width * scale);
      const h = Math.ceil(frame.height * scale);
      const pixels = new Uint32Array(w * h).fill(0xff0000ff);
      maskTierMap(
        pixels,
        w,
        h,
        frame,
        buildWallMask(
          'inferred',
          rings.map((r) => r.flat()),
        ),
        scale,
      );
      const screen = rings.map((r) => r.map(([lon, lat]) => containerPoint(frame, lon, lat).map((v) => v * scale) as [number, number]));
      let cleared = 0;
      let wrong = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const want = screen.some((r) => inside(x + 0.5, y + 0.5, r));
          if (want) cleared++;
          if ((pixels[y * w + x] === 0) !== want) wrong++;
        }
      }
      expect(cleared).toBeGreaterThan(0.15 * w * h);
      // Pixel centres within float rounding of an edge may go either way.
      expect(wrong).toBeLessThanOrEqual(Math.ceil(0.002 * w * h));
    });
  }

  it('skips malformed rings and does nothing without rings', () => {
    const mask = buildWallMask('inferred', [[1, 2, 3], [1, 2, 3, NaN, 5, 6], []]);
    expect(mask.starts.length).toBe(1);
    const pixels = new Uint32Array(100).fill(7);
    maskTierMap(pixels, 10, 10, frame, mask, 1);
    expect(pixels.every((p) => p === 7)).toBe(true);
  });
});

describe('legend wall source', () => {
  function legend(props: Partial<OverlayUiProps>) {
    const window = new Window();
    const root = window.document.createElement('div') as unknown as HTMLElement;
    window.document.body.appendChild(root as never);
    renderOverlayUi(root, { lang: 'en', status: null, legend: true, mode: 'symbols', selected: null, onClose: () => {}, ...props });
    return root.querySelector('[data-testid="wall-source"]');
  }

  it('names the source, with the one-line explanation for inferred and none, in English and French', () => {
    expect(legend({ wallSource: 'inferred' })?.textContent).toBe(
      'Walls: inferred from the streets — No buildings are mapped here: blocks between streets are taken as walls, an estimate.',
    );
    expect(legend({ wallSource: 'none' })?.textContent).toContain('upper bound');
    expect(legend({ wallSource: 'mapped' })?.textContent).toBe('Walls: mapped buildings');
    expect(legend({ wallSource: 'inferred', lang: 'fr' })?.textContent).toContain('Murs: déduits des rues — Aucun bâtiment');
    expect(legend({ wallSource: 'none', lang: 'fr' })?.textContent).toContain('un maximum');
    expect(legend({ wallSource: null })).toBeNull();
  });
});
