/**
 * The planner's data across a JSON channel (lib/planner/remote-deps.ts, D96): the overlay engine frame's worker
 * reads the graph list, the cameras, the graph and its persisted tables from the background. A PlannerService
 * over those reads — every answer passed through JSON as extension messaging does — plans exactly the
 * background's routes, with the user's cameras; malformed answers and calls are refused with a clear error; the
 * data port opens only for the engine frame's page; the frame's link to it resends reads a stopped worker
 * dropped, and gives up on a port that keeps closing.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, Base64Error } from '../../../lib/base64.ts';
import { isEngineFrameSender } from '../../../lib/background/engine-deps.ts';
import type { Response } from '../../../lib/messages.ts';
import { parseDepsCall, remotePlannerDeps, RemoteDepsError, type DepsCall } from '../../../lib/planner/remote-deps.ts';
import { PlannerService, type PlannedRoutes } from '../../../lib/planner/service.ts';
import { linkEngineDeps, type HostPort } from '../../../components/planner/frame-host.ts';
import { seededToulouseBackground } from './fixture.ts';
import { userCamera } from '../store/toulouse-fixture.ts';

const FROM: [number, number] = [1.456, 43.609];
const TO: [number, number] = [1.462, 43.606];
const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

async function background() {
  const bg = await seededToulouseBackground(new IDBFactory());
  closers.push(() => bg.close());
  return bg;
}

const value = <T>(answer: unknown): T => {
  const a = answer as Response<T>;
  if (!a.ok) throw new Error(a.error.message);
  return a.value;
};

/** The frame worker's reads, through JSON as extension messaging carries them. */
const overJson =
  (answer: (raw: unknown) => Promise<Response<unknown>>, calls: string[] = []) =>
  async (call: DepsCall) => {
    calls.push(call.call);
    const a = JSON.parse(JSON.stringify(await answer(JSON.parse(JSON.stringify(call))))) as Response<unknown>;
    if (!a.ok) throw new RemoteDepsError(a.error.message);
    return a.value;
  };

describe('base64', () => {
  it('round-trips any bytes as Node encodes them, and refuses what is not base64', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 63, 64, 65, 36_865, 100_001]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 7919 + n) & 255);
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
    for (const bad of ['abc', 'ab!d', 'a===', '\u00e9AAA']) expect(() => base64ToBytes(bad)).toThrow(Base64Error);
  });
});

describe("the engine frame's planner data, read through the background", () => {
  it('plans the routes the background plans, the user camera included, and reads the graph once', async () => {
    const bg = await background();
    const before = value<PlannedRoutes>(await bg.handle({ type: 'route', from: FROM, to: TO }));
    const mid = before.shortest.coordinates[Math.floor(before.shortest.coordinates.length / 2)];
    value(await bg.handle({ type: 'userCameras/put', camera: userCamera(1, { lon: mid[0], lat: mid[1] }) }));
    const ours = value<PlannedRoutes>(await bg.handle({ type: 'route', from: FROM, to: TO }));

    const calls: string[] = [];
    const remote = new PlannerService(remotePlannerDeps(overJson(bg.answerEngineDeps, calls)));
    const theirs = await remote.route({ from: FROM, to: TO });
    expect(theirs.shortest.cameras.map((c) => c.id)).toContain('user:cam-1');
    for (const alt of ['shortest', 'balanced', 'discreet'] as const) {
      expect(theirs[alt].coordinates).toEqual(ours[alt].coordinates);
      expect(theirs[alt].exposure).toEqual(ours[alt].exposure);
      expect(theirs[alt].cameras).toEqual(ours[alt].cameras);
    }
    // Once per engine: the next route reads nothing (a stopped service worker is not woken for it).
    const read = calls.length;
    await remote.route({ from: TO, to: FROM });
    expect(calls.length).toBe(read);
    expect(calls.filter((c) => c === 'loadGraph')).toHaveLength(1);
  });

  it('refuses calls and answers of the wrong shape with a clear error', async () => {
    const bg = await background();
    for (const junk of [
      null,
      'listGraphs',
      { call: 'saveLandmarks', datasetId: 'toulouse' },
      { call: 'loadGraph' },
      { call: 'loadGraph', datasetId: '' },
    ])
      expect(parseDepsCall(junk)).toBeNull();
    expect(await bg.answerEngineDeps({ call: 'deleteEverything' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });

    const answering = (answers: Partial<Record<DepsCall['call'], unknown>>) => remotePlannerDeps(async (c) => answers[c.call]);
    await expect(answering({ listGraphs: [{ datasetId: 'x', version: '1', label: 'x', bundled: true }] }).listGraphs()).rejects.toThrow(
      /graph 0: no valid bbox/,
    );
    await expect(answering({ listGraphs: { graphs: [] } }).listGraphs()).rejects.toThrow(RemoteDepsError);
    await expect(answering({ loadCamerasByDataset: { all: [{ id: 'x' }] } }).loadCameras()).rejects.toThrow(/camera 0/);
    await expect(answering({ loadCamerasByDataset: { all: [], byDataset: [['toulouse', [3]]] } }).loadCameras()).rejects.toThrow(
      /names camera 3, which is not in the list/,
    );
    await expect(answering({ loadGraph: { version: '1', bytes: 'not base64!' } }).loadGraph('x')).rejects.toThrow(/graph: /);
    expect(await answering({ loadGraph: null }).loadGraph('x')).toBeUndefined();
    expect(await answering({ loadLandmarks: null }).loadLandmarks?.('x')).toBeUndefined();
  });

  it("opens the data port only for this extension's engine frame page", () => {
    const id = 'abcdefghijklmnopabcdefghijklmnop';
    expect(isEngineFrameSender({ id, url: `chrome-extension://${id}/engine-frame.html#0123` }, id)).toBe(true);
    // A content script (its sender is the web page), another page of ours, another extension, no sender.
    expect(isEngineFrameSender({ id, url: 'https://www.openstreetmap.org/#map=16/43.6/1.44' }, id)).toBe(false);
    expect(isEngineFrameSender({ id, url: `chrome-extension://${id}/planner.html` }, id)).toBe(false);
    expect(isEngineFrameSender({ id: 'other', url: `chrome-extension://other/engine-frame.html` }, id)).toBe(false);
    expect(isEngineFrameSender({ id, url: `chrome-extension://other/engine-frame.html` }, id)).toBe(false);
    expect(isEngineFrameSender(undefined, id)).toBe(false);
  });
});

describe("the frame's link to the data port", () => {
  function setUp() {
    const toWorker: unknown[] = [];
    let fromWorker: (event: { data?: unknown }) => void = () => undefined;
    const ports: Array<{ posted: unknown[]; answer(m: unknown): void; drop(): void }> = [];
    linkEngineDeps({ postMessage: (m) => toWorker.push(m), addEventListener: (_type, l) => (fromWorker = l) }, (): HostPort => {
      const hear: Array<(m: unknown) => void> = [];
      const drop: Array<() => void> = [];
      const record = {
        posted: [] as unknown[],
        answer: (m: unknown) => {
          for (const f of hear) f(m);
        },
        drop: () => {
          for (const f of drop) f();
        },
      };
      ports.push(record);
      return {
        postMessage: (m) => record.posted.push(m),
        onMessage: { addListener: (f) => hear.push(f) },
        onDisconnect: { addListener: (f) => drop.push(f) },
      };
    });
    return { toWorker, read: (data: unknown) => fromWorker({ data }), ports };
  }

  it('sends a read again on a new port when the service worker went away before answering', () => {
    const { toWorker, read, ports } = setUp();
    read({ kind: 'deps', id: 1, call: 'listGraphs' });
    read({ kind: 'route', id: 2 }); // not a read: ignored
    expect(ports).toHaveLength(1);
    expect(ports[0].posted).toEqual([{ id: 1, call: 'listGraphs' }]);
    ports[0].drop();
    expect(ports).toHaveLength(2);
    expect(ports[1].posted).toEqual([{ id: 1, call: 'listGraphs' }]);
    ports[1].answer({ id: 1, answer: { ok: true, value: [] } });
    ports[1].answer({ id: 1, answer: { ok: true, value: ['again'] } }); // answered already: dropped
    expect(toWorker).toEqual([{ kind: 'deps-answer', id: 1, answer: { ok: true, value: [] } }]);
    // An idle stop with nothing pending opens nothing; the next read opens a new port.
    ports[1].drop();
    expect(ports).toHaveLength(2);
    read({ kind: 'deps', id: 3, call: 'loadGraph', datasetId: 'toulouse' });
    expect(ports[2].posted).toEqual([{ id: 3, call: 'loadGraph', datasetId: 'toulouse' }]);
  });

  it('gives up with a clear error on a port that keeps closing', () => {
    const { toWorker, read, ports } = setUp();
    read({ kind: 'deps', id: 7, call: 'listGraphs' });
    ports[0].drop();
    ports[1].drop();
    ports[2].drop();
    expect(ports).toHaveLength(3);
    expect(toWorker).toEqual([
      { kind: 'deps-answer', id: 7, answer: { ok: false, error: { code: 'unreachable', message: 'The background did not answer.' } } },
    ]);
  });
});
