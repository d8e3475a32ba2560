/**
 * The walk-graph step of the data pipeline: street graph + cameras → the binary graph asset
 * (`graph.bin`) the extension ships. Called by scripts/build-data.ts.
 */
import type { Camera } from '../cameras/types.ts';
import { createExposureScorer, type ExposureOptions } from '../exposure/index.ts';
import { scoreWalkGraph } from './exposure.ts';
import { encodeWalkGraph } from './format.ts';
import { parseMapgr } from './mapgr.ts';
import { describeWalkGraph, walkGraphFromMapgr, type WalkFilterOptions, type WalkGraph } from './walk-graph.ts';

export interface GraphAssetOptions extends WalkFilterOptions {
  exposure?: ExposureOptions;
}

/** Score a built walk graph with the cameras and encode it; the summary lines are for the build log. */
export function encodeScoredGraph(
  graph: WalkGraph,
  cameras: Camera[],
  options: GraphAssetOptions = {},
): { bytes: Uint8Array; summary: string[] } {
  const started = Date.now();
  const scorer = createExposureScorer(cameras, options.exposure);
  const scored = scoreWalkGraph(graph, scorer);
  const bytes = encodeWalkGraph(graph);
  let total = 0;
  for (let e = 0; e < graph.edgeCount; e++) total += graph.edgeLength[e];
  return {
    bytes,
    summary: [
      ...describeWalkGraph(graph),
      `exposure: ${scored.exposedEdges} of ${graph.edgeCount} edges seen by ${scorer.cameras.length} cameras, ` +
        `${(scored.exposedMetres / 1000).toFixed(1)} km of ${(total / 1000).toFixed(1)} km (${((100 * scored.exposedMetres) / Math.max(1, total)).toFixed(1)} %)`,
      `graph.bin: ${(bytes.byteLength / 1024 / 1024).toFixed(2)} MiB, built in ${Date.now() - started} ms`,
    ],
  };
}

/** mapgr bytes + cameras → encoded, exposure-scored walk graph. Throws SourceError on a bad mapgr file. */
export function buildGraphAsset(
  mapgrBytes: Uint8Array,
  cameras: Camera[],
  options: GraphAssetOptions = {},
): { bytes: Uint8Array; summary: string[] } {
  const graph = walkGraphFromMapgr(parseMapgr(mapgrBytes), options);
  return encodeScoredGraph(graph, cameras, options);
}
