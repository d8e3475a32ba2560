import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, parseLatLon } from '../../../cli/route.ts';
import { CliError } from '../../../cli/common.ts';
import { buildGraphAsset } from '../../../lib/network/pipeline.ts';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import { DATA, readData } from './fixtures.ts';

const TMP = 'tests/.tmp/routing-cli';
mkdirSync(TMP, { recursive: true });
const cameras = readToulouseMin(readFileSync(new URL('toulouse/osm-cameras-2026.min.json', DATA), 'utf8')).cameras;
writeFileSync(`${TMP}/cameras.json`, JSON.stringify(cameras));
writeFileSync(`${TMP}/graph.bin`, buildGraphAsset(readData('toulouse/toulouse.mapgr'), cameras).bytes);
const common = ['--graph', `${TMP}/graph.bin`, '--dataset', `${TMP}/cameras.json`];

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main([...args, ...common], (s) => (out += s));
  return { code, out };
}

describe('route CLI', () => {
  it('prints the three alternatives side by side and writes GPX and GeoJSON', async () => {
    const { code, out } = await run([
      '--from', '43.6057,1.4490', '--to', '43.5978,1.4316',
      '--gpx', `${TMP}/r.gpx`, '--geojson', `${TMP}/r.geojson`,
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/shortest\s+balanced\s+most discreet/);
    expect(out).toMatch(/length\s+\d+ m\s+\d+ m\s+\d+ m/);
    expect(out).toMatch(/seen by cameras/);
    const gj = JSON.parse(readFileSync(`${TMP}/r.geojson`, 'utf8'));
    expect(gj.features).toHaveLength(3);
    expect(readFileSync(`${TMP}/r.gpx`, 'utf8')).toMatch(/^<\?xml[\s\S]*<trk>[\s\S]*<\/gpx>\n$/);
  });

  it('reports bad usage and unroutable points as CLI errors', async () => {
    await expect(run(['--from', '43.6057'])).rejects.toThrow(CliError);
    await expect(run(['--from', '48.85,2.35', '--to', '43.5978,1.4316'])).rejects.toThrow(/outside-area/);
    await expect(run(['--from', '43.6057,1.4490', '--to', '43.5978,1.4316', '--alpha', '-2'])).rejects.toThrow(/alpha/);
    expect(() => parseLatLon('91,1', '--from')).toThrow(CliError);
    expect(parseLatLon('43.6, 1.44', '--from')).toEqual([1.44, 43.6]);
  });
});
