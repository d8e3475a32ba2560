/**
 * Import planning (a dry run): detect a file's format, read it with the shared readers, and say exactly
 * what committing it would write — cameras to add, duplicates, rejects with reasons — or, for GPX, the
 * track to score. Nothing is written here; the store commits `plan.toAdd` as it is, in one transaction.
 * See docs/data-updates.md.
 */
import type { BBox } from '../geo/index.ts';
import { bboxOfPoints, polylineLengthMetres } from '../geo/index.ts';
import { CAMERA_KINDS, type Camera, type CameraKind } from '../cameras/types.ts';
import { isSourceError, SourceError } from '../sources/errors.ts';
import { readCameraCsv } from '../sources/csv.ts';
import { readCameraGeoJson } from '../sources/geojson.ts';
import { MAX_CAMERA_FEATURES } from '../sources/limits.ts';
import { camerasFromOsm } from '../sources/osm-cameras.ts';
import type { OsmData } from '../sources/osm-model.ts';
import { readOsmPbf } from '../sources/osm-pbf.ts';
import { readOsmXml } from '../sources/osm-xml.ts';
import { readOverpassJson } from '../sources/overpass.ts';
import { readSousSurveillance } from '../sources/sous-surveillance.ts';
import { readToulouseMin } from '../sources/toulouse-min.ts';
import type { CameraReadResult } from '../sources/types.ts';
import { detectFormat, type ImportFormat } from './detect.ts';
import { osmTagWarnings, type TagWarning } from './tag-warnings.ts';
import { DUPLICATE_RADIUS_M, IN_FILE_DUPLICATE_RADIUS_M, findDuplicates } from './duplicates.ts';
import { ImportError } from './errors.ts';
import { readGpx, type GpxLine, type GpxWaypoint } from './gpx.ts';

/**
 * Max bytes of any imported file: 32 MiB, checked before anything is decoded. It equals the camera
 * readers' own cap; OSM files (whose readers accept 256 MiB for the pipeline) are held to it too when
 * they come through the import dialog, which runs in the browser's memory. A city's cameras are < 2 MB.
 */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** Confidence of cameras from OSM files a user imports (the same as the bundled OSM data). */
const OSM_IMPORT_CONFIDENCE = 0.9;

export interface ImportInput {
  /** The file name the user chose (shown in messages; its extension only breaks format ties). */
  name: string;
  bytes: Uint8Array;
  /** Skip detection (the user chose the format). */
  format?: ImportFormat;
  /** CSV coordinate columns by header name; default: guessed from the header (`lat`, `longitude`, …). */
  csvColumns?: { lat: string; lon: string };
  /**
   * Identifier of this import; cameras get `source = import:<importId>` and `id = import:<importId>:<sourceId>`.
   * Default: a hash of the bytes, so importing the same file twice gives the same ids (then all duplicates).
   */
  importId?: string;
  /** Duplicate radius against stored cameras, metres; default `DUPLICATE_RADIUS_M` (5 m). */
  duplicateRadiusMetres?: number;
  /** Duplicate radius inside the file, metres; default `IN_FILE_DUPLICATE_RADIUS_M` (1 m). */
  inFileDuplicateRadiusMetres?: number;
}

export interface ImportReject {
  /** The record in the file: `row 12`, `feature-3`, `node/123`, … */
  ref: string;
  reason: string;
}

export interface ImportDuplicate {
  /** The camera from the file that will not be added. */
  camera: Camera;
  /** Id of the camera it duplicates (stored, or kept earlier in the same file). */
  duplicateOf: string;
  in: 'existing' | 'file';
  distanceMetres: number;
}

export interface ImportLimits {
  maxBytes: number;
  maxCameras: number;
  duplicateRadiusMetres: number;
  inFileDuplicateRadiusMetres: number;
}

export interface CameraImportPlan {
  kind: 'cameras';
  name: string;
  format: ImportFormat;
  bytes: number;
  importId: string;
  /** `import:<importId>`: the dataset the cameras belong to. */
  source: string;
  /** Exactly the cameras a commit writes, in file order. */
  toAdd: Camera[];
  duplicates: ImportDuplicate[];
  rejects: ImportReject[];
  /** Counts for the dry-run summary. `read` = toAdd + duplicates (rejects are counted apart). */
  summary: {
    read: number;
    toAdd: number;
    duplicates: number;
    rejects: number;
    /** Cameras to add, by kind. */
    byKind: Record<CameraKind, number>;
    /** Extent of the cameras to add, degrees; absent when there are none. */
    bbox?: BBox;
  };
  limits: ImportLimits;
  /**
   * For OSM files (XML, PBF, Overpass JSON): what else the file holds. Committing the camera plan does not
   * use it; a caller may build a walk graph and building footprints from `data`, as for an area download.
   */
  osm?: { data: OsmData; nodes: number; ways: number; walkableWays: number; buildings: number };
  /** Camera tag values that were unreadable and ignored (OSM files), with the feature and the value. */
  warnings?: TagWarning[];
}

export interface TrackImportPlan {
  kind: 'track';
  name: string;
  format: 'gpx';
  bytes: number;
  /** Polylines to score for exposure (never stored as cameras). */
  lines: GpxLine[];
  waypoints: GpxWaypoint[];
  summary: { lines: number; points: number; lengthMetres: number; waypoints: number; droppedShortSegments: number };
  limits: { maxBytes: number };
}

export type ImportPlan = CameraImportPlan | TrackImportPlan;

/** FNV-1a (32-bit) of the bytes, as 8 hex digits: a stable, cheap import id (not a security hash). */
export function contentId(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const NON_WALKABLE_HIGHWAYS = new Set([
  'motorway',
  'motorway_link',
  'trunk',
  'trunk_link',
  'construction',
  'proposed',
  'raceway',
  'bus_guideway',
]);

/**
 * Reads a file and plans its import against the cameras already stored. Throws `ImportError` only:
 * `too-large` / `empty` / `unknown-format` before reading, or the reader's SourceError code (kept as
 * `cause`) when the file as a whole is unreadable. Single bad records are `rejects`, not errors.
 */
export function planImport(input: ImportInput, existing: readonly Camera[]): ImportPlan {
  const { name, bytes } = input;
  if (!(bytes instanceof Uint8Array)) throw new ImportError('malformed', 'not a byte array', name);
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new ImportError(
      'too-large',
      `${(bytes.byteLength / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_IMPORT_BYTES / 1024 / 1024} MiB import limit`,
      name,
    );
  }
  if (isBlank(bytes)) throw new ImportError('empty', 'the file is empty', name);
  const format = input.format ?? detectFormat(name, bytes);
  if (!format) {
    throw new ImportError(
      'unknown-format',
      'not a recognised format (GeoJSON, CSV, OSM XML/PBF, Overpass JSON, sous-surveillance export, GPX)',
      name,
    );
  }
  try {
    if (format === 'gpx') return planTrack(name, bytes);
    return planCameras(input, format, existing);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    if (isSourceError(e)) throw new ImportError(e.code, e.message, name, e);
    // A reader broke its contract (threw something other than SourceError): still a typed refusal for the
    // user, with the original kept for the maintainer.
    throw new ImportError(
      'malformed',
      `unreadable file (${e instanceof Error ? e.message.slice(0, 200) : String(e)})`,
      name,
      new SourceError('malformed', String(e)),
    );
  }
}

function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}

function planTrack(name: string, bytes: Uint8Array): TrackImportPlan {
  const gpx = readGpx(bytes);
  if (gpx.lines.length === 0 && gpx.waypoints.length === 0) {
    throw new SourceError('invalid-value', 'GPX: no track, route or waypoint with coordinates');
  }
  let points = 0;
  let length = 0;
  for (const line of gpx.lines) {
    points += line.points.length;
    length += polylineLengthMetres(line.points);
  }
  return {
    kind: 'track',
    name,
    format: 'gpx',
    bytes: bytes.byteLength,
    lines: gpx.lines,
    waypoints: gpx.waypoints,
    summary: {
      lines: gpx.lines.length,
      points,
      lengthMetres: Math.round(length * 10) / 10,
      waypoints: gpx.waypoints.length,
      droppedShortSegments: gpx.droppedShortSegments,
    },
    limits: { maxBytes: MAX_IMPORT_BYTES },
  };
}

function readCameras(input: ImportInput, format: Exclude<ImportFormat, 'gpx'>, source: string): { read: CameraReadResult; osm?: OsmData } {
  const { bytes } = input;
  switch (format) {
    case 'geojson':
      return { read: readCameraGeoJson(bytes, { source }) };
    case 'csv':
      return {
        read: readCameraCsv(bytes, { source, latColumn: input.csvColumns?.lat, lonColumn: input.csvColumns?.lon }),
      };
    case 'sous-surveillance':
      return { read: readSousSurveillance(bytes) };
    case 'toulouse-min':
      // An import is not held to the bundled file's Toulouse bbox: the whole world is allowed.
      return { read: readToulouseMin(bytes, { source, bbox: { west: -180, south: -90, east: 180, north: 90 } }) };
    case 'osm-xml':
    case 'osm-pbf':
    case 'overpass-json': {
      const osm = format === 'osm-xml' ? readOsmXml(bytes) : format === 'osm-pbf' ? readOsmPbf(bytes) : readOverpassJson(bytes);
      return { read: camerasFromOsm(osm, { source, confidence: OSM_IMPORT_CONFIDENCE }), osm };
    }
  }
}

/** True when a reader's camera is safe to store (defence in depth: readers validate too). */
function invalidCameraReason(c: Camera): string | undefined {
  if (!(Number.isFinite(c.lon) && Number.isFinite(c.lat) && Math.abs(c.lon) <= 180 && Math.abs(c.lat) <= 90)) {
    return 'invalid coordinates';
  }
  if (!(CAMERA_KINDS as readonly string[]).includes(c.kind)) return `unknown kind ${String(c.kind).slice(0, 20)}`;
  if (!Array.isArray(c.directions) || !c.directions.every((d) => Number.isFinite(d) && d >= 0 && d < 360)) {
    return 'invalid direction';
  }
  if (c.fov !== undefined && !(Number.isFinite(c.fov) && c.fov > 0 && c.fov <= 360)) return 'invalid field of view';
  if (c.height !== undefined && !(Number.isFinite(c.height) && c.height >= 0)) return 'invalid height';
  return undefined;
}

function planCameras(input: ImportInput, format: Exclude<ImportFormat, 'gpx'>, existing: readonly Camera[]): CameraImportPlan {
  const importId = input.importId ?? contentId(input.bytes);
  const source = `import:${importId}`;
  const radius = input.duplicateRadiusMetres ?? DUPLICATE_RADIUS_M;
  const { read, osm } = readCameras(input, format, source);
  // An Angle Mort export lists stored cameras that were already distinct: nothing in it is merged.
  const fileRadius = input.inFileDuplicateRadiusMetres ?? (read.ownExport ? 0 : IN_FILE_DUPLICATE_RADIUS_M);
  const mergeInFile = !read.ownExport || input.inFileDuplicateRadiusMetres !== undefined;
  if (read.cameras.length > MAX_CAMERA_FEATURES) {
    throw new SourceError('too-large', `${read.cameras.length} cameras, over the ${MAX_CAMERA_FEATURES} limit`);
  }
  const rejects: ImportReject[] = read.rejects.map((r) => ({ ref: r.sourceId, reason: r.reason }));
  const valid: Camera[] = [];
  for (const c of read.cameras) {
    const why = invalidCameraReason(c);
    if (why) {
      rejects.push({ ref: String(c.sourceId), reason: why });
      continue;
    }
    // Every imported camera belongs to this import's dataset, whatever reader produced it.
    valid.push({ ...c, source, id: `${source}:${c.sourceId}` });
  }
  const matches = findDuplicates(valid, existing, { existingMetres: radius, fileMetres: mergeInFile ? fileRadius : -1 });
  const duplicateAt = new Set(matches.map((m) => m.index));
  const toAdd = valid.filter((_, i) => !duplicateAt.has(i));
  const byKind = Object.fromEntries(CAMERA_KINDS.map((k) => [k, 0])) as Record<CameraKind, number>;
  for (const c of toAdd) byKind[c.kind]++;
  const plan: CameraImportPlan = {
    kind: 'cameras',
    name: input.name,
    format,
    bytes: input.bytes.byteLength,
    importId,
    source,
    toAdd,
    duplicates: matches.map((m) => ({
      camera: valid[m.index],
      duplicateOf: m.of.id,
      in: m.in,
      distanceMetres: Math.round(m.distanceMetres * 100) / 100,
    })),
    rejects,
    summary: { read: valid.length, toAdd: toAdd.length, duplicates: matches.length, rejects: rejects.length, byKind },
    limits: {
      maxBytes: MAX_IMPORT_BYTES,
      maxCameras: MAX_CAMERA_FEATURES,
      duplicateRadiusMetres: radius,
      inFileDuplicateRadiusMetres: fileRadius,
    },
  };
  if (toAdd.length > 0) plan.summary.bbox = bboxOfPoints(toAdd);
  if (osm) {
    let walkableWays = 0;
    let buildings = 0;
    for (const w of osm.ways) {
      const highway = w.tags?.highway;
      if (highway !== undefined && !NON_WALKABLE_HIGHWAYS.has(highway)) walkableWays++;
      if (w.tags?.building !== undefined) buildings++;
    }
    plan.osm = { data: osm, nodes: osm.nodes.size, ways: osm.ways.length, walkableWays, buildings };
    const warnings = osmTagWarnings(osm);
    if (warnings.length > 0) plan.warnings = warnings;
  }
  return plan;
}
