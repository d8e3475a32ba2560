/**
 * The exposure profile of a line, for display and reports: which cameras see which stretches, and the
 * exposed stretches as GeoJSON. The engine (scorer.ts) records t-ranges per segment while it scores;
 * `ProfileRecorder` turns them into metres along the line and assembles the `ExposureProfile`.
 */
import type * as GeoJSON from 'geojson';
import { COVERAGE_TIERS } from '../cameras/coverage.ts';
import type { Camera } from '../cameras/types.ts';

/** Piece of a line seen by one camera, in metres from the line's start, in that camera's tier. */
export interface CameraInterval {
  from: number;
  to: number;
  tier: (typeof COVERAGE_TIERS)[number];
}

export interface ExposureProfile {
  /** Length of the line (metres). */
  length: number;
  /** Metres in each tier (disjoint: the best tier seen by any camera wins). */
  metres: { identification: number; recognition: number; observation: number };
  /** Metres not seen by any camera. */
  unseen: number;
  /** Σ metres × tier weight × camera weight (metres), the routing exposure. */
  weighted: number;
  /** weighted / length (0 for a zero-length line), between 0 and 1. */
  density: number;
  /** Every camera seeing some of the line, with its stretches along it (metres from the start). */
  cameras: Array<{ id: string; kind: Camera['kind']; metres: number; intervals: CameraInterval[] }>;
  /** The exposed stretches as LineStrings with their tier, range along the line and the cameras seeing them. */
  stretches: GeoJSON.FeatureCollection<GeoJSON.LineString, { tier: CameraInterval['tier']; from: number; to: number; cameras: string[] }>;
}

/** Thrown for a polyline the engine cannot score (non-finite or out-of-range coordinates, length mismatch). */
export class ExposureInputError extends Error {
  override readonly name = 'ExposureInputError';
}

/** Collects one `profile()` call's recorded pieces, segment by segment, then builds the profile. */
export class ProfileRecorder {
  private readonly perCamera = new Map<number, CameraInterval[]>();
  private readonly stretches: Array<{ from: number; to: number; tier: number; coords: Array<[number, number]> }> = [];

  /**
   * Add segment A→B (degrees), of length L metres starting `along` metres into the line: `recCam` holds
   * [camera, t0, t1, tier] per camera piece, `recPiece` [t0, t1, tier] per swept piece (t in [0, 1]).
   */
  addSegment(
    recCam: readonly number[],
    recPiece: readonly number[],
    along: number,
    L: number,
    lonA: number,
    latA: number,
    lonB: number,
    latB: number,
  ): void {
    const perCamera = this.perCamera;
    const stretches = this.stretches;
    for (let k = 0; k < recCam.length; k += 4) {
      const cam = recCam[k];
      const iv: CameraInterval = {
        from: along + recCam[k + 1] * L,
        to: along + recCam[k + 2] * L,
        tier: COVERAGE_TIERS[recCam[k + 3]],
      };
      let list = perCamera.get(cam);
      if (!list) perCamera.set(cam, (list = []));
      appendMerged(list, iv);
    }
    for (let k = 0; k < recPiece.length; k += 3) {
      const t0 = recPiece[k];
      const t1 = recPiece[k + 1];
      const tier = recPiece[k + 2];
      const from = along + t0 * L;
      const to = along + t1 * L;
      const p0: [number, number] = [lonA + (lonB - lonA) * t0, latA + (latB - latA) * t0];
      const p1: [number, number] = [lonA + (lonB - lonA) * t1, latA + (latB - latA) * t1];
      const last = stretches[stretches.length - 1];
      if (last && last.tier === tier && Math.abs(last.to - from) < 1e-6) {
        last.to = to;
        last.coords.push(p1);
      } else {
        stretches.push({ from, to, tier, coords: [p0, p1] });
      }
    }
  }

  /** The profile of the whole line: `acc` holds [id, rec, obs, weighted] metres, `along` its length. */
  finish(cameras: readonly Camera[], acc: Float64Array, along: number): ExposureProfile {
    const perCamera = this.perCamera;
    const stretches = this.stretches;
    const cams = [...perCamera.entries()]
      .map(([i, intervals]) => ({
        id: cameras[i].id,
        kind: cameras[i].kind,
        metres: intervals.reduce((s, iv) => s + iv.to - iv.from, 0),
        intervals,
      }))
      .sort((a, b) => b.metres - a.metres || (a.id < b.id ? -1 : 1));
    const features = stretches.map((s) => ({
      type: 'Feature' as const,
      properties: {
        tier: COVERAGE_TIERS[s.tier],
        from: round3(s.from),
        to: round3(s.to),
        cameras: cams.filter((c) => c.intervals.some((iv) => iv.from < s.to - 1e-6 && iv.to > s.from + 1e-6)).map((c) => c.id),
      },
      geometry: { type: 'LineString' as const, coordinates: s.coords.map(([x, y]) => [round7(x), round7(y)]) },
    }));
    const seen = acc[0] + acc[1] + acc[2];
    return {
      length: along,
      metres: { identification: acc[0], recognition: acc[1], observation: acc[2] },
      unseen: Math.max(0, along - seen),
      weighted: acc[3],
      density: along > 0 ? acc[3] / along : 0,
      cameras: cams,
      stretches: { type: 'FeatureCollection', features },
    };
  }
}

/** Throws `ExposureInputError` unless `coords` is an array of [lon, lat] positions in range (degrees). */
export function validateLine(coords: Array<[number, number]>): void {
  if (!Array.isArray(coords)) throw new ExposureInputError('a line must be an array of [lon, lat] positions');
  coords.forEach((p, i) => {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      throw new ExposureInputError(`position ${i} is not a valid [lon, lat] in degrees`);
    }
  });
}

function appendMerged(list: CameraInterval[], iv: CameraInterval): void {
  const last = list[list.length - 1];
  if (last && last.tier === iv.tier && Math.abs(last.to - iv.from) < 1e-6) last.to = iv.to;
  else list.push(iv);
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;
const round3 = (x: number) => Math.round(x * 1e3) / 1e3;
