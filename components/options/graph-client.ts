/** Runs lib/store/area-graph.ts in a dedicated Web Worker, one worker per build (terminated afterwards). */
import type { GraphBuilder } from '../../lib/store/area-download.ts';
import type { WallSource } from '../../lib/walls/index.ts';

export const buildGraphInWorker: GraphBuilder = (osm, cameras) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./graph-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (
      event: MessageEvent<{ ok: boolean; bytes?: ArrayBuffer; walls?: ArrayBuffer; wallSource?: WallSource; message?: string }>,
    ) => {
      worker.terminate();
      const { bytes, walls, wallSource } = event.data;
      if (event.data.ok) resolve(bytes ? { bytes, ...(walls ? { walls } : {}), ...(wallSource ? { wallSource } : {}) } : undefined);
      else reject(new Error(`Walk graph build failed: ${event.data.message}`));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`Walk graph worker failed: ${event.message}`));
    };
    worker.postMessage({ osm, cameras });
  });
