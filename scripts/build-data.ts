/**
 * The dataset pipeline (`npm run data`): raw sources in ../shared/data → the bundled Toulouse camera
 * dataset in data/generated/bundle/ (git-ignored; the WXT build ships it as extension assets).
 *
 *   tsx scripts/build-data.ts [--data-dir DIR] [--out-dir DIR] [--manifest FILE] [--accept-source-changes]
 *
 * Steps: verify each source against the sha256 in data/manifest.json → read and validate → merge (OSM base,
 * 2012 survey enrichment) → validate the bundle → write cameras.json and manifest.json atomically.
 * Exits non-zero, naming the file and the reason, on a missing, changed, truncated or malformed source; the
 * previous output is left untouched then.
 *
 * Steps are functions so more can be added (the walk graph): `buildCameraBundle(dataDir)` is the camera step.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CAMERA_BUNDLE_FORMAT, parseCameraBundle, type CameraBundle } from '../lib/sources/camera-bundle.ts';
import { mergeSources, type MergeReport } from '../lib/cameras/merge.ts';
import { CAMERA_KINDS, type CameraKind } from '../lib/cameras/types.ts';
import { bboxContains, bboxOfPoints } from '../lib/geo/index.ts';
import { SourceError } from '../lib/sources/errors.ts';
import { DEFAULT_COVERAGE } from '../lib/cameras/coverage.ts';
import { WALK_GRAPH_FORMAT_VERSION } from '../lib/network/format.ts';
import { NODE_ORDER } from '../lib/network/node-order.ts';
import { parseMapgr } from '../lib/network/mapgr.ts';
import { walkGraphFromMapgr } from '../lib/network/walk-graph.ts';
import { encodeGraphWithInferredWalls } from '../lib/walls/pipeline.ts';
import { DEFAULT_WALL_OPTIONS, HALF_WIDTH_M } from '../lib/walls/index.ts';
import { readSousSurveillance } from '../lib/sources/sous-surveillance.ts';
import { readToulouseMin, TOULOUSE_OSM_BBOX } from '../lib/sources/toulouse-min.ts';
import type { SourceReject } from '../lib/sources/types.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '../shared/data');
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'data/generated/bundle');
export const DEFAULT_MANIFEST = join(REPO_ROOT, 'data/manifest.json');

const OSM_CAMERAS_ID = 'osm-toulouse-cameras';
const SURVEY_ID = 'sous-surveillance-2012';

export interface ManifestSource {
  id: string;
  name: string;
  path: string;
  sha256: string;
  bytes?: number;
  date?: string;
  licence: string;
  attribution?: string;
  origin?: string;
  role?: string;
}

export interface DataManifest {
  format: 'angle-mort/manifest@1';
  dataset: { id: string; label: string };
  attribution: string;
  credits?: string[];
  sources: ManifestSource[];
}

export interface PipelineOptions {
  manifest?: DataManifest;
  /** When true, a source whose sha256 differs from the manifest is used anyway (and reported). */
  acceptSourceChanges?: boolean;
  /** Log lines go here; default: nowhere. */
  log?: (line: string) => void;
}

export interface CameraStepReport {
  countsByKind: Record<CameraKind, number>;
  countsBySource: Record<string, number>;
  read: Record<string, { cameras: number; rejects: SourceReject[] }>;
  surveyByCity: Record<string, number>;
  merge: MergeReport;
  changedSources: string[];
}

export function loadManifest(path = DEFAULT_MANIFEST): DataManifest {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SourceError('malformed', `cannot read the data manifest (${e instanceof Error ? e.message : e})`, path);
  }
  const m = json as DataManifest;
  if (m?.format !== 'angle-mort/manifest@1' || !Array.isArray(m.sources) || !m.dataset?.id) {
    throw new SourceError('malformed', 'not an angle-mort/manifest@1 file', path);
  }
  return m;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads one manifest source from `dataDir` and checks its sha256. A changed file is an error naming it,
 * unless `accept` (then its id is added to `changed`).
 */
export function readVerifiedSource(
  dataDir: string,
  manifest: DataManifest,
  id: string,
  accept: boolean,
  changed: string[],
): { bytes: Uint8Array; path: string; source: ManifestSource; sha256: string } {
  const source = manifest.sources.find((s) => s.id === id);
  if (!source) throw new SourceError('missing', `source "${id}" is not listed in the data manifest`);
  const path = join(dataDir, source.path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new SourceError('missing', `cannot read the source (${(e as NodeJS.ErrnoException).code ?? e})`, path);
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== source.sha256) {
    if (!accept) {
      throw new SourceError(
        'checksum-mismatch',
        `sha256 is ${sha256} but data/manifest.json records ${source.sha256} (${bytes.byteLength} bytes vs ${source.bytes ?? '?'}); ` +
          'if the change is intended, update the manifest or run with --accept-source-changes',
        path,
      );
    }
    changed.push(source.id);
  }
  return { bytes, path, source, sha256 };
}

/** The camera step: sources → validated, merged CameraBundle plus a report of what happened. */
export function buildCameraBundle(
  dataDir: string,
  options: PipelineOptions = {},
): { bundle: CameraBundle; report: CameraStepReport; streetGraph: { bytes: Uint8Array; path: string } } {
  const manifest = options.manifest ?? loadManifest();
  const accept = options.acceptSourceChanges ?? false;
  const changedSources: string[] = [];
  const osmFile = readVerifiedSource(dataDir, manifest, OSM_CAMERAS_ID, accept, changedSources);
  const surveyFile = readVerifiedSource(dataDir, manifest, SURVEY_ID, accept, changedSources);

  const osm = withFile(osmFile.path, () => readToulouseMin(osmFile.bytes, { sourceDate: osmFile.source.date, bbox: TOULOUSE_OSM_BBOX }));
  const survey = withFile(surveyFile.path, () => readSousSurveillance(surveyFile.bytes, { city: 'toulouse' }));
  if (osm.cameras.length === 0) throw new SourceError('invalid-value', 'no valid camera in the file', osmFile.path);

  // Survey cameras are kept only where the OSM base is authoritative: inside its extent.
  const surveyRejects = [...survey.rejects];
  const surveyInArea = survey.cameras.filter((c) => {
    if (bboxContains(TOULOUSE_OSM_BBOX, c.lon, c.lat)) return true;
    surveyRejects.push({ sourceId: c.sourceId, reason: 'outside the Toulouse OSM extent' });
    return false;
  });
  const merged = mergeSources(osm.cameras, surveyInArea);
  const cameras = merged.cameras;

  // The street graph is part of the dataset: its checksum (and the engine that scores it) enter the version,
  // so a new graph or a changed coverage model re-seeds the extension's store like new cameras do.
  const mapgrFile = readVerifiedSource(dataDir, manifest, 'toulouse-mapgr', accept, changedSources);
  const sources = [osmFile, surveyFile, mapgrFile].map(({ source, sha256 }) => {
    const s: CameraBundle['sources'][number] = { id: source.id, name: source.name, licence: source.licence, sha256 };
    if (source.date) s.date = source.date;
    return s;
  });
  // The wall rules are part of the derivation too: changing them changes every edge's exposure.
  const derivation = {
    coverage: DEFAULT_COVERAGE,
    walkGraphFormat: WALK_GRAPH_FORMAT_VERSION,
    nodeOrder: NODE_ORDER,
    walls: { source: 'inferred', rules: DEFAULT_WALL_OPTIONS, halfWidths: HALF_WIDTH_M },
  };
  const content = { datasetId: manifest.dataset.id, sources, cameras, derivation };
  const version = sha256Hex(JSON.stringify(content)).slice(0, 16);
  const credits = manifest.credits?.length ? ` ${manifest.credits.join(' ')}` : '';
  const bundle: CameraBundle = {
    format: CAMERA_BUNDLE_FORMAT,
    datasetId: manifest.dataset.id,
    version,
    label: manifest.dataset.label,
    generatedAt: generatedAt(),
    attribution: `${manifest.attribution}.${credits}`,
    bbox: bboxOfPoints(cameras),
    sources,
    cameras,
  };
  // The bundle must pass the same validation the extension applies when it loads it.
  parseCameraBundle(JSON.parse(JSON.stringify(bundle)));

  const countsByKind = Object.fromEntries(CAMERA_KINDS.map((k) => [k, 0])) as Record<CameraKind, number>;
  const countsBySource: Record<string, number> = {};
  for (const c of cameras) {
    countsByKind[c.kind]++;
    countsBySource[c.source] = (countsBySource[c.source] ?? 0) + 1;
  }
  const report: CameraStepReport = {
    countsByKind,
    countsBySource,
    read: {
      [osmFile.source.path]: { cameras: osm.cameras.length, rejects: osm.rejects },
      [surveyFile.source.path]: { cameras: survey.cameras.length, rejects: surveyRejects },
    },
    surveyByCity: survey.byCity,
    merge: merged.report,
    changedSources,
  };
  return { bundle, report, streetGraph: { bytes: mapgrFile.bytes, path: mapgrFile.path } };
}

function withFile<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof SourceError) throw e.withFile(file);
    throw e;
  }
}

/** Build time, or SOURCE_DATE_EPOCH (seconds) for reproducible builds. */
function generatedAt(): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return (Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date()).toISOString();
}

/** Writes via a temporary file and a rename, so a crash never leaves a half-written bundle. */
function writeAtomically(path: string, text: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeCameraBundle(
  outDir: string,
  bundle: CameraBundle,
  report: CameraStepReport,
  graphBytes?: Uint8Array,
  walls?: { bytes: Uint8Array; source: 'mapped' | 'inferred' | 'none' },
): void {
  mkdirSync(outDir, { recursive: true });
  const camerasJson = JSON.stringify(bundle);
  const graphFiles = graphBytes ? [{ path: 'graph.bin', sha256: sha256Hex(graphBytes), bytes: graphBytes.byteLength }] : [];
  const manifest = {
    format: 'angle-mort/bundle-manifest@1',
    datasetId: bundle.datasetId,
    version: bundle.version,
    label: bundle.label,
    generatedAt: bundle.generatedAt,
    attribution: bundle.attribution,
    bbox: bundle.bbox,
    sources: bundle.sources,
    files: [
      { path: 'cameras.json', sha256: sha256Hex(camerasJson), bytes: Buffer.byteLength(camerasJson), cameras: bundle.cameras.length },
      ...graphFiles,
      ...(walls ? [{ path: 'walls.bin', sha256: sha256Hex(walls.bytes), bytes: walls.bytes.byteLength }] : []),
    ],
    wallSource: walls?.source ?? 'none',
    countsByKind: report.countsByKind,
    countsBySource: report.countsBySource,
    merge: {
      radiusMetres: report.merge.radiusMetres,
      matched: report.merge.matched.length,
      keptFromSurvey: report.merge.kept.length,
      droppedDuplicates: report.merge.dropped.length,
    },
  };
  writeAtomically(join(outDir, 'cameras.json'), camerasJson);
  if (graphBytes) writeAtomically(join(outDir, 'graph.bin'), graphBytes);
  if (walls) writeAtomically(join(outDir, 'walls.bin'), walls.bytes);
  // The manifest goes last: a reader that finds it can trust cameras.json is complete.
  writeAtomically(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function printCameraReport(report: CameraStepReport, bundle: CameraBundle, log: (line: string) => void): void {
  const kinds = CAMERA_KINDS.filter((k) => report.countsByKind[k] > 0).map((k) => `${k} ${report.countsByKind[k]}`);
  log(`cameras: ${bundle.cameras.length} (${kinds.join(', ')})`);
  log(
    `  by source: ${Object.entries(report.countsBySource)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
  );
  for (const [file, r] of Object.entries(report.read)) {
    log(`  read ${file}: ${r.cameras} cameras, ${r.rejects.length} rejected`);
    for (const x of r.rejects) log(`    rejected ${x.sourceId}: ${x.reason}`);
  }
  const m = report.merge;
  log(
    `merge (radius ${m.radiusMetres} m): ${m.matched.length} survey cameras matched, ${m.kept.length} kept, ${m.dropped.length} duplicates dropped`,
  );
  for (const x of m.matched) log(`  matched ${x.surveyId} → ${x.osmId} at ${x.distanceMetres} m (${x.fields.join(', ') || 'nothing new'})`);
  for (const x of m.kept) log(`  kept ${x.surveyId}: ${x.reason}`);
  for (const x of m.dropped) log(`  dropped ${x.id}: ${x.reason}`);
  if (report.changedSources.length > 0) log(`warning: accepted changed sources: ${report.changedSources.join(', ')}`);
  log(`bundle ${bundle.datasetId} version ${bundle.version}`);
}

interface CliArgs {
  dataDir: string;
  outDir: string;
  manifestPath: string;
  acceptSourceChanges: boolean;
  quiet: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    dataDir: process.env.ANGLE_MORT_DATA_DIR || DEFAULT_DATA_DIR,
    outDir: DEFAULT_OUT_DIR,
    manifestPath: DEFAULT_MANIFEST,
    acceptSourceChanges: false,
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--data-dir') args.dataDir = resolve(value());
    else if (flag === '--out-dir') args.outDir = resolve(value());
    else if (flag === '--manifest') args.manifestPath = resolve(value());
    else if (flag === '--accept-source-changes') args.acceptSourceChanges = true;
    else if (flag === '--quiet') args.quiet = true;
    else throw new UsageError(`unknown option ${a}`);
  }
  return args;
}

class UsageError extends Error {}

/**
 * Runs the pipeline; returns the process exit code (0 ok, 1 bad source, 2 bad usage) instead of exiting,
 * so tests can call it. `out`/`err` receive the printed lines.
 */
export async function main(
  argv: readonly string[],
  io: { out?: (line: string) => void; err?: (line: string) => void } = {},
): Promise<number> {
  const err = io.err ?? ((line: string) => console.error(line));
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`error: ${(e as Error).message}`);
    err('usage: build-data [--data-dir DIR] [--out-dir DIR] [--manifest FILE] [--accept-source-changes] [--quiet]');
    return 2;
  }
  const out = args.quiet ? () => {} : (io.out ?? ((line: string) => console.log(line)));
  try {
    const manifest = loadManifest(args.manifestPath);
    out(`data dir: ${args.dataDir}`);
    const { bundle, report, streetGraph } = buildCameraBundle(args.dataDir, {
      manifest,
      acceptSourceChanges: args.acceptSourceChanges,
    });
    printCameraReport(report, bundle, out);
    // The walk-graph step: the street graph, kept walkable and scored against the merged cameras.
    // Toulouse has no building footprints: walls are inferred from the street graph itself (lib/walls).
    let wallCpuMs = 0;
    const graph = withFile(streetGraph.path, () => {
      const walk = walkGraphFromMapgr(parseMapgr(streetGraph.bytes));
      const cpu0 = process.cpuUsage();
      const asset = encodeGraphWithInferredWalls(walk, bundle.cameras);
      const cpu = process.cpuUsage(cpu0);
      wallCpuMs = (cpu.user + cpu.system) / 1000;
      return asset;
    });
    for (const line of graph.summary) out(`walk graph: ${line}`);
    // Wall clock depends on the other jobs on the machine; CPU time much less (README, "Inferred walls").
    const { inferMs, scoreMs } = graph.timings;
    out(
      `walk graph: walls inferred + every edge scored in ${Math.round(inferMs + scoreMs)} ms wall clock ` +
        `(${Math.round(inferMs)} + ${Math.round(scoreMs)}); the whole wall step ${Math.round(wallCpuMs)} ms CPU, load average ${loadavg()[0].toFixed(1)}`,
    );
    writeCameraBundle(args.outDir, bundle, report, graph.bytes, { bytes: new Uint8Array(graph.walls), source: graph.wallSource });
    out(`wrote ${join(args.outDir, 'cameras.json')}, graph.bin, walls.bin and manifest.json`);
    return 0;
  } catch (e) {
    if (e instanceof SourceError) {
      err(`error [${e.code}]: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
