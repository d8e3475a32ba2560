/**
 * "Refresh camera details": the bundled Toulouse file lost the OSM tags (direction, mount, operator) but
 * kept node ids. `cameraDetailIds` lists the ids to re-fetch (see `fetchCameraDetails` in
 * lib/sources/overpass-client.ts), and `applyCameraDetails` rebuilds each camera from its fresh tags and
 * says what changed — notably how many cameras gained a direction. Pure: the store writes `updated`.
 */
import { cameraFromOsmTags, OSM_CONFIDENCE } from '../cameras/tags.ts';
import type { Camera } from '../cameras/types.ts';
import type { OsmNode } from '../sources/osm-model.ts';

const NODE_ID = /^node\/(\d{1,15})$/;

/** OSM node ids of the cameras that came from OSM (`sourceId` = `node/<id>`), unique and sorted. */
export function cameraDetailIds(cameras: readonly Camera[]): number[] {
  const ids = new Set<number>();
  for (const c of cameras) {
    const m = NODE_ID.exec(c.sourceId);
    if (m) ids.add(Number(m[1]));
  }
  return [...ids].sort((a, b) => a - b);
}

export interface CameraDetailsResult {
  /** Cameras rebuilt from fresh tags (same `id`), to write in place of the old ones. */
  updated: Camera[];
  /** Of `updated`, how many had no direction before and have one now. */
  gainedDirection: number;
  /** Ids of cameras whose node is gone from OSM (deleted since the extract): left as they are. */
  missing: string[];
  /** Ids of cameras whose node is no longer tagged as a camera: left as they are, for the user to review. */
  noLongerCameras: string[];
  /** Cameras with an OSM node id whose fresh data changed nothing. */
  unchanged: number;
}

/**
 * Rebuilds OSM-sourced cameras from re-fetched nodes. The fresh OSM position and tags win; a direction
 * that came from another source (`enrichedFrom`, e.g. the 2012 survey) is kept when OSM still has none.
 * The camera keeps its id, source, sourceDate and expiry, so the store replaces it in place.
 */
export function applyCameraDetails(cameras: readonly Camera[], nodes: ReadonlyMap<number, OsmNode>): CameraDetailsResult {
  const result: CameraDetailsResult = { updated: [], gainedDirection: 0, missing: [], noLongerCameras: [], unchanged: 0 };
  for (const old of cameras) {
    const m = NODE_ID.exec(old.sourceId);
    if (!m) continue;
    const node = nodes.get(Number(m[1]));
    if (!node) {
      result.missing.push(old.id);
      continue;
    }
    const fresh = cameraFromOsmTags(node.tags, {
      id: old.id,
      source: old.source,
      sourceId: old.sourceId,
      lon: node.lon,
      lat: node.lat,
      sourceDate: old.sourceDate,
      confidence: old.confidence ?? OSM_CONFIDENCE,
    });
    if (!fresh) {
      result.noLongerCameras.push(old.id);
      continue;
    }
    if (old.expires !== undefined) fresh.expires = old.expires;
    if (fresh.directions.length === 0 && old.directions.length > 0 && old.enrichedFrom?.fields.includes('directions')) {
      fresh.directions = old.directions;
      if (old.fov !== undefined && fresh.fov === undefined) fresh.fov = old.fov;
      fresh.enrichedFrom = old.enrichedFrom;
    }
    // The bundled file's kind came from a coarse category; keep it when the tags say nothing more precise.
    if (fresh.kind === 'unknown') fresh.kind = old.kind;
    if (JSON.stringify(fresh) === JSON.stringify(old)) {
      result.unchanged++;
      continue;
    }
    if (old.directions.length === 0 && fresh.directions.length > 0) result.gainedDirection++;
    result.updated.push(fresh);
  }
  return result;
}
