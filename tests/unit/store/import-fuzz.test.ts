/**
 * Property: whatever bytes arrive (a real file truncated, bytes overwritten, or random), an import either
 * commits a valid dataset or is refused with a typed error — and a refused import, or a failed commit,
 * leaves the store byte-for-byte unchanged (dumpStore).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  commitImportPlan,
  deleteDataset,
  dumpStore,
  openAngleMortDB,
  putUserCamera,
  StoreError,
  commitDataset,
  type AngleMortDB,
} from '../../../lib/store/index.ts';
import { planImport, ImportError, type CameraImportPlan } from '../../../lib/import/index.ts';
import { loadActiveCameras } from '../../../lib/store/records.ts';
import { freshFactory, toulouseCameras, userCamera } from './toulouse-fixture.ts';
import { toulouseCsv, toulouseGeoJsonObject, monacoXml } from '../import/real-files.ts';

let db: AngleMortDB;
beforeAll(async () => {
  db = await openAngleMortDB(freshFactory());
  await putUserCamera(db, userCamera(1));
  const some = toulouseCameras()
    .slice(100, 300)
    .map((c) => ({ ...c, source: 'import:seed', id: `import:seed:${c.sourceId}` }));
  await commitDataset(db, {
    id: 'import:seed',
    origin: 'import',
    label: 'seed',
    version: '1',
    bbox: { west: 1.2, south: 43.5, east: 1.6, north: 43.8 },
    attribution: 'OSM',
    sources: [],
    generatedAt: '2026-01-01T00:00:00Z',
    cameras: some,
  });
});
afterAll(() => db.close());

const enc = (s: string) => new TextEncoder().encode(s);
const REAL_FILES: Array<[string, Uint8Array]> = [
  ['cameras.geojson', enc(JSON.stringify(toulouseGeoJsonObject(60)))],
  ['cameras.csv', toulouseCsv(60)],
  ['monaco.osm', monacoXml(40)],
];

const mutated = fc.tuple(
  fc.integer({ min: 0, max: REAL_FILES.length - 1 }),
  fc.oneof(
    fc.record({ kind: fc.constant('none' as const) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({
      kind: fc.constant('overwrite' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
    }),
    fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 300 }) }),
  ),
);

describe('imports of mutated real files', () => {
  it('commit a valid dataset or leave the store unchanged, with typed errors only', async () => {
    let refused = 0;
    let committed = 0;
    await fc.assert(
      fc.asyncProperty(mutated, async ([fileIndex, m]) => {
        const [name, original] = REAL_FILES[fileIndex];
        let bytes: Uint8Array;
        if (m.kind === 'none') bytes = original;
        else if (m.kind === 'truncate') bytes = original.subarray(0, Math.floor(m.at * original.length));
        else if (m.kind === 'overwrite') {
          bytes = original.slice();
          bytes.set(m.bytes.subarray(0, Math.max(0, bytes.length - Math.floor(m.at * bytes.length))), Math.floor(m.at * bytes.length));
        } else bytes = m.bytes;
        const before = await dumpStore(db);
        let plan: ReturnType<typeof planImport> | undefined;
        try {
          plan = planImport({ name, bytes, importId: 'fuzz' }, await loadActiveCameras(db));
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
          refused++;
          expect((await dumpStore(db)) === before).toBe(true);
          return;
        }
        if (plan.kind !== 'cameras') return;
        try {
          await commitImportPlan(db, plan as CameraImportPlan);
        } catch (e) {
          expect(e).toBeInstanceOf(StoreError);
          refused++;
          expect((await dumpStore(db)) === before).toBe(true);
          return;
        }
        committed++;
        expect(await db.countFromIndex('cameras', 'byDatasetId', 'import:fuzz')).toBe(plan.toAdd.length);
        await deleteDataset(db, 'import:fuzz');
        expect((await dumpStore(db)) === before).toBe(true);
      }),
      { numRuns: 150, seed: 7 },
    );
    expect(refused).toBeGreaterThan(10);
    expect(committed).toBeGreaterThan(10);
  });
});
