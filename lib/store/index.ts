/** The IndexedDB store of Angle Mort (docs/store.md). Takes an `IDBFactory`; never touches globals. */
export * from './errors.ts';
export * from './schema.ts';
export * from './db.ts';
export * from './seed.ts';
export * from './records.ts';
export * from './validate.ts';
export * from './service.ts';
