/**
 * PlannerService's data, read from the extension's IndexedDB (lib/store). The background passes its
 * `indexedDB`; tests pass fake-indexeddb. The connection opens on first use, after the store service has
 * seeded (callers await it first), and is shared by every later read.
 *
 * Every dataset with a stored walk graph is offered to the planner (the bundled Toulouse one, downloaded
 * `overpass:<bbox>` areas, `import:<id>` OSM files). A graph's area is read from its file header (the
 * node and shape extent, 32 bytes at offset 48), once per dataset version: reading the record still
 * structured-clones the whole ArrayBuffer, but nothing is decoded and the bytes are dropped at once.
 */
import type { BBox } from '../geo/index.ts';
import { datasetCameras, allCameras, USER_DATASET_ID } from './datasets.ts';
import type { Camera } from '../cameras/types.ts';
import { openAngleMortDB } from './db.ts';
import { GRAPH_BOXES_KEY, type AngleMortDB } from './schema.ts';
import type { PlannerServiceDeps, StoredGraphInfo } from '../planner/engines.ts';
import { walkGraphChecksum } from '../routing/landmark-file.ts';

const HEADER_BYTES = 96;
const BBOX_OFFSET = 48;

/**
 * The bbox (degrees) written in a walk graph file's header (lib/network/format.ts), without decoding the
 * graph; undefined when the bytes are not a walk graph or the box is not a valid one.
 */
export function graphHeaderBBox(bytes: ArrayBuffer | Uint8Array): BBox | undefined {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (view.byteLength < HEADER_BYTES) return undefined;
  if (String.fromCharCode(view[0], view[1], view[2], view[3]) !== 'AMWG') return undefined;
  const head = new DataView(view.buffer, view.byteOffset, HEADER_BYTES);
  const [west, south, east, north] = [0, 1, 2, 3].map((i) => head.getFloat64(BBOX_OFFSET + 8 * i, true));
  return validBBox({ west, south, east, north });
}

/** The box when it is a valid WGS84 box (finite, in range, west ≤ east, south ≤ north), else undefined. */
function validBBox(box: unknown): BBox | undefined {
  if (!box || typeof box !== 'object') return undefined;
  const { west, south, east, north } = box as Record<string, unknown>;
  const ok =
    typeof west === 'number' &&
    typeof south === 'number' &&
    typeof east === 'number' &&
    typeof north === 'number' &&
    [west, south, east, north].every(Number.isFinite) &&
    west >= -180 &&
    east <= 180 &&
    south >= -90 &&
    north <= 90 &&
    west <= east &&
    south <= north;
  return ok ? { west, south, east, north } : undefined;
}

/** The persisted graph-box cache (GRAPH_BOXES_KEY), keeping only entries that validate; null = unreadable header. */
function parseGraphBoxes(value: unknown): Map<string, BBox | null> {
  const out = new Map<string, BBox | null>();
  if (!value || typeof value !== 'object') return out;
  for (const [key, box] of Object.entries(value as Record<string, unknown>)) {
    const bbox = box === null ? null : validBBox(box);
    if (bbox !== undefined) out.set(key, bbox);
  }
  return out;
}

/**
 * Every camera (all datasets', then the user's, as `allCameras`) and each dataset's, from one read of the
 * stores: the planner's camera list and its engines' baselines share the objects.
 */
async function camerasByDataset(db: AngleMortDB): Promise<{ all: Camera[]; byDataset: Map<string, Camera[]> }> {
  const [stored, user] = await Promise.all([db.getAll('cameras'), db.getAll('userCameras')]);
  const all: Camera[] = [];
  const byDataset = new Map<string, Camera[]>();
  for (const { datasetId, ...camera } of stored) {
    all.push(camera);
    let list = byDataset.get(datasetId);
    if (!list) byDataset.set(datasetId, (list = []));
    list.push(camera);
  }
  for (const camera of user) all.push(camera);
  byDataset.set(USER_DATASET_ID, user); // as datasetCameras answers for it
  return { all, byDataset };
}

export function plannerDepsFromStore(factory: IDBFactory, opts: { dbName?: string; now?: () => Date } = {}): PlannerServiceDeps {
  let db: Promise<AngleMortDB> | null = null;
  const open = () =>
    (db ??= openAngleMortDB(factory, opts.dbName ? { name: opts.dbName } : {}).catch((e) => {
      db = null; // try again next time
      throw e;
    }));
  /** Header bboxes by `datasetId\0version`: a graph's bytes are read for its header once per version. */
  const headers = new Map<string, BBox | null>();
  return {
    async listGraphs() {
      const handle = await open();
      const [all, cached] = await Promise.all([
        handle.getAll('datasets'),
        headers.size > 0 ? undefined : handle.get('settings', GRAPH_BOXES_KEY).catch(() => undefined),
      ]);
      // A fresh worker starts from the persisted boxes: no graph is read for a header already known.
      for (const [key, bbox] of parseGraphBoxes(cached)) if (!headers.has(key)) headers.set(key, bbox);
      const records = all.filter((r) => r.hasGraph);
      const out: StoredGraphInfo[] = [];
      const live = new Set<string>();
      let learned = false;
      for (const r of records) {
        const key = `${r.id}\u0000${r.version}`;
        let bbox = headers.get(key);
        if (bbox === undefined) {
          const graph = await handle.get('graphs', r.id);
          if (!graph) continue; // the record says it has one but none is stored: nothing to route on
          // An unreadable header keeps the dataset's own bbox: building the engine then reports `bad-graph`.
          bbox = graphHeaderBBox(graph.bytes) ?? null;
          headers.set(key, bbox);
          learned = true;
        }
        live.add(key);
        out.push({ datasetId: r.id, version: r.version, label: r.label, bundled: r.origin === 'bundled', bbox: bbox ?? r.bbox });
      }
      let forgot = false;
      for (const key of headers.keys()) if (!live.has(key)) forgot = headers.delete(key) || forgot;
      // Only a cache: a failed write means the next wake-up reads the headers again.
      if (learned || forgot) await handle.put('settings', Object.fromEntries(headers), GRAPH_BOXES_KEY).catch(() => undefined);
      return out;
    },
    async loadGraph(datasetId) {
      const graph = await (await open()).get('graphs', datasetId);
      return graph
        ? { version: graph.version, bytes: graph.bytes, ...(graph.walls ? { walls: graph.walls, wallSource: graph.wallSource } : {}) }
        : undefined;
    },
    async loadLandmarks(datasetId) {
      const record = await (await open()).get('landmarks', datasetId);
      if (!record) return undefined;
      const { bytes: table, edgeIndex, wallIndex } = record;
      return { table, ...(edgeIndex ? { edgeIndex } : {}), ...(wallIndex ? { wallIndex } : {}) };
    },
    async saveLandmarks(datasetId, graphChecksum, { table: bytes, edgeIndex, wallIndex }) {
      // Only beside the graph it was built from: a graph deleted or replaced meanwhile gets no stale table.
      const tx = (await open()).transaction(['graphs', 'landmarks'], 'readwrite');
      const graph = await tx.objectStore('graphs').get(datasetId);
      if (graph && walkGraphChecksum(graph.bytes) === graphChecksum)
        await tx
          .objectStore('landmarks')
          .put({ datasetId, graphChecksum, bytes, ...(edgeIndex ? { edgeIndex } : {}), ...(wallIndex ? { wallIndex } : {}) });
      await tx.done;
    },
    loadCameras: async () => allCameras(await open()),
    loadDatasetCameras: async (datasetId) => datasetCameras(await open(), datasetId),
    loadCamerasByDataset: async () => camerasByDataset(await open()),
    now: opts.now,
  };
}
