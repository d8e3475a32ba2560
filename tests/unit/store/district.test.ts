/**
 * lib/store/district.ts and lib/text/display.ts: what "Get this district" plans and sends, the page →
 * background message validation, the run's messages (progress, done, failures, cancel) against a local
 * Overpass stand-in with real Monaco data and fake-indexeddb, and bidi neutralisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpStore, listDatasets, openAngleMortDB, seedBundledDataset, buildAreaGraph } from '../../../lib/store/index.ts';
import { parseDistrictClientMessage, planDistrict, runDistrictDownload, type DistrictServerMessage } from '../../../lib/store/district.ts';
import { ALL_LAYERS, buildAreaQuery } from '../../../lib/sources/overpass-query.ts';
import { displayText, hasBidiControls } from '../../../lib/text/display.ts';
import { confirmationText, formatBox } from '../../../components/district/GetDistrict.tsx';
import { freshFactory, toulouseBundle } from './toulouse-fixture.ts';
import { json, startLocalOverpass, status, type LocalOverpass } from '../sources/local-overpass.ts';
import { monacoOverpassObject } from '../import/real-files.ts';

const MONACO_VIEW = { west: 7.415, south: 43.728, east: 7.428, north: 43.736 };
const CELL = { west: 7.4, south: 43.7, east: 7.45, north: 43.75 };

let server: LocalOverpass;
let body: string;
beforeAll(async () => {
  server = await startLocalOverpass();
  body = JSON.stringify({ ...monacoOverpassObject(400), osm3s: { timestamp_osm_base: '2019-09-30T20:00:00Z' } });
});
afterAll(() => server.close());

describe('planDistrict', () => {
  it('rounds the view outward to the 0.05° grid and counts the cells', () => {
    const p = planDistrict(MONACO_VIEW);
    expect(p).toEqual({ ok: true, rounded: CELL, cells: 1, datasetId: 'overpass:7.40,43.70,7.45,43.75' });
    const two = planDistrict({ west: -8.62, south: 41.14, east: -8.59, north: 41.146 });
    expect(two.ok && two.cells).toBe(2);
    expect(two.ok && two.rounded).toEqual({ west: -8.65, south: 41.1, east: -8.55, north: 41.15 });
  });
  it('refuses a view over the area cap before anything is sent', () => {
    const p = planDistrict({ west: 1, south: 43, east: 2, north: 44 });
    expect(p.ok).toBe(false);
    expect(!p.ok && p.code).toBe('area-too-large');
  });
  it('the confirmation names the box, the cells, the server and that nothing else is sent (EN and FR)', () => {
    const p = planDistrict({ west: -8.62, south: 41.14, east: -8.61, north: 41.146 });
    if (!p.ok) throw new Error('plan');
    const en = confirmationText(p, 'https://overpass.example/api/interpreter', 'en').join(' ');
    expect(en).toContain('one request to https://overpass.example/api/interpreter');
    expect(en).toContain('the box 41.10° N to 41.15° N, 8.65° W to 8.60° W (1 cell of 0.05°)');
    expect(en).toContain('Nothing else is sent: not your position, not your routes, not the exact view.');
    const fr = confirmationText(p, 'https://overpass.example/api/interpreter', 'fr').join(' ');
    expect(fr).toContain('41,10° N à 41,15° N, 8,65° O à 8,60° O (1 case de 0,05°)');
    expect(fr).toContain('Rien d’autre n’est envoyé');
    expect(formatBox({ west: 7.4, south: -33.9, east: 7.45, north: -33.85 }, 'en')).toBe('33.90° S to 33.85° S, 7.40° E to 7.45° E');
  });
});

describe('parseDistrictClientMessage', () => {
  it('accepts start with a valid box and cancel; refuses anything else', () => {
    expect(parseDistrictClientMessage({ type: 'start', bbox: MONACO_VIEW })).toEqual({ type: 'start', bbox: MONACO_VIEW });
    expect(parseDistrictClientMessage({ type: 'cancel' })).toEqual({ type: 'cancel' });
    for (const bad of [
      null,
      1,
      {},
      { type: 'start' },
      { type: 'start', bbox: { west: 'a', south: 0, east: 1, north: 1 } },
      { type: 'start', bbox: { west: 2, south: 0, east: 1, north: 1 } },
      { type: 'start', bbox: { west: 0, south: 0, east: 1, north: 91 } },
      { type: 'go' },
    ]) {
      expect(parseDistrictClientMessage(bad)).toBeNull();
    }
  });
});

describe('runDistrictDownload', () => {
  async function db() {
    const d = await openAngleMortDB(freshFactory());
    await seedBundledDataset(d, toulouseBundle(), undefined, new Date('2026-11-28T08:30:00Z'));
    return d;
  }
  function run(d: Awaited<ReturnType<typeof db>>, signal = new AbortController().signal) {
    const posted: DistrictServerMessage[] = [];
    const done = runDistrictDownload(MONACO_VIEW, {
      db: d,
      fetch: globalThis.fetch,
      endpoint: server.url,
      timeoutSeconds: 5,
      buildGraph: async (osm, cameras) => buildAreaGraph(osm, cameras).bytes,
      signal,
      post: (m) => posted.push(m),
    });
    return { posted, done };
  }

  it('sends only the rounded box, reports progress, stores the area dated by its data', async () => {
    const d = await db();
    server.requests.length = 0;
    server.queue.push(json(body));
    const { posted, done } = run(d);
    const last = await done;
    expect(last.type).toBe('done');
    expect(server.requests.map((r) => r.query)).toEqual([buildAreaQuery(CELL, ALL_LAYERS)]);
    const phases = posted.filter((m) => m.type === 'progress').map((m) => (m as { phase: string }).phase);
    expect(phases).toContain('waiting');
    expect(phases).toContain('receiving');
    expect(phases).toContain('graph');
    expect(phases).toContain('storing');
    expect(posted.at(-1)).toEqual(last);
    const area = (await listDatasets(d)).find((x) => x.id === 'overpass:7.40,43.70,7.45,43.75');
    expect(area?.hasGraph).toBe(true);
    expect(area?.dataDate?.slice(0, 10)).toBe('2019-09-30');
    d.close();
  });

  it('a 429 with a long Retry-After fails at once with the wait, and writes nothing', async () => {
    const d = await db();
    const before = await dumpStore(d);
    server.queue.push(status(429, { 'Retry-After': '600' }));
    const { done } = run(d);
    const last = await done;
    expect(last).toMatchObject({ type: 'failed', code: 'rate-limited', retryAfterSeconds: 600 });
    expect(await dumpStore(d)).toBe(before);
    d.close();
  });

  it('Cancel (abort) during the back-off writes nothing', async () => {
    const d = await db();
    const before = await dumpStore(d);
    server.queue.push(status(504), status(504), status(504), status(504));
    const c = new AbortController();
    const posted: DistrictServerMessage[] = [];
    const done = runDistrictDownload(MONACO_VIEW, {
      db: d,
      fetch: globalThis.fetch,
      endpoint: server.url,
      timeoutSeconds: 5,
      signal: c.signal,
      buildGraph: async (osm, cameras) => buildAreaGraph(osm, cameras).bytes,
      post: (m) => {
        posted.push(m);
        if (m.type === 'progress' && m.phase === 'retrying') c.abort();
      },
    });
    const last = await done;
    expect(last).toMatchObject({ type: 'failed', code: 'aborted' });
    expect(await dumpStore(d)).toBe(before);
    server.queue.length = 0;
    d.close();
  });
});

describe('displayText', () => {
  it('removes bidirectional controls so text reads in its stored order', () => {
    expect(displayText('\u202Egnorw')).toBe('gnorw');
    expect(displayText('a\u2066b\u2069c\u200Fd\u061C')).toBe('abcd');
    expect(hasBidiControls('x\u202Ey')).toBe(true);
    expect(hasBidiControls(displayText('x\u202Ey'))).toBe(false);
    expect(displayText('tab\u0007bell')).toBe('tab bell');
    expect(displayText('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(displayText('Rua de Santa Catarina — câmara')).toBe('Rua de Santa Catarina — câmara');
  });
});
