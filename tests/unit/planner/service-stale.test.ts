/**
 * A camera change announced while the planner service is reading the store must not be lost: requests
 * that arrive meanwhile wait for a read that starts after the change (issue 12: a second planner tab,
 * re-planning at once after a camera was added or deleted elsewhere, routed with the old camera set).
 */
import { describe, expect, it, vi } from 'vitest';
import type { StoredGraphInfo } from '../../../lib/planner/engines.ts';
import { PlannerService } from '../../../lib/planner/service.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PlannerService catalogue reads', () => {
  it('a change during a read queues one more read; requests meanwhile get the newer catalogue', async () => {
    let version = 1;
    const gates: Array<ReturnType<typeof deferred<void>>> = [];
    const service = new PlannerService({
      listGraphs: async () => {
        const seen = version; // what the store holds when this read begins
        const gate = deferred<void>();
        gates.push(gate);
        await gate.promise;
        return [
          {
            datasetId: `v${seen}`,
            version: String(seen),
            label: '',
            bbox: { west: 0, south: 0, east: 1, north: 1 },
            bundled: true,
          } as unknown as StoredGraphInfo,
        ];
      },
      loadCameras: async () => [],
      loadGraph: async () => undefined,
      loadDatasetCameras: async () => [],
    });
    const first = service.graphs();
    await new Promise((r) => setTimeout(r, 0));
    expect(gates.length).toBe(1);
    // The store changes and says so while the first read is still in flight.
    version = 2;
    service.camerasChanged();
    const second = service.graphs();
    gates[0].resolve();
    expect((await first)[0].datasetId).toBe('v1');
    await new Promise((r) => setTimeout(r, 0));
    expect(gates.length).toBe(2);
    gates[1].resolve();
    expect((await second)[0].datasetId).toBe('v2');
    // Without a change, later requests share the catalogue (no new read).
    expect((await service.graphs())[0].datasetId).toBe('v2');
    expect(gates.length).toBe(2);
  });

  it("readies the camera lists' collator while the catalogue reads are in flight (a woken worker's idle time)", async () => {
    const gate = deferred<void>();
    let readsPending = false;
    const calls: boolean[] = [];
    const spy = vi.spyOn(String.prototype, 'localeCompare').mockImplementation(function (this: string) {
      calls.push(readsPending);
      return 0;
    });
    try {
      const service = new PlannerService({
        listGraphs: async () => {
          readsPending = true;
          await gate.promise;
          readsPending = false;
          return [];
        },
        loadCameras: async () => [],
        loadGraph: async () => undefined,
        loadDatasetCameras: async () => [],
      });
      const listed = service.graphs();
      await new Promise((r) => setTimeout(r, 0));
      // Called once, synchronously after the reads were started and before they answered.
      expect(calls).toEqual([true]);
      gate.resolve();
      expect(await listed).toEqual([]);
      expect(calls).toEqual([true]);
    } finally {
      spy.mockRestore();
    }
  });
});
