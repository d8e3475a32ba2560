/** `npm run -s walls -- --osm <file> [--json]` on the real Monaco extract (small): the JSON and the table. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/common.ts';
import { main } from '../../../cli/walls.ts';
import { MONACO_PBF, sharedPath } from '../../shared-data.ts';

const MONACO = sharedPath(MONACO_PBF);

async function run(argv: string[]): Promise<string> {
  let out = '';
  await main(argv, (s) => (out += s));
  return out;
}

describe('walls CLI', () => {
  it('--json prints one object whose figures add up', async () => {
    const text = await run(['--osm', MONACO, '--json']);
    expect(text.trim().split('\n')).toHaveLength(1);
    const v = JSON.parse(text);
    expect(v.edges).toBeGreaterThan(3000);
    expect(v.lengthMetres).toBeGreaterThan(100_000);
    expect(v.cameras).toBe(10);
    expect(v.buildings).toBeGreaterThan(1000);
    const { none, mapped, inferred } = v.seenMetres;
    // Walls only ever hide: both wall sources see at most what no walls see, and the real buildings hide some.
    expect(mapped).toBeLessThan(none);
    expect(inferred).toBeLessThanOrEqual(none + 0.5);
    expect(v.falseUnseenMetres).toBeGreaterThanOrEqual(0);
    expect(v.falseUnseenMetres).toBeLessThanOrEqual(mapped);
    // inferred = mapped − (seen only with mapped) + (seen only with inferred), stretch by stretch.
    expect(inferred).toBeCloseTo(mapped - v.falseUnseenMetres + v.falseSeenMetres, -1);
    expect(v.overestimateRemoved).toBeCloseTo((none - inferred) / (none - mapped), 2);
    expect(v.wallRings).toBeGreaterThan(0);
  }, 60_000);

  it('prints a short table without --json', async () => {
    const text = await run(['--osm', MONACO]);
    expect(text).toMatch(/^walls\s+seen km/m);
    expect(text).toMatch(/^inferred\s+\d/m);
    expect(text).toMatch(/false unseen .* of seen with mapped/);
  }, 60_000);

  it('a missing file or option is a clear error with a non-zero exit code', async () => {
    await expect(run(['--json'])).rejects.toThrow(CliError);
    await expect(run(['--osm', 'tests/.tmp/no-such-file.osm.pbf'])).rejects.toThrow(/cannot read/);
    const r = spawnSync('npx', ['tsx', 'cli/walls.ts', '--osm', 'package.json'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/package\.json/);
  }, 60_000);
});
