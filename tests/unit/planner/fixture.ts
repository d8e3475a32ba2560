/**
 * The real Toulouse walk graph scored with the real bundled cameras, as the pipeline ships it
 * (`graph.bin`). Built once from ../shared/data and cached in tests/.tmp (git-ignored, OSM-derived).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createBackground, type Background } from '../../../lib/background/index.ts';
import type { Camera } from '../../../lib/cameras/types.ts';
import { buildGraphAsset } from '../../../lib/network/pipeline.ts';
import { parseCameraBundleText } from '../../../lib/store/validate.ts';
import type { BBox } from '../../../lib/geo/index.ts';
import type { OsmData } from '../../../lib/sources/osm-model.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import { buildAreaGraph } from '../../../lib/store/area-graph.ts';
import { OVERPASS_CAMERA_CONFIDENCE } from '../../../lib/store/area-download.ts';
import { graphHeaderBBox } from '../../../lib/store/planner-deps.ts';
import { MONACO_PBF, sharedPath, TOULOUSE_MAPGR } from '../../shared-data.ts';

export const ROOT = resolve(__dirname, '../../..');
const MAPGR = sharedPath(TOULOUSE_MAPGR);
const BUNDLE = resolve(ROOT, 'data/generated/bundle/cameras.json');
const CACHE = resolve(ROOT, 'tests/.tmp/planner/toulouse-graph.bin');

let cameras: Camera[] | undefined;

/** The bundled Toulouse cameras (data/generated/bundle/cameras.json, written by `npm run data`). */
export function bundledCameras(): Camera[] {
  cameras ??= parseCameraBundleText(readFileSync(BUNDLE, 'utf8')).cameras;
  return cameras;
}

/** Encoded, scored Toulouse graph bytes (a fresh copy each call: engines modify exposure in place). */
export function toulouseGraphBytes(): Uint8Array {
  const bundleStamp = readFileSync(BUNDLE).length;
  const stampFile = CACHE + '.stamp';
  if (!existsSync(CACHE) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== String(bundleStamp)) {
    const { bytes } = buildGraphAsset(new Uint8Array(readFileSync(MAPGR)), bundledCameras());
    mkdirSync(dirname(CACHE), { recursive: true });
    writeFileSync(CACHE, bytes);
    writeFileSync(stampFile, String(bundleStamp));
  }
  return new Uint8Array(readFileSync(CACHE));
}

/** Capitole square, Toulouse. */
export const CAPITOLE: [number, number] = [1.444, 43.6045];

/** The Monaco 2019 extract (../shared/data/monaco), read as a downloaded area would be. */
const MONACO_PBF_PATH = sharedPath(MONACO_PBF);

/**
 * A downloaded area as the options page stores it (lib/store/area-download.ts): the Monaco extract's
 * cameras (`camerasFromOsm`) and its walk graph (`buildAreaGraph`: `walkGraphFromOsm`, scored with those
 * cameras and building occlusion, encoded in lib/network's format), ready for `commitDataset`.
 */
export function monacoArea(datasetId: string): { cameras: Camera[]; graph: ArrayBuffer; bbox: BBox; osm: OsmData } {
  const osm = readOsmPbf(new Uint8Array(readFileSync(MONACO_PBF_PATH)));
  const { cameras } = camerasFromOsm(osm, { source: datasetId, confidence: OVERPASS_CAMERA_CONFIDENCE, sourceDate: '2019-01-01' });
  const built = buildAreaGraph(osm, cameras);
  if (!built.bytes) throw new Error('the Monaco extract has no walkable way');
  const bbox = graphHeaderBBox(built.bytes);
  if (!bbox) throw new Error('the Monaco graph has no readable header');
  return { cameras, graph: built.bytes, bbox, osm };
}

/** Monaco-Ville (Palais princier) and Monte-Carlo (Casino), degrees. */
export const MONACO_PALACE: [number, number] = [7.4206, 43.7313];
export const MONACO_CASINO: [number, number] = [7.4283, 43.7393];

/** The part of an extract inside a box: its nodes there and the ways lying wholly inside (a smaller area). */
export function osmWithin(osm: OsmData, b: BBox): OsmData {
  const nodes = new Map([...osm.nodes].filter(([, n]) => n.lon >= b.west && n.lon <= b.east && n.lat >= b.south && n.lat <= b.north));
  return {
    ...osm,
    nodes,
    ways: osm.ways.filter((w) => w.nodeIds.length > 0 && w.nodeIds.every((id) => nodes.has(id))),
    relations: [],
    bounds: b,
  };
}

/** A user's camera (a dome unless `extra` says otherwise) at lon/lat, for the engine and service tests. */
export function userCamera(id: string, lon: number, lat: number, extra: Partial<Camera> = {}): Camera {
  return {
    id,
    sourceId: id.replace(/^user:/, ''),
    source: 'user',
    lon,
    lat,
    kind: 'dome',
    directions: [],
    surveillance: 'public',
    operatorType: 'public',
    confidence: 1,
    ...extra,
  };
}

/**
 * A background over `factory` (a fresh fake-indexeddb), seeded from the bundle's cameras and the Toulouse graph
 * (no walls), ready: what the planner tests that need a whole background start from. Close it after the test.
 */
export async function seededToulouseBackground(factory: IDBFactory): Promise<Background> {
  const graph = toulouseGraphBytes();
  const bg = createBackground({
    factory,
    readText: async () => readFileSync(resolve(ROOT, 'data/generated/bundle/cameras.json'), 'utf8'),
    readBinary: async (path: string) =>
      path === 'bundle/graph.bin' ? (graph.buffer.slice(graph.byteOffset, graph.byteOffset + graph.byteLength) as ArrayBuffer) : undefined,
    broadcast: async () => undefined,
  });
  await bg.ready();
  return bg;
}
