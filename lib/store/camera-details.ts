/**
 * "Refresh camera details": the bundled Toulouse file lost each camera's direction, mount and operator, but
 * kept its OSM node id. This re-fetches those nodes' tags from Overpass by id (the whole dataset's ids, never
 * a subset near the user) and writes the recovered attributes into the stored cameras in ONE transaction.
 * Position and id stay as stored (the dataset's own); a new bundle version re-seeds over these changes.
 */
import { cameraFromOsmTags } from '../cameras/tags.ts';
import type { Camera } from '../cameras/types.ts';
import { fetchCameraDetails, type OverpassClientOptions } from '../sources/overpass-client.ts';
import type { OsmNode } from '../sources/osm-model.ts';
import { commitWrites } from './errors.ts';
import type { AngleMortDB, StoredCamera } from './schema.ts';

export interface DetailsRefreshResult {
  /** Cameras with an OSM node id in the dataset (what was asked for). */
  requested: number;
  /** Cameras whose stored record changed. */
  updated: number;
  /** Cameras that had no direction before and have one now. */
  gainedDirection: number;
  /** Node ids Overpass no longer has (deleted from OSM since), or that are no longer tagged as cameras. */
  missing: number;
  requests: number;
  bytes: number;
}

/** Attributes the OSM tags carry and the bundled file lacks. */
const DETAIL_FIELDS = [
  'directions',
  'fov',
  'height',
  'mount',
  'operator',
  'operatorType',
  'surveillance',
  'zone',
  'surveillanceType',
] as const;

/** `node/123` → 123; undefined for anything else (ways, imports, user cameras). */
export function osmNodeId(sourceId: string): number | undefined {
  const m = /^node\/(\d{1,15})$/.exec(sourceId);
  return m ? Number(m[1]) : undefined;
}

/** The camera with the details of `node` applied; `undefined` when the node is no longer a camera. */
export function withDetails(camera: Camera, node: OsmNode): Camera | undefined {
  const fresh = cameraFromOsmTags(node.tags, { source: camera.source, sourceId: camera.sourceId, lon: camera.lon, lat: camera.lat });
  if (!fresh) return undefined;
  const next: Camera = { ...camera };
  for (const f of DETAIL_FIELDS) {
    const v = fresh[f];
    // Only add knowledge: an attribute OSM does not tag (yet) keeps the stored value.
    if (v === undefined || (Array.isArray(v) && v.length === 0) || v === 'unknown') continue;
    (next as unknown as Record<string, unknown>)[f] = Array.isArray(v) ? [...v] : v;
  }
  return next;
}

export async function refreshCameraDetails(db: AngleMortDB, datasetId: string, opts: OverpassClientOptions): Promise<DetailsRefreshResult> {
  const stored = await db.getAllFromIndex('cameras', 'byDatasetId', datasetId);
  const ids = stored.map((c) => osmNodeId(c.sourceId)).filter((id): id is number => id !== undefined);
  const fetched = await fetchCameraDetails(ids, opts);
  const changed: StoredCamera[] = [];
  let gainedDirection = 0;
  let missing = 0;
  for (const camera of stored) {
    const id = osmNodeId(camera.sourceId);
    if (id === undefined) continue;
    const node = fetched.nodes.get(id);
    const next = node ? withDetails(camera, node) : undefined;
    if (!next) {
      missing++;
      continue;
    }
    if (JSON.stringify(next) === JSON.stringify(camera)) continue;
    if (camera.directions.length === 0 && next.directions.length > 0) gainedDirection++;
    changed.push(next as StoredCamera);
  }
  const tx = db.transaction('cameras', 'readwrite');
  await commitWrites(
    tx,
    changed.map((c) => tx.store.put(c)),
  );
  return {
    requested: fetched.requested,
    updated: changed.length,
    gainedDirection,
    missing,
    requests: fetched.requests,
    bytes: fetched.bytes,
  };
}
