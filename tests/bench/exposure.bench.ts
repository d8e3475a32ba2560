/**
 * `npx vitest bench --run tests/bench/exposure.bench.ts`: the analytic exposure engine on every walkable
 * edge of Toulouse, against the turf baseline on a 50-edge sample (turf on the whole graph takes ~1.5 min;
 * scripts/bench-exposure.ts prints the full comparison table and the agreement figures).
 */
import { existsSync, readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { loadCameraDataset } from '../../cli/common.ts';
import { createExposureScorer } from '../../lib/exposure/index.ts';
import { createTurfBaseline } from '../../lib/exposure/turf-baseline.ts';
import { parseMapgr } from '../../lib/network/mapgr.ts';
import { walkGraphFromMapgr } from '../../lib/network/walk-graph.ts';
import { edgePolylines } from '../../scripts/bench-exposure-data.ts';
import { sharedPath, TOULOUSE_MAPGR } from '../shared-data.ts';

const BUNDLE = 'data/generated/bundle/cameras.json';
const MAPGR = sharedPath(TOULOUSE_MAPGR);
const ready = existsSync(BUNDLE) && existsSync(MAPGR);

describe.skipIf(!ready)('exposure: Toulouse walk graph', () => {
  const cameras = ready ? loadCameraDataset(BUNDLE) : [];
  const graph = ready ? walkGraphFromMapgr(parseMapgr(readFileSync(MAPGR))) : null;
  const { lons, lats } = graph ? edgePolylines(graph) : { lons: [], lats: [] };
  const scorer = createExposureScorer(cameras);
  const turf = createTurfBaseline(cameras);
  const out = new Float64Array(4);
  const sample = Array.from({ length: 50 }, (_, i) => Math.floor((i * lons.length) / 50));

  bench(`analytic: all ${lons.length} edges`, () => {
    for (let e = 0; e < lons.length; e++) scorer.scoreTiers(lons[e], lats[e], out);
  });
  bench('analytic: 50-edge sample', () => {
    for (const e of sample) scorer.scoreTiers(lons[e], lats[e], out);
  });
  bench(
    'turf baseline: 50-edge sample',
    () => {
      for (const e of sample) turf.score(lons[e], lats[e]);
    },
    { iterations: 3, time: 0 },
  );
});
