/**
 * "Get this district from OpenStreetMap": the one network action the in-page dock, the planner page and the
 * popup offer, run by the background over a runtime port (so the content script never fetches and the
 * three places share one code path). Pure: the background passes `fetch`, the database, the graph builder
 * and the settings; Node tests drive the same functions.
 *
 * What is sent: only the map view rounded outward to the 0.05° grid (`planDistrict`), re-rounded here from
 * whatever the page sent, to the endpoint from the settings. Nothing partial is written: the download,
 * the graph build and the write are `downloadAreaDataset`, which commits in one transaction at the end.
 * See docs/data-updates.md, "Get this district".
 */
import { isValidBBox, type BBox } from '../geo/index.ts';
import type { OverpassProgress } from '../sources/overpass-client.ts';
import { ALL_LAYERS, DEFAULT_GRID_DEGREES, isOverpassError } from '../sources/overpass-query.ts';
import { isStoreError } from './errors.ts';
import { downloadAreaDataset, previewAreaDownload, type GraphBuilder } from './area-download.ts';
import type { AngleMortDB } from './schema.ts';

/** The runtime port's name. */
export const DISTRICT_PORT = 'angle-mort/district';

/** What the user is asked to confirm: exactly the box that will be sent, and where. */
export interface DistrictPlan {
  ok: true;
  /** The rounded box: the only geometry the request contains. */
  rounded: BBox;
  /** Number of 0.05° grid cells in the rounded box. */
  cells: number;
  datasetId: string;
}

export type DistrictPlanResult = DistrictPlan | { ok: false; code: string; message: string };

/** Rounds a view to the grid and checks the area cap (cameras + walkable ways + buildings). */
export function planDistrict(view: BBox): DistrictPlanResult {
  try {
    const { rounded, datasetId } = previewAreaDownload(view, ALL_LAYERS);
    const g = DEFAULT_GRID_DEGREES;
    const cells = Math.round((rounded.east - rounded.west) / g) * Math.round((rounded.north - rounded.south) / g);
    return { ok: true, rounded, cells, datasetId };
  } catch (e) {
    if (isOverpassError(e)) return { ok: false, code: e.code, message: e.message };
    return { ok: false, code: 'internal', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Page → background. `start` carries the view (re-rounded by the background); `cancel` aborts. */
export type DistrictClientMessage = { type: 'start'; bbox: BBox } | { type: 'cancel' };

/** Background → page. */
export type DistrictServerMessage =
  | {
      type: 'progress';
      phase: 'waiting' | 'receiving' | 'retrying' | 'graph' | 'storing';
      attempt?: number;
      bytes?: number;
      total?: number;
      seconds?: number;
      reason?: string;
    }
  | { type: 'done'; datasetId: string; cameras: number; bytes: number; graphBytes: number; rounded: BBox }
  | { type: 'failed'; code: string; message: string; retryAfterSeconds?: number };

/** Validates a page's message (it crosses from a content script next to a host page). */
export function parseDistrictClientMessage(raw: unknown): DistrictClientMessage | null {
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  if (o.type === 'cancel') return { type: 'cancel' };
  if (o.type !== 'start' || !o.bbox || typeof o.bbox !== 'object') return null;
  const b = o.bbox as Record<string, unknown>;
  const bbox = { west: b.west, south: b.south, east: b.east, north: b.north };
  if (!Object.values(bbox).every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  return isValidBBox(bbox as BBox) ? { type: 'start', bbox: bbox as BBox } : null;
}

export interface DistrictRunDeps {
  db: AngleMortDB;
  fetch: typeof fetch;
  endpoint: string;
  timeoutSeconds: number;
  buildGraph: GraphBuilder;
  signal: AbortSignal;
  post(message: DistrictServerMessage): void;
  now?: Date;
}

/**
 * Runs one district download and reports every step through `post`; never throws. The store is written
 * once, at the end, or not at all.
 */
export async function runDistrictDownload(view: BBox, deps: DistrictRunDeps): Promise<DistrictServerMessage> {
  const plan = planDistrict(view);
  let last: DistrictServerMessage;
  if (!plan.ok) {
    last = { type: 'failed', code: plan.code, message: plan.message };
    deps.post(last);
    return last;
  }
  const onProgress = (p: OverpassProgress) => {
    if (p.phase === 'retrying')
      deps.post({
        type: 'progress',
        phase: 'retrying',
        attempt: p.attempt,
        seconds: Math.max(1, Math.round((p.retryInMs ?? 0) / 1000)),
        ...(p.reason ? { reason: p.reason } : {}),
      });
    else if (p.phase === 'receiving')
      deps.post({
        type: 'progress',
        phase: 'receiving',
        attempt: p.attempt,
        bytes: p.bytesReceived,
        ...(p.totalBytes ? { total: p.totalBytes } : {}),
      });
    else deps.post({ type: 'progress', phase: 'waiting', attempt: p.attempt });
  };
  try {
    const r = await downloadAreaDataset(deps.db, plan.rounded, {
      fetch: deps.fetch,
      endpoint: deps.endpoint,
      timeoutMs: deps.timeoutSeconds * 1000,
      signal: deps.signal,
      layers: ALL_LAYERS,
      onProgress,
      onStage: (stage) => deps.post({ type: 'progress', phase: stage }),
      buildGraph: async (osm, cameras) => {
        if (deps.signal.aborted) throw Object.assign(new Error('Cancelled'), { district: 'aborted' });
        const bytes = await deps.buildGraph(osm, cameras);
        if (deps.signal.aborted) throw Object.assign(new Error('Cancelled'), { district: 'aborted' });
        return bytes;
      },
      ...(deps.now ? { now: deps.now } : {}),
    });
    last = { type: 'done', datasetId: r.datasetId, cameras: r.cameras, bytes: r.bytes, graphBytes: r.graphBytes, rounded: r.rounded };
  } catch (e) {
    if (isOverpassError(e)) {
      last = {
        type: 'failed',
        code: e.code,
        message: e.message,
        ...(e.extra.retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(e.extra.retryAfterMs / 1000) } : {}),
      };
    } else if (e && typeof e === 'object' && (e as { district?: string }).district === 'aborted') {
      last = { type: 'failed', code: 'aborted', message: 'Cancelled' };
    } else if (isStoreError(e)) last = { type: 'failed', code: 'store', message: e.message };
    else last = { type: 'failed', code: 'internal', message: e instanceof Error ? e.message : String(e) };
  }
  deps.post(last);
  return last;
}
