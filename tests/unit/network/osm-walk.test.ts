import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWalkableWay, walkGraphFromOsm } from '../../../lib/network/osm-walk.ts';
import { edgeShape, polylineMetres } from '../../../lib/network/walk-graph.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import type { OsmData, OsmNode } from '../../../lib/sources/osm-model.ts';
import { SHARED_DATA_URL } from '../../shared-data.ts';

const DATA = SHARED_DATA_URL;

describe('isWalkableWay', () => {
  it.each([
    [{ highway: 'residential' }, true],
    [{ highway: 'footway' }, true],
    [{ highway: 'residential', oneway: 'yes' }, true],
    [{ highway: 'motorway' }, false],
    [{ highway: 'trunk_link' }, false],
    [{ highway: 'trunk', foot: 'yes' }, true],
    [{ highway: 'path', foot: 'no' }, false],
    [{ highway: 'service', foot: 'private' }, false],
    [{ highway: 'service', access: 'private' }, false],
    [{ highway: 'service', access: 'no', foot: 'yes' }, true],
    [{ highway: 'construction' }, false],
    [{ building: 'yes' }, false],
  ])('%j → %s', (tags, expected) => expect(isWalkableWay(tags as Record<string, string>)).toBe(expected));
});

describe('walkGraphFromOsm', () => {
  it('splits ways at shared nodes and keeps interior nodes as shape points', () => {
    const n = (id: number, lon: number, lat: number): [number, OsmNode] => [id, { id, lon, lat }];
    const osm: OsmData = {
      nodes: new Map([n(1, 7.42, 43.73), n(2, 7.421, 43.73), n(3, 7.422, 43.73), n(4, 7.421, 43.731), n(5, 7.423, 43.731)]),
      ways: [
        { id: 10, nodeIds: [1, 2, 3], tags: { highway: 'residential', name: 'Rue A', oneway: 'yes' } },
        { id: 11, nodeIds: [2, 4], tags: { highway: 'footway' } },
        { id: 12, nodeIds: [3, 5], tags: { highway: 'motorway' } },
        { id: 13, nodeIds: [4, 5, 999], tags: { highway: 'path' } }, // node 999 is missing
      ],
    };
    const g = walkGraphFromOsm(osm);
    // Way 10 splits at 2 (shared with 11): 2 edges; way 11: 1 edge; way 13 (4→5): 1 edge; motorway dropped.
    expect(g.edgeCount).toBe(4);
    expect(g.nodeCount).toBe(5);
    expect(g.names).toContain('Rue A');
    expect(g.componentCount).toBe(1);
  });

  it('builds the Monaco walk graph from the real PBF', () => {
    const osm = readOsmPbf(new Uint8Array(readFileSync(new URL('monaco/monaco-2019.osm.pbf', DATA))));
    const g = walkGraphFromOsm(osm);
    // Figures recorded in docs/routing.md.
    expect([g.nodeCount, g.edgeCount, g.largestComponentSize]).toEqual([2430, 3189, 2365]);
    expect(g.largestComponentSize / g.nodeCount).toBeGreaterThan(0.8);
    // Monaco's bbox.
    expect(g.bbox.west).toBeGreaterThan(7.38);
    expect(g.bbox.east).toBeLessThan(7.45);
    let total = 0;
    for (let e = 0; e < g.edgeCount; e++) {
      total += g.edgeLength[e];
      if (e % 50 === 0) {
        const s = edgeShape(g, e);
        expect(polylineMetres(s.lons, s.lats)).toBeCloseTo(g.edgeLength[e], 1);
      }
    }
    // A dense little city: a few hundred km of walkways at most, tens at least.
    expect(total / 1000).toBeGreaterThan(30);
    expect(total / 1000).toBeLessThan(400);
    expect(g.names.some((name) => name.includes('Boulevard'))).toBe(true);
  });
});
