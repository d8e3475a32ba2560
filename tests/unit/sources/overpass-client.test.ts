/**
 * The Overpass client against a real HTTP server on 127.0.0.1 (Node's global fetch, no mocks of fetch):
 * 429 then success, 504, time-outs, truncated JSON, oversized answers, invalid elements, Retry-After,
 * and the privacy rule that the query carries only the rounded bbox.
 * The answers are built from the real Toulouse OSM camera file (node ids and positions).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  downloadArea,
  fetchCameraDetails,
  parseOverpassBytes,
  parseRetryAfter,
  type OverpassClientOptions,
  type OverpassProgress,
} from '../../../lib/sources/overpass-client.ts';
import {
  buildAreaQuery,
  buildNodeDetailsQuery,
  isOverpassError,
  planArea,
  roundBBoxOutward,
  MAX_IDS_PER_QUERY,
} from '../../../lib/sources/overpass-query.ts';
import { hang, json, startLocalOverpass, status, type LocalOverpass } from './local-overpass.ts';
import { OSM_CAMERAS, sharedFile } from '../../shared-data.ts';

const TOULOUSE = JSON.parse(sharedFile(OSM_CAMERAS).toString('utf8')) as { lons: number[]; lats: number[]; cat: number[]; pid: string[] };

/** An Overpass answer holding the first `n` real Toulouse cameras as tagged nodes. */
function toulouseAnswer(n = 50) {
  const elements = [];
  for (let i = 0; i < n; i++) {
    const id = Number(TOULOUSE.pid[i].split('/')[1]);
    const tags: Record<string, string> =
      TOULOUSE.cat[i] === 2 ? { highway: 'speed_camera' } : { man_made: 'surveillance', 'surveillance:type': 'camera' };
    elements.push({ type: 'node', id, lat: TOULOUSE.lats[i], lon: TOULOUSE.lons[i], tags });
  }
  return { version: 0.6, generator: 'Overpass API', osm3s: { timestamp_osm_base: '2026-06-07T10:00:00Z' }, elements };
}

/** Central Toulouse, as a map view would give it (precise to the metre). */
const VIEW = { west: 1.43217, south: 43.59871, east: 1.45532, north: 43.61104 };

let server: LocalOverpass;
let sleeps: number[];
let progress: OverpassProgress[];
function options(extra: Partial<OverpassClientOptions> = {}): OverpassClientOptions {
  return {
    fetch,
    endpoint: server.url,
    timeoutMs: 2_000,
    maxAttempts: 4,
    baseDelayMs: 1_000,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onProgress: (p) => progress.push(p),
    ...extra,
  };
}

beforeEach(async () => {
  server = await startLocalOverpass();
  sleeps = [];
  progress = [];
});
afterEach(async () => {
  await server.close();
});

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (isOverpassError(e)) return e;
    throw e;
  }
  throw new Error('expected an OverpassError');
}

describe('roundBBoxOutward', () => {
  it('rounds a real view outward to the 0.05° grid', () => {
    expect(roundBBoxOutward(VIEW)).toEqual({ west: 1.4, south: 43.55, east: 1.5, north: 43.65 });
  });

  it('property: the rounded box contains the original and its corners are on the grid', () => {
    const coord = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        coord(-180, 179.9),
        coord(-90, 89.9),
        fc.double({ min: 1e-7, max: 3, noNaN: true }),
        fc.double({ min: 1e-7, max: 3, noNaN: true }),
        fc.constantFrom(0.05, 0.1, 0.25, 0.01),
        (w, s, dw, dh, grid) => {
          const b = { west: w, south: s, east: Math.min(180, w + dw), north: Math.min(90, s + dh) };
          const r = roundBBoxOutward(b, grid);
          expect(r.west).toBeLessThanOrEqual(b.west);
          expect(r.south).toBeLessThanOrEqual(b.south);
          expect(r.east).toBeGreaterThanOrEqual(b.east);
          expect(r.north).toBeGreaterThanOrEqual(b.north);
          for (const v of [r.west, r.south, r.east, r.north]) {
            const k = v / grid;
            expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-6);
          }
          // Never more than one grid step outward on each side.
          expect(b.west - r.west).toBeLessThan(grid + 1e-9);
          expect(r.north - b.north).toBeLessThan(grid + 1e-9);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('is idempotent and rejects invalid boxes with a typed error', () => {
    const r = roundBBoxOutward(VIEW);
    expect(roundBBoxOutward(r)).toEqual(r);
    for (const bad of [
      { west: NaN, south: 0, east: 1, north: 1 },
      { west: 2, south: 0, east: 1, north: 1 },
      { west: 170, south: 0, east: 190, north: 1 },
    ]) {
      expect(() => roundBBoxOutward(bad)).toThrowError(expect.objectContaining({ code: 'invalid-bbox' }));
    }
  });
});

describe('planArea and queries', () => {
  it('caps the area before any request', async () => {
    expect(() => planArea({ west: 1.2, south: 43.4, east: 1.7, north: 43.8 })).toThrowError(
      expect.objectContaining({ code: 'area-too-large' }),
    );
    // The same box is fine for cameras alone (0.2 deg² ≤ 0.25).
    expect(planArea({ west: 1.2, south: 43.4, east: 1.7, north: 43.8 }, { cameras: true, walkways: false, buildings: false })).toEqual({
      west: 1.2,
      south: 43.4,
      east: 1.7,
      north: 43.8,
    });
    const e = await rejection(downloadArea({ west: 1, south: 43, east: 2, north: 44 }, options()));
    expect(e.code).toBe('area-too-large');
    expect(server.requests).toHaveLength(0);
  });

  it('builds an area query with only the rounded box, in Overpass order', () => {
    const q = buildAreaQuery(VIEW);
    expect(q).toContain('[bbox:43.55,1.40,43.65,1.50]');
    expect(q).toContain('node["man_made"="surveillance"]');
    expect(q).toContain('node["highway"="speed_camera"]');
    expect(q).toContain('way["building"]');
    expect(q).toContain('relation["building"]["type"="multipolygon"]');
    expect(q).toMatch(/way\["highway"\]\["highway"!~"\^\(motorway\|motorway_link\|trunk\|trunk_link/);
    expect(q).toContain('(._;>;);\nout body qt;');
    expect(q).not.toContain('1.43217');
    expect(q).not.toContain('43.59871');
    const camerasOnly = buildAreaQuery(VIEW, { cameras: true, walkways: false, buildings: false });
    expect(camerasOnly).not.toContain('building');
    expect(camerasOnly).not.toContain('!~');
  });

  it('builds a by-id query and refuses bad id lists', () => {
    expect(buildNodeDetailsQuery([1, 22, 333])).toContain('node(id:1,22,333);\nout body;');
    for (const bad of [[], [0], [1.5], [-3], new Array(MAX_IDS_PER_QUERY + 1).fill(1)]) {
      expect(() => buildNodeDetailsQuery(bad)).toThrowError(expect.objectContaining({ code: 'invalid-request' }));
    }
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:10 GMT', Date.parse('Sat, 28 Nov 2026 10:00:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('downloadArea against a local server', () => {
  it('sends the rounded bbox only, by POST, and parses the answer', async () => {
    server.queue.push(json(toulouseAnswer(50)));
    const r = await downloadArea(VIEW, options());
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0];
    expect(sent.method).toBe('POST');
    expect(sent.contentType).toMatch(/application\/x-www-form-urlencoded/);
    expect(sent.query).toBe(r.query);
    expect(sent.query).toContain('[bbox:43.55,1.40,43.65,1.50]');
    // No coordinate of the view, to any precision finer than the grid, is in the request.
    for (const v of [VIEW.west, VIEW.south, VIEW.east, VIEW.north]) {
      expect(sent.query).not.toContain(String(v).slice(0, 5));
    }
    expect(r.bbox).toEqual({ west: 1.4, south: 43.55, east: 1.5, north: 43.65 });
    expect(r.data.nodes.size).toBe(50);
    expect(r.data.timestamp).toBe('2026-06-07T10:00:00Z');
    expect(r.attempts).toBe(1);
    expect(r.bytes).toBeGreaterThan(3_000);
    const last = progress.filter((p) => p.phase === 'receiving').at(-1)!;
    expect(last.bytesReceived).toBe(r.bytes);
  });

  it('retries after 429 with exponential back-off, honouring a longer Retry-After', async () => {
    server.queue.push(status(429), status(429, { 'Retry-After': '5' }), json(toulouseAnswer(10)));
    const r = await downloadArea(VIEW, options());
    expect(r.attempts).toBe(3);
    expect(r.data.nodes.size).toBe(10);
    // random = 0.5 → jitter factor 0.75: 1000·0.75, then max(2000·0.75, 5000 from Retry-After).
    expect(sleeps).toEqual([750, 5_000]);
    expect(progress.filter((p) => p.phase === 'retrying').map((p) => p.reason)).toEqual(['rate-limited', 'rate-limited']);
  });

  it('gives up with rate-limited when Retry-After is longer than the client waits', async () => {
    server.queue.push(status(429, { 'Retry-After': '3600' }));
    const e = await rejection(downloadArea(VIEW, options({ maxDelayMs: 60_000 })));
    expect(e.code).toBe('rate-limited');
    expect(e.extra.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
  });

  it('504 on every attempt ends in a timeout error after maxAttempts, with growing waits', async () => {
    for (let i = 0; i < 4; i++) server.queue.push(status(504));
    const e = await rejection(downloadArea(VIEW, options()));
    expect(e.code).toBe('timeout');
    expect(e.extra.status).toBe(504);
    expect(e.extra.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([750, 1_500, 3_000]);
  });

  it('jitter stays within 50–100 % of the exponential step', async () => {
    for (let i = 0; i < 3; i++) server.queue.push(status(504));
    let call = 0;
    const rnd = [0, 0.999, 0.3];
    await rejection(downloadArea(VIEW, options({ maxAttempts: 3, random: () => rnd[call++] })));
    expect(sleeps[0]).toBe(500);
    expect(sleeps[1]).toBeCloseTo(1_999, 0);
  });

  it('a server that never answers times out, then a retry succeeds', async () => {
    server.queue.push(hang, json(toulouseAnswer(5)));
    const r = await downloadArea(VIEW, options({ timeoutMs: 300 }));
    expect(r.attempts).toBe(2);
    expect(progress.find((p) => p.phase === 'retrying')?.reason).toBe('timeout');
  });

  it('a time-out on every attempt is a typed timeout error', async () => {
    server.queue.push(hang, hang);
    const e = await rejection(downloadArea(VIEW, options({ timeoutMs: 200, maxAttempts: 2 })));
    expect(e.code).toBe('timeout');
    expect(e.extra.attempts).toBe(2);
  });

  it('timeScale (test builds) shortens the back-offs and the time-out, and progress and errors keep the real schedule', async () => {
    // A 1,000 s time-out at 1/5,000 lasts 200 ms; unscaled, the hang would outlast the test's own time limit.
    server.queue.push(status(504), hang, hang);
    const e = await rejection(downloadArea(VIEW, options({ timeoutMs: 1_000_000, maxAttempts: 3, timeScale: 1 / 5_000 })));
    expect(e.code).toBe('timeout');
    expect(e.extra.attempts).toBe(3);
    expect(e.message).toBe('No complete answer within 1000000 ms');
    // random = 0.5 → 750 then 1,500 ms stated, each slept for 1/5,000 of it.
    expect(progress.filter((p) => p.phase === 'retrying').map((p) => [p.reason, p.retryInMs])).toEqual([
      ['timeout', 750],
      ['timeout', 1_500],
    ]);
    expect(sleeps.map((ms) => ms * 5_000)).toEqual([750, 1_500]);
  });

  it('a timeScale outside (0, 1] is ignored: the real schedule', async () => {
    for (const timeScale of [0, -1, 2, Number.NaN]) {
      sleeps = [];
      server.queue.push(status(504), status(504));
      await rejection(downloadArea(VIEW, options({ maxAttempts: 2, timeScale })));
      expect(sleeps, String(timeScale)).toEqual([750]);
    }
  });

  it('truncated JSON is a typed truncated error (retried, then reported)', async () => {
    const body = JSON.stringify(toulouseAnswer(50));
    server.queue.push(json(body.slice(0, 2_000)), json(body.slice(0, 1_000)));
    const e = await rejection(downloadArea(VIEW, options({ maxAttempts: 2 })));
    expect(e.code).toBe('truncated');
    expect(server.requests).toHaveLength(2);
  });

  it('a connection closed before Content-Length is reached is retried', async () => {
    const body = JSON.stringify(toulouseAnswer(50));
    server.queue.push((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
      res.write(body.slice(0, 500));
      setTimeout(() => res.destroy(), 20);
    }, json(body));
    const r = await downloadArea(VIEW, options());
    expect(r.attempts).toBe(2);
    expect(r.data.nodes.size).toBe(50);
  });

  it("Overpass's own runtime-error remark (HTTP 200, partial output) is truncated, not data", async () => {
    const partial = { ...toulouseAnswer(3), remark: 'runtime error: Query timed out in "query" at line 3 after 181 seconds.' };
    server.queue.push(json(partial));
    const e = await rejection(downloadArea(VIEW, options({ maxAttempts: 1 })));
    expect(e.code).toBe('truncated');
  });

  it('an oversized streamed answer is aborted past the cap', async () => {
    let written = 0;
    server.queue.push((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = ' '.repeat(64 * 1024);
      const pump = () => {
        // Streams up to 50 MiB unless the client stops reading.
        while (written < 50 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
        if (written < 50 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      res.write('{"elements":[');
      pump();
    });
    const e = await rejection(downloadArea(VIEW, options({ maxResponseBytes: 1024 * 1024 })));
    expect(e.code).toBe('too-large');
    expect(server.requests).toHaveLength(1);
    // The client stopped reading: far less than the 50 MiB the server wanted to send went out.
    expect(written).toBeLessThan(20 * 1024 * 1024);
    const received = progress.filter((p) => p.phase === 'receiving').at(-1)!.bytesReceived;
    expect(received).toBeLessThanOrEqual(1024 * 1024);
  });

  it('an announced Content-Length over the cap is refused without reading the body', async () => {
    server.queue.push(json(' '.repeat(200_000), { 'Content-Length': '200000' }));
    const e = await rejection(downloadArea(VIEW, options({ maxResponseBytes: 100_000 })));
    expect(e.code).toBe('too-large');
    expect(progress.some((p) => p.phase === 'receiving')).toBe(false);
  });

  it('invalid elements fail the whole answer, are not retried, and say which element', async () => {
    for (const bad of [
      { type: 'node', id: 1, lat: 91, lon: 1.4 },
      { type: 'node', id: 'x', lat: 43, lon: 1.4 },
      { type: 'way', id: 5, nodes: ['a'] },
      { type: 'node', id: 2, lat: 43.6, lon: 1.44, tags: { name: 7 } },
    ]) {
      const answer = toulouseAnswer(5);
      (answer.elements as unknown[]).push(bad);
      server.queue.push(json(answer));
      const before = server.requests.length;
      const e = await rejection(downloadArea(VIEW, options()));
      expect(e.code).toBe('invalid-elements');
      expect(e.extra.details).toHaveLength(1);
      // Not retried: the same server would send the same elements.
      expect(server.requests.length - before).toBe(1);
    }
  });

  it('non-retryable statuses are typed http errors after one attempt', async () => {
    server.queue.push(status(400));
    const e = await rejection(downloadArea(VIEW, options()));
    expect(e.code).toBe('http');
    expect(e.extra.status).toBe(400);
    expect(server.requests).toHaveLength(1);
  });

  it('a refused connection is a network error after the retries', async () => {
    const url = server.url;
    await server.close();
    const e = await rejection(downloadArea(VIEW, options({ endpoint: url, maxAttempts: 2 })));
    expect(e.code).toBe('network');
    expect(sleeps).toHaveLength(1);
    server = await startLocalOverpass();
  });

  it("the caller's AbortSignal cancels a pending request and a back-off", async () => {
    const ac = new AbortController();
    server.queue.push(hang);
    const pending = rejection(downloadArea(VIEW, options({ signal: ac.signal, timeoutMs: 10_000 })));
    setTimeout(() => ac.abort(), 100);
    expect((await pending).code).toBe('aborted');

    const ac2 = new AbortController();
    server.queue.push(status(429));
    const e = await rejection(
      downloadArea(VIEW, options({ signal: ac2.signal, sleep: undefined, baseDelayMs: 10_000, onProgress: () => ac2.abort() })),
    );
    expect(e.code).toBe('aborted');
  });
});

describe('fetchCameraDetails', () => {
  it('splits real Toulouse ids into requests of at most 1,000 ids and merges the nodes', async () => {
    const ids = TOULOUSE.pid.filter((p) => p.startsWith('node/')).map((p) => Number(p.slice(5)));
    expect(ids.length).toBeGreaterThan(2_000);
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    const expectedRequests = Math.ceil(unique.length / MAX_IDS_PER_QUERY);
    for (let r = 0; r < expectedRequests; r++) {
      const slice = unique.slice(r * MAX_IDS_PER_QUERY, (r + 1) * MAX_IDS_PER_QUERY);
      server.queue.push(
        json({
          elements: slice.map((id) => ({
            type: 'node',
            id,
            lat: 43.6,
            lon: 1.44,
            tags: { man_made: 'surveillance', 'camera:direction': '90' },
          })),
        }),
      );
    }
    const r = await fetchCameraDetails(ids, options());
    expect(r.requests).toBe(expectedRequests);
    expect(r.nodes.size).toBe(unique.length);
    expect(server.requests.map((q) => q.query.match(/node\(id:([\d,]+)\)/)![1].split(',').length)).toEqual(
      Array.from({ length: expectedRequests }, (_, i) => Math.min(MAX_IDS_PER_QUERY, unique.length - i * MAX_IDS_PER_QUERY)),
    );
    expect(server.requests.every((q) => !q.query.includes('bbox'))).toBe(true);
  });
});

describe('parseOverpassBytes', () => {
  it('maps reader errors to truncated / malformed / invalid-elements', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const code = (r: unknown) => (r as { code?: string }).code;
    expect(code(parseOverpassBytes(enc('{"elements":[{"type":"node"')))).toBe('truncated');
    expect(code(parseOverpassBytes(enc('{"elements":[}')))).toBe('malformed');
    expect(code(parseOverpassBytes(new Uint8Array([0x7b, 0xff, 0x7d])))).toBe('malformed');
    expect(code(parseOverpassBytes(enc('[1,2]')))).toBe('malformed');
    expect(code(parseOverpassBytes(enc('{"elements":[{"type":"node","id":3,"lat":1e400,"lon":2}]}')))).toBe('invalid-elements');
    const r = parseOverpassBytes(enc('{"elements":[{"type":"node","id":3,"lat":1,"lon":2,"tags":{"__proto__":"x"}}]}'));
    if (r instanceof Error) throw r;
    const tags = r.data.nodes.get(3)!.tags!;
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(Object.keys(tags)).toEqual(['__proto__']);
  });
});
