/**
 * The IndexedDB schema of Angle Mort and its migrations (docs/store.md).
 *
 * Every schema change is a new entry at the end of `MIGRATIONS`; an entry is never edited once released,
 * because browsers in the wild hold databases at every past version and upgrade them step by step.
 */
import type { DBSchema, IDBPDatabase, IDBPTransaction } from 'idb';
import type { BBox } from '../geo/index.ts';
import type { Camera, CameraKind } from '../cameras/types.ts';
import type { CameraBundle } from '../sources/camera-bundle.ts';

export const DB_NAME = 'angle-mort';

/** A camera of a dataset (bundled or imported); the key is `[datasetId, id]`. */
export interface StoredCamera extends Camera {
  datasetId: string;
}

/** One successful write of a dataset, kept in its record for diagnostics. */
export interface SeedLogEntry {
  version: string;
  /** ISO date-time. */
  at: string;
  cameraCount: number;
}

/** Most seed log entries kept per dataset (older ones are dropped). */
export const MAX_SEED_LOG = 20;

export interface DatasetRecord {
  id: string;
  version: string;
  label: string;
  /** Where the data came from: `bundled` ships with the extension; imports and updates come later. */
  origin: 'bundled' | 'import' | 'overpass';
  generatedAt: string;
  attribution: string;
  bbox: BBox;
  sources: CameraBundle['sources'];
  cameraCount: number;
  countsByKind: Record<CameraKind, number>;
  /** When this version was written (ISO date-time). */
  installedAt: string;
  /** How many times this dataset has been written in this browser (1 after install, +1 per new version). */
  seedCount: number;
  seedLog: SeedLogEntry[];
  hasGraph: boolean;
  /**
   * Where the walls its walk graph was scored with come from (lib/walls): OSM building footprints, inferred
   * from the streets, or none. Absent in records written before walls existed: read it as 'none'.
   */
  wallSource?: 'mapped' | 'inferred' | 'none';
  /**
   * Why the walls shipped with this version were not stored (the bundle's walls.bin could not be decoded,
   * so `wallSource` is 'none'): the decoder's reason, kept so every wake-up can still say it. Absent = fine.
   */
  wallsUnreadable?: string;
  /**
   * True when the data carries no date (an import without a header or element timestamp, a CSV): generatedAt
   * is then the import day, not a date the data describes. Absent = dated.
   */
  undated?: true;
}

/** The encoded walk graph of a dataset (lib/network's binary format), stored as is. */
export interface GraphRecord {
  datasetId: string;
  /** The dataset version the graph was built with. */
  version: string;
  bytes: ArrayBuffer;
  /** Where `walls` come from; absent = 'none' (records written before walls existed). */
  wallSource?: 'mapped' | 'inferred' | 'none';
  /**
   * The walls the graph's exposure was scored with, in lib/walls' binary format (`encodeWalls`), so the
   * background re-scores (user cameras) and draws coverage with the same walls. Absent with no walls.
   */
  walls?: ArrayBuffer;
}

export type PlaceKind = 'saved' | 'area';

/** A saved place (a point the user named) or a downloaded area (a bbox fetched from Overpass). Schema v2. */
export interface Place {
  id: string;
  kind: PlaceKind;
  label: string;
  lon: number;
  lat: number;
  /** For areas: the rounded bbox that was downloaded. */
  bbox?: BBox;
  /** ISO date-time. */
  createdAt: string;
  /** For areas: the dataset the download was stored as (`overpass:<rounded bbox>`); deleted with it. */
  datasetId?: string;
}

/**
 * A persisted α = 0 landmark table of one dataset's walk graph (lib/routing/landmark-file.ts), so a woken
 * service worker does not run the landmark Dijkstras again. Schema v3. A cache: validated on load against
 * the graph's checksum, rebuilt and rewritten when missing, stale or corrupt; never user data.
 */
export interface LandmarkRecord {
  datasetId: string;
  /** The walk graph checksum it was built for (also inside `bytes`). */
  graphChecksum: number;
  bytes: ArrayBuffer;
  /** The engine's edge index for that graph (lib/routing/landmark-file.ts `encodeEdgeIndexFile`); absent in older records. */
  edgeIndex?: ArrayBuffer;
  /** The wall index of its wall layer (lib/walls/index-file.ts); absent in older records and without walls. */
  wallIndex?: ArrayBuffer;
}

/** The dataset shipped with the extension (`bundle/cameras.json`); it can be re-seeded, never deleted. */
export const BUNDLED_DATASET_ID = 'toulouse';

/** Keys of the `settings` key-value store. */
export const SETTINGS_KEY = 'settings';
/** Last seeding failure (a `SeedFailure`), cleared by the next successful load. */
export const SEED_FAILURE_KEY = 'seedFailure';

/**
 * The planner's cache of each stored walk graph's area (its header bbox) by `datasetId\u0000version`, so a
 * woken worker lists the graphs without reading megabytes of graph bytes (issue #14). Only a cache: an entry
 * that is missing or does not validate is read from the graph's header again.
 */
export const GRAPH_BOXES_KEY = 'plannerGraphBoxes';

/** The schema at the current version. */
export interface AngleMortSchema extends DBSchema {
  datasets: { key: string; value: DatasetRecord };
  cameras: { key: [string, string]; value: StoredCamera; indexes: { byDatasetId: string } };
  userCameras: { key: string; value: Camera };
  settings: { key: string; value: unknown };
  graphs: { key: string; value: GraphRecord };
  places: { key: string; value: Place; indexes: { byKind: PlaceKind } };
  landmarks: { key: string; value: LandmarkRecord };
}

export type AngleMortDB = IDBPDatabase<AngleMortSchema>;

/** Migrations see the database as it was at their version, so they use the untyped idb handles. */
export interface Migration {
  version: number;
  description: string;
  migrate(db: IDBPDatabase<unknown>, tx: IDBPTransaction<unknown, string[], 'versionchange'>): void | Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'datasets, cameras (by dataset), the user’s cameras, settings, walk graphs',
    migrate(db) {
      db.createObjectStore('datasets', { keyPath: 'id' });
      // Keyed by [datasetId, id], not id alone: two datasets may hold the same OSM node (the bundle and a
      // later Overpass update), and replacing one dataset must never overwrite a camera of another.
      const cameras = db.createObjectStore('cameras', { keyPath: ['datasetId', 'id'] });
      cameras.createIndex('byDatasetId', 'datasetId');
      db.createObjectStore('userCameras', { keyPath: 'id' });
      db.createObjectStore('settings');
      db.createObjectStore('graphs', { keyPath: 'datasetId' });
    },
  },
  {
    version: 2,
    description: 'places: saved places and downloaded areas, by kind',
    migrate(db) {
      const places = db.createObjectStore('places', { keyPath: 'id' });
      places.createIndex('byKind', 'kind');
    },
  },
  {
    version: 3,
    description: 'landmarks: each walk graph’s α = 0 landmark table, so a woken service worker reuses it',
    migrate(db) {
      db.createObjectStore('landmarks', { keyPath: 'datasetId' });
    },
  },
];

export const DB_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
