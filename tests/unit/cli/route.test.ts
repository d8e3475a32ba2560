import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, parseLatLon } from '../../../cli/route.ts';
import { CliError } from '../../../cli/common.ts';
import { buildGraphAsset } from '../../../lib/network/pipeline.ts';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import { DATA, readData } from '../routing/fixtures.ts';

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
      '--from',
      '43.6057,1.4490',
      '--to',
      '43.5978,1.4316',
      '--gpx',
      `${TMP}/r.gpx`,
      '--geojson',
      `${TMP}/r.geojson`,
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

describe('route CLI camera list (issue 12: "every camera at 0 m")', () => {
  it('places each camera where it first sees the route: a group at the start, then increasing distances that the scorer confirms', async () => {
    const geojson = `${TMP}/order.geojson`;
    const { out } = await run(['--from', '43.6057,1.4490', '--to', '43.5978,1.4316', '--geojson', geojson]);
    const block = out.split('\nmost discreet:')[1];
    expect(block).toBeDefined();
    const startLine = /(\d+) cameras? sees? the start/.exec(block);
    const later = [
      ...block
        .split('then, in walking order:')[1]
        .split('\n')[0]
        .matchAll(/(\S+) \((\w+), from (\d+) m, (\d+) m seen\)/g),
    ];
    expect(later.length).toBeGreaterThan(5);
    const froms = later.map((m) => Number(m[3]));
    // Placed along the route: strictly after the start, in walking order, not all the same.
    expect(froms.every((f) => f >= 1)).toBe(true);
    expect(froms).toEqual([...froms].sort((a, b) => a - b));
    expect(new Set(froms).size).toBeGreaterThan(3);

    // An independent check on the exported line: the scorer's own profile of it agrees (± 1 m for the
    // 1e-6° rounding of the export), and the point at that distance is within the camera's reach.
    const { createExposureScorer } = await import('../../../lib/exposure/index.ts');
    const { maxCoverageRadius } = await import('../../../lib/cameras/coverage.ts');
    const { haversineMetres } = await import('../../../lib/geo/index.ts');
    const line = (
      JSON.parse(readFileSync(geojson, 'utf8')).features as Array<{
        properties: { alternative: string };
        geometry: { coordinates: [number, number][] };
      }>
    ).find((f) => f.properties.alternative === 'discreet')!.geometry.coordinates;
    const profile = createExposureScorer(cameras).profile(line);
    const first = new Map(profile.cameras.map((c) => [c.id, Math.min(...c.intervals.map((i) => i.from))]));
    expect(Number(startLine?.[1] ?? 0)).toBe([...first.values()].filter((f) => f < 0.5).length);
    const pointAt = (d: number): [number, number] => {
      let left = d;
      for (let i = 1; i < line.length; i++) {
        const seg = haversineMetres(line[i - 1][0], line[i - 1][1], line[i][0], line[i][1]);
        if (seg >= left) {
          const t = seg > 0 ? left / seg : 0;
          return [line[i - 1][0] + t * (line[i][0] - line[i - 1][0]), line[i - 1][1] + t * (line[i][1] - line[i - 1][1])];
        }
        left -= seg;
      }
      return line[line.length - 1];
    };
    const byId = new Map(cameras.map((c) => [c.id, c]));
    for (const m of later) {
      expect(Math.abs(first.get(m[1])! - Number(m[3]))).toBeLessThanOrEqual(1.5);
      const cam = byId.get(m[1])!;
      const [lon, lat] = pointAt(first.get(m[1])!);
      expect(haversineMetres(lon, lat, cam.lon, cam.lat)).toBeLessThanOrEqual(maxCoverageRadius() + 1);
    }
  });
});
