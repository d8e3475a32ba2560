import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMapgr } from '../../../lib/network/mapgr';
import { edgeShape, polylineMetres, walkGraphFromMapgr, type WalkGraph } from '../../../lib/network/walk-graph';
import { SHARED_DATA_URL } from '../../shared-data.ts';

const DATA = SHARED_DATA_URL;
const read = (p: string) => new Uint8Array(readFileSync(new URL(p, DATA)));

function checkInvariants(g: WalkGraph) {
  expect(g.adjOffsets.length).toBe(g.nodeCount + 1);
  expect(g.adjOffsets[g.nodeCount]).toBe(2 * g.edgeCount);
  expect(g.exposure.length).toBe(4 * g.edgeCount);
  // Each edge is reachable from both of its ends through the CSR.
  for (let e = 0; e < g.edgeCount; e += 7) {
    for (const [u, v] of [
      [g.edgeFrom[e], g.edgeTo[e]],
      [g.edgeTo[e], g.edgeFrom[e]],
    ]) {
      let found = false;
      for (let k = g.adjOffsets[u]; k < g.adjOffsets[u + 1]; k++) if (g.adjEdge[k] === e && g.adjTarget[k] === v) found = true;
      expect(found).toBe(true);
    }
    const s = edgeShape(g, e);
    expect(polylineMetres(s.lons, s.lats)).toBeCloseTo(g.edgeLength[e], 1);
  }
  // Components: neighbours share a component, and 0 is the largest.
  for (let n = 0; n < g.nodeCount; n++) {
    for (let k = g.adjOffsets[n]; k < g.adjOffsets[n + 1]; k++) expect(g.component[g.adjTarget[k]]).toBe(g.component[n]);
  }
  const sizes = new Array(g.componentCount).fill(0);
  for (let n = 0; n < g.nodeCount; n++) sizes[g.component[n]]++;
  expect(sizes[0]).toBe(g.largestComponentSize);
  expect(Math.max(...sizes)).toBe(sizes[0]);
}

describe('walkGraphFromMapgr', () => {
  it('keeps walkable arcs of the INSA campus and builds a consistent CSR', () => {
    const map = parseMapgr(read('insa/insa.mapgr'));
    const g = walkGraphFromMapgr(map);
    expect(g.edgeCount).toBeGreaterThan(1000);
    expect(g.edgeCount).toBeLessThan(map.arcCount);
    checkInvariants(g);
  });

  it('builds the Toulouse walk graph without motorways, trunks or foot-forbidden ways', () => {
    const map = parseMapgr(read('toulouse/toulouse.mapgr'));
    const g = walkGraphFromMapgr(map);
    checkInvariants(g);
    const forbidden = new Set(['a', 'b', 'e', 'f'].map((c) => c.charCodeAt(0)));
    for (let e = 0; e < g.edgeCount; e++) expect(forbidden.has(g.edgeRoadType[e])).toBe(false);
    expect(g.names).toContain('Place du Capitole');
    // Figures recorded in docs/routing.md.
    expect(g.nodeCount).toBe(35200);
    expect(g.edgeCount).toBe(45075);
    expect(g.largestComponentSize).toBe(32570);
    // Counting private ways adds edges; the default leaves them out.
    expect(walkGraphFromMapgr(map, { includePrivate: true }).edgeCount).toBeGreaterThan(g.edgeCount);
    // No reverse duplicate survives: an unordered node pair with two edges of equal length is gone.
    const seen = new Map<string, number[]>();
    for (let e = 0; e < g.edgeCount; e++) {
      const u = Math.min(g.edgeFrom[e], g.edgeTo[e]);
      const v = Math.max(g.edgeFrom[e], g.edgeTo[e]);
      const k = `${u},${v}`;
      for (const f of seen.get(k) ?? []) {
        const sameName = g.edgeName[f] === g.edgeName[e] && g.edgeRoadType[f] === g.edgeRoadType[e];
        const reversed = g.edgeFrom[f] === g.edgeTo[e];
        expect(sameName && reversed && Math.abs(g.edgeLength[f] - g.edgeLength[e]) < 0.01).toBe(false);
      }
      seen.set(k, [...(seen.get(k) ?? []), e]);
    }
  });
});
