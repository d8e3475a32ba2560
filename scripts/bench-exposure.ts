/**
 * Exposure benchmark and real-data figures: `npx tsx scripts/bench-exposure.ts [--dataset f] [--sample n]`.
 *
 * 1. Scores every walkable edge of the Toulouse street graph (../shared/data/toulouse/toulouse.mapgr) with
 *    the analytic engine against the camera dataset, several times, and reports the time.
 * 2. Reports the share of walkable length inside each tier, for the city centre (lat 43.59–43.615,
 *    lon 1.425–1.46; an edge counts when both its end nodes are inside) and for the whole graph.
 * 3. Scores a seeded random sample of edges (and a sample of exposed edges) with the turf baseline
 *    (lib/exposure/turf-baseline.ts), checks per-edge agreement (|Δ| per tier) and extrapolates the turf
 *    time to the whole graph, because scoring every edge with turf takes minutes.
 * 4. Infers walls from the street graph (lib/walls) and scores every edge with them: the time (the
 *    pipeline's goal is < 1 s for both) and the same shares with inferred walls. `--no-turf` skips step 3.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { createExposureScorer } from '../lib/exposure/index.ts';
import { createTurfBaseline } from '../lib/exposure/turf-baseline.ts';
import { parseMapgr } from '../lib/network/mapgr.ts';
import { graphDegrees, walkGraphFromMapgr } from '../lib/network/walk-graph.ts';
import { inferWalls, wallIndex } from '../lib/walls/index.ts';
import { edgePolylines } from './bench-exposure-data.ts';
import { loadCameraDataset, parseArgs } from '../cli/common.ts';

const MAPGR = resolve('../shared/data/toulouse/toulouse.mapgr');
const CENTRE = { west: 1.425, south: 43.59, east: 1.46, north: 43.615 };

/** Deterministic pseudo-random sample (mulberry32) of k indices among those passing `keep`. */
function sample(n: number, k: number, seed: number, keep: (i: number) => boolean = () => true): number[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pool = [];
  for (let i = 0; i < n; i++) if (keep(i)) pool.push(i);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const km = (m: number) => (m / 1000).toFixed(1);
const pct = (m: number, total: number) => ((100 * m) / total).toFixed(1) + ' %';

function main() {
  const noTurf = process.argv.includes('--no-turf');
  const { options } = parseArgs(
    process.argv.slice(2).filter((a) => a !== '--no-turf'),
    ['dataset', 'sample', 'runs'],
  );
  const sampleSize = Number(options.sample ?? 400);
  const runs = Number(options.runs ?? 7);
  const cameras = loadCameraDataset(options.dataset);
  const t0 = performance.now();
  const graph = walkGraphFromMapgr(parseMapgr(readFileSync(MAPGR)));
  const tGraph = performance.now() - t0;
  const { lons, lats } = edgePolylines(graph);
  let segments = 0;
  for (const x of lons) segments += x.length - 1;
  console.log(`Toulouse walk graph: ${graph.edgeCount} edges, ${segments} segments (read in ${tGraph.toFixed(0)} ms)`);

  // --- Analytic engine, whole graph ---
  const tb0 = performance.now();
  const scorer = createExposureScorer(cameras);
  const buildMs = performance.now() - tb0;
  console.log(`cameras: ${cameras.length} in dataset, ${scorer.cameras.length} active; index built in ${buildMs.toFixed(1)} ms`);
  const tiers = new Float64Array(graph.edgeCount * 4);
  const out = new Float64Array(4);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    for (let e = 0; e < graph.edgeCount; e++) {
      scorer.scoreTiers(lons[e], lats[e], out);
      tiers.set(out, e * 4);
    }
    times.push(performance.now() - t);
  }
  const analyticMs = median(times);
  console.log(
    `analytic: whole graph in ${analyticMs.toFixed(0)} ms (median of ${runs}; min ${Math.min(...times).toFixed(0)} ms; first run ${times[0].toFixed(0)} ms)`,
  );

  // --- Inferred walls (lib/walls): infer them from the graph, then score every edge with them ---
  const wallTiers = new Float64Array(graph.edgeCount * 4);
  const inferTimes: number[] = [];
  const scoreTimes: number[] = [];
  const cpuTimes: number[] = [];
  let wallRings = 0;
  let wallDigest = '';
  for (let r = 0; r < Math.min(runs, 3); r++) {
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const walls = inferWalls(graph, { cameras: scorer.cameras, keepFaces: false });
    const t1 = performance.now();
    const walled = createExposureScorer(cameras, { buildings: wallIndex(walls.rings) });
    for (let e = 0; e < graph.edgeCount; e++) {
      walled.scoreTiers(lons[e], lats[e], out);
      wallTiers.set(out, e * 4);
    }
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    inferTimes.push(t1 - t);
    scoreTimes.push(t2 - t1);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    wallRings = walls.rings.length;
    // A digest of every ring and vertex, so a speed change can show that the walls did not change.
    wallDigest = createHash('sha256').update(JSON.stringify(walls.rings)).digest('hex').slice(0, 16);
  }
  console.log(
    `inferred walls: ${wallRings} rings (digest ${wallDigest}); infer ${median(inferTimes).toFixed(0)} ms + score every edge ${median(scoreTimes).toFixed(0)} ms = ` +
      `${(median(inferTimes) + median(scoreTimes)).toFixed(0)} ms wall clock, ${median(cpuTimes).toFixed(0)} ms CPU (median of ${inferTimes.length}; load average ${loadavg()[0].toFixed(1)}); goal < 1 s`,
  );

  // --- Real-data figures ---
  const inBox = (lon: number, lat: number) => lon >= CENTRE.west && lon <= CENTRE.east && lat >= CENTRE.south && lat <= CENTRE.north;
  const sums = { centre: [0, 0, 0, 0, 0], city: [0, 0, 0, 0, 0] };
  for (let e = 0; e < graph.edgeCount; e++) {
    const L = graph.edgeLength[e];
    const row = [L, tiers[e * 4], tiers[e * 4 + 1], tiers[e * 4 + 2], tiers[e * 4 + 3]];
    const centre =
      inBox(graphDegrees(graph.nodeLon[graph.edgeFrom[e]]), graphDegrees(graph.nodeLat[graph.edgeFrom[e]])) &&
      inBox(graphDegrees(graph.nodeLon[graph.edgeTo[e]]), graphDegrees(graph.nodeLat[graph.edgeTo[e]]));
    for (let k = 0; k < 5; k++) {
      sums.city[k] += row[k];
      if (centre) sums.centre[k] += row[k];
    }
  }
  console.log('\nShare of walkable length inside each tier (best tier wins):');
  console.log('| area | walkable km | identification | recognition | observation | any tier | unseen | mean density |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const wsums = { centre: [0, 0, 0, 0, 0], city: [0, 0, 0, 0, 0] };
  for (let e = 0; e < graph.edgeCount; e++) {
    const row = [graph.edgeLength[e], wallTiers[e * 4], wallTiers[e * 4 + 1], wallTiers[e * 4 + 2], wallTiers[e * 4 + 3]];
    const centre =
      inBox(graphDegrees(graph.nodeLon[graph.edgeFrom[e]]), graphDegrees(graph.nodeLat[graph.edgeFrom[e]])) &&
      inBox(graphDegrees(graph.nodeLon[graph.edgeTo[e]]), graphDegrees(graph.nodeLat[graph.edgeTo[e]]));
    for (let k = 0; k < 5; k++) {
      wsums.city[k] += row[k];
      if (centre) wsums.centre[k] += row[k];
    }
  }
  for (const [name, s, walls] of [
    ['centre (lat 43.59–43.615, lon 1.425–1.46)', sums.centre, 'none'],
    ['centre', wsums.centre, 'inferred'],
    ['whole city', sums.city, 'none'],
    ['whole city', wsums.city, 'inferred'],
  ] as const) {
    const seen = s[1] + s[2] + s[3];
    console.log(
      `| ${name}, walls: ${walls} | ${km(s[0])} | ${pct(s[1], s[0])} | ${pct(s[2], s[0])} | ${pct(s[3], s[0])} | ${pct(seen, s[0])} | ${pct(s[0] - seen, s[0])} | ${(s[4] / s[0]).toFixed(3)} |`,
    );
  }
  if (noTurf) return;

  // --- Turf baseline on samples ---
  const turf = createTurfBaseline(cameras);
  console.log(`\nturf baseline: ${scorer.cameras.length} cameras × 3 tiers of polygons built in ${turf.buildMs.toFixed(0)} ms`);
  const random = sample(graph.edgeCount, sampleSize, 42);
  const exposed = sample(graph.edgeCount, Math.round(sampleSize / 2), 7, (e) => tiers[e * 4] + tiers[e * 4 + 1] + tiers[e * 4 + 2] > 0);
  const compare = (edges: number[]) => {
    let worst = 0;
    let within = 0;
    let worstEdge = -1;
    const t = performance.now();
    const results = edges.map((e) => turf.score(lons[e], lats[e]));
    const ms = performance.now() - t;
    const ta = performance.now();
    for (let rep = 0; rep < 20; rep++) for (const e of edges) scorer.scoreTiers(lons[e], lats[e], out);
    const msAnalytic = (performance.now() - ta) / 20;
    edges.forEach((e, i) => {
      let d = 0;
      for (let k = 0; k < 3; k++) d = Math.max(d, Math.abs(results[i][k] - tiers[e * 4 + k]));
      if (d <= 1) within++;
      if (d > worst) {
        worst = d;
        worstEdge = e;
      }
    });
    return { ms, msAnalytic, worst, within, worstEdge };
  };
  const r1 = compare(random);
  const r2 = compare(exposed);
  const perEdgeTurf = (r1.ms + r2.ms) / (random.length + exposed.length);
  const turfWholeMs = (r1.ms / random.length) * graph.edgeCount;
  console.log('| sample | edges | turf ms | analytic ms | speed-up | max abs Δ per tier (m) | edges within 1 m |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, edges, r] of [
    ['random edges (seed 42)', random, r1],
    ['exposed edges (seed 7)', exposed, r2],
  ] as const) {
    console.log(
      `| ${name} | ${edges.length} | ${r.ms.toFixed(0)} | ${r.msAnalytic.toFixed(2)} | ${(r.ms / r.msAnalytic).toFixed(0)}× | ${r.worst.toFixed(3)} (edge ${r.worstEdge}) | ${r.within}/${edges.length} |`,
    );
  }
  console.log(
    `\nturf per edge: ${perEdgeTurf.toFixed(2)} ms over both samples; extrapolated whole graph from the random sample: ${(turfWholeMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `analytic whole graph: ${analyticMs.toFixed(0)} ms → speed-up ≈ ${(turfWholeMs / analyticMs).toFixed(0)}× (goal ≥ 50×); goal < 1 s: ${analyticMs < 1000 ? 'met' : 'NOT met'}`,
  );
}

main();
