/**
 * Honest baselines for scripts/bench-routing.ts: plain Dijkstra written as tightly as the router (CSR
 * adjacency, typed arrays, the same binary heap, early exit), a bidirectional Dijkstra, and a 4×4 tiled
 * "metro" built from a real city graph. Nothing here is used by the extension.
 */
import { haversineMetres } from '../lib/geo/index.ts';
import {
  EXPOSURE_STRIDE,
  EXPOSURE_WEIGHTED,
  graphDegrees,
  packWalkGraphOrdered,
  type EdgeDraft,
  type WalkGraph,
} from '../lib/network/walk-graph.ts';
import { NodeHeap } from '../lib/routing/heap.ts';

/** Unidirectional Dijkstra between two nodes, stopping when the target is settled; cost or Infinity. */
export class TightDijkstra {
  private readonly dist: Float64Array;
  private readonly seen: Uint32Array;
  private readonly done: Uint32Array;
  private gen = 0;
  private readonly heap = new NodeHeap(4096);
  settled = 0;

  constructor(private readonly g: WalkGraph) {
    this.dist = new Float64Array(g.nodeCount);
    this.seen = new Uint32Array(g.nodeCount);
    this.done = new Uint32Array(g.nodeCount);
  }

  /** Shortest cost from s to t (t < 0: the whole graph, returns the number of nodes settled). */
  run(s: number, t: number, alpha: number): number {
    const { adjOffsets, adjTarget, adjEdge, edgeLength, exposure } = this.g;
    const { dist, seen, done, heap } = this;
    const gen = ++this.gen;
    heap.clear();
    dist[s] = 0;
    seen[s] = gen;
    heap.push(s, 0);
    let settled = 0;
    while (heap.length > 0) {
      const u = heap.pop();
      if (done[u] === gen) continue;
      done[u] = gen;
      settled++;
      if (u === t) break;
      const du = dist[u];
      for (let k = adjOffsets[u], end = adjOffsets[u + 1]; k < end; k++) {
        const v = adjTarget[k];
        if (done[v] === gen) continue;
        const e = adjEdge[k];
        const dv = du + edgeLength[e] + alpha * exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
        if (seen[v] !== gen || dv < dist[v]) {
          seen[v] = gen;
          dist[v] = dv;
          heap.push(v, dv);
        }
      }
    }
    this.settled = settled;
    if (t < 0) return settled;
    return done[t] === gen ? dist[t] : Infinity;
  }
}

/** Bidirectional Dijkstra (undirected graph): alternate the smaller frontier; stop when top_f + top_b ≥ best. */
export class BidirectionalDijkstra {
  private readonly dist: [Float64Array, Float64Array];
  private readonly seen: [Uint32Array, Uint32Array];
  private readonly done: [Uint32Array, Uint32Array];
  private readonly heaps = [new NodeHeap(4096), new NodeHeap(4096)];
  private gen = 0;

  constructor(private readonly g: WalkGraph) {
    const n = g.nodeCount;
    this.dist = [new Float64Array(n), new Float64Array(n)];
    this.seen = [new Uint32Array(n), new Uint32Array(n)];
    this.done = [new Uint32Array(n), new Uint32Array(n)];
  }

  run(s: number, t: number, alpha: number): number {
    if (s === t) return 0;
    const { adjOffsets, adjTarget, adjEdge, edgeLength, exposure } = this.g;
    const gen = ++this.gen;
    const ends = [s, t];
    for (let side = 0; side < 2; side++) {
      this.heaps[side].clear();
      this.dist[side][ends[side]] = 0;
      this.seen[side][ends[side]] = gen;
      this.heaps[side].push(ends[side], 0);
    }
    let best = Infinity;
    for (;;) {
      const hf = this.heaps[0];
      const hb = this.heaps[1];
      if (hf.length === 0 || hb.length === 0) break;
      if (hf.peekPriority() + hb.peekPriority() >= best) break;
      const side = hf.length <= hb.length ? 0 : 1;
      const heap = this.heaps[side];
      const dist = this.dist[side];
      const seen = this.seen[side];
      const done = this.done[side];
      const otherDist = this.dist[1 - side];
      const otherSeen = this.seen[1 - side];
      const u = heap.pop();
      if (done[u] === gen) continue;
      done[u] = gen;
      const du = dist[u];
      for (let k = adjOffsets[u], end = adjOffsets[u + 1]; k < end; k++) {
        const v = adjTarget[k];
        const e = adjEdge[k];
        const dv = du + edgeLength[e] + alpha * exposure[e * EXPOSURE_STRIDE + EXPOSURE_WEIGHTED];
        if (done[v] !== gen && (seen[v] !== gen || dv < dist[v])) {
          seen[v] = gen;
          dist[v] = dv;
          heap.push(v, dv);
        }
        if (otherSeen[v] === gen && dv + otherDist[v] < best) best = dv + otherDist[v];
      }
    }
    return best;
  }
}

/**
 * A synthetic metro: `n × n` copies of a city graph side by side (each shifted by the city's bbox size),
 * neighbouring tiles joined by straight footpaths between the 40 outermost nodes of one and the nearest
 * node of the other's facing border. Exposure is copied with the streets. Honest for scale (nodes, edges,
 * cameras per km, local structure); the joins are few, so random long pairs cross a handful of seams.
 */
export function tiledMetro(city: WalkGraph, n: number): WalkGraph {
  const w = city.bbox.east - city.bbox.west;
  const h = city.bbox.north - city.bbox.south;
  const N = city.nodeCount;
  const lons = new Float64Array(N * n * n);
  const lats = new Float64Array(N * n * n);
  const edges: EdgeDraft[] = [];
  const exposure: number[] = [];
  for (let ty = 0; ty < n; ty++) {
    for (let tx = 0; tx < n; tx++) {
      const t = ty * n + tx;
      for (let v = 0; v < N; v++) {
        lons[t * N + v] = graphDegrees(city.nodeLon[v]) + tx * w;
        lats[t * N + v] = graphDegrees(city.nodeLat[v]) + ty * h;
      }
      for (let e = 0; e < city.edgeCount; e++) {
        const a = city.shapeOffsets[e];
        const b = city.shapeOffsets[e + 1];
        const sl: number[] = [];
        const sa: number[] = [];
        for (let k = a; k < b; k++) {
          sl.push(graphDegrees(city.shapeLon[k]) + tx * w);
          sa.push(graphDegrees(city.shapeLat[k]) + ty * h);
        }
        edges.push({
          from: t * N + city.edgeFrom[e],
          to: t * N + city.edgeTo[e],
          name: city.names[city.edgeName[e]],
          roadType: city.edgeRoadType[e],
          lons: sl,
          lats: sa,
        });
        for (let k = 0; k < EXPOSURE_STRIDE; k++) exposure.push(city.exposure[e * EXPOSURE_STRIDE + k]);
      }
    }
  }
  // Joins: the 40 component-0 nodes nearest each border, linked to the nearest facing node.
  const main: number[] = [];
  for (let v = 0; v < N; v++) if (city.component[v] === 0) main.push(v);
  const byLon = main.slice().sort((a, b) => graphDegrees(city.nodeLon[a]) - graphDegrees(city.nodeLon[b]));
  const byLat = main.slice().sort((a, b) => graphDegrees(city.nodeLat[a]) - graphDegrees(city.nodeLat[b]));
  const join = (fromTile: number, toTile: number, near: number[], far: number[]) => {
    for (const a of near) {
      let best = -1;
      let bestD = Infinity;
      for (const b of far) {
        const d = haversineMetres(lons[fromTile * N + a], lats[fromTile * N + a], lons[toTile * N + b], lats[toTile * N + b]);
        if (d < bestD) {
          bestD = d;
          best = b;
        }
      }
      edges.push({ from: fromTile * N + a, to: toTile * N + best, name: '', roadType: 0, lons: [], lats: [] });
      for (let k = 0; k < EXPOSURE_STRIDE; k++) exposure.push(0);
    }
  };
  const east = byLon.slice(-40);
  const west = byLon.slice(0, 200);
  const north = byLat.slice(-40);
  const south = byLat.slice(0, 200);
  for (let ty = 0; ty < n; ty++) {
    for (let tx = 0; tx < n; tx++) {
      const t = ty * n + tx;
      if (tx + 1 < n) join(t, t + 1, east, west);
      if (ty + 1 < n) join(t, t + n, north, south);
    }
  }
  const { graph: g, edgeOrder } = packWalkGraphOrdered(`metro ${n}x${n}: ${city.source}`, lons, lats, edges);
  // packWalkGraph renumbers nodes and edges: graph edge e is draft edgeOrder[e], whose exposure it takes.
  for (let e = 0; e < g.edgeCount; e++) {
    const base = e * EXPOSURE_STRIDE;
    const from = edgeOrder[e] * EXPOSURE_STRIDE;
    for (let k = 0; k < EXPOSURE_STRIDE; k++) g.exposure[base + k] = Math.min(g.edgeLength[e], exposure[from + k]);
  }
  return g;
}
