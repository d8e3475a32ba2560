/**
 * The wall source travels with the data: the bundled graph is stored with its inferred walls (a corrupt
 * walls.bin costs nothing else: the graph is stored with walls none and a warning), a downloaded
 * area with buildings records `mapped` and without `inferred`, old records read as `none`, and the planner
 * re-scores with the stored walls (re-scored edges agree with the pipeline's).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { buildAreaGraph } from '../../../lib/store/area-graph.ts';
import { openAngleMortDB, seedBundledDataset, type AngleMortDB } from '../../../lib/store/index.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { EXPOSURE_STRIDE } from '../../../lib/network/walk-graph.ts';
import { PlanningEngine } from '../../../lib/planner/engine.ts';
import { decodeWalls, encodeWallRings, storedWallIndex, wallSourceOf } from '../../../lib/walls/index.ts';
import { createBackground } from '../../../lib/background/index.ts';
import { BUNDLE_GRAPH_PATH, BUNDLE_WALLS_PATH } from '../../../lib/store/service.ts';
import { SEED_FAILURE_KEY } from '../../../lib/store/schema.ts';
import type { StoreStatus } from '../../../lib/store/types.ts';
import { freshFactory, toulouseBundle } from '../store/toulouse-fixture.ts';
import { MONACO_PBF, sharedFile } from '../../shared-data.ts';

const opened: AngleMortDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const monaco = readOsmPbf(sharedFile(MONACO_PBF));
const monacoCameras = camerasFromOsm(monaco, { source: 'osm' }).cameras;
const noBuildings = { ...monaco, ways: monaco.ways.filter((w) => w.tags?.building === undefined), relations: [] };
/** Monaco's graph with walls inferred from its streets, built once (a few seconds). */
const inferredArea = buildAreaGraph(noBuildings, monacoCameras);

/** A valid version 2 layer with its first ring's kind byte set to one no reader knows. */
function corruptKind(): ArrayBuffer {
  const bytes = encodeWallRings({
    rings: [
      [
        [7.42, 43.73],
        [7.421, 43.73],
        [7.421, 43.731],
      ],
    ],
    lines: [
      [
        [7.42, 43.74],
        [7.421, 43.74],
      ],
    ],
  });
  new Uint8Array(bytes)[12 + 4 * 3] = 9;
  return bytes;
}

describe('wall source in the store', () => {
  it('a downloaded area with buildings uses them (mapped); without, walls are inferred from its streets', () => {
    const mapped = buildAreaGraph(monaco, monacoCameras);
    expect(mapped.wallSource).toBe('mapped');
    expect(decodeWalls(mapped.walls!).length).toBeGreaterThan(1000);
    const inferred = inferredArea;
    expect(inferred.wallSource).toBe('inferred');
    expect(decodeWalls(inferred.walls!).length).toBeGreaterThan(50);
  });

  it('the bundled graph is stored with its walls and wall source', async () => {
    const db = await openAngleMortDB(freshFactory());
    opened.push(db);
    const area = inferredArea;
    const seeded = await seedBundledDataset(db, toulouseBundle(), area.bytes, new Date(), { bytes: area.walls, source: 'inferred' });
    expect(seeded.warnings).toEqual([]);
    const graph = await db.get('graphs', 'toulouse');
    expect(graph?.wallSource).toBe('inferred');
    expect(decodeWalls(graph!.walls!)).toEqual(decodeWalls(area.walls!));
    expect((await db.get('datasets', 'toulouse'))?.wallSource).toBe('inferred');
  });

  it.each([
    ['cut short', (w: ArrayBuffer) => w.slice(0, 20)],
    ['not a wall layer', (w: ArrayBuffer) => new Uint8Array(w.byteLength).fill(0x41).buffer],
    ['an unknown ring kind', () => corruptKind()],
  ])('a corrupt walls.bin (%s) loses nothing else: the graph is stored with walls none, and a warning', async (_, corrupt) => {
    const db = await openAngleMortDB(freshFactory());
    opened.push(db);
    const area = inferredArea;
    const bundle = toulouseBundle();
    const seeded = await seedBundledDataset(db, bundle, area.bytes, new Date(), { bytes: corrupt(area.walls!), source: 'inferred' });
    expect(seeded.status).toBe('seeded');
    expect(seeded.warnings).toHaveLength(1);
    expect(seeded.warnings[0]).toMatch(
      /^walls\.bin is unreadable \(wall layer: .+\): the walk graph is stored without walls \(wall source none\)\.$/,
    );
    const graph = await db.get('graphs', 'toulouse');
    expect(new Uint8Array(graph!.bytes)).toEqual(new Uint8Array(area.bytes!));
    expect(graph?.wallSource).toBe('none');
    expect(graph?.walls).toBeUndefined();
    const record = await db.get('datasets', 'toulouse');
    expect(record).toMatchObject({
      wallSource: 'none',
      wallsUnreadable: expect.stringMatching(/^wall layer: /),
      hasGraph: true,
      cameraCount: bundle.cameras.length,
    });
    expect(await db.countFromIndex('cameras', 'byDatasetId', 'toulouse')).toBe(bundle.cameras.length);
    expect(await db.get('settings', SEED_FAILURE_KEY)).toBeUndefined();
  });

  it('the background seeds a bundle whose walls.bin is corrupt, and says so in its status, after a wake-up too', async () => {
    const area = inferredArea;
    const factory = freshFactory();
    const start = () =>
      createBackground({
        factory,
        readText: async () => JSON.stringify(toulouseBundle()),
        readBinary: async (path) =>
          path === BUNDLE_GRAPH_PATH ? area.bytes!.slice(0) : path === BUNDLE_WALLS_PATH ? area.walls!.slice(0, 40) : undefined,
        broadcast: async () => undefined,
      });
    const statusOf = async (background: ReturnType<typeof start>) => {
      const answer = await background.handle({ type: 'status' });
      expect(answer.ok).toBe(true);
      return (answer as { value: StoreStatus }).value;
    };
    const first = start();
    try {
      const status = await statusOf(first);
      expect(status).toMatchObject({ state: 'ready', lastSeed: 'seeded', lastError: null });
      expect(status.dataset?.wallSource).toBe('none');
      expect(status.dataset?.wallsUnreadable).toMatch(/^wall layer: /);
    } finally {
      first.close();
    }
    // A woken service worker finds the same version stored and seeds nothing: the reason is still there.
    const woken = start();
    try {
      const status = await statusOf(woken);
      expect(status.lastSeed).toBe('unchanged');
      expect(status.dataset?.wallsUnreadable).toMatch(/^wall layer: /);
    } finally {
      woken.close();
    }
  });

  it('records written before walls existed read as none', () => {
    expect(wallSourceOf(undefined)).toBe('none');
    expect(wallSourceOf('mapped')).toBe('mapped');
    expect(wallSourceOf('bogus')).toBe('none');
  });

  it("re-scoring with the stored walls gives back the pipeline's exposure; without them it would not", () => {
    const area = inferredArea;
    const stored = decodeWalkGraph(new Uint8Array(area.bytes!));
    const buildings = storedWallIndex(area.walls!, 'inferred');
    // scoredWith: [] makes the engine re-score every camera's edges from scratch.
    const withWalls = PlanningEngine.fromBytes(area.bytes!, monacoCameras, { scoredWith: [], exposure: { buildings } });
    const without = PlanningEngine.fromBytes(area.bytes!, monacoCameras, { scoredWith: [] });
    let maxDiff = 0;
    let seenStored = 0;
    let seenWithout = 0;
    for (let e = 0; e < stored.edgeCount; e++) {
      for (let k = 0; k < 3; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(withWalls.graph.exposure[e * EXPOSURE_STRIDE + k] - stored.exposure[e * EXPOSURE_STRIDE + k]));
        seenStored += stored.exposure[e * EXPOSURE_STRIDE + k];
        seenWithout += without.graph.exposure[e * EXPOSURE_STRIDE + k];
      }
    }
    expect(maxDiff).toBeLessThan(0.01);
    expect(seenWithout).toBeGreaterThan(seenStored * 1.02);
  });
});
