import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCameraBundle } from '../../../lib/sources/camera-bundle.ts';
import { buildCameraBundle, loadManifest, main } from '../../../scripts/build-data.ts';
import { decodeWalls } from '../../../lib/walls/format.ts';
import { OSM_CAMERAS, REPO_ROOT, SHARED_DATA_DIR, SURVEY } from '../../shared-data.ts';

const TMP = join(REPO_ROOT, 'tests/.tmp/build-data');
rmSync(TMP, { recursive: true, force: true });
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** A data dir holding copies of the two camera sources, optionally with one file replaced. */
function dataDirWith(name: string, replace?: { file: string; content: string | Uint8Array }): string {
  const dir = join(TMP, name, 'data');
  mkdirSync(join(dir, 'toulouse'), { recursive: true });
  for (const f of [OSM_CAMERAS, SURVEY, 'toulouse/toulouse.mapgr']) copyFileSync(join(SHARED_DATA_DIR, f), join(dir, f));
  if (replace) writeFileSync(join(dir, replace.file), replace.content);
  return dir;
}

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('buildCameraBundle', () => {
  it('builds a valid, versioned Toulouse bundle from the real sources', () => {
    const { bundle, report } = buildCameraBundle(SHARED_DATA_DIR);
    expect(parseCameraBundle(JSON.parse(JSON.stringify(bundle)))).toEqual(bundle);
    expect(bundle.cameras).toHaveLength(2257);
    expect(report.countsByKind).toEqual({ fixed: 1096, dome: 1059, ptz: 0, alpr: 60, speed: 42, unknown: 0 });
    expect(report.countsBySource).toEqual({ osm: 2241, 'sous-surveillance': 16 });
    expect(bundle.attribution).toContain('© OpenStreetMap contributors, ODbL 1.0');
    expect(bundle.attribution).toContain('sous-surveillance.net');
    expect(bundle.sources.map((s) => s.id)).toEqual(['osm-toulouse-cameras', 'sous-surveillance-2012', 'toulouse-mapgr']);
    expect(bundle.version).toMatch(/^[0-9a-f]{16}$/);
    // Same content, same version.
    expect(buildCameraBundle(SHARED_DATA_DIR).bundle.version).toBe(bundle.version);
  });
});

describe('build-data main', () => {
  it('writes cameras.json and manifest.json and prints what it did', async () => {
    const outDir = join(TMP, 'ok/out');
    const { code, out, err } = await run(['--data-dir', SHARED_DATA_DIR, '--out-dir', outDir]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const printed = out.join('\n');
    expect(printed).toContain('cameras: 2257 (fixed 1096, dome 1059, alpr 60, speed 42)');
    expect(printed).toContain('by source: osm 2241, sous-surveillance 16');
    expect(printed).toContain('23 survey cameras matched, 16 kept, 28 duplicates dropped');
    expect(printed).toMatch(/matched sous-surveillance:2054 → osm:node\/12657484541 at 0.1 m/);
    expect(printed).toMatch(/dropped osm:node\/13057824697: exact duplicate of osm:node\/13057824695/);
    const bundle = parseCameraBundle(JSON.parse(readFileSync(join(outDir, 'cameras.json'), 'utf8')));
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      datasetId: 'toulouse',
      version: bundle.version,
      files: [{ path: 'cameras.json', cameras: 2257 }, { path: 'graph.bin' }, { path: 'walls.bin' }],
      wallSource: 'inferred',
    });
    // The walk graph ships beside the cameras, and decodes.
    expect(decodeWalkGraph(readFileSync(join(outDir, 'graph.bin'))).edgeCount).toBeGreaterThan(40_000);
    // Toulouse has no building footprints: the walls are inferred from its streets and shipped beside the graph.
    expect(decodeWalls(readFileSync(join(outDir, 'walls.bin'))).length).toBeGreaterThan(1000);
    // Compact: no pretty-printing, no null/undefined fields.
    const raw = readFileSync(join(outDir, 'cameras.json'), 'utf8');
    expect(raw).not.toContain('\n');
    expect(raw).not.toContain('null');
  });

  it('fails naming the file when a source changed, unless told to accept it', async () => {
    const text = readFileSync(join(SHARED_DATA_DIR, OSM_CAMERAS), 'utf8').replace('"Caméra fixe #1"', '"Caméra fixe #01"');
    const dataDir = dataDirWith('changed', { file: OSM_CAMERAS, content: text });
    const outDir = join(TMP, 'changed/out');
    const refused = await run(['--data-dir', dataDir, '--out-dir', outDir]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toMatch(/error \[checksum-mismatch\]: .*osm-cameras-2026\.min\.json: sha256 is [0-9a-f]{64}/);
    expect(existsSync(outDir)).toBe(false);
    const accepted = await run(['--data-dir', dataDir, '--out-dir', outDir, '--accept-source-changes']);
    expect(accepted.code).toBe(0);
    expect(accepted.out.join('\n')).toContain('warning: accepted changed sources: osm-toulouse-cameras');
  });

  it.each([
    [
      'a truncated OSM file',
      OSM_CAMERAS,
      (t: string) => t.slice(0, 5000),
      /\[truncated\]: .*osm-cameras-2026\.min\.json: Toulouse OSM camera file is not valid JSON/,
    ],
    [
      'mismatched arrays',
      OSM_CAMERAS,
      (t: string) => t.replace('"lats":[43.56355,', '"lats":['),
      /\[invalid-value\]: .*osm-cameras-2026\.min\.json: .*"lats" has 2268 entries but "lons" has 2269/,
    ],
    ['a truncated survey', SURVEY, (t: string) => t.slice(0, t.length - 200), /\[truncated\]: .*sous-surveillance-2012\.geojson/],
    [
      'a survey that is not GeoJSON',
      SURVEY,
      () => '{"hello": "world"}',
      /\[malformed\]: .*sous-surveillance-2012\.geojson: .*FeatureCollection/,
    ],
    ['an empty OSM file', OSM_CAMERAS, () => '', /\[truncated\]: .*osm-cameras-2026\.min\.json/],
  ])('exits 1 naming the file and the reason for %s, leaving the old bundle intact', async (name, file, breakIt, pattern) => {
    const original = readFileSync(join(SHARED_DATA_DIR, file), 'utf8');
    const dataDir = dataDirWith(name.replace(/\W+/g, '-'), { file, content: breakIt(original) });
    const outDir = join(TMP, 'keep/out');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'cameras.json'), 'previous');
    const { code, err } = await run(['--data-dir', dataDir, '--out-dir', outDir, '--accept-source-changes']);
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(pattern);
    expect(readFileSync(join(outDir, 'cameras.json'), 'utf8')).toBe('previous');
  });

  it('reports a missing source and bad usage', async () => {
    const empty = join(TMP, 'empty');
    mkdirSync(empty, { recursive: true });
    const missing = await run(['--data-dir', empty, '--out-dir', join(TMP, 'empty/out')]);
    expect(missing.code).toBe(1);
    expect(missing.err.join('\n')).toMatch(/\[missing\]: .*osm-cameras-2026\.min\.json: cannot read the source \(ENOENT\)/);
    const usage = await run(['--frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.err[0]).toContain('unknown option --frobnicate');
  });

  it('honours ANGLE_MORT_DATA_DIR', async () => {
    const previous = process.env.ANGLE_MORT_DATA_DIR;
    process.env.ANGLE_MORT_DATA_DIR = join(TMP, 'nowhere');
    try {
      const { code, err } = await run(['--out-dir', join(TMP, 'env/out')]);
      expect(code).toBe(1);
      expect(err.join('\n')).toContain(join(TMP, 'nowhere'));
    } finally {
      if (previous === undefined) delete process.env.ANGLE_MORT_DATA_DIR;
      else process.env.ANGLE_MORT_DATA_DIR = previous;
    }
  });

  it('the committed manifest lists every shared source with its checksum and the ODbL attribution', () => {
    const manifest = loadManifest();
    expect(manifest.attribution).toBe('© OpenStreetMap contributors, ODbL 1.0');
    expect(manifest.sources.map((s) => s.path).sort()).toEqual(
      ['insa/insa.mapgr', 'monaco/monaco-2019.osm.pbf', OSM_CAMERAS, SURVEY, 'toulouse/toulouse.mapgr'].sort(),
    );
    for (const s of manifest.sources) expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
