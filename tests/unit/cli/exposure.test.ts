/** The exposure and coverage CLIs: main functions in-process, plus one spawned run each for exit codes. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError, linesFromGpx, loadCameraDataset } from '../../../cli/common.ts';
import { main as coverageMain } from '../../../cli/coverage.ts';
import { main as exposureMain } from '../../../cli/exposure.ts';
import { at, camera, line } from '../exposure/helpers.ts';

const TMP = 'tests/.tmp/cli-exposure';
const f = (name: string) => `${TMP}/${name}`;

beforeAll(() => {
  mkdirSync(TMP, { recursive: true });
  writeFileSync(
    f('cameras.json'),
    JSON.stringify([camera('dome-1', 0, 0, 'dome'), camera('fixed-1', 200, 0, 'fixed', { directions: [270] })]),
  );
  writeFileSync(
    f('walk.geojson'),
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'my walk' }, geometry: { type: 'LineString', coordinates: line([-100, 10], [250, 10]) } },
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at(0, 0) } },
      ],
    }),
  );
  const pts = line([-100, 10], [100, 10])
    .map(([lon, lat]) => `<trkpt lat="${lat}" lon="${lon}"><ele>150</ele></trkpt>`)
    .join('');
  writeFileSync(
    f('walk.gpx'),
    `<?xml version="1.0"?><gpx version="1.1" creator="test"><trk><name>x</name><trkseg>${pts}</trkseg></trk></gpx>`,
  );
  writeFileSync(f('broken.json'), '{"type": "FeatureCollection", "features": [');
  writeFileSync(
    f('points-only.geojson'),
    JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 43] } }),
  );
  writeFileSync(
    f('bad-position.geojson'),
    JSON.stringify({
      type: 'LineString',
      coordinates: [
        [1, 43],
        [1, 'x'],
      ],
    }),
  );
  writeFileSync(f('bad-dataset.json'), JSON.stringify([{ id: 'x', lon: 1, lat: 43, kind: 'laser', directions: [] }]));
});

function capture() {
  let text = '';
  return {
    print: (s: string) => (text += s),
    get text() {
      return text;
    },
  };
}

describe('exposure CLI', () => {
  it('prints a per-tier table and the cameras seen, and writes the stretches', async () => {
    const out = capture();
    const code = await exposureMain([f('walk.geojson'), '--dataset', f('cameras.json'), '--out', f('exposed.geojson')], out.print);
    expect(code).toBe(0);
    expect(out.text).toMatch(/my walk/);
    // chord of the dome's 25 m disc at 10 m (45.8 m) + a sliver of the fixed camera's wedge (0.3 m)
    expect(out.text).toMatch(/identification\s+46\.1\s/);
    expect(out.text).toMatch(/dome-1\s+dome/);
    expect(out.text).toMatch(/fixed-1\s+fixed/);
    const fc = JSON.parse(readFileSync(f('exposed.geojson'), 'utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(3);
    expect(fc.features[0].properties.line).toBe('my walk');
    expect(fc.features[0].geometry.type).toBe('LineString');
  });

  it('reads GPX tracks', async () => {
    expect(linesFromGpx(readFileSync(f('walk.gpx'), 'utf8'))[0].coords).toHaveLength(2);
    const out = capture();
    expect(await exposureMain([f('walk.gpx'), '--dataset', f('cameras.json')], out.print)).toBe(0);
    expect(out.text).toMatch(/track 1/);
    expect(out.text).toMatch(/length\s+200\.0/);
  });

  it('leaves vehicle cameras out on request', async () => {
    writeFileSync(f('alpr.json'), JSON.stringify([camera('alpr-1', 0, 0, 'alpr')]));
    const out = capture();
    await exposureMain([f('walk.geojson'), '--dataset', f('alpr.json'), '--no-vehicles'], out.print);
    expect(out.text).toMatch(/no camera sees this line/);
  });

  it('fails clearly on unreadable or invalid input', async () => {
    const run = (args: string[]) => exposureMain(args, () => {});
    await expect(run([f('nope.geojson'), '--dataset', f('cameras.json')])).rejects.toThrow(/cannot read path file .*ENOENT/);
    await expect(run([f('broken.json'), '--dataset', f('cameras.json')])).rejects.toThrow(/not valid JSON/);
    await expect(run([f('points-only.geojson'), '--dataset', f('cameras.json')])).rejects.toThrow(/no line found/);
    await expect(run([f('bad-position.geojson'), '--dataset', f('cameras.json')])).rejects.toThrow(/position 1 is not a valid/);
    await expect(run([f('walk.geojson'), '--dataset', f('bad-dataset.json')])).rejects.toThrow(/unknown kind "laser"/);
    await expect(run([f('walk.geojson'), '--dataset', f('missing.json')])).rejects.toThrow(CliError);
    await expect(run([])).rejects.toThrow(/expected one path file/);
    await expect(run([f('walk.geojson'), '--frobnicate', '1'])).rejects.toThrow(/unknown option --frobnicate/);
  });

  it.skipIf(!existsSync('data/generated/bundle/cameras.json'))('uses the bundled Toulouse dataset by default', async () => {
    expect(loadCameraDataset().length).toBeGreaterThan(2000);
    const out = capture();
    expect(await exposureMain([f('walk.geojson')], out.print)).toBe(0);
    expect(out.text).toMatch(/data\/generated\/bundle\/cameras\.json \(\d+ active cameras\)/);
  });

  it('exits non-zero with a message when spawned on a missing file', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/exposure.ts', f('nope.gpx'), '--dataset', f('cameras.json')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: cannot read path file/);
  });
});

describe('coverage CLI', () => {
  it('writes coverage polygons for the cameras in the box', async () => {
    const out = capture();
    const [w, s] = at(-50, -50);
    const [e, n] = at(50, 50);
    const code = await coverageMain(
      ['--bbox', `${w},${s},${e},${n}`, '--dataset', f('cameras.json'), '--out', f('coverage.geojson')],
      out.print,
    );
    expect(code).toBe(0);
    expect(out.text).toMatch(/wrote 3 polygons for 1 cameras/);
    const fc = JSON.parse(readFileSync(f('coverage.geojson'), 'utf8'));
    expect(fc.features.map((x: { properties: { tier: string } }) => x.properties.tier)).toEqual([
      'observation',
      'recognition',
      'identification',
    ]);
  });

  it('prints GeoJSON to standard output without --out', async () => {
    const out = capture();
    await coverageMain(
      ['--bbox', '-180,-90,180,90'.replace('-180,-90,180,90', '1.4,43.5,1.5,43.7'), '--dataset', f('cameras.json')],
      out.print,
    );
    expect(JSON.parse(out.text).features).toHaveLength(6);
  });

  it('rejects a bad --bbox with usage exit code 2', async () => {
    const run = (b: string) => coverageMain(['--bbox', b, '--dataset', f('cameras.json')], () => {});
    await expect(run('1,2,3')).rejects.toMatchObject({ exitCode: 2 });
    await expect(run('1.5,43,1.4,44')).rejects.toThrow(/not a valid box/);
    await expect(run('0,0,10,10')).rejects.toThrow(/larger than 1°/);
    await expect(coverageMain([], () => {})).rejects.toThrow(/--bbox is required/);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/coverage.ts', '--bbox', 'a,b,c,d'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--bbox must be four numbers/);
  });
});
