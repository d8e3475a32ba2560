/**
 * Helpers for the options-page browser tests: a CORS-enabled scripted Overpass stand-in, the real Monaco
 * extract as an Overpass answer, and in-page readers of the extension's IndexedDB and browser.storage.
 */
import { CORS, startLocalOverpass, type Handler, type LocalOverpass, type RecordedRequest } from '../unit/sources/local-overpass.ts';
import type { Page } from 'playwright-core';
import { readOsmPbf } from '../../lib/sources/osm-pbf.ts';
import { MONACO_PBF, sharedFile } from '../shared-data.ts';

export { CORS, json, status, type Handler } from '../unit/sources/local-overpass.ts';
export type RecordedQuery = RecordedRequest;
export type OverpassStandIn = LocalOverpass;
/** The scripted, CORS-enabled Overpass stand-in shared with the client's unit tests. */
export const startOverpassStandIn = startLocalOverpass;

/** Never answers: the client's time-out must fire. */
export const hang: Handler = () => undefined;

/** Streams `megabytes` MB of a JSON answer that never ends (no Content-Length): the byte cap must stop it. */
export const endless =
  (megabytes: number): Handler =>
  (_req, res) => {
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
    res.write('{"version":0.6,"elements":[');
    const chunk = Buffer.from(`${'{"type":"node","id":1,"lat":43.7,"lon":7.4},'.repeat(1000)}`);
    let sent = 0;
    const pump = () => {
      while (sent < megabytes * 1_000_000) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end('{"type":"node","id":2,"lat":43.7,"lon":7.4}]}');
    };
    res.on('error', () => undefined);
    pump();
  };

/**
 * The real Monaco extract (../shared/data/monaco/monaco-2019.osm.pbf) as the Overpass answer to an area
 * query with cameras, walkable ways and buildings: every camera node, every highway and building way, and
 * every node they use. ~11k nodes, ~3k ways.
 */
export function monacoAreaAnswer(): string {
  const osm = readOsmPbf(new Uint8Array(sharedFile(MONACO_PBF)));
  const ways = osm.ways.filter((w) => w.tags?.highway || w.tags?.building || w.tags?.man_made === 'surveillance');
  const ids = new Set<number>();
  for (const w of ways) for (const id of w.nodeIds) ids.add(id);
  for (const n of osm.nodes.values()) if (n.tags?.man_made === 'surveillance' || n.tags?.highway === 'speed_camera') ids.add(n.id);
  const elements: unknown[] = [];
  for (const id of ids) {
    const n = osm.nodes.get(id);
    if (n) elements.push({ type: 'node', id, lat: n.lat, lon: n.lon, ...(n.tags ? { tags: n.tags } : {}) });
  }
  for (const w of ways) elements.push({ type: 'way', id: w.id, nodes: w.nodeIds, ...(w.tags ? { tags: w.tags } : {}) });
  return JSON.stringify({
    version: 0.6,
    generator: 'angle-mort e2e (Monaco 2019 extract)',
    osm3s: { timestamp_osm_base: '2019-09-30T20:00:00Z' },
    elements,
  });
}

export interface StoreListing {
  databases: string[];
  version: number;
  /** Per store: key count and every key (as JSON). */
  stores: Record<string, { count: number; keys: string[] }>;
  /** Cameras per dataset id. */
  camerasByDataset: Record<string, number>;
  extensionStorage: { local: Record<string, unknown>; session: Record<string, unknown>; sync: Record<string, unknown> };
}

declare const chrome: {
  storage: Record<
    'local' | 'session' | 'sync',
    { get(keys: null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> }
  >;
};

/** Lists the contents of every IndexedDB database and browser.storage area of the extension (from one of its pages). */
export async function listStorage(page: Page): Promise<StoreListing> {
  return page.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) => new Promise<T>((ok, ko) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => ko(r.error))));
    const databases = (await indexedDB.databases()).map((d) => d.name ?? '').sort();
    const open = indexedDB.open('angle-mort');
    const db = await new Promise<IDBDatabase>(
      (ok, ko) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => ko(open.error))),
    );
    const names = [...db.objectStoreNames].sort();
    const tx = db.transaction(names);
    const stores: Record<string, { count: number; keys: string[] }> = {};
    for (const name of names) {
      const keys = await req(tx.objectStore(name).getAllKeys());
      stores[name] = { count: keys.length, keys: name === 'cameras' ? [] : keys.map((k) => JSON.stringify(k)) };
    }
    const camerasByDataset: Record<string, number> = {};
    for (const key of (await req(tx.objectStore('cameras').getAllKeys())) as unknown as Array<[string, string]>) {
      camerasByDataset[key[0]] = (camerasByDataset[key[0]] ?? 0) + 1;
    }
    const version = db.version;
    db.close();
    const extensionStorage = {
      local: await chrome.storage.local.get(null),
      session: await chrome.storage.session.get(null),
      sync: await chrome.storage.sync.get(null),
    };
    return { databases, version, stores, camerasByDataset, extensionStorage };
  });
}

/**
 * A deterministic dump of the whole `angle-mort` database, read in the page (the same rules as
 * lib/store's dumpStore: stores by name, [key, value] in key order, object keys sorted, bytes as hex).
 */
export async function dumpDatabase(page: Page): Promise<string> {
  return readDatabase(page, false);
}

/**
 * SHA-256 of the whole `angle-mort` database, computed in the page (the rules of `dumpDatabase`: stores by name, [key, value] in key order, object keys sorted; byte buffers by their own
 * SHA-256). Equal digests = the store is unchanged, without moving megabytes over the DevTools protocol.
 */
export async function databaseDigest(page: Page): Promise<string> {
  return readDatabase(page, true);
}

/** One walk over the database for both: the dump's text, or (`digest`) its SHA-256 with buffers hashed apart. */
function readDatabase(page: Page, digest: boolean): Promise<string> {
  return page.evaluate(async (digest) => {
    const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const req = <T>(r: IDBRequest<T>) => new Promise<T>((ok, ko) => ((r.onsuccess = () => ok(r.result)), (r.onerror = () => ko(r.error))));
    const buffers: ArrayBuffer[] = [];
    const stable = (v: unknown): string => {
      if (v instanceof ArrayBuffer) return digest ? `{"$buf":${buffers.push(v) - 1}}` : JSON.stringify({ $bytes: hex(v) });
      if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        return `{${Object.keys(o)
          .filter((k) => o[k] !== undefined)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
          .join(',')}}`;
      }
      return JSON.stringify(v) ?? 'null';
    };
    const open = indexedDB.open('angle-mort');
    const db = await new Promise<IDBDatabase>(
      (ok, ko) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => ko(open.error))),
    );
    const names = [...db.objectStoreNames].sort();
    const tx = db.transaction(names);
    const parts: string[] = [];
    for (const name of names) {
      const store = tx.objectStore(name);
      const [keys, values] = await Promise.all([req(store.getAllKeys()), req(store.getAll())]);
      parts.push(`${JSON.stringify(name)}:${stable(keys.map((k, i) => [k, values[i]]))}`);
    }
    const version = db.version;
    db.close();
    if (!digest) return `{"version":${version},"stores":{${parts.join(',')}}}`;
    const bufHashes = await Promise.all(buffers.map(async (b) => hex(await crypto.subtle.digest('SHA-256', b))));
    const text = `${parts.join(',')}|${bufHashes.join(',')}`;
    return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  }, digest);
}

/**
 * Records every `data-state` the options page's `.run-state` line takes, in the page (a MutationObserver), so a
 * state shown for a fraction of a second (a test build's short back-off) is not missed between two polls.
 * Returns the reader of the states seen since.
 */
export async function recordRunStates(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __runStates: string[] }).__runStates = seen;
    const note = () => {
      const state = document.querySelector('.run-state')?.getAttribute('data-state');
      if (state && seen.at(-1) !== state) seen.push(state);
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-state'],
    });
    note();
  });
  return () => page.evaluate(() => (window as unknown as { __runStates: string[] }).__runStates.slice());
}
