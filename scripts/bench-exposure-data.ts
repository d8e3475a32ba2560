/** Walk-graph edges as flat polylines, shared by scripts/bench-exposure.ts and tests/bench/exposure.bench.ts. */
import type { WalkGraph } from '../lib/network/walk-graph.ts';

/** Each edge's full polyline as flat lon/lat arrays (end nodes included), ready for scoreTiers. */
export function edgePolylines(g: WalkGraph): { lons: Float64Array[]; lats: Float64Array[] } {
  const lons: Float64Array[] = [];
  const lats: Float64Array[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    const a = g.shapeOffsets[e];
    const b = g.shapeOffsets[e + 1];
    const x = new Float64Array(b - a + 2);
    const y = new Float64Array(b - a + 2);
    x[0] = g.nodeLon[g.edgeFrom[e]];
    y[0] = g.nodeLat[g.edgeFrom[e]];
    x.set(g.shapeLon.subarray(a, b), 1);
    y.set(g.shapeLat.subarray(a, b), 1);
    x[x.length - 1] = g.nodeLon[g.edgeTo[e]];
    y[y.length - 1] = g.nodeLat[g.edgeTo[e]];
    lons.push(x);
    lats.push(y);
  }
  return { lons, lats };
}
