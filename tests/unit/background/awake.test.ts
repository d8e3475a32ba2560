/**
 * The overlay planner's awake port (lib/background/awake.ts) over a real background (fake-indexeddb, the
 * bundled Toulouse graph): a `planner/warm` builds the engine of the view before any route, the next ones
 * find it loaded, a route then builds nothing; anything but a valid `planner/warm` is refused.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAwakePort, type AwakeCounts, type AwakePort } from '../../../lib/background/awake.ts';
import { createBackground, createPlannerAnswerer, isPlannerRequest, type Background } from '../../../lib/background/index.ts';
import { parseRequest, MessageError } from '../../../lib/messages.ts';
import { ROOT, toulouseGraphBytes } from '../planner/fixture.ts';

/** A view of the city centre (≈ 1.5 × 1 km around the Capitole). */
const CENTRE_VIEW = { west: 1.435, south: 43.6, east: 1.453, north: 43.609 };
const PARIS_VIEW = { west: 2.33, south: 48.85, east: 2.36, north: 48.87 };

let bg: Background;
beforeAll(async () => {
  const graph = toulouseGraphBytes();
  bg = createBackground({
    factory: new IDBFactory(),
    readText: async () => readFileSync(resolve(ROOT, 'data/generated/bundle/cameras.json'), 'utf8'),
    readBinary: async (path: string) =>
      path === 'bundle/graph.bin' ? (graph.buffer.slice(graph.byteOffset, graph.byteOffset + graph.byteLength) as ArrayBuffer) : undefined,
    broadcast: async () => undefined,
  });
  await bg.ready();
}, 120_000);
afterAll(() => bg?.close());

/** A port stand-in: `send` delivers a message to the background's listener, `answers` collects its replies. */
function fakePort() {
  const onMessage: Array<(m: unknown) => void> = [];
  const onDisconnect: Array<() => void> = [];
  const answers: unknown[] = [];
  let waiting: Array<() => void> = [];
  const port: AwakePort = {
    postMessage: (m) => {
      answers.push(m);
      for (const w of waiting.splice(0)) w();
    },
    onMessage: { addListener: (fn) => onMessage.push(fn) },
    onDisconnect: { addListener: (fn) => onDisconnect.push(fn) },
  };
  return {
    port,
    answers,
    /** Sends one message and waits for its answer. */
    async ask(message: unknown): Promise<unknown> {
      const n = answers.length;
      const answered = new Promise<void>((r) => waiting.push(r));
      for (const l of onMessage) l(message);
      while (answers.length === n) await answered;
      return answers[n];
    },
    send: (message: unknown) => {
      for (const l of onMessage) l(message);
    },
    disconnect: () => {
      for (const l of onDisconnect) l();
      waiting = [];
    },
  };
}

describe('planner/warm on the awake port', () => {
  it('validates like every request: a view box or nothing, no other field', () => {
    expect(parseRequest({ type: 'planner/warm', bbox: CENTRE_VIEW })).toEqual({ type: 'planner/warm', bbox: CENTRE_VIEW });
    expect(parseRequest({ type: 'planner/warm' })).toEqual({ type: 'planner/warm' });
    const path = (raw: unknown) => {
      try {
        parseRequest(raw);
      } catch (e) {
        return e instanceof MessageError ? e.path : 'not a MessageError';
      }
      return 'accepted';
    };
    expect(path({ type: 'planner/warm', bbox: { ...CENTRE_VIEW, west: 2 } })).toBe('bbox');
    expect(path({ type: 'planner/warm', bbox: { ...CENTRE_VIEW, south: Number.NaN } })).toBe('bbox.south');
    expect(path({ type: 'planner/warm', from: [1.44, 43.6] })).toBe('from');
  });

  it('builds the engine of the view before any route; the next pings find it loaded and the route builds nothing', async () => {
    const counts: AwakeCounts = { open: 0, opened: 0, pings: 0 };
    const p = fakePort();
    serveAwakePort(p.port, bg.handle, counts);
    expect(counts).toEqual({ open: 1, opened: 1, pings: 0 });
    expect(bg.planner.loadedGraphs).toEqual([]);

    expect(await p.ask({ type: 'planner/warm', bbox: CENTRE_VIEW })).toEqual({
      ok: true,
      value: { datasetId: 'toulouse', engine: 'built' },
    });
    expect(bg.planner.loadedGraphs).toEqual(['toulouse']);
    expect(bg.planner.engineBuilds).toBe(1);
    expect(await p.ask({ type: 'planner/warm', bbox: CENTRE_VIEW })).toEqual({
      ok: true,
      value: { datasetId: 'toulouse', engine: 'loaded' },
    });
    expect(await p.ask({ type: 'planner/warm' })).toEqual({ ok: true, value: { datasetId: 'toulouse', engine: 'loaded' } });
    expect(counts.pings).toBe(3);

    const route = await bg.handle({ type: 'route', from: [1.444, 43.6045], to: [1.4335, 43.5985] });
    expect(route.ok).toBe(true);
    expect(bg.planner.engineBuilds).toBe(1);

    // A view where no graph is stored readies nothing.
    expect(await p.ask({ type: 'planner/warm', bbox: PARIS_VIEW })).toEqual({ ok: true, value: { datasetId: null, engine: 'none' } });
    expect(bg.planner.engineBuilds).toBe(1);

    p.disconnect();
    expect(counts).toEqual({ open: 0, opened: 1, pings: 4 });
  }, 120_000);

  it('refuses anything but a valid planner/warm, and stays silent once the port is gone', async () => {
    const counts: AwakeCounts = { open: 0, opened: 0, pings: 0 };
    const p = fakePort();
    serveAwakePort(p.port, bg.handle, counts);
    const routeAnswer = (await p.ask({ type: 'route', from: [1.444, 43.6045], to: [1.4335, 43.5985] })) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(routeAnswer).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(routeAnswer.error.message).toMatch(/only planner\/warm/);
    expect(await p.ask({ type: 'planner/warm', bbox: 'Toulouse' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(counts.pings).toBe(0);

    p.send({ type: 'planner/warm', bbox: CENTRE_VIEW });
    p.disconnect();
    await new Promise((r) => setTimeout(r, 50));
    expect(p.answers).toHaveLength(2); // the late answer was not posted on the closed port
    expect(counts).toEqual({ open: 0, opened: 1, pings: 1 });
  }, 60_000);
});

describe('an engine worker of a page', () => {
  it("takes planner/warm (the overlay's engine frame warms its own engine so), and still answers the others", async () => {
    expect(isPlannerRequest({ type: 'planner/warm', bbox: CENTRE_VIEW })).toBe(true);
    expect(isPlannerRequest({ type: 'route', from: [1.444, 43.6045], to: [1.4335, 43.5985] })).toBe(true);
    expect(isPlannerRequest({ type: 'settings/get' })).toBe(false);
    const answer = createPlannerAnswerer(bg.planner);
    expect(await answer({ type: 'planner/warm', bbox: CENTRE_VIEW })).toMatchObject({ ok: true });
    expect(bg.planner.engineLoads.map((l) => l.datasetId)).toEqual(['toulouse']);
    expect(await answer({ type: 'planner/warm', bbox: { west: 1, south: 2, east: 0, north: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await answer({ type: 'settings/get' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await answer({ type: 'streets/search', query: 'Capitole', limit: 1 })).toMatchObject({ ok: true });
  });
});
