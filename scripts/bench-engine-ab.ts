/**
 * Old against new (issue #14; the README's "interleaved with the code before" figures): this checkout's engine
 * code and another checkout's (e.g. `git worktree add ../base <rev> --detach`, then `npm ci` there), on the same
 * inputs, CPU time. Every sample is a FRESH process that imports everything it runs from ONE checkout (its
 * reader, graph decoder, router, scorer, baseline), checkouts alternating: this machine's speed drifts by 20–40 %
 * between processes, and two checkouts in one process are not comparable either (an A/A run of one code loaded
 * twice put the second copy 20–60 % slower: modules the harness shares with one copy carry other type feedback).
 *
 * - `router`: the search (`Router.search.shortestPath`) on 1,000 random node pairs of the largest component at
 *   each α, and that checkout's tight typed-array Dijkstra on the same pairs (the ratio is within one process);
 * - `alternatives`: `Router.route` (the three alternatives, every tier built) on 1,000 city-wide random points and
 *   1,000 central Toulouse pairs, CPU p50 and p95 per call;
 * - `profile`: the camera lists' scorer (`profile`) over the three routes of 200 central pairs, with the
 *   bundle's inferred walls and without walls;
 * - `cold`: a planning engine built from graph.bin with nothing persisted ('idle' tiers), then its first route.
 *
 * Run: npx tsx scripts/bench-engine-ab.ts <other checkout> [router|alternatives|profile|cold] [processes per checkout=3]
 *      [α list=0,0.5,1,2,4,8,10,16,32,64]   (uses this checkout's data/generated/bundle: `npm run data` first)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(fileURLToPath(import.meta.url), '../..');
const WHATS = ['router', 'alternatives', 'profile', 'cold'];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const cpu = (f: () => unknown): number => {
  const c = process.cpuUsage();
  f();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
};
const seeded = (seed: number) => {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
};

/** One sample: everything from `tree`; prints one JSON line { label: value }. */
async function child(tree: string, what: string, alphas: number[]): Promise<Record<string, number>> {
  const from = (path: string) => import(join(tree, path));
  const { loadCameraDataset } = await from('cli/common.ts');
  const { decodeWalkGraph } = await from('lib/network/format.ts');
  const bundle = (f: string) => new Uint8Array(readFileSync(join(here, 'data/generated/bundle', f)));
  const graphBytes = bundle('graph.bin');
  const cameras = loadCameraDataset();
  const out: Record<string, number> = {};
  if (what === 'router') {
    const { Router } = await from('lib/routing/router.ts');
    const { TightDijkstra } = await from('scripts/bench-baselines.ts');
    // A tree from before session 25 holds node degrees (no graphDegrees): read them as they are.
    const { graphDegrees = (v: number) => v } = await from('lib/network/walk-graph.ts');
    const g = decodeWalkGraph(graphBytes);
    const router = new Router(decodeWalkGraph(graphBytes));
    const tight = new TightDijkstra(g);
    const rnd = seeded(20261128);
    const pairs: Array<[number, number]> = [];
    while (pairs.length < 1000) {
      const a = Math.floor(rnd() * g.nodeCount);
      const b = Math.floor(rnd() * g.nodeCount);
      if (a !== b && g.component[a] === 0 && g.component[b] === 0) pairs.push([a, b]);
    }
    // snap.ts `snapAtNode`, written out: the other checkout may predate it.
    const snap = (n: number) => {
      const e = g.adjEdge[g.adjOffsets[n]];
      return {
        edge: e,
        offset: g.edgeFrom[e] === n ? 0 : g.edgeLength[e],
        lon: graphDegrees(g.nodeLon[n]),
        lat: graphDegrees(g.nodeLat[n]),
        distance: 0,
      };
    };
    // Warm-up over every α first, as Router.route warms it in use (bench-routing.ts has the why).
    for (const [a, b] of pairs.slice(0, 200))
      for (const alpha of [0, 0.25, 2, 10, 48, 64, ...alphas]) router.search.shortestPath(snap(a), snap(b), alpha);
    for (const alpha of alphas) {
      const ours: number[] = [];
      const base: number[] = [];
      for (let round = 0; round < 2; round++) {
        for (const [a, b] of pairs) ours.push(cpu(() => router.search.shortestPath(snap(a), snap(b), alpha)));
        for (const [a, b] of pairs) base.push(cpu(() => tight.run(a, b, alpha)));
      }
      out[`router α=${alpha}`] = pct(ours, 0.5);
      out[`ratio α=${alpha}`] = pct(base, 0.5) / pct(ours, 0.5);
    }
  } else if (what === 'alternatives') {
    const { Router } = await from('lib/routing/router.ts');
    const g = decodeWalkGraph(graphBytes);
    const router = new Router(g, { prepareLandmarks: true });
    const b = g.bbox;
    const areas = {
      'city-wide': [b.west, b.south, b.east - b.west, b.north - b.south],
      central: [1.425, 43.59, 0.035, 0.025],
    };
    for (const [name, [w, s, dw, dh]] of Object.entries(areas)) {
      const rnd = seeded(name === 'central' ? 11 : 7);
      const cpus: number[] = [];
      while (cpus.length < 1000) {
        const from = [w + rnd() * dw, s + rnd() * dh];
        const to = [w + rnd() * dw, s + rnd() * dh];
        let ok = false;
        const t = cpu(() => (ok = router.route({ from, to }).ok));
        if (ok) cpus.push(t);
      }
      out[`alternatives ${name} CPU p50`] = pct(cpus, 0.5);
      out[`alternatives ${name} CPU p95`] = pct(cpus, 0.95);
    }
  } else if (what === 'profile') {
    const { Router } = await from('lib/routing/router.ts');
    const { createExposureScorer } = await from('lib/exposure/index.ts');
    const { wallIndexFromBytes } = await from('lib/walls/index.ts');
    const router = new Router(decodeWalkGraph(graphBytes));
    const rnd = seeded(13);
    const lines: Array<Array<[number, number]>> = [];
    while (lines.length < 600) {
      const res = router.route({
        from: [1.425 + rnd() * 0.035, 43.59 + rnd() * 0.025],
        to: [1.425 + rnd() * 0.035, 43.59 + rnd() * 0.025],
      });
      if (res.ok) for (const route of [res.shortest, res.balanced, res.discreet]) lines.push(route.coordinates);
    }
    for (const withWalls of [true, false]) {
      const scorer = createExposureScorer(
        cameras,
        withWalls ? { buildings: wallIndexFromBytes(bundle('walls.bin').buffer, 'inferred') } : {},
      );
      const runs: number[] = [];
      for (let r = 0; r < 4; r++) {
        runs.push(
          cpu(() => {
            for (const l of lines) scorer.profile(l);
          }),
        );
      }
      out[`profile, ${withWalls ? 'inferred walls' : 'no walls'} (ms for ${lines.length} routes)`] = pct(runs.slice(1), 0.5);
    }
  } else {
    const { PlanningEngine } = await from('lib/planner/engine.ts');
    const t0 = performance.now();
    const engine = PlanningEngine.fromBytes(graphBytes, cameras, { router: { prepareLandmarks: 'idle' }, schedule: () => {} });
    engine.route({ from: [1.444, 43.6045], to: [1.4335, 43.5985] });
    out["cold start, 'idle' tiers (wall ms)"] = performance.now() - t0;
  }
  return out;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  console.log(JSON.stringify(await child(args[1], args[2], args[3].split(',').map(Number))));
} else {
  const [otherArg, what = 'router', processesArg = '3', alphaArg = '0,0.5,1,2,4,8,10,16,32,64'] = args;
  if (!otherArg || !WHATS.includes(what)) {
    console.error(`usage: npx tsx scripts/bench-engine-ab.ts <other checkout> [${WHATS.join('|')}] [processes] [α list]`);
    process.exit(2);
  }
  const trees = { old: resolve(otherArg), new: here };
  console.log(`${what}: old = ${trees.old}, new = ${trees.new}; load average at start ${loadavg()[0].toFixed(2)}`);
  const samples = { old: [] as Array<Record<string, number>>, new: [] as Array<Record<string, number>> };
  for (let p = 0; p < Number(processesArg); p++) {
    for (const who of p % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
      const line = execFileSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), '--child', trees[who], what, alphaArg],
        {
          encoding: 'utf8',
        },
      );
      samples[who].push(JSON.parse(line.trim().split('\n').pop()!));
    }
  }
  for (const label of Object.keys(samples.new[0])) {
    const med = (who: 'old' | 'new') =>
      pct(
        samples[who].map((s) => s[label]),
        0.5,
      );
    const all = (who: 'old' | 'new') => samples[who].map((s) => s[label].toFixed(label.startsWith('ratio') ? 1 : 3)).join(' ');
    const digits = label.startsWith('ratio') ? 1 : 3;
    console.log(
      `${label}: old ${med('old').toFixed(digits)} [${all('old')}], new ${med('new').toFixed(digits)} [${all('new')}] (medians over processes)`,
    );
  }
  console.log(`load average at end ${loadavg()[0].toFixed(2)}`);
}
