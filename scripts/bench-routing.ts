/**
 * Routing benchmark: one graph, one cost model, the same 1,000 random pairs through
 *   1. this router (lib/routing, A* over typed arrays),
 *   2. a tight typed-array Dijkstra and a bidirectional Dijkstra (scripts/bench-baselines.ts): the honest
 *      baselines, written like the router (CSR, typed arrays, the same heap, early exit),
 *   3. ngraph.path A* (ngraph.graph + ngraph.path) with the same costs and the same heuristic,
 *   4. geojson-path-finder (Dijkstra on its own compacted graph), α = 0 only (its weights are lengths).
 * Then a 4×4 tiled Toulouse "metro" (skip with --no-metro).
 * Plus graph load time (decoding graph.bin), memory, the three alternatives together, and the planning
 * engine as the background runs it (camera lists included; a camera removal and its landmark refresh).
 *
 * Run: node --expose-gc --import tsx scripts/bench-routing.ts [--quick] [--rounds N] [--alphas a,b,…]   (or npx tsx scripts/bench-routing.ts;
 * memory figures need --expose-gc to be meaningful). Needs data/generated/bundle/cameras.json (npm run data).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import createGraph from 'ngraph.graph';
import ngraphPath from 'ngraph.path';
import PathFinderModule from 'geojson-path-finder';
import { loadCameraDataset } from '../cli/common.ts';
import { LocalFrame } from '../lib/geo/index.ts';
import { decodeWalkGraph } from '../lib/network/format.ts';
import { buildGraphAsset } from '../lib/network/pipeline.ts';
import { edgeShape, graphDegrees, type WalkGraph } from '../lib/network/walk-graph.ts';
import { Router } from '../lib/routing/router.ts';
import { type SnapPoint, snapAtNode } from '../lib/routing/snap.ts';
import { BidirectionalDijkstra, TightDijkstra, tiledMetro } from './bench-baselines.ts';

// The package's CJS build puts the class on `.default`; tsx's interop may or may not unwrap it.
const PathFinder = ((PathFinderModule as unknown as { default?: unknown }).default ?? PathFinderModule) as typeof PathFinderModule;
const MAPGR = '../shared/data/toulouse/toulouse.mapgr';
const PAIRS = 1000;
/**
 * `--alphas 0,0.5,1,…` replaces the default α list: the α slider's stops (each a landmark tier) and α = 10, between
 * two tiers (the issue's figure; only the alternatives' in-between searches run between tiers).
 */
const ALPHAS = process.argv.includes('--alphas')
  ? process.argv[process.argv.indexOf('--alphas') + 1].split(',').map(Number)
  : [0, 0.5, 1, 2, 4, 8, 10, 16, 32, 64];
/** `--quick`: skip ngraph.path and geojson-path-finder (this router's figures only). */
const QUICK = process.argv.includes('--quick');
const METRO = !process.argv.includes('--no-metro');
/** Alternating router / baseline blocks per α (`--rounds N`, default 3); p50s are over all of them. */
const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;

const gc = (globalThis as { gc?: () => void }).gc;
const heapMiB = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const ms = (x: number) => `${x.toFixed(3)} ms`;
function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}
/**
 * Wall-clock milliseconds of f(). On a shared machine, wall time includes waiting for a core; `cpuTimes`
 * collects the process CPU time of the same calls so both can be reported.
 */
let cpuTimes: number[] = [];
function time<T>(f: () => T): [T, number] {
  const c = process.cpuUsage();
  const t = performance.now();
  const r = f();
  const wall = performance.now() - t;
  const used = process.cpuUsage(c);
  cpuTimes.push((used.user + used.system) / 1000);
  return [r, wall];
}
const takeCpu = () => {
  const out = cpuTimes;
  cpuTimes = [];
  return out;
};
const cpuSummary = (xs: number[]) => `(CPU time p50 ${ms(pct(xs, 0.5))} p95 ${ms(pct(xs, 0.95))})`;

const loadAtStart = (await import('node:os')).loadavg();
// --- build and load --------------------------------------------------------------------------------
const cameras = loadCameraDataset();
const [asset, buildMs] = time(() => buildGraphAsset(new Uint8Array(readFileSync(MAPGR)), cameras));
mkdirSync('tests/.tmp', { recursive: true });
writeFileSync('tests/.tmp/graph.bin', asset.bytes);
console.log(asset.summary.join('\n'));
console.log(`build (parse + walk graph + exposure + encode): ${buildMs.toFixed(0)} ms`);

const fileBytes = new Uint8Array(readFileSync('tests/.tmp/graph.bin'));
const loadTimes: number[] = [];
for (let i = 0; i < 15; i++) loadTimes.push(time(() => decodeWalkGraph(fileBytes))[1]);
const mem = () => {
  heapMiB();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
};
const mem0 = mem();
const graph: WalkGraph = decodeWalkGraph(fileBytes);
const memGraph = mem();
const [router, routerMs] = time(() => new Router(graph));
const memRouter = mem();
console.log(
  `\ngraph.bin ${(fileBytes.byteLength / 1048576).toFixed(2)} MiB: decode p50 ${ms(pct(loadTimes, 0.5))} p95 ${ms(pct(loadTimes, 0.95))}; ` +
    `router init (snap index, search arrays, ${router.search.landmarks?.count ?? 0} landmarks × ${(await import('../lib/routing/landmarks.ts')).LANDMARK_ALPHAS.length} α tiers) ${routerMs.toFixed(0)} ms`,
);
console.log(
  `memory (heap + typed arrays): graph ${(memGraph - mem0).toFixed(1)} MiB, router ${(memRouter - memGraph).toFixed(1)} MiB more`,
);

// --- the pairs: random nodes of the largest component, as snap points sitting on a node ------------
const rnd = rng(20261128);
const nodeSnap = (n: number): SnapPoint => snapAtNode(graph, n);
// Nodes are drawn by rank in (lon, lat) order, not by id: the same pairs whatever the graph's numbering
// (packWalkGraph's Hilbert order, issue #14), so runs before and after a renumbering compare like for like.
const byPosition = Uint32Array.from({ length: graph.nodeCount }, (_, n) => n).sort(
  (a, b) =>
    graphDegrees(graph.nodeLon[a]) - graphDegrees(graph.nodeLon[b]) ||
    graphDegrees(graph.nodeLat[a]) - graphDegrees(graph.nodeLat[b]) ||
    a - b,
);
const pairs: Array<[number, number]> = [];
while (pairs.length < PAIRS) {
  const a = byPosition[Math.floor(rnd() * graph.nodeCount)];
  const b = byPosition[Math.floor(rnd() * graph.nodeCount)];
  if (a !== b && graph.component[a] === 0 && graph.component[b] === 0) pairs.push([a, b]);
}

// --- ngraph with identical costs --------------------------------------------------------------------
const frame = new LocalFrame((graph.bbox.west + graph.bbox.east) / 2, (graph.bbox.south + graph.bbox.north) / 2);
function buildNgraph(alpha: number) {
  const g = createGraph<{ x: number; y: number }, { cost: number }>();
  for (let n = 0; n < graph.nodeCount; n++)
    g.addNode(n, { x: frame.x(graphDegrees(graph.nodeLon[n])), y: frame.y(graphDegrees(graph.nodeLat[n])) });
  // Parallel edges: keep the cheapest (the only one a shortest path can use).
  const best = new Map<number, number>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const u = Math.min(graph.edgeFrom[e], graph.edgeTo[e]);
    const v = Math.max(graph.edgeFrom[e], graph.edgeTo[e]);
    if (u === v) continue;
    const c = graph.edgeLength[e] + alpha * graph.exposure[4 * e + 3];
    const key = u * graph.nodeCount + v;
    if (!(best.get(key)! <= c)) best.set(key, c);
  }
  for (const [key, cost] of best) g.addLink(Math.floor(key / graph.nodeCount), key % graph.nodeCount, { cost });
  const finder = ngraphPath.aStar(g, {
    distance: (_a, _b, link) => link.data.cost,
    heuristic: (a, b) => Math.hypot(a.data.x - b.data.x, a.data.y - b.data.y) * 0.995,
  });
  return { g, finder };
}

console.log(`\n${PAIRS} random node pairs in the largest component (${graph.largestComponentSize} nodes)`);
// Warm-up over every α first, as `Router.route` warms it in use (each call searches at α = 0, the hull's
// in-between α and 64): otherwise the first α timed meets code that has seen one table kind and one search path
// only, and the later ones pay whichever way V8 recompiles — ±25 % per node between runs (docs/routing.md,
// "One array kind in the hot loops").
for (let i = 0; i < 200; i++)
  for (const alpha of [0, 0.25, 2, 10, 48, 64, ...ALPHAS]) router.search.shortestPath(nodeSnap(pairs[i][0]), nodeSnap(pairs[i][1]), alpha);
const rows: string[] = [];
for (const alpha of ALPHAS) {
  const ours: number[] = [];
  const oursCost: number[] = [];
  const oursSettled: number[] = [];
  const oursReopened: number[] = [];
  const oursCpu: number[] = [];
  // Tight plain Dijkstra and bidirectional Dijkstra on the same pairs (nodes: the pairs sit on nodes).
  const tight = new TightDijkstra(graph);
  const bidi = new BidirectionalDijkstra(graph);
  const tightTimes: number[] = [];
  const tightSettled: number[] = [];
  const bidiTimes: number[] = [];
  const baseCpu: number[] = [];
  let baselineMismatches = 0;
  // ROUNDS alternating blocks (all pairs through the router, then through both baselines): on a shared
  // machine the load drifts within seconds, and one block each let a drift land on one side of the ratio.
  for (let round = 0; round < ROUNDS; round++) {
    takeCpu();
    for (const [a, b] of pairs) {
      const [p, t] = time(() => router.search.shortestPath(nodeSnap(a), nodeSnap(b), alpha));
      ours.push(t);
      if (round === 0) {
        oursCost.push(p!.cost);
        oursSettled.push(p!.settled);
        oursReopened.push(p!.reopened);
      }
    }
    oursCpu.push(...takeCpu());
    pairs.forEach(([a, b], i) => {
      const [c1, t1] = time(() => tight.run(a, b, alpha));
      const [c2, t2] = time(() => bidi.run(a, b, alpha));
      tightTimes.push(t1);
      bidiTimes.push(t2);
      if (round > 0) return;
      tightSettled.push(tight.settled);
      const tol = 1e-6 * Math.max(1, oursCost[i]);
      if (Math.abs(c1 - oursCost[i]) > tol || Math.abs(c2 - oursCost[i]) > tol) baselineMismatches++;
    });
    baseCpu.push(...takeCpu());
  }
  // The one-way A* on the same pairs (PathSearch.mode = 'one-way'), for the settled-node comparison.
  const oneWayTimes: number[] = [];
  const oneWaySettled: number[] = [];
  router.search.mode = 'one-way';
  for (const [a, b] of pairs) {
    const [p, t] = time(() => router.search.shortestPath(nodeSnap(a), nodeSnap(b), alpha));
    oneWayTimes.push(t);
    oneWaySettled.push(p!.settled);
  }
  router.search.mode = 'auto';
  takeCpu();
  const tightCpu = baseCpu.filter((_, i) => i % 2 === 0);
  const bidiCpu = baseCpu.filter((_, i) => i % 2 === 1);
  const baselineRow =
    `      CPU p50: router ${ms(pct(oursCpu, 0.5))}, tight Dijkstra ${ms(pct(tightCpu, 0.5))} (×${(pct(tightCpu, 0.5) / pct(oursCpu, 0.5)).toFixed(1)}), ` +
    `bidirectional ${ms(pct(bidiCpu, 0.5))} (×${(pct(bidiCpu, 0.5) / pct(oursCpu, 0.5)).toFixed(1)}); CPU p95: router ${ms(pct(oursCpu, 0.95))}, tight ${ms(pct(tightCpu, 0.95))}, bidirectional ${ms(pct(bidiCpu, 0.95))}\n` +
    `      tight Dijkstra p50 ${ms(pct(tightTimes, 0.5))} p95 ${ms(pct(tightTimes, 0.95))} (router ×${(pct(tightTimes, 0.5) / pct(ours, 0.5)).toFixed(1)} faster at p50, ` +
    `×${(pct(tightTimes, 0.95) / pct(ours, 0.95)).toFixed(1)} at p95); bidirectional Dijkstra p50 ${ms(pct(bidiTimes, 0.5))} p95 ${ms(pct(bidiTimes, 0.95))} ` +
    `(router ×${(pct(bidiTimes, 0.5) / pct(ours, 0.5)).toFixed(1)} at p50); cost mismatches ${baselineMismatches}/${PAIRS}\n` +
    // Settled nodes do not depend on machine load: with time per settled node they split a ratio into
    // "fewer nodes" and "cheaper nodes".
    `      settled nodes p50: router ${pct(oursSettled, 0.5)} (reopened p50 ${pct(oursReopened, 0.5)}, p95 ${pct(oursReopened, 0.95)}, ` +
    `total ${oursReopened.reduce((a, b) => a + b, 0)}: the 16-bit landmark bound's one-unit slack), tight Dijkstra ${pct(tightSettled, 0.5)}; ` +
    `µs per settled node (CPU p50 / settled p50): router ${((1000 * pct(oursCpu, 0.5)) / pct(oursSettled, 0.5)).toFixed(3)}, ` +
    `tight ${((1000 * pct(tightCpu, 0.5)) / pct(tightSettled, 0.5)).toFixed(3)}\n` +
    `      one-way A* (the router's search between the tiers 0 and 0.5, and before the bidirectional one at any α; one block after the rounds): settled p50 ${pct(oneWaySettled, 0.5)}, ` +
    `wall p50 ${ms(pct(oneWayTimes, 0.5))}`;
  if (QUICK) {
    console.log(`α=${alpha}: this router p50 ${ms(pct(ours, 0.5))} p95 ${ms(pct(ours, 0.95))} ${cpuSummary(oursCpu)}`);
    console.log(baselineRow);
    continue;
  }
  const memBefore = mem();
  const [{ g: ng, finder }, ngBuild] = time(() => buildNgraph(alpha));
  const ngHeap = mem() - memBefore;
  const theirs: number[] = [];
  let mismatches = 0;
  takeCpu();
  pairs.forEach(([a, b], i) => {
    const [path, t] = time(() => finder.find(a, b));
    theirs.push(t);
    let cost = 0;
    for (let k = 1; k < path.length; k++) {
      cost += ng.getLink(path[k - 1].id, path[k].id)?.data.cost ?? ng.getLink(path[k].id, path[k - 1].id)!.data.cost;
    }
    if (Math.abs(cost - oursCost[i]) > 1e-3 * Math.max(1, cost)) mismatches++;
  });
  const theirsCpu = takeCpu();
  rows.push(
    `α=${alpha}: this router p50 ${ms(pct(ours, 0.5))} p95 ${ms(pct(ours, 0.95))} ${cpuSummary(oursCpu)}\n` +
      `      ngraph.path A* p50 ${ms(pct(theirs, 0.5))} p95 ${ms(pct(theirs, 0.95))} ${cpuSummary(theirsCpu)} ` +
      `(graph build ${ngBuild.toFixed(0)} ms, ${ngHeap.toFixed(1)} MiB)\n` +
      `      speed-up p50 ×${(pct(theirs, 0.5) / pct(ours, 0.5)).toFixed(1)}, p95 ×${(pct(theirs, 0.95) / pct(ours, 0.95)).toFixed(1)}; ` +
      `cost mismatches ${mismatches}/${PAIRS}\n` +
      baselineRow,
  );
  console.log(rows[rows.length - 1]);
}

// --- a full single-source Dijkstra over the whole graph (what one landmark table row costs) -----------
{
  const tight = new TightDijkstra(graph);
  const times: number[] = [];
  for (const [a] of pairs.slice(0, 50)) times.push(time(() => tight.run(a, -1, 0))[1]);
  console.log(
    `full single-source Dijkstra (${tight.settled} nodes), α = 0: p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))} ${cpuSummary(takeCpu())}`,
  );
}

// --- geojson-path-finder, α = 0 ---------------------------------------------------------------------
if (!QUICK) {
  const features: Array<{ type: 'Feature'; properties: object; geometry: { type: 'LineString'; coordinates: number[][] } }> = [];
  for (let e = 0; e < graph.edgeCount; e++) {
    if (graph.component[graph.edgeFrom[e]] !== 0) continue;
    const s = edgeShape(graph, e);
    features.push({
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'LineString' as const, coordinates: Array.from(s.lons, (lon, i) => [lon, s.lats[i]]) },
    });
  }
  const memBefore = mem();
  const [finder, buildGpf] = time(() => new PathFinder({ type: 'FeatureCollection', features } as never, { tolerance: 1e-7 }));
  const gpfHeap = mem() - memBefore;
  const times: number[] = [];
  let found = 0;
  takeCpu();
  const lengthErrors: number[] = [];
  for (const [a, b] of pairs) {
    const pt = (n: number) => ({
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'Point' as const, coordinates: [graphDegrees(graph.nodeLon[n]), graphDegrees(graph.nodeLat[n])] },
    });
    const [path, t] = time(() => finder.findPath(pt(a) as never, pt(b) as never));
    times.push(t);
    if (path) {
      found++;
      const [ourPath] = time(() => router.search.shortestPath(nodeSnap(a), nodeSnap(b), 0));
      const ours = ourPath!.length;
      lengthErrors.push((path.weight * 1000 - ours) / Math.max(1, ours));
    }
  }
  const gpfCpu = takeCpu().filter((_, i) => i % 2 === 0); // every other timing is our own length check
  console.log(
    `α=0: geojson-path-finder p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))} ${cpuSummary(gpfCpu)} (build ${buildGpf.toFixed(0)} ms, ${gpfHeap.toFixed(1)} MiB; ` +
      `${found}/${PAIRS} found; its length vs ours: median ${(100 * pct(lengthErrors, 0.5)).toFixed(3)} %, ` +
      `min ${(100 * Math.min(...lengthErrors)).toFixed(2)} %, max ${(100 * Math.max(...lengthErrors)).toFixed(2)} %)`,
  );
}

// --- three alternatives, random points (snapping included) ------------------------------------------
{
  const b = graph.bbox;
  const times: number[] = [];
  const searches: number[] = [];
  let n = 0;
  takeCpu();
  const r2 = rng(7);
  while (n < PAIRS) {
    const from: [number, number] = [b.west + r2() * (b.east - b.west), b.south + r2() * (b.north - b.south)];
    const to: [number, number] = [b.west + r2() * (b.east - b.west), b.south + r2() * (b.north - b.south)];
    const [res, t] = time(() => router.route({ from, to }));
    if (!res.ok) {
      cpuTimes.pop();
      continue;
    }
    times.push(t);
    searches.push(res.searches);
    n++;
  }
  const histogram = new Map<number, number>();
  for (const k of searches) histogram.set(k, (histogram.get(k) ?? 0) + 1);
  console.log(
    `three alternatives (snap + ${Math.min(...searches)}–${Math.max(...searches)} searches + stats): p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))} ${cpuSummary(takeCpu())}\n` +
      `      searches per call: ${[...histogram]
        .sort((a, b) => a[0] - b[0])
        .map(([k, c]) => `${k}: ${((100 * c) / searches.length).toFixed(0)} %`)
        .join(', ')}`,
  );
  // Central Toulouse, where cameras are dense: pairs within the centre (lat 43.59–43.615, lon 1.425–1.46).
  const central: number[] = [];
  const centralCpu: number[] = [];
  const r3 = rng(11);
  while (central.length < PAIRS) {
    const from: [number, number] = [1.425 + r3() * 0.035, 43.59 + r3() * 0.025];
    const to: [number, number] = [1.425 + r3() * 0.035, 43.59 + r3() * 0.025];
    const [res, t] = time(() => router.route({ from, to }));
    const cpu = takeCpu()[0];
    if (res.ok) {
      central.push(t);
      centralCpu.push(cpu);
    }
  }
  console.log(
    `three alternatives, central Toulouse pairs: p50 ${ms(pct(central, 0.5))} p95 ${ms(pct(central, 0.95))} ${cpuSummary(centralCpu)}`,
  );
}
{
  const scorer = (await import('../lib/exposure/index.ts')).createExposureScorer(cameras);
  const withCameras = new Router(graph, { profile: (c) => scorer.profile(c) });
  const times: number[] = [];
  const cpus: number[] = [];
  const r3 = rng(13);
  while (times.length < 200) {
    const from: [number, number] = [1.425 + r3() * 0.035, 43.59 + r3() * 0.025];
    const to: [number, number] = [1.425 + r3() * 0.035, 43.59 + r3() * 0.025];
    const [res, t] = time(() => withCameras.route({ from, to }));
    const cpu = takeCpu()[0];
    if (res.ok) {
      times.push(t);
      cpus.push(cpu);
    }
  }
  console.log(
    `three alternatives + camera lists (scorer.profile of the 3 routes), central pairs: p50 ${ms(pct(times, 0.5))} p95 ${ms(pct(times, 0.95))} ${cpuSummary(cpus)}`,
  );
}

// --- the planning engine, as the background answers a `route` message ------------------------------
// PlanningEngine.route = refresh expiry + Router.route + camera lists from cached per-segment profiles
// (lib/routing/cameras-along.ts). Own copy of the graph: the engine re-scores exposure in place.
{
  const { PlanningEngine } = await import('../lib/planner/engine.ts');
  // Cold start as a woken background pays it: decode graph.bin, build the engine, answer one route.
  // 'idle' (the engine's default): only the α = 0 landmark table before the first answer; 'eager': every tier.
  const coldFrom: [number, number] = [1.444, 43.6045];
  const coldTo: [number, number] = [1.4335, 43.5985];
  // 'idle + α = 2 kept': the α = 2 table that choosing the landmarks computes is kept (Router option
  // keepLandmarkChoiceTier), so the default request's tier is there at once. Rounds interleaved.
  const modes = [
    { label: "'idle' (α = 0 only, rest after)", router: { prepareLandmarks: 'idle' as const } },
    { label: "'idle' + the choice's α = 2 table kept", router: { prepareLandmarks: 'idle' as const, keepLandmarkChoiceTier: true } },
    { label: 'eager (every tier)', router: { prepareLandmarks: true } },
  ];
  const cold = modes.map(() => ({ builds: [] as number[], firsts: [] as number[], totals: [] as number[] }));
  for (let i = 0; i < 5; i++) {
    modes.forEach((mode, m) => {
      const t0 = performance.now();
      const e = new PlanningEngine(decodeWalkGraph(fileBytes), cameras, { router: mode.router, schedule: () => {} });
      const t1 = performance.now();
      e.route({ from: coldFrom, to: coldTo });
      const t2 = performance.now();
      cold[m].builds.push(t1 - t0);
      cold[m].firsts.push(t2 - t1);
      cold[m].totals.push(t2 - t0);
    });
  }
  takeCpu();
  modes.forEach((mode, m) => {
    const { builds, firsts, totals } = cold[m];
    console.log(
      `cold start (decode + engine + first route), landmark tiers ${mode.label}: ` +
        `median ${pct(totals, 0.5).toFixed(0)} ms (engine ${pct(builds, 0.5).toFixed(0)} ms + first route ${pct(firsts, 0.5).toFixed(2)} ms), min ${Math.min(...totals).toFixed(0)} ms`,
    );
  });
  const memBeforeEngine = mem();
  const engineGraph = decodeWalkGraph(fileBytes);
  const [engine, engineMs] = time(() => new PlanningEngine(engineGraph, cameras, { router: { prepareLandmarks: true } }));
  takeCpu();
  const engineMem = mem() - memBeforeEngine;
  console.log(
    `
planning engine build, all landmark tiers (graph decode + edge index + router + tables): ${engineMs.toFixed(0)} ms; ` +
      `memory ${engineMem.toFixed(1)} MiB measured (heap + typed arrays, graph included), ${(engine.memoryBytes / 1048576).toFixed(1)} MiB estimated (memoryBytes)`,
  );
  {
    // The engine the background holds also keeps the wall index it re-scores with: the bundle's graph.bin and
    // walls.bin, as the planner loads them (lib/planner/engines.ts), the walls.bin bytes themselves not kept.
    const { storedWallIndex } = await import('../lib/walls/index.ts');
    const memBefore = mem();
    const heapBefore = process.memoryUsage().heapUsed;
    const bundleGraph = decodeWalkGraph(new Uint8Array(readFileSync('data/generated/bundle/graph.bin')));
    const buildings = (() => {
      const file = readFileSync('data/generated/bundle/walls.bin');
      return storedWallIndex(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength), 'inferred');
    })();
    const held = new PlanningEngine(bundleGraph, cameras, { router: { prepareLandmarks: true }, exposure: { buildings } });
    const heldMem = mem() - memBefore;
    // The JS heap's part apart: what memoryBytes leaves out is mostly there (street names, the cameras' record).
    const heldHeap = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
    console.log(
      `engine as the background holds it (routing + walls: ${buildings?.wallCount ?? 0} walls, all landmark tiers): ` +
        `memory ${heldMem.toFixed(2)} MiB measured (heap + typed arrays; ${heldHeap.toFixed(2)} MiB of it JS heap), ` +
        `${(held.memoryBytes / 1048576).toFixed(2)} MiB estimated (memoryBytes)`,
    );
  }
  const centralPairs: Array<[[number, number], [number, number]]> = [];
  const r4 = rng(13);
  while (centralPairs.length < 200) {
    centralPairs.push([
      [1.425 + r4() * 0.035, 43.59 + r4() * 0.025],
      [1.425 + r4() * 0.035, 43.59 + r4() * 0.025],
    ]);
  }
  // Side by side on the same pairs, interleaved (so machine load hits both alike): the engine, and the
  // previous way (Router + the scorer's full profile of each of the three routes).
  const scorerNow = (await import('../lib/exposure/index.ts')).createExposureScorer(cameras);
  const previous = new Router(decodeWalkGraph(fileBytes), { profile: (c) => scorerNow.profile(c) });
  takeCpu();
  const idle = () => new Promise((r) => setTimeout(r, 0)); // the background is idle between messages
  const pass = async (label: string) => {
    const t = { engine: [] as number[], engineCpu: [] as number[], prev: [] as number[], prevCpu: [] as number[] };
    for (const [from, to] of centralPairs) {
      const [res, te] = time(() => engine.route({ from, to }));
      const ce = takeCpu()[0];
      await idle(); // deferred work (segment cache fill) runs here, between requests, as in the background
      takeCpu();
      const [res2, tp] = time(() => previous.route({ from, to }));
      const cp = takeCpu()[0];
      if (res.ok && res2.ok) {
        t.engine.push(te);
        t.engineCpu.push(ce);
        t.prev.push(tp);
        t.prevCpu.push(cp);
      }
    }
    console.log(
      `engine.route with camera lists, ${t.engine.length} central pairs, ${label}: p50 ${ms(pct(t.engine, 0.5))} p95 ${ms(pct(t.engine, 0.95))} ${cpuSummary(t.engineCpu)}\n` +
        `      previous way (Router + full profile × 3), same pairs:  p50 ${ms(pct(t.prev, 0.5))} p95 ${ms(pct(t.prev, 0.95))} ${cpuSummary(t.prevCpu)}`,
    );
  };
  await pass('first pass (cold segment cache)');
  await pass('same pairs again (warm)');
  // A camera removed: exposure drops, the α > 0 landmark tables are dropped (not the router).
  // The camera nearest the Capitole (it sees streets, so exposure really drops).
  const near = (c: { lon: number; lat: number }) => (c.lon - 1.444) ** 2 + (c.lat - 43.6045) ** 2;
  const removed = cameras.reduce((a, b) => (near(b) < near(a) ? b : a));
  const keep = cameras.filter((c) => c !== removed);
  const [change, removeMs] = time(() => engine.setCameras(keep));
  takeCpu();
  const staleTimes: number[] = [];
  for (const [from, to] of centralPairs.slice(0, 50)) staleTimes.push(time(() => engine.route({ from, to }))[1]);
  takeCpu();
  const [rebuilt, refreshMs] = time(() => engine.currentRouter.refreshLandmarks());
  takeCpu();
  console.log(
    `camera removed: re-score ${change.rescoredEdges} edges + drop landmark tiers ${removeMs.toFixed(1)} ms; ` +
      `routes meanwhile (α = 0 landmarks only) p50 ${ms(pct(staleTimes, 0.5))} p95 ${ms(pct(staleTimes, 0.95))}; ` +
      `rebuild of ${rebuilt} tiers off the request path ${refreshMs.toFixed(0)} ms`,
  );
}
// --- metro scale: 4×4 tiled Toulouse ---------------------------------------------------------------
if (METRO) {
  const [metro, tileMs] = time(() => tiledMetro(graph, 4));
  takeCpu();
  console.log(
    `\nmetro 4×4 tiled Toulouse: ${metro.nodeCount} nodes, ${metro.edgeCount} edges, largest component ${metro.largestComponentSize} (tiling ${tileMs.toFixed(0)} ms)`,
  );
  const m0 = mem();
  const [mRouter, mBuild] = time(() => new Router(metro, { prepareLandmarks: 'idle' }));
  const mMem = mem() - m0;
  const b = metro.bbox;
  const rr = rng(99);
  const randomPoint = (): [number, number] => [b.west + rr() * (b.east - b.west), b.south + rr() * (b.north - b.south)];
  // Capitole → Saint-Cyprien in an inner tile (column 1, row 1), before any other tier exists.
  const shiftLon = graph.bbox.east - graph.bbox.west;
  const shiftLat = graph.bbox.north - graph.bbox.south;
  const [first, firstMs] = time(() =>
    mRouter.route({ from: [1.444 + shiftLon, 43.6045 + shiftLat], to: [1.4335 + shiftLon, 43.5985 + shiftLat] }),
  );
  takeCpu();
  console.log(
    `metro router build ('idle': snap index + α = 0 landmarks) ${mBuild.toFixed(0)} ms, ${mMem.toFixed(1)} MiB (graph excluded); first route ${firstMs.toFixed(0)} ms (${first.ok ? 'ok' : first.reason})`,
  );
  const [tiers, tiersMs] = time(() => mRouter.refreshLandmarks());
  takeCpu();
  console.log(
    `metro: the other ${tiers} landmark tiers, built off the request path: ${tiersMs.toFixed(0)} ms; router now ${(mem() - m0).toFixed(1)} MiB`,
  );
  const run = (label: string, pick: () => [[number, number], [number, number]] | null, count: number) => {
    const ts: number[] = [];
    while (ts.length < count) {
      const p = pick();
      if (!p) continue;
      const [res, t] = time(() => mRouter.route({ from: p[0], to: p[1] }));
      if (res.ok) ts.push(t);
    }
    takeCpu();
    console.log(`metro three alternatives, ${label}: p50 ${ms(pct(ts, 0.5))} p95 ${ms(pct(ts, 0.95))}`);
  };
  run('random pairs across the metro (200)', () => [randomPoint(), randomPoint()], 200);
  run(
    'local pairs 1–4 km apart (500)',
    () => {
      const a = randomPoint();
      const d = 1000 + rr() * 3000;
      const th = rr() * 2 * Math.PI;
      const to: [number, number] = [
        a[0] + (d * Math.cos(th)) / (111_195 * Math.cos((a[1] * Math.PI) / 180)),
        a[1] + (d * Math.sin(th)) / 111_195,
      ];
      return to[0] > b.west && to[0] < b.east && to[1] > b.south && to[1] < b.north ? [a, to] : null;
    },
    500,
  );
  const mt = new TightDijkstra(metro);
  const [settledAll, fullMs] = time(() => mt.run(0, -1, 0));
  takeCpu();
  console.log(`metro full single-source Dijkstra (${settledAll} nodes): ${fullMs.toFixed(0)} ms`);
}

const os = await import('node:os');
console.log(
  `\nnode ${process.version}, ${os.cpus().length} cores, load average (1/5/15 min) at start ${loadAtStart.map((x) => x.toFixed(1)).join(' ')}, ` +
    `at end ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}; ` +
    `${gc ? 'gc exposed' : 'no --expose-gc (memory figures approximate)'}`,
);
