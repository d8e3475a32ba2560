/** The walk graph: readers (mapgr, OSM), the typed-array graph, its binary format, exposure and the build step. */
export { parseMapgr, MAPGR_MAGIC, MAPGR_VERSION, FOOT_ACCESS, type MapgrMap } from './mapgr.ts';
export {
  walkGraphFromMapgr,
  packWalkGraph,
  edgeShape,
  polylineMetres,
  describeWalkGraph,
  connectedComponents,
  buildAdjacency,
  quantiseDegrees,
  graphDegrees,
  graphUnits,
  GRAPH_UNITS_PER_DEGREE,
  EXPOSURE_STRIDE,
  EXPOSURE_IDENTIFICATION,
  EXPOSURE_RECOGNITION,
  EXPOSURE_OBSERVATION,
  EXPOSURE_WEIGHTED,
  type WalkGraph,
  type EdgeDraft,
  type WalkFilterOptions,
} from './walk-graph.ts';
export { walkGraphFromOsm, isWalkableWay } from './osm-walk.ts';
export {
  encodeWalkGraph,
  decodeWalkGraph,
  WalkGraphFormatError,
  WALK_GRAPH_MAGIC,
  WALK_GRAPH_FORMAT_VERSION,
  type WalkGraphFormatErrorCode,
} from './format.ts';
export { scoreWalkGraph, type TierScorer } from './exposure.ts';
export { buildGraphAsset, encodeScoredGraph, type GraphAssetOptions } from './pipeline.ts';
