/**
 * The wall step of the data pipeline: a built walk graph + cameras → inferred walls, the graph scored with
 * them, and both encoded (graph.bin, walls.bin). Used by scripts/build-data.ts for bundled Toulouse and by
 * lib/store/area-graph.ts for a downloaded area without building footprints.
 */
import type { Camera } from '../cameras/types.ts';
import { createExposureScorer } from '../exposure/index.ts';
import { scoreWalkGraph } from '../network/exposure.ts';
import { encodeWalkGraph } from '../network/format.ts';
import { describeWalkGraph, type WalkGraph } from '../network/walk-graph.ts';
import { encodeWalls } from './format.ts';
import { inferWalls, type WallInferenceOptions } from './infer.ts';
import { wallIndexFromBytes, type WallSource } from './index.ts';

export interface WalledGraphAsset {
  bytes: Uint8Array;
  walls: ArrayBuffer;
  wallSource: WallSource;
  summary: string[];
  /** Milliseconds: inferring the walls, and scoring every edge with them. */
  timings: { inferMs: number; scoreMs: number };
}

/** Infer walls from the graph itself, score every edge with them, encode both. */
export function encodeGraphWithInferredWalls(graph: WalkGraph, cameras: Camera[], options: WallInferenceOptions = {}): WalledGraphAsset {
  const t0 = performance.now();
  const walls = inferWalls(graph, { cameras, keepFaces: false, ...options });
  const t1 = performance.now();
  // Score with the walls exactly as stored (walls.bin quantises to 1e-7°), so the background's re-scoring
  // and the overlay, which read the stored layer, agree with the precomputed edges to the centimetre.
  const wallBytes = encodeWalls(walls.rings);
  const scorer = createExposureScorer(cameras, { buildings: wallIndexFromBytes(wallBytes, 'inferred') });
  const scored = scoreWalkGraph(graph, scorer);
  const t2 = performance.now();
  const bytes = encodeWalkGraph(graph);
  let total = 0;
  for (let e = 0; e < graph.edgeCount; e++) total += graph.edgeLength[e];
  const counts = Object.entries(walls.counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return {
    bytes,
    walls: wallBytes,
    // No solid face at all (no closed block, or bad geometry: see the warnings) is no walls, not inferred ones.
    wallSource: walls.rings.length > 0 ? 'inferred' : 'none',
    timings: { inferMs: t1 - t0, scoreMs: t2 - t1 },
    summary: [
      ...describeWalkGraph(graph),
      walls.rings.length === 0
        ? 'walls: none (no solid block could be inferred from these streets): exposure is an upper bound'
        : `walls: inferred from the streets, ${walls.rings.length} wall rings (faces: ${counts}) in ${Math.round(t1 - t0)} ms; walls.bin ${(wallBytes.byteLength / 1024).toFixed(0)} KiB`,
      ...walls.warnings.map((w) => `walls: warning: ${w}`),
      `exposure (${walls.rings.length > 0 ? 'inferred walls' : 'no walls'}): ${scored.exposedEdges} of ${graph.edgeCount} edges seen by ${scorer.cameras.length} cameras, ` +
        `${(scored.exposedMetres / 1000).toFixed(1)} km of ${(total / 1000).toFixed(1)} km (${((100 * scored.exposedMetres) / Math.max(1, total)).toFixed(1)} %), scored in ${Math.round(t2 - t1)} ms`,
      `graph.bin: ${(bytes.byteLength / 1024 / 1024).toFixed(2)} MiB`,
    ],
  };
}
