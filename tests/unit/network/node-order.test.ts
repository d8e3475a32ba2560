/**
 * packWalkGraph's numbering (issue #14): nodes along a Hilbert curve, edges by their lower end node. It must
 * only relabel the graph (the same streets, lengths and names), be deterministic, and actually bring
 * neighbours close in memory, which is what the router's speed-up rests on.
 */
import { describe, expect, it } from 'vitest';
import { parseMapgr } from '../../../lib/network/mapgr.ts';
import { hilbertIndex } from '../../../lib/network/node-order.ts';
import { graphDegrees, packWalkGraph, packWalkGraphOrdered, walkGraphFromMapgr, type EdgeDraft } from '../../../lib/network/walk-graph.ts';
import { sharedFile, TOULOUSE_MAPGR } from '../../shared-data.ts';

describe('hilbertIndex', () => {
  it('walks the 256 × 256 corner cell by cell: a bijection onto 0 … 65535 whose steps are unit moves', () => {
    const side = 256;
    const at = new Int32Array(side * side).fill(-1);
    for (let x = 0; x < side; x++) {
      for (let y = 0; y < side; y++) {
        const d = hilbertIndex(x, y);
        expect(d).toBeLessThan(side * side);
        expect(at[d]).toBe(-1);
        at[d] = x * side + y;
      }
    }
    for (let d = 1; d < side * side; d++) {
      const dx = Math.abs(Math.floor(at[d] / side) - Math.floor(at[d - 1] / side));
      const dy = Math.abs((at[d] % side) - (at[d - 1] % side));
      expect(dx + dy).toBe(1);
    }
  });
});

describe('packWalkGraph numbering', () => {
  const map = parseMapgr(sharedFile(TOULOUSE_MAPGR));
  const g = walkGraphFromMapgr(map);

  it('numbers nodes along the curve and edges by lower end node', () => {
    const scale = 65535 / Math.max(g.bbox.east - g.bbox.west, g.bbox.north - g.bbox.south);
    let previous = -1;
    let ordered = 0;
    for (let n = 0; n < g.nodeCount; n++) {
      // Node positions are quantised after ordering, and the bbox includes shape points: allow a cell's slack.
      const d = hilbertIndex(
        Math.floor((graphDegrees(g.nodeLon[n]) - g.bbox.west) * scale),
        Math.floor((graphDegrees(g.nodeLat[n]) - g.bbox.south) * scale),
      );
      if (d >= previous) ordered++;
      previous = d;
    }
    expect(ordered / g.nodeCount).toBeGreaterThan(0.99);
    for (let e = 1; e < g.edgeCount; e++) {
      const lo = (k: number) => Math.min(g.edgeFrom[k], g.edgeTo[k]);
      expect(lo(e)).toBeGreaterThanOrEqual(lo(e - 1));
    }
  });

  it('brings the ends of an edge close: 90 % of edges span under 0.5 % of the node numbers (first-use order: 40 %)', () => {
    const gaps = Array.from(g.edgeFrom, (u, e) => Math.abs(u - g.edgeTo[e])).sort((a, b) => a - b);
    // Measured on Toulouse: p90 gap 48 of 35,200 nodes; 13,891 in the file's first-use order.
    expect(gaps[Math.floor(gaps.length * 0.9)]).toBeLessThan(0.005 * g.nodeCount);
  });

  it('only relabels: the same edges (ends, shape, length, name) whatever order the drafts come in', () => {
    const lons = [1.44, 1.45, 1.46, 1.44, 1.45, 1.46, 9];
    const lats = [43.6, 43.6, 43.6, 43.61, 43.61, 43.61, 9];
    const draft = (from: number, to: number, name: string, mid: number[] = []): EdgeDraft => ({
      from,
      to,
      name,
      roadType: 'r'.charCodeAt(0),
      lons: mid.length ? [mid[0]] : [],
      lats: mid.length ? [mid[1]] : [],
    });
    const drafts = [
      draft(0, 1, 'a'),
      draft(1, 2, 'b', [1.455, 43.601]),
      draft(3, 4, 'c'),
      draft(4, 5, 'd'),
      draft(0, 3, 'e'),
      draft(5, 2, 'f'),
    ];
    const describe = (gr: ReturnType<typeof packWalkGraph>) =>
      Array.from({ length: gr.edgeCount }, (_, e) => {
        const pts = [graphDegrees(gr.nodeLon[gr.edgeFrom[e]]), graphDegrees(gr.nodeLat[gr.edgeFrom[e]])];
        for (let k = gr.shapeOffsets[e]; k < gr.shapeOffsets[e + 1]; k++)
          pts.push(graphDegrees(gr.shapeLon[k]), graphDegrees(gr.shapeLat[k]));
        return `${gr.names[gr.edgeName[e]]} ${pts.join(',')} → ${graphDegrees(gr.nodeLon[gr.edgeTo[e]])},${graphDegrees(gr.nodeLat[gr.edgeTo[e]])} ${gr.edgeLength[e].toFixed(1)}`;
      });
    const { graph, edgeOrder } = packWalkGraphOrdered('t', lons, lats, drafts);
    expect(graph.nodeCount).toBe(6); // node 6 is unused
    expect([...edgeOrder].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (let e = 0; e < graph.edgeCount; e++) expect(graph.names[graph.edgeName[e]]).toBe(drafts[edgeOrder[e]].name);
    const reversed = packWalkGraph('t', lons, lats, drafts.slice().reverse());
    expect(describe(reversed)).toEqual(describe(graph));
    expect(Array.from(reversed.nodeLon)).toEqual(Array.from(graph.nodeLon));
    expect(describe(graph).sort()).toEqual([
      'a 1.44,43.6 → 1.45,43.6 805.2',
      'b 1.45,43.6,1.455,43.601 → 1.46,43.6 835.4',
      'c 1.44,43.61 → 1.45,43.61 805.1',
      'd 1.45,43.61 → 1.46,43.61 805.1',
      'e 1.44,43.6 → 1.44,43.61 1112.0',
      'f 1.46,43.61 → 1.46,43.6 1112.0',
    ]);
  });
});
