/**
 * The wall source travels with the data: the bundled graph is stored with its inferred walls, a downloaded
 * area with buildings records `mapped` and without `inferred`, old records read as `none`, and the planner
 * re-scores with the stored walls (re-scored edges agree with the pipeline's).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import { readOsmPbf } from '../../../lib/sources/osm-pbf.ts';
import { buildAreaGraph } from '../../../lib/store/area-graph.ts';
import { openAngleMortDB, seedBundledDataset, StoreError, type AngleMortDB } from '../../../lib/store/index.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { EXPOSURE_STRIDE } from '../../../lib/network/walk-graph.ts';
import { PlanningEngine } from '../../../lib/planner/engine.ts';
import { decodeWalls, storedWallIndex, wallSourceOf } from '../../../lib/walls/index.ts';
import { freshFactory, toulouseBundle } from '../store/toulouse-fixture.ts';
import { MONACO_PBF, sharedFile } from '../../shared-data.ts';

const opened: AngleMortDB[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const monaco = readOsmPbf(sharedFile(MONACO_PBF));
const monacoCameras = camerasFromOsm(monaco, { source: 'osm' }).cameras;

describe('wall source in the store', () => {
  it('a downloaded area with buildings uses them (mapped); without, walls are inferred from its streets', () => {
    const mapped = buildAreaGraph(monaco, monacoCameras);
    expect(mapped.wallSource).toBe('mapped');
    expect(decodeWalls(mapped.walls!).length).toBeGreaterThan(1000);
    const noBuildings = { ...monaco, ways: monaco.ways.filter((w) => w.tags?.building === undefined), relations: [] };
    const inferred = buildAreaGraph(noBuildings, monacoCameras);
    expect(inferred.wallSource).toBe('inferred');
    expect(decodeWalls(inferred.walls!).length).toBeGreaterThan(50);
  });

  it('the bundled graph is stored with its walls and wall source; a broken wall layer writes nothing', async () => {
    const db = await openAngleMortDB(freshFactory());
    opened.push(db);
    const area = buildAreaGraph(
      { ...monaco, ways: monaco.ways.filter((w) => w.tags?.building === undefined), relations: [] },
      monacoCameras,
    );
    await expect(
      seedBundledDataset(db, toulouseBundle(), area.bytes, new Date(), { bytes: new ArrayBuffer(20), source: 'inferred' }),
    ).rejects.toBeInstanceOf(StoreError);
    expect(await db.get('datasets', 'toulouse')).toBeUndefined();
    await seedBundledDataset(db, toulouseBundle(), area.bytes, new Date(), { bytes: area.walls, source: 'inferred' });
    const graph = await db.get('graphs', 'toulouse');
    expect(graph?.wallSource).toBe('inferred');
    expect(decodeWalls(graph!.walls!)).toEqual(decodeWalls(area.walls!));
    expect((await db.get('datasets', 'toulouse'))?.wallSource).toBe('inferred');
  });

  it('records written before walls existed read as none', () => {
    expect(wallSourceOf(undefined)).toBe('none');
    expect(wallSourceOf('mapped')).toBe('mapped');
    expect(wallSourceOf('bogus')).toBe('none');
  });

  it("re-scoring with the stored walls gives back the pipeline's exposure; without them it would not", () => {
    const noBuildings = { ...monaco, ways: monaco.ways.filter((w) => w.tags?.building === undefined), relations: [] };
    const area = buildAreaGraph(noBuildings, monacoCameras);
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
