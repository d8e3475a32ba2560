/**
 * Display geometry: what each camera sees, as GeoJSON polygons per camera and tier (turf circles and
 * sectors), for drawing and export. With buildings, each polygon loses the footprints and the wall
 * shadows seen from the camera (turf `difference`, display only — the exposure engine never clips
 * polygons; it computes the same shadows analytically).
 *
 * Tier polygons are nested (identification ⊂ recognition ⊂ observation), as a map draws them: the
 * observation polygon first, then the others on top.
 */
import { circle, difference, featureCollection, polygon, sector, union } from '@turf/turf';
import type * as GeoJSON from 'geojson';
import { LocalFrame, bboxContains, type BBox } from '../geo/index.ts';
import { distanceToSegment } from '../geo/segment.ts';
import { COVERAGE_TIERS, coverageOf, resolveCoverageConfig, type CoverageOverrides, type CoverageTier } from '../cameras/coverage.ts';
import { isCameraActive, type Camera } from '../cameras/types.ts';
import { WALL_UNITS_PER_DEGREE, wallsInBox, type BuildingIndex } from './buildings.ts';

export interface CoveragePolygonOptions {
  config?: CoverageOverrides;
  buildings?: BuildingIndex;
  now?: Date;
  /** Default true. */
  includeVehicleCameras?: boolean;
  /** Only cameras inside this box. */
  bbox?: BBox;
  /** Vertices per full circle (turf `steps`). Default 64. */
  steps?: number;
  /** Tiers to draw. Default all three. */
  tiers?: CoverageTier[];
}

export interface CoveragePolygonProperties {
  camera: string;
  kind: Camera['kind'];
  tier: CoverageTier;
  /** Radius of this tier (metres). */
  radius: number;
  /** True when buildings were cut out of the polygon. */
  occluded: boolean;
}

export type CoverageFeature = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, CoveragePolygonProperties>;

export function coveragePolygons(
  cameras: Camera[],
  opts: CoveragePolygonOptions = {},
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, CoveragePolygonProperties> {
  const config = resolveCoverageConfig(opts.config);
  const now = opts.now ?? new Date();
  const steps = opts.steps ?? 64;
  const tiers = opts.tiers ?? [...COVERAGE_TIERS];
  const features: CoverageFeature[] = [];
  for (const cam of cameras) {
    if (!Number.isFinite(cam.lon) || !Number.isFinite(cam.lat)) continue;
    if (opts.bbox && !bboxContains(opts.bbox, cam.lon, cam.lat)) continue;
    if (!isCameraActive(cam, now)) continue;
    const kind = config.kinds[cam.kind] ?? config.kinds.unknown;
    if (kind.vehicle && (opts.includeVehicleCameras === false || config.vehicleCameraWeight <= 0)) continue;
    const cov = coverageOf(cam, config);
    const blockers = opts.buildings
      ? occluders(cam, cov.radii[2], opts.buildings, Math.max(config.mountToleranceM, opts.buildings.mountToleranceM ?? 0))
      : [];
    // Draw from the outermost tier inwards.
    for (let t = 2; t >= 0; t--) {
      const tier = COVERAGE_TIERS[t];
      if (!tiers.includes(tier) || cov.radii[t] <= 0) continue;
      let shape = tierShape(cam, cov.sectors, cov.radii[t], steps);
      if (!shape) continue;
      let occluded = false;
      if (blockers.length) {
        const cut = difference(featureCollection([shape, ...blockers]));
        occluded = true;
        if (!cut) continue; // everything hidden
        shape = cut;
      }
      features.push({
        type: 'Feature',
        properties: { camera: cam.id, kind: cam.kind, tier, radius: round2(cov.radii[t]), occluded },
        geometry: shape.geometry,
      });
    }
  }
  return { type: 'FeatureCollection', features };
}

function tierShape(
  cam: Camera,
  sectors: ReturnType<typeof coverageOf>['sectors'],
  radius: number,
  steps: number,
): GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon> | null {
  const centre: [number, number] = [cam.lon, cam.lat];
  if (sectors === 'disc') return circle(centre, radius, { units: 'meters', steps });
  const parts = sectors.map((s) =>
    sector(centre, radius, s.centre - s.width / 2, s.centre + s.width / 2, {
      units: 'meters',
      // turf's `steps` is per sector; keep the vertex spacing of a full circle.
      steps: Math.max(4, Math.ceil((steps * s.width) / 360)),
    }),
  );
  if (parts.length === 1) return parts[0];
  return union(featureCollection(parts));
}

/**
 * Footprints and wall shadows near the camera, as polygons to subtract. A wall's shadow is the region
 * behind it seen from the camera, bounded by rays through its ends, out to 1.5 × the radius (enough to
 * pass the circle, since the far edge goes through three points: both rays and the bisector).
 */
function occluders(cam: Camera, radius: number, b: BuildingIndex, tolerance: number): GeoJSON.Feature<GeoJSON.Polygon>[] {
  if (!b.index) return [];
  const f = new LocalFrame(cam.lon, cam.lat);
  const bf = b.frame;
  const margin = radius * 1.02 + 1;
  const cx = bf.x(cam.lon);
  const cy = bf.y(cam.lat);
  const out: GeoJSON.Feature<GeoJSON.Polygon>[] = [];
  const D = radius * 1.5;
  const toLonLat = (x: number, y: number): [number, number] => [f.lon(x), f.lat(y)];
  for (const w of wallsInBox(b, cx - margin, cy - margin, cx + margin, cy + margin)) {
    const px = f.x(b.walls[4 * w] / WALL_UNITS_PER_DEGREE);
    const py = f.y(b.walls[4 * w + 1] / WALL_UNITS_PER_DEGREE);
    const qx = f.x(b.walls[4 * w + 2] / WALL_UNITS_PER_DEGREE);
    const qy = f.y(b.walls[4 * w + 3] / WALL_UNITS_PER_DEGREE);
    if (distanceToSegment(px, py, qx, qy) < tolerance) continue;
    const cross = px * qy - py * qx;
    if (cross === 0) continue;
    const lp = Math.hypot(px, py);
    const lq = Math.hypot(qx, qy);
    const mx = px / lp + qx / lq;
    const my = py / lp + qy / lq;
    const lm = Math.hypot(mx, my) || 1;
    const ring: Array<[number, number]> = [
      toLonLat(px, py),
      toLonLat((px / lp) * D, (py / lp) * D),
      toLonLat((mx / lm) * D, (my / lm) * D),
      toLonLat((qx / lq) * D, (qy / lq) * D),
      toLonLat(qx, qy),
    ];
    ring.push(ring[0]);
    out.push(polygon([ring]));
  }
  // The footprints themselves (the inside of a building is not seen either), except the one the camera
  // is mounted on/in, whose outward walls were skipped above.
  for (const ring of b.footprints) {
    let near = false;
    let host = false;
    for (let i = 1; i < ring.length; i++) {
      const px = f.x(ring[i - 1][0]);
      const py = f.y(ring[i - 1][1]);
      const qx = f.x(ring[i][0]);
      const qy = f.y(ring[i][1]);
      const d = distanceToSegment(px, py, qx, qy);
      if (d < tolerance) host = true;
      if (d < radius) near = true;
    }
    if (near && !host && !pointInRing(0, 0, ring, f)) out.push(polygon([ring]));
  }
  return out;
}

function pointInRing(x: number, y: number, ring: Array<[number, number]>, f: LocalFrame): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = f.x(ring[i][0]);
    const yi = f.y(ring[i][1]);
    const xj = f.x(ring[j][0]);
    const yj = f.y(ring[j][1]);
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
