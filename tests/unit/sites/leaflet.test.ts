/**
 * The Leaflet follower against a DOM laid out exactly as Leaflet 1.9 lays it out (GridLayer levels, tile
 * positions, map pane offset), for views whose address is rounded like openstreetmap.org rounds it.
 */
import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { lonLatToWorldPixel, worldPixelToLonLat } from '../../../lib/geo/index.ts';
import { LeafletFollower, parseTransform } from '../../../lib/sites/leaflet.ts';
import { containerPoint } from '../../../lib/sites/projection.ts';
import type { SiteView } from '../../../lib/sites/types.ts';

/** osm.org's hash precision: ceil(log2(zoom)) decimals. */
function osmHash(lat: number, lon: number, zoom: number): [number, number] {
  const p = Math.max(0, Math.ceil(Math.log(zoom) / Math.LN2));
  return [Number(lat.toFixed(p)), Number(lon.toFixed(p))];
}

function leafletDom(opts: {
  width: number;
  height: number;
  pixelOrigin: [number, number];
  zoom: number;
  pane: [number, number];
  level?: { tx: number; ty: number; scale: number };
}) {
  const window = new Window();
  const document = window.document;
  const container = document.createElement('div');
  container.className = 'leaflet-container';
  const pane = document.createElement('div');
  pane.className = 'leaflet-map-pane';
  pane.style.transform = `translate3d(${opts.pane[0]}px, ${opts.pane[1]}px, 0px)`;
  const tilePane = document.createElement('div');
  tilePane.className = 'leaflet-pane leaflet-tile-pane';
  const layer = document.createElement('div');
  layer.className = 'leaflet-layer';
  const level = document.createElement('div');
  level.className = 'leaflet-tile-container leaflet-zoom-animated';
  level.style.zIndex = '19';
  const l = opts.level ?? { tx: 0, ty: 0, scale: 1 };
  level.style.transform = `translate3d(${l.tx}px, ${l.ty}px, 0px) scale(${l.scale})`;
  // Tiles covering the view: tile (i, j) at i·256 − origin.
  const [ox, oy] = opts.pixelOrigin;
  for (let i = Math.floor(ox / 256); i <= Math.floor((ox + opts.width) / 256); i++) {
    for (let j = Math.floor(oy / 256); j <= Math.floor((oy + opts.height) / 256); j++) {
      const tile = document.createElement('canvas');
      tile.className = 'leaflet-tile';
      tile.style.width = '256px';
      tile.style.transform = `translate3d(${i * 256 - ox}px, ${j * 256 - oy}px, 0px)`;
      level.appendChild(tile);
    }
  }
  layer.appendChild(level);
  tilePane.appendChild(layer);
  pane.appendChild(tilePane);
  container.appendChild(pane);
  document.body.appendChild(container);
  return { container: container as unknown as Element, pane, level, window };
}

function siteView(el: Element, lon: number, lat: number, zoom: number, width: number, height: number): SiteView {
  return { centre: [lon, lat], zoom, container: { left: 0, top: 0, width, height }, element: el };
}

const noComputed = () => '';

describe('parseTransform', () => {
  it('reads Leaflet inline transforms and computed matrices', () => {
    expect(parseTransform('translate3d(12px, -4.5px, 0px) scale(2)')).toEqual({ x: 12, y: -4.5, scale: 2 });
    expect(parseTransform('translate3d(1e+3px, 2px, 0px)')).toEqual({ x: 1000, y: 2, scale: 1 });
    expect(parseTransform('matrix(1.5, 0, 0, 1.5, -20, 30.25)')).toEqual({ x: -20, y: 30.25, scale: 1.5 });
    expect(parseTransform('')).toEqual({ x: 0, y: 0, scale: 1 });
    expect(parseTransform('none')).toEqual({ x: 0, y: 0, scale: 1 });
    expect(parseTransform('rotate(30deg)')).toBeNull();
    expect(parseTransform('matrix(0.8, 0.6, -0.6, 0.8, 0, 0)')).toBeNull();
  });
});

describe('LeafletFollower', () => {
  const cases = [
    { lon: 1.444247, lat: 43.604626, zoom: 19, w: 1280, h: 720 },
    { lon: 1.43711, lat: 43.61113, zoom: 17, w: 801, h: 599 },
    { lon: 1.45, lat: 43.59, zoom: 13, w: 375, h: 667 },
  ];
  for (const c of cases) {
    it(`is exact where the rounded address is not (z${c.zoom}, ${c.w}×${c.h})`, () => {
      const [cx, cy] = lonLatToWorldPixel(c.lon, c.lat, c.zoom);
      const pixelOrigin: [number, number] = [Math.round(cx - c.w / 2), Math.round(cy - c.h / 2)];
      // The user dragged by (−37, 18) px since the map was last reset; Leaflet then wrote the hash.
      const pane: [number, number] = [-37, 18];
      const dom = leafletDom({ width: c.w, height: c.h, pixelOrigin, zoom: c.zoom, pane });
      const [trueLon, trueLat] = worldPixelToLonLat(pixelOrigin[0] - pane[0] + c.w / 2, pixelOrigin[1] - pane[1] + c.h / 2, c.zoom);
      const [hLat, hLon] = osmHash(trueLat, trueLon, c.zoom);
      const follower = new LeafletFollower();
      const r = follower.read(siteView(dom.container, hLon, hLat, c.zoom, c.w, c.h), `#map=${c.zoom}/${hLat}/${hLon}`, noComputed, 0);
      if (!('frame' in r)) throw new Error(`hidden: ${r.hidden}`);
      // Leaflet: containerPoint = world − pixelOrigin + pane.
      for (const [lon, lat] of [
        [c.lon, c.lat],
        [c.lon + 0.001, c.lat - 0.0007],
      ]) {
        const [wx, wy] = lonLatToWorldPixel(lon, lat, c.zoom);
        const [x, y] = containerPoint(r.frame, lon, lat);
        expect(Math.abs(x - (wx - pixelOrigin[0] + pane[0]))).toBeLessThan(1e-6);
        expect(Math.abs(y - (wy - pixelOrigin[1] + pane[1]))).toBeLessThan(1e-6);
      }

      // A further drag of 300 px moves only the pane; the address is stale, the overlay is not.
      dom.pane.style.transform = `translate3d(${pane[0] + 300}px, ${pane[1] - 210}px, 0px)`;
      const r2 = follower.read(siteView(dom.container, hLon, hLat, c.zoom, c.w, c.h), `#map=${c.zoom}/${hLat}/${hLon}`, noComputed, 16);
      if (!('frame' in r2)) throw new Error('hidden during drag');
      const [wx, wy] = lonLatToWorldPixel(c.lon, c.lat, c.zoom);
      const [x, y] = containerPoint(r2.frame, c.lon, c.lat);
      expect(x).toBeCloseTo(wx - pixelOrigin[0] + pane[0] + 300, 6);
      expect(y).toBeCloseTo(wy - pixelOrigin[1] + pane[1] - 210, 6);
    });
  }

  it('follows a zoom animation through the level’s computed transform', () => {
    const c = { lon: 1.4442, lat: 43.6045, zoom: 16, w: 1000, h: 800 };
    const [cx, cy] = lonLatToWorldPixel(c.lon, c.lat, c.zoom);
    const pixelOrigin: [number, number] = [Math.round(cx - c.w / 2), Math.round(cy - c.h / 2)];
    const dom = leafletDom({ width: c.w, height: c.h, pixelOrigin, zoom: c.zoom, pane: [0, 0] });
    const follower = new LeafletFollower();
    const v = siteView(dom.container, c.lon, c.lat, c.zoom, c.w, c.h);
    expect('frame' in follower.read(v, 'a', noComputed, 0)).toBe(true);
    dom.pane.classList.add('leaflet-zoom-anim');
    // Mid-animation the old level is scaled ×1.5 about the container centre.
    const s = 1.5;
    const tx = (1 - s) * (c.w / 2);
    const ty = (1 - s) * (c.h / 2);
    const r = follower.read(v, 'a', () => `matrix(${s}, 0, 0, ${s}, ${tx}, ${ty})`, 50);
    if (!('frame' in r)) throw new Error('hidden');
    expect(r.animating).toBe(true);
    const [wx, wy] = lonLatToWorldPixel(1.446, 43.606, c.zoom);
    const expected = [s * (wx - pixelOrigin[0]) + tx, s * (wy - pixelOrigin[1]) + ty];
    const [x, y] = containerPoint(r.frame, 1.446, 43.606);
    expect(x).toBeCloseTo(expected[0], 6);
    expect(y).toBeCloseTo(expected[1], 6);
  });

  it('hides when the address has not caught up with a new level', () => {
    const c = { lon: 1.4442, lat: 43.6045, zoom: 16, w: 1000, h: 800 };
    const [cx, cy] = lonLatToWorldPixel(c.lon, c.lat, c.zoom);
    const dom = leafletDom({ width: c.w, height: c.h, pixelOrigin: [Math.round(cx - 500), Math.round(cy - 400)], zoom: 16, pane: [0, 0] });
    const follower = new LeafletFollower();
    // Address ≈100 px (0.00215° at z16) away from what the tiles show: no grid cell is close to it.
    const [fx, fy] = lonLatToWorldPixel(c.lon + 0.00215, c.lat, 16);
    expect(fx - cx).toBeGreaterThan(90);
    expect(fx - cx).toBeLessThan(150);
    expect(fy).toBeCloseTo(cy, 6);
    const r = follower.read(siteView(dom.container, c.lon + 0.00215, c.lat, 16, 1000, 800), 'b', noComputed, 0);
    // More than the 48-px tolerance ⇒ hidden rather than drawn in the wrong place.
    expect(r).toEqual({ hidden: 'stale-address' });
  });
});
