/**
 * A stored edge index (lib/routing/snap.ts `adoptEdgeIndex`): the next SnapIndex over the graph uses it
 * instead of building one, and snaps exactly as a built one; a buffer that is not a Flatbush index of the
 * graph's edge count is refused.
 */
import Flatbush from 'flatbush';
import { describe, expect, it } from 'vitest';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { graphDegrees } from '../../../lib/network/walk-graph.ts';
import { adoptEdgeIndex, buildEdgeIndex, SnapIndex } from '../../../lib/routing/snap.ts';
import { toulouseGraphBytes } from '../planner/fixture.ts';

describe('adoptEdgeIndex', () => {
  it('the next SnapIndex takes the stored index (once) and snaps as a built one', () => {
    const bytes = toulouseGraphBytes();
    const built = new SnapIndex(decodeWalkGraph(bytes.slice()));
    const g = decodeWalkGraph(bytes.slice());
    const data = built.edgeIndex.data.slice(0) as ArrayBuffer;
    adoptEdgeIndex(g, data);
    const adopted = new SnapIndex(g);
    expect(adopted.edgeIndex.data).toBe(data);
    expect(new SnapIndex(g).edgeIndex.data).not.toBe(data); // taken once: a later index is built
    for (let i = 0; i < 200; i++) {
      const lon = 1.4 + (i % 20) * 0.004;
      const lat = 43.57 + Math.floor(i / 20) * 0.005;
      expect(adopted.nearest(lon, lat, 500)).toEqual(built.nearest(lon, lat, 500));
    }
  });

  it('holds float32 boxes that contain each edge exactly, and lists the edges of a box as the float64 index did', () => {
    const g = decodeWalkGraph(toulouseGraphBytes());
    const snap = new SnapIndex(g);
    expect(snap.edgeIndex.ArrayType).toBe(Float32Array);
    const f64 = new Flatbush(g.edgeCount);
    const exact: number[][] = [];
    for (let e = 0; e < g.edgeCount; e++) {
      const lons = [
        graphDegrees(g.nodeLon[g.edgeFrom[e]]),
        graphDegrees(g.nodeLon[g.edgeTo[e]]),
        ...Array.from(g.shapeLon.subarray(g.shapeOffsets[e], g.shapeOffsets[e + 1]), graphDegrees),
      ];
      const lats = [
        graphDegrees(g.nodeLat[g.edgeFrom[e]]),
        graphDegrees(g.nodeLat[g.edgeTo[e]]),
        ...Array.from(g.shapeLat.subarray(g.shapeOffsets[e], g.shapeOffsets[e + 1]), graphDegrees),
      ];
      exact.push([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]);
      f64.add(...(exact[e] as [number, number, number, number]));
    }
    f64.finish();
    const boxes = snap.edgeIndex._boxes;
    for (let pos = 0; pos < 4 * g.edgeCount; pos += 4) {
      const [w, s, e, n] = exact[snap.edgeIndex._indices[pos >> 2]];
      expect(boxes[pos] <= w && boxes[pos + 1] <= s && boxes[pos + 2] >= e && boxes[pos + 3] >= n).toBe(true);
    }
    let extra = 0;
    for (let i = 0; i < 400; i++) {
      const lon = 1.3 + (i % 20) * 0.012;
      const lat = 43.53 + Math.floor(i / 20) * 0.009;
      const d = ((i * 7) % 13) * 0.0004; // 0 (a point) … ≈ 400 m
      const want = f64.search(lon, lat, lon + d, lat + d).sort((a, b) => a - b);
      const raw = snap.edgeIndex.search(lon, lat, lon + d, lat + d);
      for (const e of want) expect(raw).toContain(e);
      extra += raw.length - want.length;
      expect(snap.edgesInBox(lon, lat, lon + d, lat + d)).toEqual(want);
    }
    expect(extra).toBeGreaterThan(0); // the float32 boxes do add candidates: edgesInBox's filter is not vacuous
  });

  it('refuses a buffer that is not a float32 Flatbush index, or one of another edge count', () => {
    const g = decodeWalkGraph(toulouseGraphBytes());
    expect(() => adoptEdgeIndex(g, new ArrayBuffer(64))).toThrow(/Flatbush/);
    const f64 = new Flatbush(g.edgeCount);
    for (let e = 0; e < g.edgeCount; e++) f64.add(0, 0, 1, 1);
    f64.finish();
    expect(() => adoptEdgeIndex(g, f64.data as ArrayBuffer)).toThrow(/Float64Array boxes, expected Float32Array/);
    const other = decodeWalkGraph(toulouseGraphBytes());
    const small = buildEdgeIndex({ ...other, edgeCount: 10 });
    expect(() => adoptEdgeIndex(g, small.data as ArrayBuffer)).toThrow(/10 items/);
  });
});
