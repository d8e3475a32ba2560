/** Walk-graph edges as flat polylines, shared by scripts/bench-exposure.ts and tests/bench/exposure.bench.ts. */
import { edgeShape, type WalkGraph } from '../lib/network/walk-graph.ts';

/** Each edge's full polyline as flat lon/lat arrays (end nodes included), ready for scoreTiers. */
export function edgePolylines(g: WalkGraph): { lons: Float64Array[]; lats: Float64Array[] } {
  const lons: Float64Array[] = [];
  const lats: Float64Array[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    const { lons: x, lats: y } = edgeShape(g, e);
    lons.push(x);
    lats.push(y);
  }
  return { lons, lats };
}
