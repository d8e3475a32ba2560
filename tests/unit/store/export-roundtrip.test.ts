/**
 * Export → wipe → import is lossless: every dataset of a real store (the bundled Toulouse cameras with
 * their 2012 survey enrichment, a downloaded Monaco area, the user's own cameras) exported as the options
 * page does (`camerasToGeoJson`), the store wiped, each export imported through the dry run and commit;
 * every camera field is identical except `id` and `source`, which name the import's dataset.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import { planImport } from '../../../lib/import/index.ts';
import { camerasToGeoJson, clearAllStores, commitDataset, datasetCameras, listDatasets } from '../../../lib/store/datasets.ts';
import { openAngleMortDB } from '../../../lib/store/db.ts';
import { commitImportPlan } from '../../../lib/store/import-commit.ts';
import { loadActiveCameras, putUserCamera } from '../../../lib/store/records.ts';
import { seedBundledDataset } from '../../../lib/store/seed.ts';
import { parseBundleJson } from '../../../lib/store/validate.ts';
import { monacoArea, ROOT } from '../planner/fixture.ts';
import { freshFactory, userCamera } from './toulouse-fixture.ts';

const strip = ({ id, source, ...rest }: Camera) => (void id, void source, rest);

describe('export → wipe → import', () => {
  it('keeps every camera field of every dataset', async () => {
    const db = await openAngleMortDB(freshFactory());
    await seedBundledDataset(
      db,
      parseBundleJson(readFileSync(resolve(ROOT, 'data/generated/bundle/cameras.json'), 'utf8')),
      undefined,
      new Date('2026-11-28T08:00:00Z'),
    );
    const monaco = monacoArea('overpass:7.40,43.70,7.45,43.75');
    await commitDataset(db, {
      id: 'overpass:7.40,43.70,7.45,43.75',
      origin: 'overpass',
      label: 'Monaco',
      version: 'v',
      bbox: monaco.bbox,
      attribution: '© OpenStreetMap contributors',
      sources: [],
      generatedAt: '2019-09-30T20:00:00.000Z',
      cameras: monaco.cameras,
      graph: monaco.graph,
    });
    await putUserCamera(
      db,
      userCamera(1, {
        lon: 2.35,
        lat: 48.85,
        directions: [12.5, 200],
        fov: 75,
        height: 3.2,
        mount: 'pole',
        zone: 'town',
        surveillanceType: 'camera',
        operator: 'Ville',
        expires: '2031-01-01T00:00:00.000Z',
        sourceDate: '2026-11-01',
      }),
    );

    const ids = (await listDatasets(db)).filter((d) => d.cameraCount > 0).map((d) => d.id);
    expect(ids.sort()).toEqual(['overpass:7.40,43.70,7.45,43.75', 'toulouse', 'user']);
    const originals = new Map<string, Camera[]>();
    const files = new Map<string, string>();
    for (const id of ids) {
      const cameras = await datasetCameras(db, id);
      originals.set(id, cameras);
      files.set(id, JSON.stringify(camerasToGeoJson(cameras, { exportedAt: '2026-11-29T00:00:00Z' })));
    }
    // The real data exercises the fields that used to be lost.
    const toulouse = originals.get('toulouse')!;
    expect(toulouse.some((c) => c.enrichedFrom)).toBe(true);
    expect(toulouse.some((c) => c.sourceDate)).toBe(true);
    expect(toulouse.some((c) => c.surveillanceType)).toBe(true);
    expect(new Set(toulouse.map((c) => c.confidence)).size).toBeGreaterThan(1);

    await clearAllStores(db);
    expect(await loadActiveCameras(db)).toEqual([]);

    for (const id of ids) {
      const plan = planImport({ name: `${id}.geojson`, bytes: new TextEncoder().encode(files.get(id)!) }, await loadActiveCameras(db));
      if (plan.kind !== 'cameras') throw new Error('expected cameras');
      expect(plan.rejects).toEqual([]);
      expect(plan.summary.duplicates).toBe(0);
      const { record } = await commitImportPlan(db, plan);
      const back = await datasetCameras(db, record.id);
      const before = originals.get(id)!;
      expect(back.length).toBe(before.length);
      const bySourceId = new Map(back.map((c) => [c.sourceId, c]));
      for (const c of before) {
        const got = bySourceId.get(c.sourceId);
        expect(got, c.id).toBeDefined();
        expect(strip(got!), c.id).toEqual(strip(c));
        expect(got!.source).toBe(record.id);
      }
    }
    db.close();
  }, 60_000);
});
