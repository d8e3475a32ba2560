/**
 * Cameras from OpenStreetMap data (any of the three OSM readers): tagged nodes, and ways/areas (a camera
 * mapped as a small outline, or a speed-camera way) placed at their centroid.
 */
import { isLonLat } from './types.ts';
import { cameraFromOsmTags, isCameraTagged } from '../cameras/tags.ts';
import type { Camera } from '../cameras/types.ts';
import type { OsmData, OsmWay } from './osm-model.ts';
import { osmDataTime, wayCoordinates } from './osm-model.ts';
import type { CameraReadResult, SourceReject } from './types.ts';

export interface OsmCameraOptions {
  /** Camera.source, e.g. `osm` or `overpass:<area>`. */
  source: string;
  /** ISO date of the data; default: the date the data describes (header, else newest element; `osmDataTime`). */
  sourceDate?: string;
  confidence?: number;
}

export function camerasFromOsm(osm: OsmData, options: OsmCameraOptions): CameraReadResult {
  const sourceDate = options.sourceDate ?? osmDataTime(osm)?.slice(0, 10);
  const cameras: Camera[] = [];
  const rejects: SourceReject[] = [];
  const origin = (sourceId: string, lon: number, lat: number) => ({
    source: options.source,
    sourceId,
    lon,
    lat,
    sourceDate,
    confidence: options.confidence,
  });

  for (const node of osm.nodes.values()) {
    if (!node.tags) continue;
    const camera = cameraFromOsmTags(node.tags, origin(`node/${node.id}`, node.lon, node.lat));
    if (camera) cameras.push(camera);
  }
  for (const way of osm.ways) {
    if (!way.tags || !isCameraTagged(way.tags)) continue;
    const centre = wayCentroid(osm, way);
    if (!centre) {
      rejects.push({ sourceId: `way/${way.id}`, reason: 'camera way without resolvable nodes' });
      continue;
    }
    if (!isLonLat(centre.lon, centre.lat)) {
      rejects.push({ sourceId: `way/${way.id}`, reason: `camera way centre out of range (${centre.lon}, ${centre.lat})` });
      continue;
    }
    const camera = cameraFromOsmTags(way.tags, origin(`way/${way.id}`, centre.lon, centre.lat));
    if (camera) cameras.push(camera);
  }
  return { cameras, rejects };
}

/**
 * Centre of a way in degrees: Overpass's `center` when given, else the mean of its distinct vertices
 * (a closed ring's repeated last node counted once). Camera outlines are a few metres wide, where the
 * vertex mean and the area centroid coincide for our purpose.
 */
export function wayCentroid(osm: OsmData, way: OsmWay): { lon: number; lat: number } | undefined {
  if (way.center) return way.center;
  const coords = wayCoordinates(osm, way);
  const closed = coords.length > 2 && coords[0].lon === coords[coords.length - 1].lon && coords[0].lat === coords[coords.length - 1].lat;
  const pts = closed ? coords.slice(0, -1) : coords;
  if (pts.length === 0) return undefined;
  let lon = 0;
  let lat = 0;
  for (const p of pts) {
    lon += p.lon;
    lat += p.lat;
  }
  // Rounded to OSM's precision (1e-7°, about 1 cm) to drop floating-point noise from the sum.
  return { lon: Math.round((lon / pts.length) * 1e7) / 1e7, lat: Math.round((lat / pts.length) * 1e7) / 1e7 };
}
