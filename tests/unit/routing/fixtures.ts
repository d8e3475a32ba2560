/** Shared test inputs: the real Toulouse walk graph, with a deterministic synthetic exposure. */
import { readFileSync } from 'node:fs';
import { parseMapgr } from '../../../lib/network/mapgr.ts';
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED, graphDegrees, walkGraphFromMapgr, type WalkGraph } from '../../../lib/network/walk-graph.ts';
import { SHARED_DATA_URL } from '../../shared-data.ts';

export const DATA = SHARED_DATA_URL;
export const readData = (p: string) => new Uint8Array(readFileSync(new URL(p, DATA)));

/** Park–Miller generator: reproducible pseudo-random numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

let toulouse: WalkGraph | undefined;

/**
 * Toulouse with synthetic per-edge exposure: a smooth field of "camera districts" (density 0 … 1),
 * exactly zero on about half of the streets, so the router faces real trade-offs. Exactness and
 * monotonicity do not depend on where exposure comes from; the real scorer is tested elsewhere.
 */
export function toulouseWithSyntheticExposure(): WalkGraph {
  if (toulouse) return toulouse;
  const g = walkGraphFromMapgr(parseMapgr(readData('toulouse/toulouse.mapgr')));
  for (let e = 0; e < g.edgeCount; e++) {
    const lon = (graphDegrees(g.nodeLon[g.edgeFrom[e]]) + graphDegrees(g.nodeLon[g.edgeTo[e]])) / 2;
    const lat = (graphDegrees(g.nodeLat[g.edgeFrom[e]]) + graphDegrees(g.nodeLat[g.edgeTo[e]])) / 2;
    const density = Math.max(0, Math.sin(lon * 900) * Math.cos(lat * 700));
    const L = g.edgeLength[e];
    g.exposure[4 * e] = L * density * 0.2;
    g.exposure[4 * e + 1] = L * density * 0.3;
    g.exposure[4 * e + 2] = L * density * 0.5;
    g.exposure[4 * e + 3] = L * density * 0.6;
  }
  toulouse = g;
  return g;
}

/** Exact distances from `source` for costs length + α × weighted (independent plain Dijkstra, O(n²)-free). */
export function exactFrom(g: WalkGraph, source: number, alpha: number): Float64Array {
  const dist = new Float64Array(g.nodeCount).fill(Infinity);
  const heap: Array<[number, number]> = [[0, source]];
  dist[source] = 0;
  const up = (i: number) => {
    while (i > 0 && heap[(i - 1) >> 1][0] > heap[i][0]) {
      [heap[i], heap[(i - 1) >> 1]] = [heap[(i - 1) >> 1], heap[i]];
      i = (i - 1) >> 1;
    }
  };
  while (heap.length) {
    const [d, u] = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (l + 1 < heap.length && heap[l + 1][0] < heap[m][0]) m = l + 1;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    if (d > dist[u]) continue;
    for (let k = g.adjOffsets[u]; k < g.adjOffsets[u + 1]; k++) {
      const e = g.adjEdge[k];
      const v = g.adjTarget[k];
      const nd = d + g.edgeLength[e] + alpha * g.exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
      if (nd < dist[v]) {
        dist[v] = nd;
        heap.push([nd, v]);
        up(heap.length - 1);
      }
    }
  }
  return dist;
}
