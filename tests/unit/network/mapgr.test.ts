import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMapgr, MAPGR_MAGIC } from '../../../lib/network/mapgr';
import { SourceError } from '../../../lib/sources/errors';
import { SHARED_DATA_URL } from '../../shared-data.ts';

const DATA = SHARED_DATA_URL;
const read = (p: string) => new Uint8Array(readFileSync(new URL(p, DATA)));

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return (e as SourceError).code;
  }
  return undefined;
}

describe('parseMapgr', () => {
  it('reads the INSA campus graph with the counts PROVENANCE.md gives', () => {
    const m = parseMapgr(read('insa/insa.mapgr'));
    expect(m.mapId).toBe('FR-31/INSA');
    expect(m.version).toBe(8);
    expect(m.nodeCount).toBe(1349);
    expect(m.arcCount).toBe(1625);
    expect(m.shapeOffsets[m.arcCount]).toBe(m.shapeLon.length);
  });

  it('reads Toulouse: 39,858 nodes, 52,928 arcs, 5,686 descriptors, 11,027 pedestrian arcs', () => {
    const m = parseMapgr(read('toulouse/toulouse.mapgr'));
    expect(m.mapId).toBe('FR-31/TLS');
    expect(m.mapName).toBe('Toulouse');
    expect([m.nodeCount, m.arcCount, m.descriptorCount]).toEqual([39858, 52928, 5686]);
    let pedestrian = 0;
    for (let a = 0; a < m.arcCount; a++) if (m.descriptorRoadType[m.arcDescriptor[a]] === 'p'.charCodeAt(0)) pedestrian++;
    expect(pedestrian).toBe(11027);
    // Every node inside the documented city bbox.
    for (let i = 0; i < m.nodeCount; i++) {
      expect(m.nodeLon[i] >= 1.3364 && m.nodeLon[i] <= 1.5224 && m.nodeLat[i] >= 43.5269 && m.nodeLat[i] <= 43.6914).toBe(true);
    }
    // Street names decode as UTF-8 (accents intact).
    expect(m.descriptorName.some((n) => n.includes('é'))).toBe(true);
    // Shape points stay near their arc (within ~2 km of the origin node).
    for (let a = 0; a < m.arcCount; a += 97) {
      for (let k = m.shapeOffsets[a]; k < m.shapeOffsets[a + 1]; k++) {
        expect(Math.abs(m.shapeLon[k] - m.nodeLon[m.arcOrigin[a]])).toBeLessThan(0.03);
      }
    }
  });

  it('rejects bad magic, wrong version, truncation and broken separators with typed errors', () => {
    const good = read('insa/insa.mapgr');
    const badMagic = good.slice();
    badMagic[0] = 0;
    expect(codeOf(() => parseMapgr(badMagic))).toBe('malformed');
    const v9 = good.slice();
    new DataView(v9.buffer).setInt32(4, 9);
    expect(codeOf(() => parseMapgr(v9))).toBe('unsupported');
    for (const cut of [0, 3, 20, 60, 5000, 20000, good.length - 1]) {
      expect(codeOf(() => parseMapgr(good.subarray(0, cut)))).toBe('truncated');
    }
    // Corrupt the end-of-nodes separator (255): header is 4+4+32+2+4 (name "INSA") +4+4 bytes.
    const headerBytes = 4 + 4 + 32 + 2 + 4 + 4 + 4;
    const sep = good.slice();
    expect(sep[headerBytes + 1349 * 9]).toBe(255);
    sep[headerBytes + 1349 * 9] = 7;
    expect(codeOf(() => parseMapgr(sep))).toBe('malformed');
    // An impossible node count is refused before allocating.
    const huge = good.slice();
    new DataView(huge.buffer).setInt32(headerBytes - 4, 0x7fffffff);
    expect(codeOf(() => parseMapgr(huge))).toBe('malformed');
    expect(MAPGR_MAGIC).toBe(0x208bc3b3);
  });

  it('never throws anything but SourceError on random corruption', () => {
    const good = read('insa/insa.mapgr');
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let t = 0; t < 40; t++) {
      const bad = good.slice();
      for (let k = 0; k < 5; k++) bad[Math.floor(rnd() * bad.length)] = Math.floor(rnd() * 256);
      try {
        parseMapgr(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(SourceError);
      }
    }
  });
});
