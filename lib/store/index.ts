/** The IndexedDB store of Angle Mort (docs/store.md). Takes an `IDBFactory`; never touches globals. */
export * from './errors.ts';
export * from './schema.ts';
export * from './db.ts';
export * from './seed.ts';
export * from './records.ts';
export * from './validate.ts';
export * from './service.ts';
export * from './datasets.ts';
export * from './area-download.ts';
export * from './import-commit.ts';
export * from './area-graph.ts';
export * from './camera-details.ts';
