/**
 * A local Overpass stand-in that answers area queries from a real extract: the Porto 2020 clip
 * (../shared/data/cities/porto-2020.osm.pbf), read at test time by the project's own PBF reader. For each
 * query it takes the `[bbox:s,w,n,e]` setting and returns what Overpass would for `buildAreaQuery`'s
 * statements: camera nodes in the box, walkable-highway and building ways with a node in the box,
 * multipolygon building relations with a member way there (and all their member ways), and every node those ways use, with the extract's timestamp. Nothing is copied into git.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readOsmPbf } from '../../lib/sources/osm-pbf.ts';
import type { OsmData } from '../../lib/sources/osm-model.ts';
import { CORS, type Handler } from '../unit/sources/local-overpass.ts';
import { PORTO_PBF, sharedPath } from '../shared-data.ts';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionSession, type StaticServer } from './harness.ts';
import { startTestPages, waitForSettledOverlay } from './overlay-helpers.ts';
import { startOverpassStandIn, type OverpassStandIn } from './options-helpers.ts';

export const PORTO_PBF_PATH = sharedPath(PORTO_PBF);

const NON_WALKABLE = new Set(['motorway', 'motorway_link', 'trunk', 'trunk_link', 'construction', 'proposed', 'raceway', 'bus_guideway']);

let porto: OsmData | null = null;
export function portoData(): OsmData {
  porto ??= readOsmPbf(new Uint8Array(readFileSync(PORTO_PBF_PATH)));
  return porto;
}

/** `[bbox:s,w,n,e]` of a query, or null. */
export function queryBBox(query: string): { south: number; west: number; north: number; east: number } | null {
  const m = /\[bbox:(-?[\d.]+),(-?[\d.]+),(-?[\d.]+),(-?[\d.]+)\]/.exec(query);
  return m ? { south: Number(m[1]), west: Number(m[2]), north: Number(m[3]), east: Number(m[4]) } : null;
}

/** The Overpass JSON answer for a box, from the Porto extract. */
export function portoAnswer(b: { south: number; west: number; north: number; east: number }): string {
  const osm = portoData();
  const inBox = (lat: number, lon: number) => lat >= b.south && lat <= b.north && lon >= b.west && lon <= b.east;
  const ids = new Set<number>();
  for (const n of osm.nodes.values()) {
    if ((n.tags?.man_made === 'surveillance' || n.tags?.highway === 'speed_camera') && inBox(n.lat, n.lon)) ids.add(n.id);
  }
  const ways = osm.ways.filter((w) => {
    const wanted = (w.tags?.highway && !NON_WALKABLE.has(w.tags.highway)) || w.tags?.building || w.tags?.man_made === 'surveillance';
    if (!wanted) return false;
    return w.nodeIds.some((id) => {
      const n = osm.nodes.get(id);
      return n !== undefined && inBox(n.lat, n.lon);
    });
  });
  // Multipolygon buildings with a member way in the box, and all their member ways (`relation["building"]
  // ["type"="multipolygon"]` then `>`).
  const wayIds = new Set(ways.map((w) => w.id));
  const byId = new Map(osm.ways.map((w) => [w.id, w]));
  const relations = (osm.relations ?? []).filter(
    (r) =>
      r.tags?.type === 'multipolygon' &&
      r.tags.building !== undefined &&
      r.members.some(
        (m) =>
          m.type === 'way' &&
          byId.get(m.ref)?.nodeIds.some((id) => {
            const n = osm.nodes.get(id);
            return n !== undefined && inBox(n.lat, n.lon);
          }),
      ),
  );
  for (const r of relations) {
    for (const m of r.members) {
      const w = m.type === 'way' ? byId.get(m.ref) : undefined;
      if (w && !wayIds.has(w.id)) {
        wayIds.add(w.id);
        ways.push(w);
      }
    }
  }
  for (const w of ways) for (const id of w.nodeIds) ids.add(id);
  const elements: unknown[] = [];
  for (const id of ids) {
    const n = osm.nodes.get(id);
    if (n) elements.push({ type: 'node', id, lat: n.lat, lon: n.lon, ...(n.tags ? { tags: n.tags } : {}) });
  }
  for (const w of ways) elements.push({ type: 'way', id: w.id, nodes: w.nodeIds, ...(w.tags ? { tags: w.tags } : {}) });
  for (const r of relations) elements.push({ type: 'relation', id: r.id, members: r.members, ...(r.tags ? { tags: r.tags } : {}) });
  return JSON.stringify({
    version: 0.6,
    generator: 'angle-mort e2e (Porto 2020 extract)',
    osm3s: { timestamp_osm_base: osm.timestamp ?? '2020-07-20T10:27:03Z' },
    elements,
  });
}

/**
 * Answers from the Porto extract for the box in `lastQuery()` (the stand-in records the query before it
 * calls the handler), streamed in chunks after `delayMs`, so a person (and the test) sees progress.
 */
export function portoHandler(lastQuery: () => string, delayMs = 600): Handler {
  return (_req: IncomingMessage, res: ServerResponse) => {
    const box = queryBBox(lastQuery());
    if (!box) {
      res.writeHead(400, CORS);
      res.end('no bbox');
      return;
    }
    const body = Buffer.from(portoAnswer(box));
    setTimeout(() => {
      res.writeHead(200, { ...CORS, 'Content-Type': 'application/json', 'Content-Length': String(body.length) });
      const step = Math.ceil(body.length / 8);
      let i = 0;
      const pump = () => {
        if (i >= body.length) return void res.end();
        res.write(body.subarray(i, i + step));
        i += step;
        setTimeout(pump, 100);
      };
      res.on('error', () => undefined);
      pump();
    }, delayMs);
  };
}

/** A JSON answer cut in the middle: the body ends early (no Content-Length, as Overpass streams). */
export function cutBody(full: string): Handler {
  return (_req, res) => {
    const body = Buffer.from(full);
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/json' });
    res.end(body.subarray(0, Math.floor(body.length / 2)));
  };
}

/** Announces a body larger than the client's 64 MiB cap. */
export function oversized(): Handler {
  return (_req, res) => {
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/json', 'Content-Length': String(100 * 1024 * 1024) });
    res.on('error', () => undefined);
    res.write('{"version":0.6,"elements":[');
  };
}

/** The Porto district both district browser tests download: the map centre, its rounded 0.05° cell, its id and box text. */
export const CENTRE = { lat: 41.144, lon: -8.611 };
export const CELL = { west: -8.65, south: 41.1, east: -8.6, north: 41.15 };
export const AREA_ID = 'overpass:-8.65,41.10,-8.60,41.15';
export const BOX_TEXT = '41.10° N to 41.15° N, 8.65° W to 8.60° W';

/** What the district browser tests share: test pages, the Overpass stand-in, Chromium, and two pages. */
export interface DistrictSession {
  pages: StaticServer;
  overpass: OverpassStandIn;
  session: ExtensionSession;
  /** An extension page (the popup), for messages and IndexedDB reads. */
  ext: Page;
  /** The offline OSM test page over Porto's Baixa at zoom 17, the overlay settled. */
  map: Page;
  close(): Promise<void>;
}

/**
 * Starts the test pages and the stand-in, launches the test build, points the Overpass endpoint (a setting,
 * Options → Advanced) at the stand-in, and opens the map over CENTRE. `onLaunch` runs on the new context
 * before any page opens (to record its requests).
 */
export async function startDistrictSession(onLaunch?: (context: ExtensionSession['context']) => void): Promise<DistrictSession> {
  const pages = await startTestPages();
  const overpass = await startOverpassStandIn();
  const session = await launchWithExtension({ viewport: { width: 1280, height: 860 } });
  onLaunch?.(session.context);
  const ext = await session.context.newPage();
  await ext.goto(`chrome-extension://${session.extensionId}/popup.html`);
  const saved = await ext.evaluate(
    (url) => (globalThis as any).chrome.runtime.sendMessage({ type: 'settings/set', patch: { overpassEndpoint: url } }),
    overpass.url,
  );
  if (!saved?.ok) throw new Error(`cannot set the Overpass endpoint: ${JSON.stringify(saved)}`);
  const map = await session.context.newPage();
  await map.goto(`${pages.origin}/osm/index.html#map=17/${CENTRE.lat}/${CENTRE.lon}`);
  await waitForSettledOverlay(map, (d) => d.visible);
  return {
    pages,
    overpass,
    session,
    ext,
    map,
    close: async () => {
      await session.close();
      await overpass.close();
      await pages.close();
    },
  };
}
