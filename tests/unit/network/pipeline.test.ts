import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createExposureScorer } from '../../../lib/exposure/index.ts';
import { scoreWalkGraph } from '../../../lib/network/exposure.ts';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { parseMapgr } from '../../../lib/network/mapgr.ts';
import { buildGraphAsset } from '../../../lib/network/pipeline.ts';
import { edgeShape, walkGraphFromMapgr } from '../../../lib/network/walk-graph.ts';
import { SourceError } from '../../../lib/sources/errors.ts';
import { readToulouseMin } from '../../../lib/sources/toulouse-min.ts';
import { SHARED_DATA_URL } from '../../shared-data.ts';

const DATA = SHARED_DATA_URL;
const read = (p: string) => new Uint8Array(readFileSync(new URL(p, DATA)));
const cameras = readToulouseMin(readFileSync(new URL('toulouse/osm-cameras-2026.min.json', DATA), 'utf8')).cameras;

describe('per-edge exposure from the real exposure engine', () => {
  it('scores every INSA campus edge with the Toulouse cameras, within [0, length], matching the scorer', () => {
    const g = walkGraphFromMapgr(parseMapgr(read('insa/insa.mapgr')));
    const scorer = createExposureScorer(cameras);
    const { exposedEdges } = scoreWalkGraph(g, scorer);
    expect(exposedEdges).toBeGreaterThan(0);
    for (let e = 0; e < g.edgeCount; e++) {
      const L = g.edgeLength[e];
      for (let k = 0; k < 4; k++) {
        expect(g.exposure[4 * e + k]).toBeGreaterThanOrEqual(0);
        expect(g.exposure[4 * e + k]).toBeLessThanOrEqual(L + 1e-3);
      }
      expect(g.exposure[4 * e] + g.exposure[4 * e + 1] + g.exposure[4 * e + 2]).toBeLessThanOrEqual(L + 1e-2);
    }
    // Spot check: the stored figures are the scorer's for the edge's full shape.
    for (let e = 0; e < g.edgeCount; e += 61) {
      const s = edgeShape(g, e);
      const direct = scorer.scoreTiers(s.lons, s.lats);
      for (let k = 0; k < 4; k++) expect(g.exposure[4 * e + k]).toBeCloseTo(Math.min(g.edgeLength[e], direct[k]), 2);
    }
  });
});

describe('buildGraphAsset', () => {
  it('turns mapgr bytes and cameras into a decodable, scored graph file with a summary', () => {
    const { bytes, summary } = buildGraphAsset(read('insa/insa.mapgr'), cameras);
    const g = decodeWalkGraph(bytes);
    expect(g.source).toContain('FR-31/INSA');
    expect(g.exposure.some((x) => x > 0)).toBe(true);
    expect(summary.join('\n')).toMatch(/nodes.*edges/);
    expect(summary.join('\n')).toMatch(/exposure: \d+ of \d+ edges/);
  });

  it('passes a bad mapgr file through as a typed SourceError', () => {
    expect(() => buildGraphAsset(new Uint8Array([1, 2, 3, 4, 5]), cameras)).toThrow(SourceError);
  });
});
