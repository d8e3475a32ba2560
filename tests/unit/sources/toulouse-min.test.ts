import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../lib/sources/errors.ts';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import { OSM_CAMERAS, sharedFile } from '../../shared-data.ts';

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

function expectSourceError(fn: () => unknown, code: string, message?: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).code).toBe(code);
    if (message) expect((e as SourceError).message).toMatch(message);
    return;
  }
  throw new Error(`expected a SourceError ${code}`);
}

const small = () => ({
  v: 1,
  cats: ['Caméra fixe', 'Caméra dôme', 'Radar vitesse', 'LAPI / ANPR'],
  lons: [1.44, 1.45, 1.46, 1.47],
  lats: [43.6, 43.61, 43.62, 43.63],
  cat: [0, 1, 2, 3],
  pid: ['node/1', 'node/2', 'node/3', 'node/4'],
  name: ['Caméra fixe #1', 'Fontaine-Lestang', 'Radar vitesse #1', 'LAPI / ANPR #1'],
  addr: { '0': 'Angle 18 place Wilson', '2': '129' },
});

describe('readToulouseMin on the real file', () => {
  const { cameras, rejects } = readToulouseMin(sharedFile(OSM_CAMERAS));

  it('reads all 2,269 cameras with the documented kinds', () => {
    expect(cameras).toHaveLength(2269);
    expect(rejects).toEqual([]);
    expect(countBy(cameras, (c) => c.kind)).toEqual({ fixed: 1110, dome: 1057, alpr: 60, speed: 42 });
  });

  it('keeps OSM ids, source and date, and only real names', () => {
    expect(new Set(cameras.map((c) => c.id)).size).toBe(2269);
    expect(cameras[0]).toMatchObject({
      id: 'osm:node/192174159',
      source: 'osm',
      sourceId: 'node/192174159',
      sourceDate: '2026-06-07',
      confidence: 0.9,
    });
    expect(cameras.filter((c) => c.name?.startsWith('Caméra fixe #'))).toEqual([]);
    expect(cameras.some((c) => c.name === 'Fontaine-Lestang')).toBe(true);
    // `addr` (12 real addresses, 2 bare numbers) joins the OSM name.
    expect(cameras[171].name).toBe("Municipale-6, Angle 18 place Wilson et 2 rue d'Austerlitz");
    expect(cameras[306].name).toBe('Angle 209 avenue de Lardenne et 87 avenue Pierre Molette');
    expect(cameras[211].name).toBeUndefined();
    expect(cameras.filter((c) => c.name !== undefined)).toHaveLength(17 + 5 + 1);
    expect(cameras.every((c) => c.directions.length === 0)).toBe(true);
  });
});

describe('readToulouseMin validation', () => {
  it('reads a small file, addresses as names, bare numbers ignored', () => {
    const { cameras } = readToulouseMin(JSON.stringify(small()));
    expect(cameras.map((c) => [c.kind, c.surveillanceType, c.name])).toEqual([
      ['fixed', 'camera', 'Angle 18 place Wilson'],
      ['dome', 'camera', 'Fontaine-Lestang'],
      ['speed', 'speed_camera', undefined],
      ['alpr', 'alpr', undefined],
    ]);
  });

  it('refuses arrays of different lengths', () => {
    const d = small();
    d.lats.pop();
    expectSourceError(() => readToulouseMin(JSON.stringify(d)), 'invalid-value', /"lats" has 3 entries but "lons" has 4/);
  });

  it('refuses a missing array, a wrong version, truncated and malformed JSON', () => {
    const { pid: _pid, ...noPid } = small();
    expectSourceError(() => readToulouseMin(JSON.stringify(noPid)), 'malformed', /"pid"/);
    expectSourceError(() => readToulouseMin(JSON.stringify({ ...small(), v: 2 })), 'unsupported');
    const text = JSON.stringify(small());
    expectSourceError(() => readToulouseMin(text.slice(0, text.length / 2)), 'truncated');
    expectSourceError(() => readToulouseMin(''), 'truncated');
    expectSourceError(() => readToulouseMin('{"v":1,,}'), 'malformed');
    expectSourceError(() => readToulouseMin('[1,2]'), 'malformed');
  });

  it('rejects single bad records with a reason', () => {
    const d: Record<string, unknown[] | unknown> & { lons: unknown[]; lats: unknown[]; cat: unknown[]; pid: unknown[] } = small();
    d.lons[0] = 'x';
    d.lats[1] = 48.85; // Paris: outside Toulouse
    d.cat[2] = 9;
    d.pid[3] = 'way/abc';
    const { cameras, rejects } = readToulouseMin(JSON.stringify(d));
    expect(cameras).toHaveLength(0);
    expect(rejects).toEqual([
      { sourceId: 'node/1', reason: 'invalid coordinates ("x", 43.6)' },
      { sourceId: 'node/2', reason: 'outside the expected bbox (1.45, 48.85)' },
      { sourceId: 'node/3', reason: 'invalid category index 9' },
      { sourceId: 'way/abc', reason: 'invalid OSM id "way/abc"' },
    ]);
  });

  it('rejects a repeated OSM id', () => {
    const d = small();
    d.pid[3] = 'node/1';
    const { cameras, rejects } = readToulouseMin(JSON.stringify(d));
    expect(cameras).toHaveLength(3);
    expect(rejects).toEqual([{ sourceId: 'node/1', reason: 'duplicate OSM id' }]);
  });

  it('refuses oversized input before parsing it', () => {
    expectSourceError(() => readToulouseMin(new Uint8Array(33 * 1024 * 1024)), 'too-large');
  });
});
