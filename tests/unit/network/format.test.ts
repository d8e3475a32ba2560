import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeWalkGraph, encodeWalkGraph, WalkGraphFormatError } from '../../../lib/network/format';
import { parseMapgr } from '../../../lib/network/mapgr';
import { walkGraphFromMapgr, type WalkGraph } from '../../../lib/network/walk-graph';
import { SHARED_DATA_URL } from '../../shared-data.ts';

const DATA = SHARED_DATA_URL;
const read = (p: string) => new Uint8Array(readFileSync(new URL(p, DATA)));

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WalkGraphFormatError);
    return (e as WalkGraphFormatError).code;
  }
  return undefined;
}

function expectSameGraph(a: WalkGraph, b: WalkGraph) {
  for (const key of Object.keys(a) as Array<keyof WalkGraph>) {
    const va = a[key];
    const vb = b[key];
    if (ArrayBuffer.isView(va)) expect(Array.from(vb as ArrayLike<number>), key).toEqual(Array.from(va as ArrayLike<number>));
    else expect(vb, key).toEqual(va);
  }
}

describe('walk graph binary format', () => {
  const graph = walkGraphFromMapgr(parseMapgr(read('insa/insa.mapgr')));
  // Non-trivial exposure so the round trip covers it.
  for (let i = 0; i < graph.exposure.length; i++) graph.exposure[i] = (i % 13) * 0.25;

  it('round-trips a graph exactly, including names and exposure', () => {
    const bytes = encodeWalkGraph(graph);
    expect(bytes.byteLength % 8).toBe(0);
    expectSameGraph(graph, decodeWalkGraph(bytes));
    // Decoding from an unaligned offset works too.
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    expectSameGraph(graph, decodeWalkGraph(shifted.subarray(3)));
  });

  it('round-trips the Toulouse graph', () => {
    const t = walkGraphFromMapgr(parseMapgr(read('toulouse/toulouse.mapgr')));
    const bytes = encodeWalkGraph(t);
    const back = decodeWalkGraph(bytes);
    expect(back.edgeCount).toBe(t.edgeCount);
    expect(Array.from(back.nodeLon.subarray(0, 500))).toEqual(Array.from(t.nodeLon.subarray(0, 500)));
    expect(back.names).toEqual(t.names);
  });

  it('holds name and component indices in 16 bits when they fit, with the same values and the same bytes re-encoded', () => {
    const t = walkGraphFromMapgr(parseMapgr(read('toulouse/toulouse.mapgr')));
    const bytes = encodeWalkGraph(t);
    const back = decodeWalkGraph(bytes);
    expect(back.edgeName).toBeInstanceOf(Uint16Array);
    expect(back.component).toBeInstanceOf(Uint16Array);
    expect(Array.from(back.edgeName)).toEqual(Array.from(t.edgeName));
    expect(Array.from(back.component)).toEqual(Array.from(t.component));
    expect(encodeWalkGraph(back)).toEqual(bytes);
    // 65,536 names or components do not fit: those indices stay 32-bit, their values intact.
    const wide: WalkGraph = {
      ...graph,
      names: Array.from({ length: 0x10001 }, (_, i) => (i === 0 ? '' : `n${i}`)),
      edgeName: graph.edgeName.map((_, e) => (e === 0 ? 0x10000 : e)),
      componentCount: 0x10001,
      component: graph.component.map((c, n) => (n === 0 ? 0x10000 : c)),
    };
    const wideBack = decodeWalkGraph(encodeWalkGraph(wide));
    expect(wideBack.edgeName).toBeInstanceOf(Uint32Array);
    expect(wideBack.component).toBeInstanceOf(Uint32Array);
    expect(wideBack.edgeName[0]).toBe(0x10000);
    expect(wideBack.component[0]).toBe(0x10000);
    expect(Array.from(wideBack.edgeName)).toEqual(Array.from(wide.edgeName));
  });

  it('gives typed errors for truncation, corruption, bad magic and newer versions', () => {
    const bytes = encodeWalkGraph(graph);
    for (const cut of [0, 10, 95, 96, 200, bytes.length - 8, bytes.length - 1]) {
      expect(codeOf(() => decodeWalkGraph(bytes.subarray(0, cut)))).toBe('truncated');
    }
    const flipped = bytes.slice();
    flipped[5000] ^= 1;
    expect(codeOf(() => decodeWalkGraph(flipped))).toBe('checksum-mismatch');
    const magic = bytes.slice();
    magic[0] = 'X'.charCodeAt(0);
    expect(codeOf(() => decodeWalkGraph(magic))).toBe('malformed');
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(4, 99, true);
    expect(codeOf(() => decodeWalkGraph(newer))).toBe('unsupported');
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expect(codeOf(() => decodeWalkGraph(longer))).toBe('malformed');
  });

  it('rejects a well-checksummed file whose indices point outside the graph', () => {
    const bad = { ...graph, edgeTo: graph.edgeTo.slice() };
    bad.edgeTo[3] = graph.nodeCount + 10;
    expect(codeOf(() => decodeWalkGraph(encodeWalkGraph(bad)))).toBe('malformed');
  });
});
