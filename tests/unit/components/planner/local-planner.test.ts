/**
 * The planner page's send (components/planner/local-planner.ts): planner requests answered by the page's own
 * engine (here a real PlannerService over the same fake-indexeddb the background writes, behind a Worker
 * stand-in that posts asynchronously like a real one), the rest and every failure by the background.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlannerAnswerer } from '../../../../lib/background/index.ts';
import type { Response } from '../../../../lib/messages.ts';
import { PlannerService, type PlannedRoutes } from '../../../../lib/planner/service.ts';
import { plannerDepsFromStore } from '../../../../lib/store/planner-deps.ts';
import { parseEngineWorkerRequest } from '../../../../components/planner/engine-protocol.ts';
import { createLocalPlanner, type WorkerLike } from '../../../../components/planner/local-planner.ts';
import { seededToulouseBackground } from '../../planner/fixture.ts';
import { userCamera } from '../../store/toulouse-fixture.ts';

const FROM: [number, number] = [1.456, 43.609];
const TO: [number, number] = [1.462, 43.606];
const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

async function setUp() {
  const factory = new IDBFactory();
  const bg = await seededToulouseBackground(factory);
  closers.push(() => bg.close());
  const backgroundTypes: string[] = [];
  const background = (message: unknown) => {
    backgroundTypes.push((message as { type: string }).type);
    return bg.handle(message);
  };
  return { factory, bg, background, backgroundTypes };
}

/** A Worker stand-in running the worker's own code path (entrypoints/planner-engine.ts) over `factory`. */
function engineWorker(factory: IDBFactory): WorkerLike & { fail(): void } {
  const planner = new PlannerService(plannerDepsFromStore(factory));
  const answer = createPlannerAnswerer(planner);
  const listeners: Record<string, Array<(event: { data?: unknown }) => void>> = { message: [], error: [] };
  let dead = false;
  return {
    postMessage(data) {
      setTimeout(() => {
        const request = parseEngineWorkerRequest(data);
        if (dead || !request) return;
        if (request.kind === 'changed') return planner.camerasChanged();
        void answer(request.message).then((value) => {
          if (!dead) for (const l of listeners.message) l({ data: { id: request.id, answer: value } });
        });
      }, 0);
    },
    addEventListener(type, listener) {
      listeners[type].push(listener);
    },
    terminate() {
      dead = true;
    },
    fail() {
      dead = true;
      for (const l of listeners.error) l({});
    },
  };
}

const value = <T>(answer: unknown): T => {
  const a = answer as Response<T>;
  if (!a.ok) throw new Error(a.error.message);
  return a.value;
};

describe("the planner page's own engine", () => {
  it('answers routes exactly as the background does, without asking it', async () => {
    const { factory, bg, background, backgroundTypes } = await setUp();
    const local = createLocalPlanner(background, () => engineWorker(factory));
    const own = value<PlannedRoutes>(await local.send({ type: 'route', from: FROM, to: TO }));
    expect(backgroundTypes).toEqual([]);
    expect(local.served).toBe(1);
    const theirs = value<PlannedRoutes>(await bg.handle({ type: 'route', from: FROM, to: TO }));
    for (const alt of ['shortest', 'balanced', 'discreet'] as const) {
      expect(own[alt].coordinates).toEqual(theirs[alt].coordinates);
      expect(own[alt].exposure).toEqual(theirs[alt].exposure);
    }
    // Anything else is the background's, and a bad planner request gets the same clear error.
    expect(value(await local.send({ type: 'settings/get' }))).toMatchObject({ overlayEnabled: expect.any(Boolean) });
    expect(backgroundTypes).toEqual(['settings/get']);
    expect(await local.send({ type: 'route', from: [999, 0], to: TO })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('hears of a camera the page added through the background before it plans again', async () => {
    const { factory, background } = await setUp();
    const local = createLocalPlanner(background, () => engineWorker(factory));
    const before = value<PlannedRoutes>(await local.send({ type: 'route', from: FROM, to: TO }));
    const mid = before.shortest.coordinates[Math.floor(before.shortest.coordinates.length / 2)];
    await local.send({ type: 'userCameras/put', camera: userCamera(1, { lon: mid[0], lat: mid[1] }) });
    const after = value<PlannedRoutes>(await local.send({ type: 'route', from: FROM, to: TO }));
    expect(after.shortest.cameras.map((c) => c.id)).toContain('user:cam-1');
    expect(after.shortest.exposure.weighted).toBeGreaterThan(before.shortest.exposure.weighted);
  });

  it('falls back to the background when the worker crashes, cannot start, or has no walk graph', async () => {
    const { factory, background, backgroundTypes } = await setUp();
    let worker!: ReturnType<typeof engineWorker>;
    const crashing = createLocalPlanner(background, () => (worker = engineWorker(factory)));
    const pending = crashing.send({ type: 'route', from: FROM, to: TO });
    worker.fail(); // before it answered: the request is re-sent to the background
    expect(value<PlannedRoutes>(await pending).shortest.length).toBeGreaterThan(500);
    expect(backgroundTypes).toEqual(['route']);
    await crashing.send({ type: 'route', from: TO, to: FROM });
    expect(backgroundTypes).toEqual(['route', 'route']);

    const unstartable = createLocalPlanner(background, () => {
      throw new Error('no Worker here');
    });
    expect(value<PlannedRoutes>(await unstartable.send({ type: 'route', from: FROM, to: TO })).shortest.length).toBeGreaterThan(500);

    // A worker whose store holds no graph yet (a first install still seeding): the background answers.
    const empty = createLocalPlanner(background, () => engineWorker(new IDBFactory()));
    const answer = value<PlannedRoutes>(await empty.send({ type: 'route', from: FROM, to: TO }));
    expect(answer.shortest.length).toBeGreaterThan(500);
    expect(empty.served).toBe(0);
    expect(backgroundTypes.filter((t) => t === 'route')).toHaveLength(4);
  });
});
