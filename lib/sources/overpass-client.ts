/**
 * The Overpass API client's transport: the only code in Angle Mort that talks to the network, and only
 * after a user action (DESIGN.md, "Privacy and security rules"). It never touches browser globals: the
 * caller passes `fetch` (the extension passes the real one; Node tests pass the global fetch against a local
 * server), and optionally `sleep`, `random` and an `AbortSignal`. It sends the queries overpass-query.ts
 * builds, with retries, back-off and a response byte cap, and validates the answers.
 *
 * What a request can reveal: an area query carries only a bounding box rounded outward to a coarse grid
 * (`roundBBoxOutward`, 0.05° by default), never a route endpoint or the exact map view; a details query
 * carries only OSM node ids from a dataset the caller already holds.
 *
 * See docs/data-updates.md for the decisions (grid, caps, retry policy, invalid elements).
 */
import type { BBox } from '../geo/index.ts';
import { isSourceError, type SourceErrorCode } from './errors.ts';
import type { OsmData, OsmNode } from './osm-model.ts';
import { readOverpassJson } from './overpass.ts';
import {
  ALL_LAYERS,
  buildAreaQuery,
  buildNodeDetailsQuery,
  DEFAULT_OVERPASS_ENDPOINT,
  MAX_IDS_PER_QUERY,
  OverpassError,
  planArea,
  type OverpassErrorCode,
  type OverpassLayers,
} from './overpass-query.ts';

/** Default cap on a response body, in bytes: 64 MiB. The stream is aborted as soon as it is passed. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * The `timeScale` the options page passes in test builds (never in release builds): the browser tests see every
 * retry, back-off and time-out state of the real schedule, each lasting a tenth of its stated length.
 */
export const TEST_BUILD_TIME_SCALE = 0.1;

// ---------------------------------------------------------------------------------------------------
// Transport

export interface OverpassProgress {
  /** 1-based attempt number. */
  attempt: number;
  /** Body bytes received so far in this attempt. */
  bytesReceived: number;
  /** Content-Length when the server sent one (Overpass usually streams without it). */
  totalBytes?: number;
  /** `waiting` before the first byte or during a back-off; `receiving` while the body streams. */
  phase: 'waiting' | 'receiving' | 'retrying';
  /** During `retrying`: milliseconds until the next attempt, and why. */
  retryInMs?: number;
  reason?: OverpassErrorCode;
}

export interface OverpassClientOptions {
  /** The `fetch` to use (the extension passes `globalThis.fetch`; tests a real one against a local server). */
  fetch: typeof fetch;
  /** Interpreter URL. Default `DEFAULT_OVERPASS_ENDPOINT`. */
  endpoint?: string;
  /** Cancels everything, including back-off waits. */
  signal?: AbortSignal;
  /** Per-attempt time-out in milliseconds (until the whole body is in). Default 200,000 (query timeout + 20 s). */
  timeoutMs?: number;
  /** Attempts including the first. Default 4. */
  maxAttempts?: number;
  /** First back-off in milliseconds; doubles each retry. Default 2,000. */
  baseDelayMs?: number;
  /** Longest back-off or Retry-After honoured, in milliseconds. Default 60,000; a longer Retry-After fails. */
  maxDelayMs?: number;
  /** Response byte cap. Default `DEFAULT_MAX_RESPONSE_BYTES`. */
  maxResponseBytes?: number;
  /** Called as bytes arrive and before each retry. */
  onProgress?: (p: OverpassProgress) => void;
  /** Waits `ms` milliseconds; rejects when `signal` fires. Default: setTimeout. Tests pass a recorder. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform [0, 1) for jitter. Default Math.random. */
  random?: () => number;
  /**
   * Every wait (back-off, Retry-After, the per-attempt time-out) lasts this fraction of its length, in (0, 1];
   * progress and errors still state the real values. Default 1; only test builds pass less
   * (`TEST_BUILD_TIME_SCALE`).
   */
  timeScale?: number;
}

export interface OverpassResult {
  data: OsmData;
  /** Body size in bytes. */
  bytes: number;
  attempts: number;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new OverpassError('aborted', 'Cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new OverpassError('aborted', 'Cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

/** A failure of one attempt, and whether another attempt may succeed. */
class AttemptFailure {
  constructor(
    readonly error: OverpassError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {}
}

/**
 * Sends one Overpass QL query (POST, form-encoded, as overpass-api.de documents) and returns the parsed,
 * validated result. Retries on 429, 503 (Overpass's "too many requests" variant), 504, time-outs and
 * network errors, with exponential back-off (base·2^(n−1), jittered to 50–100 %) or the server's
 * Retry-After, whichever is longer. Every failure is an `OverpassError`.
 */
export async function runOverpassQuery(query: string, opts: OverpassClientOptions): Promise<OverpassResult> {
  const maxAttempts = Math.max(1, Math.floor(opts.maxAttempts ?? 4));
  const baseDelay = opts.baseDelayMs ?? 2_000;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const scale = timeScale(opts);
  let last: AttemptFailure | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (opts.signal?.aborted) throw new OverpassError('aborted', 'Cancelled', { attempts: attempt - 1 });
    const outcome = await attemptOnce(query, opts, attempt);
    if (!(outcome instanceof AttemptFailure)) return { ...outcome, attempts: attempt };
    last = outcome;
    outcome.error.extra.attempts = attempt;
    if (!outcome.retryable || attempt === maxAttempts) break;
    const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.5 + 0.5 * random());
    if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > maxDelay) {
      throw new OverpassError('rate-limited', `The server asks to wait ${Math.ceil(outcome.retryAfterMs / 1000)} s before retrying`, {
        ...outcome.error.extra,
        retryAfterMs: outcome.retryAfterMs,
      });
    }
    const wait = Math.max(backoff, outcome.retryAfterMs ?? 0);
    opts.onProgress?.({ attempt, bytesReceived: 0, phase: 'retrying', retryInMs: wait, reason: outcome.error.code });
    await sleep(wait * scale, opts.signal).catch(() => {
      throw new OverpassError('aborted', 'Cancelled', { attempts: attempt });
    });
  }
  throw last!.error;
}

async function attemptOnce(
  query: string,
  opts: OverpassClientOptions,
  attempt: number,
): Promise<Omit<OverpassResult, 'attempts'> | AttemptFailure> {
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const timeoutMs = opts.timeoutMs ?? 200_000;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs * timeScale(opts));
  const onUserAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onUserAbort, { once: true });
  // Why did the transfer stop? The user's signal wins over our time-out.
  const stopped = (cause: string): AttemptFailure => {
    if (opts.signal?.aborted) return new AttemptFailure(new OverpassError('aborted', 'Cancelled'), false);
    if (timedOut) {
      return new AttemptFailure(new OverpassError('timeout', `No complete answer within ${timeoutMs} ms`), true);
    }
    return new AttemptFailure(new OverpassError('network', `Connection failed: ${cause}`), true);
  };
  try {
    opts.onProgress?.({ attempt, bytesReceived: 0, phase: 'waiting' });
    let response: Response;
    try {
      response = await opts.fetch(opts.endpoint ?? DEFAULT_OVERPASS_ENDPOINT, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
        body: 'data=' + encodeURIComponent(query),
        signal: controller.signal,
        // No cookies or referrer: the request carries the query and nothing else.
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      return stopped(errorText(e));
    }
    const status = response.status;
    if (status !== 200) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      await response.body?.cancel().catch(() => undefined);
      if (status === 429 || status === 503) {
        return new AttemptFailure(
          new OverpassError('rate-limited', `The Overpass server is busy (HTTP ${status})`, { status }),
          true,
          retryAfterMs,
        );
      }
      if (status === 504) {
        return new AttemptFailure(new OverpassError('timeout', 'The Overpass server timed out (HTTP 504)', { status }), true, retryAfterMs);
      }
      return new AttemptFailure(new OverpassError('http', `The Overpass server answered HTTP ${status}`, { status }), false);
    }
    const lengthHeader = response.headers.get('content-length');
    const totalBytes = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    if (totalBytes !== undefined && totalBytes > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      return new AttemptFailure(tooLarge(maxBytes, totalBytes), false);
    }
    // Stream the body so the cap holds without buffering past it, and progress can be shown.
    const chunks: Uint8Array[] = [];
    let received = 0;
    if (response.body) {
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received += value.byteLength;
          if (received > maxBytes) {
            await reader.cancel().catch(() => undefined);
            controller.abort();
            return new AttemptFailure(tooLarge(maxBytes), false);
          }
          chunks.push(value);
          opts.onProgress?.({ attempt, bytesReceived: received, totalBytes, phase: 'receiving' });
        }
      } catch (e) {
        return stopped(errorText(e));
      }
    }
    if (totalBytes !== undefined && received < totalBytes) {
      return new AttemptFailure(new OverpassError('truncated', `The body ends after ${received} of ${totalBytes} bytes`, { status }), true);
    }
    const bytes = concat(chunks, received);
    const parsed = parseOverpassBytes(bytes);
    if (parsed instanceof OverpassError) {
      // A cut body or Overpass's own "runtime error" remark may succeed on retry; bad syntax will not.
      return new AttemptFailure(parsed, parsed.code === 'truncated');
    }
    return { ...parsed, bytes: received };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onUserAbort);
  }
}

/** `opts.timeScale` when it is in (0, 1], else 1. */
function timeScale(opts: OverpassClientOptions): number {
  const s = opts.timeScale;
  return s !== undefined && s > 0 && s <= 1 ? s : 1;
}

function tooLarge(maxBytes: number, announced?: number): OverpassError {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  return new OverpassError(
    'too-large',
    announced !== undefined
      ? `The answer would be ${mb(announced)} MiB, more than the ${mb(maxBytes)} MiB cap; choose a smaller area`
      : `The answer passed the ${mb(maxBytes)} MiB cap; choose a smaller area`,
  );
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.byteLength;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Parsing and validation

/** How a reader's SourceError reads as an Overpass answer's fault. */
const FROM_SOURCE_CODE: Record<SourceErrorCode, OverpassErrorCode> = {
  truncated: 'truncated',
  malformed: 'malformed',
  'too-large': 'too-large',
  'invalid-value': 'invalid-elements',
  unsupported: 'malformed',
  'checksum-mismatch': 'malformed',
  missing: 'malformed',
};

/**
 * Decodes and validates an Overpass JSON body with the shared reader (`readOverpassJson`), returning an
 * `OverpassError` instead of throwing: bad UTF-8 or syntax → `malformed`; a cut body or Overpass's own
 * "runtime error" remark (HTTP 200 with partial output) → `truncated`; an element with an impossible value
 * (missing id, latitude 91, a non-text tag) → `invalid-elements`. One invalid element fails the whole
 * answer: an answer that breaks the format once cannot be trusted elsewhere, and nothing partial is stored.
 */
export function parseOverpassBytes(bytes: Uint8Array): { data: OsmData } | OverpassError {
  try {
    return { data: readOverpassJson(bytes) };
  } catch (e) {
    if (isSourceError(e)) {
      const code = FROM_SOURCE_CODE[e.code] ?? 'malformed';
      return new OverpassError(code, e.message, code === 'invalid-elements' ? { details: [e.message] } : {});
    }
    // The reader promises SourceError only; anything else is a reader bug, reported as malformed input.
    return new OverpassError('malformed', `Unreadable answer: ${errorText(e)}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// The two operations the options page offers

export interface AreaDownload extends OverpassResult {
  /** The rounded box actually requested (what the dataset should record as its area). */
  bbox: BBox;
  query: string;
}

/**
 * Downloads cameras, walkable ways and buildings (per `layers`) for the area around `bbox`, rounded
 * outward to the grid. Throws `OverpassError` (`invalid-bbox` / `area-too-large` before any request).
 */
export async function downloadArea(
  bbox: BBox,
  opts: OverpassClientOptions & { layers?: OverpassLayers; gridDegrees?: number; maxAreaDeg2?: number },
): Promise<AreaDownload> {
  const layers = opts.layers ?? ALL_LAYERS;
  const rounded = planArea(bbox, layers, opts);
  const query = buildAreaQuery(rounded, layers, { gridDegrees: opts.gridDegrees });
  const result = await runOverpassQuery(query, opts);
  return { ...result, bbox: rounded, query };
}

/**
 * Re-fetches OSM nodes by id, `MAX_IDS_PER_QUERY` per request, in order. Pass the ids of a whole dataset
 * (e.g. every Toulouse camera), not a selection near the user: a subset would reveal where they look.
 * Nodes deleted from OSM since are simply absent from the result.
 */
export async function fetchCameraDetails(
  ids: readonly number[],
  opts: OverpassClientOptions,
): Promise<{ nodes: Map<number, OsmNode>; requested: number; requests: number; bytes: number }> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const nodes = new Map<number, OsmNode>();
  let bytes = 0;
  let requests = 0;
  for (let i = 0; i < unique.length; i += MAX_IDS_PER_QUERY) {
    const query = buildNodeDetailsQuery(unique.slice(i, i + MAX_IDS_PER_QUERY));
    const r = await runOverpassQuery(query, opts);
    requests++;
    bytes += r.bytes;
    for (const [id, n] of r.data.nodes) nodes.set(id, n);
  }
  return { nodes, requested: unique.length, requests, bytes };
}
