/**
 * A woken worker's first planner request starts reading and decoding its graph before the catalogue is
 * complete (lib/planner/prepare.ts, `PlannerEngines.prepareAt`): the answer must be the one a planner without
 * the early read gives, and a dataset changed while the early read was in flight must never be served from it.
 */
import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import type { PlannerServiceDeps, StoredGraphInfo } from '../../../lib/planner/engines.ts';
import { PlannerService, type PlannedRoutes } from '../../../lib/planner/service.ts';
import { graphHeaderBBox } from '../../../lib/store/planner-deps.ts';
import { bundledCameras, toulouseGraphBytes } from './fixture.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const REQUEST = { from: [1.444, 43.6045] as [number, number], to: [1.4335, 43.5985] as [number, number], alpha: 2 };
const bytes = toulouseGraphBytes();
const bbox = graphHeaderBBox(bytes)!;

/** A store holding the Toulouse graph at `state.version`; `gate` (when set) holds every graph read. */
function store(state: { version: string; gate?: Promise<void>; unreadable?: string }) {
  const cameras: Camera[] = bundledCameras();
  const reads: string[] = [];
  const deps: PlannerServiceDeps = {
    listGraphs: async () => [{ datasetId: 'toulouse', version: state.version, label: 'Toulouse', bundled: true, bbox } as StoredGraphInfo],
    loadGraph: async () => {
      const version = state.version; // what the store holds when the read begins
      reads.push(version);
      await state.gate;
      const copy = version === state.unreadable ? new Uint8Array(200) : bytes.slice();
      return { version, bytes: copy.buffer };
    },
    loadCameras: async () => cameras,
    loadDatasetCameras: async () => cameras,
  };
  return { deps, reads };
}

const essentials = (r: PlannedRoutes) =>
  (['shortest', 'balanced', 'discreet'] as const).map((k) => [
    r[k].length.toFixed(4),
    r[k].cost.toFixed(4),
    JSON.stringify(r[k].coordinates),
    JSON.stringify(r[k].cameras),
  ]);

describe('the early graph read of a woken planner', () => {
  it('a route asked while the early read is in flight takes it and answers as without it', async () => {
    const plain = new PlannerService(store({ version: '1' }).deps);
    const expected = essentials(await plain.route(REQUEST));

    const gate = deferred();
    const s = store({ version: '1', gate: gate.promise });
    const early = new PlannerService(s.deps);
    early.prepare({ type: 'route', ...REQUEST });
    const answer = early.route(REQUEST);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.reads).toEqual(['1']); // the early read is the only one, in flight
    gate.resolve();
    expect(essentials(await answer)).toEqual(expected);
    expect(s.reads).toEqual(['1']);
    expect(early.engineLoads.at(-1)).toMatchObject({ datasetId: 'toulouse', early: true });
    // Once the engine is loaded, another request reads nothing ahead.
    early.prepare({ type: 'route', ...REQUEST });
    await early.route(REQUEST);
    expect(s.reads).toEqual(['1']);
  });

  it('a dataset changed during the early read is read again: the old record is never served', async () => {
    const gate = deferred();
    // Version 2's record does not decode: a request served from it answers bad-graph, one served from the early
    // read of version 1 would answer routes.
    const state: { version: string; gate?: Promise<void>; unreadable?: string } = { version: '1', gate: gate.promise, unreadable: '2' };
    const s = store(state);
    const service = new PlannerService(s.deps);
    service.prepare({ type: 'route', ...REQUEST });
    await new Promise((r) => setTimeout(r, 0));
    expect(s.reads).toEqual(['1']);
    state.version = '2';
    service.camerasChanged(); // the store's dataset/changed broadcast
    const answer = service.route(REQUEST);
    gate.resolve();
    await expect(answer).rejects.toMatchObject({ code: 'bad-graph' });
    expect(s.reads).toEqual(['1', '2']);
  });

  it('a warm-up reads ahead the graph of its view; points outside every graph read nothing', async () => {
    const s = store({ version: '1' });
    const service = new PlannerService(s.deps);
    service.prepare({ type: 'route', from: [2.35, 48.85], to: [2.36, 48.86] });
    await new Promise((r) => setTimeout(r, 0));
    expect(s.reads).toEqual([]);
    service.prepare({ type: 'planner/warm', bbox: { west: 1.43, south: 43.59, east: 1.46, north: 43.61 } });
    expect(await service.warm({ bbox: { west: 1.43, south: 43.59, east: 1.46, north: 43.61 } })).toEqual({
      datasetId: 'toulouse',
      engine: 'built',
    });
    expect(s.reads).toEqual(['1']);
    expect(service.engineLoads.at(-1)?.early).toBe(true);
  });
});
