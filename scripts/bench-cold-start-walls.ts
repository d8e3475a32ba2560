/**
 * The wall index on a woken worker's path (issue #14), in fresh Node processes (cold code, as a woken service
 * worker runs it): Toulouse's walls.bin decoded and indexed (`storedWallIndex`) against the persisted wall
 * index file adopted (`decodeWallIndexFile`, lib/walls/index-file.ts), interleaved; and what each index holds
 * in memory (heap + ArrayBuffers after `global.gc`, whatever it keeps alive included: the lazy footprints are
 * rebuilt from the index's own walls, so neither keeps the walls.bin bytes), with the footprints eager (every
 * ring kept as JS arrays) or lazy. Walls are int32 of 1e-7° and the tree float32 (wall index file version 2).
 *
 * Run: npx tsx scripts/bench-cold-start-walls.ts [processes per mode=5]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WALLS = join(ROOT, 'data/generated/bundle/walls.bin');
const FILE = join(ROOT, 'tests/.tmp/bench-walls/toulouse.amwi');
const KEY = 0x5eed;

const bytesOf = (path: string) => {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** One measurement in this (fresh) process: ms to get the index, then bytes it holds. */
async function child(mode: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const { wallRingsIndex, storedWallIndex, decodeWallRings } = await import('../lib/walls/index.ts');
  const { decodeWallIndexFile } = await import('../lib/walls/index-file.ts');
  const { withLazyFootprints } = await import('../lib/walls/index.ts');
  let walls: ArrayBuffer | null = bytesOf(WALLS);
  let file: ArrayBuffer | null = mode === 'adopt' ? bytesOf(FILE) : null;
  gc();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used() - walls.byteLength - (file?.byteLength ?? 0);
  const t0 = performance.now();
  let index: unknown =
    mode === 'eager'
      ? wallRingsIndex(decodeWallRings(walls), 'inferred')
      : mode === 'lazy'
        ? storedWallIndex(walls, 'inferred')
        : withLazyFootprints(decodeWallIndexFile(file!, { checksum: KEY, walls, source: 'inferred' }), walls);
  const ms = performance.now() - t0;
  walls = null;
  file = null;
  gc();
  gc();
  const held = used() - before;
  console.log(JSON.stringify({ mode, ms, held, kept: index !== null }));
  index = null;
}

async function main(): Promise<void> {
  const N = Number(process.argv[2] ?? 5);
  const { storedWallIndex } = await import('../lib/walls/index.ts');
  const { encodeWallIndexFile } = await import('../lib/walls/index-file.ts');
  const walls = bytesOf(WALLS);
  mkdirSync(dirname(FILE), { recursive: true });
  writeFileSync(
    FILE,
    new Uint8Array(encodeWallIndexFile(storedWallIndex(walls, 'inferred')!, { checksum: KEY, walls, source: 'inferred' })),
  );
  const load0 = loadavg()[0];
  const rows: Record<string, Array<{ ms: number; held: number }>> = { eager: [], lazy: [], adopt: [] };
  for (let i = 0; i < N; i++) {
    for (const mode of i % 2 ? ['adopt', 'lazy', 'eager'] : ['eager', 'lazy', 'adopt']) {
      const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      const r = JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; held: number };
      rows[mode].push(r);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const MiB = 1048576;
  for (const [mode, rs] of Object.entries(rows))
    console.log(
      `${mode}: median ${med(rs.map((r) => r.ms)).toFixed(1)} ms (${rs.map((r) => r.ms.toFixed(0)).join(', ')}), holds ${(med(rs.map((r) => r.held)) / MiB).toFixed(2)} MiB`,
    );
  console.log(
    `file ${(readFileSync(FILE).byteLength / MiB).toFixed(2)} MiB, walls.bin ${(walls.byteLength / MiB).toFixed(2)} MiB; load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
  );
}

if (process.argv[2] === '--child') await child(process.argv[3]);
else await main();
