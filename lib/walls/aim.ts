/**
 * The `aimed` rule of wall inference: cameras are aimed at open space. A camera whose own near field of view
 * (its sectors, from the coverage model the scorer uses, out to `radiusM` or its identification radius) lies
 * mostly inside one solid inferred face is implausible — nobody films a wall at close range — so that face is
 * open ground (a square, a quay, a garden, a courtyard) or the graph misses a street there: it is opened.
 *
 * The near field is sampled on a polar grid of equal-area cells (rings at √-spaced radii, rays every
 * `SAMPLE_STEP_DEG`), so the share is the share of the field's area. Faces are given in degrees (their shrunk
 * rings) and projected into a local metric frame here. Order-free: each face's fate depends only on the
 * cameras and its own rings.
 */
import Flatbush from 'flatbush';
import { coverageOf } from '../cameras/coverage.ts';
import type { Camera } from '../cameras/types.ts';
import { LocalFrame } from '../geo/index.ts';
import { pointInRing, pointSegmentDistance, ringBounds } from './geometry.ts';

/** A camera as wall inference sees it: a position, and its aim when known (else a disc of the `unknown` kind). */
export type WallCamera = { lon: number; lat: number } & Partial<Pick<Camera, 'kind' | 'directions' | 'fov' | 'height'>>;

export interface AimRule {
  /** A face holding more than this share of a camera's near field is opened (0..1). */
  share: number;
  /** Radius of the near field (metres); absent: the camera's identification radius (coverage model). */
  radiusM?: number;
  /** Count disc cameras (domes, PTZ, no direction) too. */
  discs: boolean;
  /** Only a face whose wall comes within this distance of the camera (metres; 0 inside it) can be opened. */
  maxGapM: number;
  /**
   * What the share is of: 'area' (default), the share of the near field's area inside the face; 'rays', the
   * share of the sector's rays that run into the face before `radiusM` (its view cut short by the wall).
   */
  measure?: 'area' | 'rays';
}

/** Rays per degree of sector: one every SAMPLE_STEP_DEG. */
const SAMPLE_STEP_DEG = 5;
/** Rings of samples along each ray ('area'). */
const SAMPLE_RINGS = 8;
/** Step along a ray ('rays', metres). */
const RAY_STEP_M = 1;

interface Piece {
  face: number;
  xs: number[];
  ys: number[];
}

/**
 * Indices (into `faces`) of the solid faces a camera is aimed into, by `rule`. `faces[i].rings` are the
 * face's solid rings in [lon, lat] (closed or not).
 */
export function aimedFaces(
  faces: ReadonlyArray<{ rings: ReadonlyArray<ReadonlyArray<[number, number]>> }>,
  cameras: ReadonlyArray<WallCamera>,
  rule: AimRule,
): Set<number> {
  const opened = new Set<number>();
  const usable = cameras.filter((c) => Number.isFinite(c.lon) && Number.isFinite(c.lat));
  if (usable.length === 0 || faces.length === 0) return opened;
  const frame = new LocalFrame(usable[0].lon, usable[0].lat);
  const pieces: Piece[] = [];
  faces.forEach((f, face) => {
    for (const r of f.rings) pieces.push({ face, xs: r.map((p) => frame.x(p[0])), ys: r.map((p) => frame.y(p[1])) });
  });
  if (pieces.length === 0) return opened;
  const index = new Flatbush(pieces.length);
  for (const p of pieces) {
    const [x0, y0, x1, y1] = ringBounds(p.xs, p.ys);
    index.add(x0, y0, x1, y1);
  }
  index.finish();

  for (const c of usable) {
    const cov = coverageOf({ kind: c.kind ?? 'unknown', directions: c.directions ?? [], fov: c.fov, height: c.height });
    if (cov.sectors === 'disc' && !rule.discs) continue;
    const radius = rule.radiusM ?? cov.radii[0];
    if (!(radius > 0)) continue;
    const cx = frame.x(c.lon),
      cy = frame.y(c.lat);
    const near = index.search(cx - radius, cy - radius, cx + radius, cy + radius).map((i) => pieces[i]);
    if (near.length === 0) continue;
    const inside = new Map<number, number>();
    let samples = 0;
    for (const s of cov.sectors === 'disc' ? [{ centre: 0, width: 360 }] : cov.sectors) {
      const rays = Math.max(2, Math.ceil(s.width / SAMPLE_STEP_DEG));
      for (let a = 0; a < rays; a++) {
        // Bearings clockwise from north: x = sin, y = cos.
        const bearing = ((s.centre - s.width / 2 + ((a + 0.5) * s.width) / rays) * Math.PI) / 180;
        const sin = Math.sin(bearing),
          cos = Math.cos(bearing);
        if (rule.measure === 'rays') {
          // The first face the ray runs into, stepping RAY_STEP_M from the camera.
          samples++;
          let first = -1;
          for (let r = RAY_STEP_M / 2; r < radius && first < 0; r += RAY_STEP_M) {
            for (const p of near)
              if (pointInRing(cx + r * sin, cy + r * cos, p.xs, p.ys)) first = first < 0 ? p.face : Math.min(first, p.face);
          }
          if (first >= 0) inside.set(first, (inside.get(first) ?? 0) + 1);
          continue;
        }
        for (let k = 0; k < SAMPLE_RINGS; k++) {
          const r = radius * Math.sqrt((k + 0.5) / SAMPLE_RINGS);
          const px = cx + r * sin,
            py = cy + r * cos;
          samples++;
          const hit = new Set<number>();
          for (const p of near) if (!hit.has(p.face) && pointInRing(px, py, p.xs, p.ys)) hit.add(p.face);
          for (const f of hit) inside.set(f, (inside.get(f) ?? 0) + 1);
        }
      }
    }
    for (const [face, n] of inside) {
      if (n / samples <= rule.share || opened.has(face)) continue;
      if (gapTo(cx, cy, near, face) <= rule.maxGapM) opened.add(face);
    }
  }
  return opened;
}

/** Distance (metres) from a point to a face's nearest wall; 0 when inside one of its rings. */
function gapTo(px: number, py: number, pieces: Piece[], face: number): number {
  let best = Infinity;
  for (const p of pieces) {
    if (p.face !== face) continue;
    if (pointInRing(px, py, p.xs, p.ys)) return 0;
    const n = p.xs.length;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      best = Math.min(best, pointSegmentDistance(px, py, p.xs[i], p.ys[i], p.xs[j], p.ys[j]));
    }
  }
  return best;
}
