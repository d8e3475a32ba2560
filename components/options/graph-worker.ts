/**
 * Web Worker: builds the exposure-scored walk graph of a downloaded area off the options page's UI thread
 * (lib/store/area-graph.ts). Receives `{ osm, cameras }` (structured clone keeps the node Map), answers
 * `{ ok: true, bytes, walls, wallSource }` with the buffers transferred, or `{ ok: false, message }`.
 */
import { buildAreaGraph } from '../../lib/store/area-graph.ts';
import type { Camera } from '../../lib/cameras/types.ts';
import type { OsmData } from '../../lib/sources/osm-model.ts';

self.onmessage = (event: MessageEvent<{ osm: OsmData; cameras: Camera[] }>) => {
  try {
    const graph = buildAreaGraph(event.data.osm, event.data.cameras);
    const transfer = [graph.bytes, graph.walls].filter((b): b is ArrayBuffer => b !== undefined);
    (self as unknown as Worker).postMessage(
      { ok: true, bytes: graph.bytes, walls: graph.walls, wallSource: graph.wallSource, edges: graph.edges, nodes: graph.nodes },
      transfer,
    );
  } catch (e) {
    (self as unknown as Worker).postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
};
