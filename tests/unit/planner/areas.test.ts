/**
 * The planner uses every stored walk graph: the bundled Toulouse graph and a downloaded area (the real
 * Monaco 2019 extract, stored as `overpass:test` the way lib/store/area-download.ts stores a download),
 * on fake-indexeddb with the background's wiring. A new, changed or deleted area counts at the next request.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import type { BBox, LonLat } from '../../../lib/geo/index.ts';
import type { Response } from '../../../lib/messages.ts';
import type { AreaReport } from '../../../lib/area/report.ts';
import { createBackground, type BackgroundDeps } from '../../../lib/background/index.ts';
import { ENGINE_MEMORY_BUDGET_BYTES } from '../../../lib/planner/engines.ts';
import type { PlannedRoutes } from '../../../lib/planner/service.ts';
import { graphHeaderBBox } from '../../../lib/store/planner-deps.ts';
import type { StreetMatch, StreetsInBBox } from '../../../lib/planner/streets.ts';
import { buildAreaGraph } from '../../../lib/store/area-graph.ts';
import { commitDataset } from '../../../lib/store/datasets.ts';
import { openAngleMortDB } from '../../../lib/store/db.ts';
import { MONACO_CASINO, MONACO_PALACE, monacoArea, osmWithin, ROOT, toulouseGraphBytes } from './fixture.ts';

const TOULOUSE_FROM: LonLat = [1.456, 43.609];
const TOULOUSE_TO: LonLat = [1.462, 43.606];
/** Monte-Carlo, inside the smaller `import:monte-carlo` area too. */
const MONTE_CARLO_FROM: LonLat = [7.4245, 43.7375];
const MONTE_CARLO_BOX: BBox = { west: 7.418, south: 43.734, east: 7.436, north: 43.745 };
const T0 = Date.parse('2026-06-01T10:00:00Z');
const closers: Array<() => void> = [];
afterEach(() =>
  closers.splice(0).forEach((c) => {
    c();
  }),
);

let monaco: ReturnType<typeof monacoArea>;
beforeAll(() => {
  monaco = monacoArea('overpass:test');
});

function background(engineMemoryBudget?: number) {
  const factory = new IDBFactory();
  const now = () => new Date(T0);
  const graph = toulouseGraphBytes();
  const deps: BackgroundDeps = {
    factory,
    engineMemoryBudget,
    now,
    readText: async () => readFileSync(resolve(ROOT, 'data/generated/bundle/cameras.json'), 'utf8'),
    // graph.bin only: this bundle ships no walls.bin (a bundle without walls, wallSource 'none').
    readBinary: async (path: string) =>
      path === 'bundle/graph.bin' ? (graph.buffer.slice(graph.byteOffset, graph.byteOffset + graph.byteLength) as ArrayBuffer) : undefined,
    broadcast: async () => undefined,
  };
  const bg = createBackground(deps);
  const { store, planner } = bg;
  closers.push(() => bg.close());
  const ask = async <T>(message: unknown): Promise<T> => {
    const answer: Response<unknown> = await bg.handle(message);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    return answer.value as T;
  };
  /** Stores an area like a download does (one commit), then tells the background, like the options page. */
  const storeArea = async (
    id: string,
    origin: 'overpass' | 'import',
    cameras: readonly Camera[],
    graphBytes: ArrayBuffer,
    bbox: BBox,
    version = new Date(T0).toISOString(),
  ) => {
    await store.ready();
    const db = await openAngleMortDB(factory);
    try {
      await commitDataset(
        db,
        {
          id,
          origin,
          label: `Area ${id}`,
          version,
          bbox,
          attribution: '© OpenStreetMap contributors, ODbL 1.0',
          sources: [],
          generatedAt: new Date(T0).toISOString(),
          cameras,
          graph: graphBytes,
        },
        new Date(T0),
      );
    } finally {
      db.close();
    }
    await ask({ type: 'datasets/reload' });
  };
  return { ask, planner, storeArea, deps };
}

const route = (from: LonLat, to: LonLat) => ({ type: 'route', from, to });
const inBox = (b: BBox, [lon, lat]: LonLat) => lon >= b.west && lon <= b.east && lat >= b.south && lat <= b.north;

describe('the planner routes on every stored walk graph', () => {
  it('uses the graph that covers the points; a download counts at once; a delete removes it', async () => {
    const { ask, planner, storeArea } = background();
    const before = await ask<PlannedRoutes>(route(TOULOUSE_FROM, TOULOUSE_TO));
    expect(before.datasetId).toBe('toulouse');
    await expect(ask(route(MONACO_PALACE, MONACO_CASINO))).rejects.toMatchObject({
      code: 'outside-area',
      message: expect.stringMatching(/No stored area covers the start and the destination/),
    });

    await storeArea('overpass:test', 'overpass', monaco.cameras, monaco.graph, monaco.bbox);
    const graphs = await planner.graphs();
    expect(graphs.map((g) => g.datasetId).sort()).toEqual(['overpass:test', 'toulouse']);
    expect(graphs.find((g) => g.datasetId === 'overpass:test')?.bbox).toEqual(monaco.bbox);

    // Toulouse still plans on its own graph (the engine built before the download is kept).
    const toulouse = await ask<PlannedRoutes>(route(TOULOUSE_FROM, TOULOUSE_TO));
    expect(toulouse.datasetId).toBe('toulouse');
    expect(toulouse.shortest.length).toBeCloseTo(before.shortest.length, 6);
    expect(planner.engineBuilds).toBe(1);

    const monte = await ask<PlannedRoutes>(route(MONACO_PALACE, MONACO_CASINO));
    expect(monte.datasetId).toBe('overpass:test');
    for (const r of [monte.shortest, monte.balanced, monte.discreet]) {
      expect(r.length).toBeGreaterThan(1000); // ≈ 1.6 km from the palace to the casino
      expect(r.coordinates.every((p) => inBox(monaco.bbox, p))).toBe(true);
      for (const c of r.cameras) expect(monaco.cameras.some((m) => m.id === c.id && m.lon === c.lon)).toBe(true);
    }
    expect(monte.discreet.exposure.weighted).toBeLessThanOrEqual(monte.shortest.exposure.weighted + 1e-6);
    expect(monte.snaps.every((s) => s.distance < 50)).toBe(true);
    expect(planner.loadedGraphs.sort()).toEqual(['overpass:test', 'toulouse']);

    // One end in each area: no single walk graph can plan it.
    await expect(ask(route(TOULOUSE_FROM, MONACO_CASINO))).rejects.toMatchObject({
      code: 'outside-area',
      message: expect.stringMatching(/different areas/),
    });

    await ask({ type: 'datasets/delete', id: 'overpass:test' });
    await expect(ask(route(MONACO_PALACE, MONACO_CASINO))).rejects.toMatchObject({
      code: 'outside-area',
      message: expect.stringMatching(/No stored area covers/),
    });
    expect(planner.loadedGraphs).toEqual(['toulouse']);
    expect((await ask<PlannedRoutes>(route(TOULOUSE_FROM, TOULOUSE_TO))).datasetId).toBe('toulouse');
    expect(planner.engineBuilds).toBe(2);
  });

  it("counts the user's cameras on a downloaded area's graph", async () => {
    const { ask, storeArea } = background();
    await storeArea('overpass:test', 'overpass', monaco.cameras, monaco.graph, monaco.bbox);
    const first = await ask<PlannedRoutes>(route(MONACO_PALACE, MONACO_CASINO));
    const mid = first.shortest.coordinates[Math.floor(first.shortest.coordinates.length / 2)];
    const camera: Camera = {
      id: 'user:monaco-1',
      sourceId: 'monaco-1',
      source: 'user',
      lon: mid[0],
      lat: mid[1],
      kind: 'dome',
      directions: [],
      surveillance: 'public',
      operatorType: 'public',
      confidence: 1,
    };
    await ask({ type: 'userCameras/put', camera });
    const after = await ask<PlannedRoutes>(route(MONACO_PALACE, MONACO_CASINO));
    expect(after.datasetId).toBe('overpass:test');
    expect(after.shortest.cameras.find((c) => c.id === 'user:monaco-1')).toMatchObject({ lon: mid[0], lat: mid[1] });
    expect(after.shortest.exposure.weighted).toBeGreaterThan(first.shortest.exposure.weighted);
  });

  it('prefers the smallest covering area, falls back to a wider one, and keeps engines within a memory budget', async () => {
    // 20 MiB holds Toulouse's engine (≈ 16 MiB estimated, the search's per-slot costs and both directions'
    // records counted) and both small Monaco ones.
    const { ask, planner, storeArea, deps } = background(20 * 1048576);
    const part = buildAreaGraph(
      osmWithin(monaco.osm, MONTE_CARLO_BOX),
      monaco.cameras.filter((c) => inBox(MONTE_CARLO_BOX, [c.lon, c.lat])),
    );
    const partBox = graphHeaderBBox(part.bytes!)!;
    await storeArea('overpass:test', 'overpass', monaco.cameras, monaco.graph, monaco.bbox);
    await storeArea(
      'import:monte-carlo',
      'import',
      monaco.cameras.filter((c) => inBox(partBox, [c.lon, c.lat])).slice(0, 1),
      part.bytes!,
      partBox,
    );

    // Both ends in Monte-Carlo: the smaller import plans it.
    expect((await ask<PlannedRoutes>(route(MONTE_CARLO_FROM, MONACO_CASINO))).datasetId).toBe('import:monte-carlo');
    // The palace is outside the import: the whole extract plans it.
    expect((await ask<PlannedRoutes>(route(MONACO_PALACE, MONACO_CASINO))).datasetId).toBe('overpass:test');
    expect((await ask<PlannedRoutes>(route(TOULOUSE_FROM, TOULOUSE_TO))).datasetId).toBe('toulouse');
    expect(planner.loadedGraphs).toEqual(['import:monte-carlo', 'overpass:test', 'toulouse']); // least recently used first
    expect(planner.loadedEngineBytes).toBeGreaterThan(10 * 1048576);
    expect(planner.loadedEngineBytes).toBeLessThanOrEqual(20 * 1048576);
    expect(ENGINE_MEMORY_BUDGET_BYTES).toBeGreaterThan(planner.loadedEngineBytes);
    expect(planner.engineBuilds).toBe(3);
    // A budget below Toulouse's engine alone: least recently used engines go, the one in use always stays.
    deps.engineMemoryBudget = 10 * 1048576;
    expect((await ask<PlannedRoutes>(route(MONACO_PALACE, MONACO_CASINO))).datasetId).toBe('overpass:test');
    expect(planner.loadedGraphs).toEqual(['overpass:test']);
    expect((await ask<PlannedRoutes>(route(TOULOUSE_FROM, TOULOUSE_TO))).datasetId).toBe('toulouse');
    expect(planner.loadedGraphs).toEqual(['toulouse']);
    expect(planner.engineBuilds).toBe(4);
    deps.engineMemoryBudget = 16 * 1048576;

    // Street search looks in the graph used last; streets on the map come from the graph under its centre.
    expect((await ask<StreetMatch[]>({ type: 'streets/search', query: 'allees jean jaur' }))[0]?.name).toBe('Allées Jean Jaurès');
    const monacoStreets = await ask<StreetsInBBox>({
      type: 'streets/inBBox',
      bbox: { west: 7.41, south: 43.725, east: 7.44, north: 43.75 },
      limit: 20,
    });
    expect(monacoStreets.streets.length).toBeGreaterThan(0);
    expect(planner.loadedGraphs.at(-1)).toBe('overpass:test');
    // A view inside Monte-Carlo lies in both: the smaller import draws it.
    await ask<StreetsInBBox>({ type: 'streets/inBBox', bbox: { west: 7.424, south: 43.737, east: 7.43, north: 43.741 }, limit: 20 });
    expect(planner.loadedGraphs.at(-1)).toBe('import:monte-carlo');
    await ask<StreetsInBBox>({ type: 'streets/inBBox', bbox: { west: 7.41, south: 43.725, east: 7.44, north: 43.75 }, limit: 1 });
    const found = await ask<StreetMatch[]>({ type: 'streets/search', query: 'boulevard princesse charlotte' });
    expect(found[0]?.name).toMatch(/Princesse Charlotte/);
    expect(inBox(monaco.bbox, [found[0].lon, found[0].lat])).toBe(true);
    expect(await ask<StreetsInBBox>({ type: 'streets/inBBox', bbox: { west: 2.3, south: 48.8, east: 2.4, north: 48.9 } })).toEqual({
      streets: [],
      truncated: false,
    });

    // Area reports use the area that contains them; elsewhere a clear error.
    const report = await ask<AreaReport>({ type: 'area/report', area: { kind: 'circle', center: MONACO_CASINO, radiusMetres: 120 } });
    expect(report.waysOut.length).toBeGreaterThan(0);
    expect(planner.loadedGraphs.at(-1)).toBe('import:monte-carlo');
    await expect(ask({ type: 'area/report', area: { kind: 'circle', center: [2.35, 48.85], radiusMetres: 100 } })).rejects.toMatchObject({
      code: 'outside-area',
    });
  });

  it('drops an engine whose graph was replaced by a new version', async () => {
    const { ask, planner, storeArea } = background();
    await storeArea('overpass:test', 'overpass', monaco.cameras, monaco.graph, monaco.bbox);
    await ask(route(MONACO_PALACE, MONACO_CASINO));
    expect(planner.engineBuilds).toBe(1);
    await ask({ type: 'datasets/reload' }); // nothing changed: the engine stays
    await ask(route(MONACO_PALACE, MONACO_CASINO));
    expect(planner.engineBuilds).toBe(1);
    // A refresh of the area: the same id, a new version (here a smaller graph), rebuilt at the next request.
    const part = buildAreaGraph(osmWithin(monaco.osm, MONTE_CARLO_BOX), []);
    await storeArea('overpass:test', 'overpass', [], part.bytes!, MONTE_CARLO_BOX, new Date(T0 + 86_400_000).toISOString());
    await expect(ask(route(MONACO_PALACE, MONACO_CASINO))).rejects.toMatchObject({ code: 'outside-area' });
    expect((await ask<PlannedRoutes>(route(MONTE_CARLO_FROM, MONACO_CASINO))).datasetId).toBe('overpass:test');
    expect(planner.engineBuilds).toBe(2);
  });
});

describe('graphHeaderBBox', () => {
  it("reads a graph file's area from its header, and refuses what is not a walk graph", () => {
    expect(graphHeaderBBox(monaco.graph)).toEqual(monaco.bbox);
    const t = toulouseGraphBytes();
    const box = graphHeaderBBox(t)!;
    expect(inBox(box, TOULOUSE_FROM) && inBox(box, TOULOUSE_TO)).toBe(true);
    expect(graphHeaderBBox(new Uint8Array(40))).toBeUndefined();
    expect(graphHeaderBBox(new TextEncoder().encode('x'.repeat(200)))).toBeUndefined();
    const broken = new Uint8Array(monaco.graph.slice(0));
    new DataView(broken.buffer).setFloat64(48, Number.NaN, true);
    expect(graphHeaderBBox(broken)).toBeUndefined();
  });
});
