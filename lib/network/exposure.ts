/**
 * Filling a walk graph's per-edge exposure from the exposure engine (lib/exposure).
 * Kept apart from walk-graph.ts so the graph itself does not depend on the camera model.
 */
import { EXPOSURE_STRIDE, edgePointCount, writeEdgeShape, type WalkGraph } from './walk-graph.ts';

/** The part of an ExposureScorer the graph needs (lib/exposure `createExposureScorer(...)`). */
export interface TierScorer {
  /** Writes [identification, recognition, observation, weighted] metres for the polyline into `out`. */
  scoreTiers(lons: ArrayLike<number>, lats: ArrayLike<number>, out?: Float64Array): Float64Array;
}

/**
 * Score every edge's full shape and store its tier metres and weighted metres in `graph.exposure`.
 * Values are clamped to [0, edge length] so float rounding in the engine never makes density exceed 1
 * per tier or go negative (the router's heuristic relies on cost ≥ length). Returns summary figures.
 */
export function scoreWalkGraph(graph: WalkGraph, scorer: TierScorer): { exposedEdges: number; exposedMetres: number } {
  const out = new Float64Array(4);
  // Reused buffers sized for the longest shape.
  let maxPoints = 2;
  for (let e = 0; e < graph.edgeCount; e++) maxPoints = Math.max(maxPoints, edgePointCount(graph, e));
  const lonsBuf = new Float64Array(maxPoints);
  const latsBuf = new Float64Array(maxPoints);
  // One pair of views per shape length, made once: two fresh subarrays per edge were ≈ 17 MB of garbage
  // for Toulouse's 45,075 edges in the pipeline's cold run.
  const lonsViews: Float64Array[] = [];
  const latsViews: Float64Array[] = [];
  let exposedEdges = 0;
  let exposedMetres = 0;
  for (let e = 0; e < graph.edgeCount; e++) {
    const n = writeEdgeShape(graph, e, lonsBuf, latsBuf);
    if (lonsViews[n] === undefined) {
      lonsViews[n] = lonsBuf.subarray(0, n);
      latsViews[n] = latsBuf.subarray(0, n);
    }
    out.fill(0);
    scorer.scoreTiers(lonsViews[n], latsViews[n], out);
    const L = graph.edgeLength[e];
    const base = e * EXPOSURE_STRIDE;
    let seen = 0;
    for (let k = 0; k < EXPOSURE_STRIDE; k++) {
      const v = Number.isFinite(out[k]) ? Math.min(L, Math.max(0, out[k])) : 0;
      graph.exposure[base + k] = v;
      if (k < 3) seen += v;
    }
    if (seen > 0) {
      exposedEdges++;
      exposedMetres += Math.min(L, seen);
    }
  }
  return { exposedEdges, exposedMetres };
}
