/**
 * The woken worker's first route, in fresh Node processes (cold code, as a woken service worker runs it;
 * issue #14): the engine built as lib/planner/engines.ts builds it on wake-up (graph.bin decoded, the
 * persisted α = 0 table, edge index and wall index adopted, the bundled cameras), then ONE route (three
 * alternatives and their camera lists) timed, with the wall time of the camera lists apart, the segments the
 * exposure scorer profiled (a deterministic count) and a hash of the answer. Where the checkout readies the
 * collator while the catalogue reads are in flight (lib/planner/engines.ts), that runs before the route and
 * is timed apart. Compare code versions by running it from two checkouts in turn (CPU medians, same hashes).
 * Pass `--cpu-prof` to write a profile per process into tests/.tmp/bench-route/.
 *
 * Run: npx tsx scripts/bench-cold-start-route.ts [processes=5] [--cpu-prof]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'data/generated/bundle');
const TMP = join(ROOT, 'tests/.tmp/bench-route');

const bytesOf = (path: string) => {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

interface Row {
  routeMs: number;
  routeCpuMs: number;
  camerasMs: number;
  profiledSegments: number;
  wholeProfiles: number;
  buildMs: number;
  /** The collator readied before the route (idle time on the worker), ms; 0 where the code has no such step. */
  readyMs: number;
  answer: string;
}

/** One woken engine and its first route, in this (fresh) process. */
async function child(pair: number): Promise<void> {
  const { decodeWalkGraph } = await import('../lib/network/format.ts');
  const { restorePersisted, restoreWalls } = await import('../lib/planner/persisted.ts');
  const { PlanningEngine } = await import('../lib/planner/engine.ts');
  const { parseCameraBundleText } = await import('../lib/store/validate.ts');
  const { walkGraphChecksum } = await import('../lib/routing/landmark-file.ts');
  // The browser tests' harness reads __dirname (it runs as CommonJS under vitest).
  (globalThis as { __dirname?: string }).__dirname = join(ROOT, 'tests/e2e');
  const { COLD_START_PAIRS } = await import('../tests/e2e/cold-start-helpers.ts');
  const graphBytes = bytesOf(join(BUNDLE, 'graph.bin'));
  const walls = bytesOf(join(BUNDLE, 'walls.bin'));
  const cameras = parseCameraBundleText(readFileSync(join(BUNDLE, 'cameras.json'), 'utf8')).cameras;
  const persisted = {
    table: bytesOf(join(TMP, 'table.bin')),
    edgeIndex: bytesOf(join(TMP, 'edges.bin')),
    wallIndex: bytesOf(join(TMP, 'walls-index.bin')),
  };
  const t0 = performance.now();
  const checksum = walkGraphChecksum(graphBytes) ?? 0;
  const graph = decodeWalkGraph(new Uint8Array(graphBytes));
  const { landmarks } = restorePersisted(graph, checksum, persisted);
  const restored = restoreWalls(walls, 'inferred', checksum, persisted);
  if (!landmarks || restored?.wallIndex !== 'persisted') throw new Error('persisted files not adopted');
  const engine = new PlanningEngine(graph, cameras, {
    scoredWith: cameras,
    exposure: { buildings: restored.buildings },
    router: { landmarks },
    schedule: () => undefined, // nothing deferred runs during the measurement
  });
  const buildMs = performance.now() - t0;
  // The camera lists' own time: the engine's CamerasAlong, wrapped (its cache is the engine's).
  const along = (engine as unknown as { camerasAlong: { along(c: unknown): unknown; wholeProfiles: number; misses: number } }).camerasAlong;
  const scorer = (along as unknown as { scorer: { profile(c: unknown[]): unknown } }).scorer;
  let profiledSegments = 0;
  const profile = scorer.profile.bind(scorer);
  scorer.profile = (c: unknown[]) => {
    profiledSegments += c.length - 1;
    return profile(c);
  };
  let camerasMs = 0;
  const alongFn = along.along.bind(along);
  along.along = (c: unknown) => {
    const s = performance.now();
    try {
      return alongFn(c);
    } finally {
      camerasMs += performance.now() - s;
    }
  };
  // What the planner does while its catalogue reads are in flight (idle time on a woken worker), when this
  // checkout has it: the collator readied (lib/routing/cameras-along.ts), timed apart.
  const ready = (await import('../lib/routing/cameras-along.ts')) as { readyCollator?: () => void };
  const r0 = performance.now();
  ready.readyCollator?.();
  const readyMs = performance.now() - r0;
  const [from, to] = COLD_START_PAIRS[pair % COLD_START_PAIRS.length];
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const outcome = engine.route({ from: [...from], to: [...to] });
  const routeMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const row: Row = {
    routeMs,
    routeCpuMs: (cpu.user + cpu.system) / 1000,
    camerasMs,
    profiledSegments,
    wholeProfiles: along.wholeProfiles,
    buildMs,
    readyMs,
    answer: JSON.stringify(outcome),
  };
  console.log(JSON.stringify(row));
}

async function main(): Promise<void> {
  const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
  const cpuProf = process.argv.includes('--cpu-prof');
  const { decodeWalkGraph } = await import('../lib/network/format.ts');
  const { encodePersisted, restoreWalls } = await import('../lib/planner/persisted.ts');
  const { PlanningEngine } = await import('../lib/planner/engine.ts');
  const { parseCameraBundleText } = await import('../lib/store/validate.ts');
  const { walkGraphChecksum } = await import('../lib/routing/landmark-file.ts');
  const graphBytes = bytesOf(join(BUNDLE, 'graph.bin'));
  const walls = bytesOf(join(BUNDLE, 'walls.bin'));
  const cameras = parseCameraBundleText(readFileSync(join(BUNDLE, 'cameras.json'), 'utf8')).cameras;
  const checksum = walkGraphChecksum(graphBytes) ?? 0;
  const restored = restoreWalls(walls, 'inferred', checksum, undefined)!;
  const engine = new PlanningEngine(decodeWalkGraph(new Uint8Array(graphBytes)), cameras, {
    scoredWith: cameras,
    exposure: { buildings: restored.buildings },
    schedule: () => undefined,
  });
  const files = encodePersisted(engine, checksum, restored)!;
  mkdirSync(TMP, { recursive: true });
  writeFileSync(join(TMP, 'table.bin'), new Uint8Array(files.table));
  writeFileSync(join(TMP, 'edges.bin'), new Uint8Array(files.edgeIndex!));
  writeFileSync(join(TMP, 'walls-index.bin'), new Uint8Array(files.wallIndex!));
  const load0 = loadavg()[0];
  const rows: Row[][] = [[], [], []];
  for (let i = 0; i < N; i++) {
    for (let pair = 0; pair < 3; pair++) {
      const args = ['--import', 'tsx', ...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', TMP, '--cpu-prof-interval', '200'] : [])];
      const out = execFileSync(process.execPath, [...args, fileURLToPath(import.meta.url), '--child', String(pair)], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      rows[pair].push(JSON.parse(out.trim().split('\n').at(-1)!) as Row);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (let pair = 0; pair < 3; pair++) {
    const rs = rows[pair];
    const answers = new Set(rs.map((r) => r.answer));
    console.log(
      `pair ${pair}: route median ${med(rs.map((r) => r.routeMs)).toFixed(1)} ms (CPU ${med(rs.map((r) => r.routeCpuMs)).toFixed(1)} ms; ${rs.map((r) => r.routeMs.toFixed(0)).join(', ')}), camera lists ${med(rs.map((r) => r.camerasMs)).toFixed(1)} ms, segments profiled ${rs[0].profiledSegments} (${rs[0].wholeProfiles} whole routes), engine build ${med(rs.map((r) => r.buildMs)).toFixed(0)} ms, collator readied beforehand ${med(rs.map((r) => r.readyMs)).toFixed(1)} ms; answer hash ${fnv(rs[0].answer)}${answers.size > 1 ? ' (ANSWERS DIFFER between processes)' : ''}`,
    );
  }
  console.log(`load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
}

/** A short fingerprint of an answer (to compare code versions' routes). */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]));
else await main();
