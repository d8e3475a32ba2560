/**
 * Orientation helpers (issue 12): street search ranked by distance from the view, street names for the
 * planner map, and the view that brings a route onto a fragment-driven host map.
 */
import { describe, expect, it } from 'vitest';
import { haversineMetres, lonLatToWorldPixel, type LonLat } from '../../../lib/geo/index.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { parseRequest } from '../../../lib/messages.ts';
import { StreetDirectory, streetsInBBox } from '../../../lib/planner/streets.ts';
import { fitView, leafletViewHash, osmViewHash } from '../../../lib/sites/fit.ts';
import { parseOsmHash } from '../../../lib/sites/osm.ts';
import { toulouseGraphBytes } from './fixture.ts';

const graph = decodeWalkGraph(toulouseGraphBytes());
const directory = new StreetDirectory(graph);
const SAINT_CYPRIEN: LonLat = [1.4316, 43.5978];

describe('street search near the view', () => {
  it('ranks matches by distance from the point and says how far and which way', () => {
    const found = directory.search('Saint-Cyprien', 10, SAINT_CYPRIEN);
    expect(found.length).toBeGreaterThan(1);
    const d = found.map((m) => m.distanceMetres!);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    for (const m of found) {
      // The distance is to the returned point, which lies on the street.
      expect(Math.abs(haversineMetres(m.lon, m.lat, SAINT_CYPRIEN[0], SAINT_CYPRIEN[1]) - m.distanceMetres!)).toBeLessThan(
        Math.max(3, m.distanceMetres! * 0.01),
      );
      expect(m.bearingDegrees).toBeGreaterThanOrEqual(0);
      expect(m.bearingDegrees).toBeLessThan(360);
    }
    expect(found[0].distanceMetres).toBeLessThan(800);
    // Without a place, the old order (name match, then longest) and no distance.
    const plain = directory.search('Saint-Cyprien', 10);
    expect(plain[0].distanceMetres).toBeUndefined();
    expect(new Set(plain.map((m) => m.name))).toEqual(new Set(found.map((m) => m.name)));
  });

  it('validates `near` and `names` in messages', () => {
    expect(parseRequest({ type: 'streets/search', query: 'x', near: [1.4, 43.6] })).toEqual({
      type: 'streets/search',
      query: 'x',
      near: [1.4, 43.6],
    });
    expect(() => parseRequest({ type: 'streets/search', query: 'x', near: [1.4] })).toThrow();
    expect(() =>
      parseRequest({ type: 'streets/inBBox', bbox: { west: 1.44, south: 43.6, east: 1.45, north: 43.61 }, names: 'yes' }),
    ).toThrow();
  });

  it('street polylines carry their names only when asked', () => {
    const edges = [...Array(200).keys()];
    expect(streetsInBBox(graph, edges).streets.some((s) => s.name)).toBe(false);
    const named = streetsInBBox(graph, edges, 8000, 0, true).streets;
    expect(named.filter((s) => s.name).length).toBeGreaterThan(50);
    named.forEach((s, i) => {
      expect(s.name ?? '').toBe(graph.names[graph.edgeName[edges[i]]]);
    });
  });
});

describe('bringing a route into view on the host map', () => {
  it('fitView frames every point with the padding, at the largest whole zoom', () => {
    const pts: LonLat[] = [
      [1.449, 43.6057],
      [1.4316, 43.5978],
      [1.44, 43.61],
    ];
    const v = fitView(pts, 800, 600, 40, 18)!;
    const inside = (z: number) => {
      const [cx, cy] = lonLatToWorldPixel(v.centre[0], v.centre[1], z);
      return pts.every(([lon, lat]) => {
        const [x, y] = lonLatToWorldPixel(lon, lat, z);
        return Math.abs(x - cx) <= 400 - 40 + 1e-6 && Math.abs(y - cy) <= 300 - 40 + 1e-6;
      });
    };
    expect(inside(v.zoom)).toBe(true);
    expect(inside(v.zoom + 1)).toBe(false);
    expect(fitView([], 800, 600)).toBeNull();
  });

  it('writes the view in each site’s fragment, keeping osm.org’s other fields', () => {
    const h = osmViewHash('#map=16/43.6/1.44&layers=C', [1.4316, 43.5978], 15);
    expect(h).toBe('#map=15/43.5978/1.4316&layers=C');
    expect(parseOsmHash(h)).toEqual({ zoom: 15, lat: 43.5978, lon: 1.4316 });
    expect(leafletViewHash([1.4316, 43.5978], 15)).toBe('#15/43.5978/1.4316');
  });
});
