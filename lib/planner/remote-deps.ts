/**
 * The planner's data across a JSON message channel (D96). The overlay's engine frame is an extension page
 * embedded in a map site: where third-party storage is blocked (Chromium's default on these machines, and
 * any browser set to block third-party cookies) it cannot open the extension's IndexedDB ("The user denied
 * permission to access the database"). So its engine worker reads what a PlannerService reads — the graph list,
 * the cameras, a graph's bytes, its persisted tables — from the background, which answers from its own store
 * (`answerDepsCall`), and never writes: persisting tables stays the background's.
 *
 * Extension messaging carries JSON, so bytes travel as base64 and the per-dataset camera lists as indices into
 * the one camera list (the same objects, as `loadCamerasByDataset` promises). Everything received is checked:
 * cameras by the store's own `parseCamera`, graphs and tables by their decoders' checksums when the engine
 * builds, and any other shape is a `RemoteDepsError`.
 */
import { base64ToBytes, bytesToBase64 } from '../base64.ts';
import type { Camera } from '../cameras/types.ts';
import { parseCamera } from '../sources/camera-record.ts';
import { wallSourceOf } from '../walls/index.ts';
import type { PlannerServiceDeps, StoredGraphInfo } from './engines.ts';
import type { PersistedEngineData } from './persisted.ts';

export type DepsCall =
  | { call: 'listGraphs' }
  | { call: 'loadCamerasByDataset' }
  | { call: 'loadGraph'; datasetId: string }
  | { call: 'loadLandmarks'; datasetId: string };

export class RemoteDepsError extends Error {}

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);
const isId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 500;

/** The call, or null for anything else. */
export function parseDepsCall(raw: unknown): DepsCall | null {
  if (!isObject(raw)) return null;
  if (raw.call === 'listGraphs' || raw.call === 'loadCamerasByDataset') return { call: raw.call };
  if ((raw.call === 'loadGraph' || raw.call === 'loadLandmarks') && isId(raw.datasetId))
    return { call: raw.call, datasetId: raw.datasetId };
  return null;
}

const b64 = (buffer: ArrayBuffer) => bytesToBase64(new Uint8Array(buffer));

/** The background's side: one call answered from its own deps, as JSON-safe values. */
export async function answerDepsCall(deps: PlannerServiceDeps, call: DepsCall): Promise<unknown> {
  switch (call.call) {
    case 'listGraphs':
      return deps.listGraphs();
    case 'loadCamerasByDataset': {
      const { all, byDataset } = deps.loadCamerasByDataset
        ? await deps.loadCamerasByDataset()
        : { all: await deps.loadCameras(), byDataset: undefined };
      const index = new Map(all.map((camera, i) => [camera, i]));
      // A dataset list's camera missing from `all` (a deps without shared objects) is sent by value.
      const lists = byDataset ? [...byDataset].map(([id, cameras]) => [id, cameras.map((c) => index.get(c) ?? c)]) : null;
      return { all, byDataset: lists };
    }
    case 'loadGraph': {
      const g = await deps.loadGraph(call.datasetId);
      if (!g) return null;
      return { version: g.version, bytes: b64(g.bytes), ...(g.walls ? { walls: b64(g.walls), wallSource: g.wallSource } : {}) };
    }
    case 'loadLandmarks': {
      const p = deps.loadLandmarks ? await deps.loadLandmarks(call.datasetId) : undefined;
      if (!p) return null;
      return {
        table: b64(p.table),
        ...(p.edgeIndex ? { edgeIndex: b64(p.edgeIndex) } : {}),
        ...(p.wallIndex ? { wallIndex: b64(p.wallIndex) } : {}),
      };
    }
  }
}

function buffer(x: unknown, what: string): ArrayBuffer {
  if (typeof x !== 'string') throw new RemoteDepsError(`${what}: not base64 text`);
  try {
    const bytes = base64ToBytes(x);
    return bytes.buffer.byteLength === bytes.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer);
  } catch (e) {
    throw new RemoteDepsError(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function graphInfo(x: unknown, i: number): StoredGraphInfo {
  const b = isObject(x) ? x.bbox : undefined;
  const box = isObject(b) ? [b.west, b.south, b.east, b.north] : [];
  if (!isObject(x) || !isId(x.datasetId) || typeof x.version !== 'string' || typeof x.label !== 'string' || typeof x.bundled !== 'boolean')
    throw new RemoteDepsError(`graph ${i}: not a stored graph`);
  if (box.length !== 4 || !box.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new RemoteDepsError(`graph ${i}: no valid bbox`);
  const [west, south, east, north] = box as number[];
  return { datasetId: x.datasetId, version: x.version, label: x.label, bundled: x.bundled, bbox: { west, south, east, north } };
}

function cameraSets(x: unknown): { all: Camera[]; byDataset: Map<string, Camera[]> } {
  if (!isObject(x) || !Array.isArray(x.all)) throw new RemoteDepsError('cameras: not a camera list');
  const all = x.all.map((c, i) => parseCamera(c, `camera ${i}`));
  const byDataset = new Map<string, Camera[]>();
  if (Array.isArray(x.byDataset)) {
    for (const entry of x.byDataset) {
      if (!Array.isArray(entry) || entry.length !== 2 || !isId(entry[0]) || !Array.isArray(entry[1]))
        throw new RemoteDepsError('cameras: not a dataset list');
      byDataset.set(
        entry[0],
        (entry[1] as unknown[]).map((c, i) => {
          if (typeof c !== 'number') return parseCamera(c, `${entry[0]} camera ${i}`);
          const camera = Number.isInteger(c) ? all[c] : undefined;
          if (!camera) throw new RemoteDepsError(`cameras: ${entry[0]} names camera ${c}, which is not in the list`);
          return camera;
        }),
      );
    }
  }
  return { all, byDataset };
}

/**
 * The frame's side: PlannerServiceDeps whose reads are `ask`ed of the background. Read-only: no
 * `saveLandmarks` (the background persists its own). The camera sets are read once per catalogue reload and
 * shared by `loadCameras` and `loadDatasetCameras`.
 */
export function remotePlannerDeps(ask: (call: DepsCall) => Promise<unknown>): PlannerServiceDeps {
  let sets: Promise<{ all: Camera[]; byDataset: Map<string, Camera[]> }> | null = null;
  const loadSets = () => {
    const p = ask({ call: 'loadCamerasByDataset' }).then(cameraSets);
    sets = p;
    p.catch(() => sets === p && (sets = null));
    return p;
  };
  return {
    async listGraphs() {
      const got = await ask({ call: 'listGraphs' });
      if (!Array.isArray(got)) throw new RemoteDepsError('graphs: not a list');
      return got.map(graphInfo);
    },
    loadCamerasByDataset: loadSets,
    loadCameras: async () => (await loadSets()).all,
    loadDatasetCameras: async (datasetId) => (await (sets ?? loadSets())).byDataset.get(datasetId) ?? [],
    async loadGraph(datasetId) {
      const got = await ask({ call: 'loadGraph', datasetId });
      if (got === null) return undefined;
      if (!isObject(got) || typeof got.version !== 'string') throw new RemoteDepsError('graph: not a stored graph');
      const walls = got.walls === undefined ? undefined : buffer(got.walls, 'walls');
      return {
        version: got.version,
        bytes: buffer(got.bytes, 'graph'),
        ...(walls ? { walls, wallSource: wallSourceOf(got.wallSource) } : {}),
      };
    },
    async loadLandmarks(datasetId): Promise<PersistedEngineData | undefined> {
      const got = await ask({ call: 'loadLandmarks', datasetId });
      if (got === null) return undefined;
      if (!isObject(got)) throw new RemoteDepsError('landmarks: not a record');
      return {
        table: buffer(got.table, 'landmark table'),
        ...(got.edgeIndex !== undefined ? { edgeIndex: buffer(got.edgeIndex, 'edge index') } : {}),
        ...(got.wallIndex !== undefined ? { wallIndex: buffer(got.wallIndex, 'wall index') } : {}),
      };
    },
  };
}
