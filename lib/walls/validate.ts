/**
 * Validation of inferred walls against a city whose buildings are mapped: every walkable edge scored three
 * ways — with the real footprints (`mapped`), with walls inferred from the streets alone (`inferred`), and
 * with no walls (`none`) — and the metres where inferred and mapped disagree, exactly (per stretch, not per
 * edge). Used by `npm run walls` (cli/walls.ts).
 */
import type { Camera } from '../cameras/types.ts';
import { buildingIndexFromOsm, createExposureScorer, type ExposureScorer } from '../exposure/index.ts';
import { walkGraphFromOsm } from '../network/osm-walk.ts';
import { edgeShape } from '../network/walk-graph.ts';
import { camerasFromOsm } from '../sources/osm-cameras.ts';
import type { OsmData } from '../sources/osm-model.ts';
import { inferWalls, type FaceStatus, type WallInferenceOptions } from './infer.ts';
import { wallIndex } from './index.ts';

export interface WallValidation {
  edges: number;
  lengthMetres: number;
  cameras: number;
  buildings: number;
  /** Metres of walkable edge seen by any camera, per wall source. */
  seenMetres: { none: number; mapped: number; inferred: number };
  /** Seen with the mapped buildings, unseen with the inferred walls (the dangerous error). */
  falseUnseenMetres: number;
  /** Unseen with the mapped buildings, seen with the inferred walls. */
  falseSeenMetres: number;
  /** falseUnseenMetres / seenMetres.mapped. */
  falseUnseenShare: number;
  /** (none − inferred) / (none − mapped): how much of the no-wall overestimate the inferred walls remove. */
  overestimateRemoved: number;
  faces: Record<FaceStatus, number>;
  wallRings: number;
  warnings: string[];
  /** Milliseconds to infer the walls. */
  inferMs: number;
}

export function validateWalls(osm: OsmData, options: WallInferenceOptions = {}): WallValidation {
  return validateWallVariants(osm, [options])[0];
}

/**
 * `validateWalls` for several sets of inference options at once (rule ablations): the graph, the cameras
 * and the no-wall and mapped scores are computed once, each variant's walls inferred and scored in full.
 */
export function validateWallVariants(osm: OsmData, variants: WallInferenceOptions[]): WallValidation[] {
  const graph = walkGraphFromOsm(osm);
  const cameras: Camera[] = camerasFromOsm(osm, { source: 'osm' }).cameras;
  const buildings = buildingIndexFromOsm(osm);
  const none = createExposureScorer(cameras);
  const mapped = createExposureScorer(cameras, { buildings });
  const out = new Float64Array(4);
  let length = 0;
  // Edges any camera reaches without walls, with their seen stretches with none and with mapped walls.
  const reached: Array<{ coords: Array<[number, number]>; n: number; m: Array<[number, number]> }> = [];
  for (let e = 0; e < graph.edgeCount; e++) {
    const { lons, lats } = edgeShape(graph, e);
    length += graph.edgeLength[e];
    none.scoreTiers(lons, lats, out);
    if (out[0] + out[1] + out[2] <= 0) continue;
    const coords = Array.from(lons, (lon, i) => [lon, lats[i]] as [number, number]);
    reached.push({ coords, n: total(seenRanges(none, coords)), m: seenRanges(mapped, coords) });
  }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return variants.map((options) => {
    const t0 = performance.now();
    const inferred = inferWalls(graph, { cameras, keepFaces: false, ...options });
    const inferMs = performance.now() - t0;
    const inf = createExposureScorer(cameras, { buildings: wallIndex(inferred.rings) });
    const seen = { none: 0, mapped: 0, inferred: 0 };
    let falseUnseen = 0;
    let falseSeen = 0;
    for (const { coords, n, m } of reached) {
      const i = seenRanges(inf, coords);
      seen.none += n;
      seen.mapped += total(m);
      seen.inferred += total(i);
      falseUnseen += total(m) - overlap(m, i);
      falseSeen += total(i) - overlap(m, i);
    }
    return {
      edges: graph.edgeCount,
      lengthMetres: r1(length),
      cameras: none.cameras.length,
      buildings: buildings.footprints.length,
      seenMetres: { none: r1(seen.none), mapped: r1(seen.mapped), inferred: r1(seen.inferred) },
      falseUnseenMetres: r1(falseUnseen),
      falseSeenMetres: r1(falseSeen),
      falseUnseenShare: seen.mapped > 0 ? round4(falseUnseen / seen.mapped) : 0,
      overestimateRemoved: seen.none > seen.mapped ? round4((seen.none - seen.inferred) / (seen.none - seen.mapped)) : 0,
      faces: inferred.counts,
      wallRings: inferred.rings.length,
      warnings: inferred.warnings,
      inferMs: Math.round(inferMs),
    };
  });
}

/** The seen stretches of a line (metres from its start), merged. */
function seenRanges(scorer: ExposureScorer, coords: Array<[number, number]>): Array<[number, number]> {
  const p = scorer.profile(coords);
  const r: Array<[number, number]> = [];
  for (const f of p.stretches.features) {
    const last = r[r.length - 1];
    if (last && f.properties.from <= last[1] + 1e-6) last[1] = Math.max(last[1], f.properties.to);
    else r.push([f.properties.from, f.properties.to]);
  }
  return r;
}

const total = (r: Array<[number, number]>) => r.reduce((s, [a, b]) => s + b - a, 0);

function overlap(a: Array<[number, number]>, b: Array<[number, number]>): number {
  let s = 0;
  let j = 0;
  for (const [a0, a1] of a) {
    while (j < b.length && b[j][1] <= a0) j++;
    for (let k = j; k < b.length && b[k][0] < a1; k++) s += Math.max(0, Math.min(a1, b[k][1]) - Math.max(a0, b[k][0]));
  }
  return s;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
