/**
 * Issue #14, memory: the graph holds its shape points as graph.bin's own int32 of 1e-7° (`graphDegrees` reads
 * them), no longer as Float64Array degrees. Every read must be bit-identical to the degrees the Float64 graph
 * held: the decoder's `int / 1e7` for a file, `Math.round(deg × 1e7) / 1e7` (the old `quantiseDegrees`) for a
 * graph built from mapgr or OSM input. The goldens (routes, walls) check the consequences; this checks the values.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWalkGraph, encodeWalkGraph } from '../../../lib/network/format.ts';
import { parseMapgr } from '../../../lib/network/mapgr.ts';
import { walkGraphFromOsm } from '../../../lib/network/osm-walk.ts';
import {
  edgeShape,
  GRAPH_UNITS_PER_DEGREE,
  graphDegrees,
  graphUnits,
  packWalkGraphOrdered,
  polylineMetres,
  quantiseDegrees,
  type EdgeDraft,
  type WalkGraph,
} from '../../../lib/network/walk-graph.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { MONACO_PBF, REPO_ROOT, sharedFile, TOULOUSE_MAPGR } from '../../shared-data.ts';

/** The Float64 path before the change, written out: the decoder's division and the builders' quantisation. */
const oldDecoded = (int: number) => int / 1e7;
const oldQuantised = (deg: number) => Math.round(deg * 1e7) / 1e7;

/** Same double, +0 and −0 told apart (an Int32Array has no −0; see the last test). */
const sameBits = (a: number, b: number) => Object.is(a, b);

/** graph.bin's coordinate sections as the file's own Int32 words, located from the header (format.ts layout). */
function fileCoordinateWords(bytes: Uint8Array): { nodeLon: Int32Array; nodeLat: Int32Array; shapeLon: Int32Array; shapeLat: Int32Array } {
  const own = bytes.slice();
  const head = new DataView(own.buffer);
  const [N, E, S] = [head.getUint32(16, true), head.getUint32(20, true), head.getUint32(24, true)];
  const align8 = (n: number) => (n + 7) & ~7;
  let pos = 96;
  const nodeLon = new Int32Array(own.buffer, pos, N);
  pos = align8(pos + 4 * N);
  const nodeLat = new Int32Array(own.buffer, pos, N);
  pos = align8(pos + 4 * N);
  for (const size of [4, 4, 4, 4]) pos = align8(pos + size * E); // edgeFrom, edgeTo, edgeLength, edgeName
  pos = align8(pos + E); // edgeRoadType
  pos = align8(pos + 4 * (E + 1)); // shapeOffsets
  const shapeLon = new Int32Array(own.buffer, pos, S);
  pos = align8(pos + 4 * S);
  const shapeLat = new Int32Array(own.buffer, pos, S);
  return { nodeLon, nodeLat, shapeLon, shapeLat };
}

type Expected = (i: number) => [number, number];

/** Every node and shape point of `g` read through `graphDegrees` is the expected [lon, lat], bit for bit; returns the count. */
function expectCoordinates(g: WalkGraph, node: Expected, shape: Expected): number {
  let bad = 0;
  let compared = 0;
  const check = (lon: number, lat: number, want: [number, number]) => {
    compared++;
    if (!sameBits(graphDegrees(lon), want[0]) || !sameBits(graphDegrees(lat), want[1])) bad++;
  };
  for (let n = 0; n < g.nodeCount; n++) check(g.nodeLon[n], g.nodeLat[n], node(n));
  for (let k = 0; k < g.shapeLon.length; k++) check(g.shapeLon[k], g.shapeLat[k], shape(k));
  expect(bad).toBe(0);
  return compared;
}

describe('graph coordinates as int32 of 1e-7° (issue #14)', () => {
  it('the unit is one name: graphUnits / graphDegrees are × and ÷ GRAPH_UNITS_PER_DEGREE', () => {
    expect(GRAPH_UNITS_PER_DEGREE).toBe(1e7);
    expect(graphDegrees(14_436_123)).toBe(14_436_123 / GRAPH_UNITS_PER_DEGREE);
    expect(graphUnits(1.4436123)).toBe(14_436_123);
  });

  it("the bundle's graph.bin: every coordinate read is the old decoder's int / 1e7, and the file re-encodes to its bytes", () => {
    const bytes = new Uint8Array(readFileSync(resolve(REPO_ROOT, 'data/generated/bundle/graph.bin')));
    const g = decodeWalkGraph(bytes);
    const file = fileCoordinateWords(bytes);
    expect(g.nodeLon).toBeInstanceOf(Int32Array);
    expect(g.shapeLon).toBeInstanceOf(Int32Array);
    const compared = expectCoordinates(
      g,
      (n) => [oldDecoded(file.nodeLon[n]), oldDecoded(file.nodeLat[n])],
      (k) => [oldDecoded(file.shapeLon[k]), oldDecoded(file.shapeLat[k])],
    );
    expect(compared).toBe(g.nodeCount + g.shapeLon.length);
    expect(compared).toBeGreaterThan(90_000); // 35,200 nodes and 59,828 shape points
    // Whole polylines as every consumer of edgeShape / writeEdgeShape sees them (scoring, walls, exports).
    let bad = 0;
    for (let e = 0; e < g.edgeCount; e++) {
      const { lons, lats } = edgeShape(g, e);
      const a = g.shapeOffsets[e];
      const old = [g.edgeFrom[e], ...Array.from({ length: lons.length - 2 }, (_, i) => -1 - (a + i)), g.edgeTo[e]];
      old.forEach((ref, i) => {
        const lon = ref >= 0 ? oldDecoded(file.nodeLon[ref]) : oldDecoded(file.shapeLon[-1 - ref]);
        const lat = ref >= 0 ? oldDecoded(file.nodeLat[ref]) : oldDecoded(file.shapeLat[-1 - ref]);
        if (!sameBits(lons[i], lon) || !sameBits(lats[i], lat)) bad++;
      });
    }
    expect(bad).toBe(0);
    expect(Buffer.from(encodeWalkGraph(g)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a graph built from mapgr arcs: every coordinate read is the old quantiseDegrees of its input; lengths and box unchanged', () => {
    const map = parseMapgr(sharedFile(TOULOUSE_MAPGR));
    const drafts: EdgeDraft[] = [];
    for (let a = 0; a < map.arcCount; a++) {
      const s0 = map.shapeOffsets[a];
      const s1 = map.shapeOffsets[a + 1];
      drafts.push({
        from: map.arcOrigin[a],
        to: map.arcDestination[a],
        name: '',
        roadType: 106,
        lons: Array.from(map.shapeLon.subarray(s0, s1)),
        lats: Array.from(map.shapeLat.subarray(s0, s1)),
      });
    }
    const { graph: g, edgeOrder } = packWalkGraphOrdered('t', map.nodeLon, map.nodeLat, drafts);
    // The input behind each graph node (through the edges: every kept node ends one) and shape point.
    const inputNode = new Int32Array(g.nodeCount).fill(-1);
    const inputLon = new Float64Array(g.shapeLon.length);
    const inputLat = new Float64Array(g.shapeLat.length);
    let badLength = 0;
    for (let e = 0; e < g.edgeCount; e++) {
      const d = drafts[edgeOrder[e]];
      inputNode[g.edgeFrom[e]] = d.from;
      inputNode[g.edgeTo[e]] = d.to;
      inputLon.set(d.lons, g.shapeOffsets[e]);
      inputLat.set(d.lats, g.shapeOffsets[e]);
      // The length as the Float64 builder measured it: haversine over the quantised input, in order.
      const lons = [map.nodeLon[d.from], ...d.lons, map.nodeLon[d.to]].map(oldQuantised);
      const lats = [map.nodeLat[d.from], ...d.lats, map.nodeLat[d.to]].map(oldQuantised);
      if (g.edgeLength[e] !== Math.fround(polylineMetres(lons, lats))) badLength++;
    }
    expect(inputNode.every((i) => i >= 0)).toBe(true);
    const compared = expectCoordinates(
      g,
      (n) => [oldQuantised(map.nodeLon[inputNode[n]]), oldQuantised(map.nodeLat[inputNode[n]])],
      (k) => [oldQuantised(inputLon[k]), oldQuantised(inputLat[k])],
    );
    expect(compared).toBe(g.nodeCount + g.shapeLon.length);
    expect(badLength).toBe(0);
    let west = Infinity;
    for (let n = 0; n < g.nodeCount; n++) west = Math.min(west, oldQuantised(map.nodeLon[inputNode[n]]));
    for (const v of inputLon) west = Math.min(west, oldQuantised(v));
    expect(g.bbox.west).toBe(west);
  });

  it('a graph built from OSM (Monaco): every coordinate read is the old quantiseDegrees of an input node', () => {
    const osm = readOsmPbf(new Uint8Array(sharedFile(MONACO_PBF)));
    const g = walkGraphFromOsm(osm);
    const inputs = new Set<string>();
    for (const n of osm.nodes.values()) inputs.add(`${oldQuantised(n.lon)} ${oldQuantised(n.lat)}`);
    let missing = 0;
    const check = (lon: number, lat: number) => {
      if (!inputs.has(`${graphDegrees(lon)} ${graphDegrees(lat)}`)) missing++;
    };
    for (let n = 0; n < g.nodeCount; n++) check(g.nodeLon[n], g.nodeLat[n]);
    for (let k = 0; k < g.shapeLon.length; k++) check(g.shapeLon[k], g.shapeLat[k]);
    expect(g.nodeCount + g.shapeLon.length).toBeGreaterThan(2000);
    expect(missing).toBe(0);
  });

  it('over the whole globe, graphDegrees(graphUnits(d)) is the old quantiseDegrees (−0 reads as +0, as a decoded file gave)', () => {
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), (d) => {
        const stored = new Int32Array([graphUnits(d)])[0];
        expect(graphDegrees(stored) === oldQuantised(d)).toBe(true);
        expect(quantiseDegrees(d) === oldQuantised(d)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    expect(new Int32Array([graphUnits(180)])[0]).toBe(1_800_000_000);
    expect(new Int32Array([graphUnits(-180)])[0]).toBe(-1_800_000_000);
  });
});
