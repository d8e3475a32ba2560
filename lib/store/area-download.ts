/**
 * "Download an area from OpenStreetMap" end to end, without browser globals: round the bbox, fetch through
 * the Overpass client (the caller passes `fetch`), turn the answer into cameras, optionally build the walk
 * graph (the caller passes the builder: the options page runs it in a Web Worker), and store everything as
 * the dataset `overpass:<rounded bbox>` in ONE transaction. Any failure before or during the write leaves
 * the store unchanged (docs/store.md, "Area downloads").
 */
import type { BBox } from '../geo/index.ts';
import type { Camera } from '../cameras/types.ts';
import { type OsmData, osmDataTime } from '../sources/osm-model.ts';
import { camerasFromOsm } from '../sources/osm-cameras.ts';
import { downloadArea, type OverpassClientOptions } from '../sources/overpass-client.ts';
import { ALL_LAYERS, DEFAULT_GRID_DEGREES, planArea, type OverpassLayers } from '../sources/overpass-query.ts';
import { commitDataset, type CommitResult } from './datasets.ts';
import { builtGraphParts, type BuiltAreaGraph } from './area-graph.ts';
import type { AngleMortDB } from './schema.ts';

/** Confidence of cameras from a live Overpass download (the same as the bundled OSM data). */
export const OVERPASS_CAMERA_CONFIDENCE = 0.9;

/** `overpass:<west>,<south>,<east>,<north>` of the rounded box, at the grid's precision. */
export function areaDatasetId(rounded: BBox): string {
  return `overpass:${[rounded.west, rounded.south, rounded.east, rounded.north].map((v) => v.toFixed(2)).join(',')}`;
}

/**
 * What will be sent, before anything is: the rounded box (shown to the user) and the dataset id it will be
 * stored under. Throws the client's `OverpassError` (`invalid-bbox`, `area-too-large`).
 */
export function previewAreaDownload(
  bbox: BBox,
  layers: OverpassLayers = ALL_LAYERS,
  gridDegrees = DEFAULT_GRID_DEGREES,
): { rounded: BBox; datasetId: string } {
  const rounded = planArea(bbox, layers, { gridDegrees });
  return { rounded, datasetId: areaDatasetId(rounded) };
}

/** Builds and encodes the exposure-scored walk graph of an area; `undefined` when there is nothing to walk. */
export type GraphBuilder = (osm: OsmData, cameras: Camera[]) => Promise<ArrayBuffer | BuiltAreaGraph | undefined>;

export interface AreaDownloadOptions extends Omit<OverpassClientOptions, 'fetch'> {
  fetch: typeof fetch;
  layers?: OverpassLayers;
  /** Omit to store cameras only. */
  buildGraph?: GraphBuilder;
  /** Called once the answer is in, before the graph build and the write. */
  onStage?: (stage: 'graph' | 'storing') => void;
  now?: Date;
}

export interface AreaDownloadResult extends CommitResult {
  rounded: BBox;
  datasetId: string;
  cameras: number;
  bytes: number;
  attempts: number;
  /** Camera records the reader could not use (e.g. a camera way without nodes). */
  rejects: number;
  graphBytes: number;
}

/** Downloads an area and stores it; throws `OverpassError` (network, answer) or `StoreError` (write). */
export async function downloadAreaDataset(db: AngleMortDB, bbox: BBox, opts: AreaDownloadOptions): Promise<AreaDownloadResult> {
  const layers = opts.layers ?? ALL_LAYERS;
  const { rounded, datasetId } = previewAreaDownload(bbox, layers);
  const result = await downloadArea(rounded, { ...opts, layers });
  const now = opts.now ?? new Date();
  // The date the data describes: Overpass's `timestamp_osm_base` (the OSM database state it answered from),
  // else the newest element timestamp, else the download day.
  const stamp = osmDataTime(result.data);
  const dataDay = (stamp ?? now.toISOString()).slice(0, 10);
  const read = camerasFromOsm(result.data, { source: datasetId, confidence: OVERPASS_CAMERA_CONFIDENCE, sourceDate: dataDay });
  let built: ReturnType<typeof builtGraphParts> = {};
  if (opts.buildGraph && (layers.walkways || layers.buildings)) {
    opts.onStage?.('graph');
    built = builtGraphParts(await opts.buildGraph(result.data, read.cameras));
  }
  const graph = built.graph;
  opts.onStage?.('storing');
  const committed = await commitDataset(
    db,
    {
      id: datasetId,
      origin: 'overpass',
      label: `OpenStreetMap ${[rounded.west, rounded.south, rounded.east, rounded.north].map((v) => v.toFixed(2)).join(', ')}`,
      version: now.toISOString(),
      bbox: rounded,
      attribution: '© OpenStreetMap contributors, ODbL 1.0',
      sources: [{ id: 'overpass', name: 'OpenStreetMap (Overpass API)', date: dataDay, licence: 'ODbL-1.0', sha256: '' }],
      generatedAt: stamp ?? now.toISOString(),
      cameras: read.cameras,
      ...(graph ? { graph, wallSource: built.wallSource, ...(built.walls ? { walls: built.walls } : {}) } : {}),
      place: {
        id: `area:${datasetId}`,
        kind: 'area',
        label: `OpenStreetMap area ${datasetId.slice('overpass:'.length)}`,
        lon: (rounded.west + rounded.east) / 2,
        lat: (rounded.south + rounded.north) / 2,
        bbox: rounded,
        createdAt: now.toISOString(),
      },
    },
    now,
  );
  return {
    ...committed,
    rounded,
    datasetId,
    cameras: read.cameras.length,
    bytes: result.bytes,
    attempts: result.attempts,
    rejects: read.rejects.length,
    graphBytes: graph?.byteLength ?? 0,
  };
}
