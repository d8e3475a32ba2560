/**
 * The date an import is stored with (issue #11): the file's header timestamp, else its newest element's, else
 * the import day; it is what the dataset list shows as "data of". Real Porto PBF from ../shared/data, its
 * header-less variant built in memory. fake-indexeddb stands in for IndexedDB.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { planImport } from '../../../lib/import/index.ts';
import { openAngleMortDB } from '../../../lib/store/db.ts';
import { listDatasets } from '../../../lib/store/datasets.ts';
import { commitImportPlan } from '../../../lib/store/import-commit.ts';
import { PORTO_PBF, sharedFile } from '../../shared-data.ts';
import { pbfWithoutHeaderTimestamp } from '../sources/pbf-header.ts';

const IMPORT_DAY = new Date('2026-11-29T12:00:00Z');

async function commitFile(name: string, bytes: Uint8Array) {
  const plan = planImport({ name, bytes }, []);
  if (plan.kind !== 'cameras') throw new Error('expected a camera plan');
  const db = await openAngleMortDB(new IDBFactory());
  try {
    const { record } = await commitImportPlan(db, plan, { now: IMPORT_DAY });
    const listing = (await listDatasets(db)).find((d) => d.id === record.id)!;
    return { record, listing, cameras: plan.toAdd };
  } finally {
    db.close();
  }
}

describe('the stored date of an import', () => {
  const porto = new Uint8Array(sharedFile(PORTO_PBF));

  it('Porto 2020 with its header: the header date (2020-07-20)', async () => {
    const { record, listing } = await commitFile('porto.osm.pbf', porto);
    expect(record.generatedAt).toBe('2020-07-20T10:27:03.000Z');
    expect(record.sources[0].date).toBe('2020-07-20');
    expect(listing.dataDate).toBe('2020-07-20');
  });

  it('Porto 2020 without its header timestamp: its newest element (2020-07-19), not the import day', async () => {
    const { record, listing, cameras } = await commitFile('porto.osm.pbf', pbfWithoutHeaderTimestamp(porto));
    expect(record.generatedAt).toBe('2020-07-19T18:56:07.000Z');
    expect(cameras.length).toBeGreaterThan(0);
    expect(cameras.every((c) => c.sourceDate === '2020-07-19')).toBe(true);
    expect(record.sources[0].date).toBe('2020-07-19');
    expect(record.undated).toBeUndefined();
    expect(listing.dataDate).toBe('2020-07-19');
  });

  it('an OSM file with no valid timestamp anywhere: undated, stored on the import day', async () => {
    const text = `<?xml version="1.0"?><osm version="0.6"><meta osm_base="bad"/>
<node id="1" lat="41.15" lon="-8.61" timestamp="garbage"><tag k="man_made" v="surveillance"/></node></osm>`;
    const { record, listing, cameras } = await commitFile('one.osm', new TextEncoder().encode(text));
    expect(record.generatedAt).toBe(IMPORT_DAY.toISOString());
    // A malformed header is not copied onto the cameras either (it used to make the commit fail).
    expect(cameras[0].sourceDate).toBeUndefined();
    // The import day is kept as when it was produced/stored, never shown as "data of": the data has no date.
    expect(record.undated).toBe(true);
    expect(record.sources[0].date).toBeUndefined();
    expect(listing.dataDate).toBeNull();
    expect(listing.installedAt).toBe(IMPORT_DAY.toISOString());
  });
});
