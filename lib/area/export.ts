/**
 * Area report exports, the data side: GeoJSON (area, watching cameras, blind spots, ways out) and the
 * ranking of the ways out. The printable HTML page is presentation, with its texts in components/i18n:
 * components/planner/area-printable.ts.
 */
import type * as GeoJSON from 'geojson';
import type { LonLat } from '../geo/index.ts';
import type { AreaReport, WayOut } from './report.ts';
import { wallSourceOf } from '../walls/index.ts';

const r1 = (x: number) => Math.round(x * 10) / 10;
const r6 = (p: LonLat): LonLat => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];

/** The report as one FeatureCollection; `properties.layer` says what each feature is. */
export function areaReportToGeoJson(report: AreaReport): GeoJSON.FeatureCollection {
  const features: GeoJSON.Feature[] = [];
  features.push({
    type: 'Feature',
    properties: {
      layer: 'area',
      shape: report.shape,
      streetMetres: r1(report.streets.lengthMetres),
      seenShare: Math.round(report.streets.seenShare * 1000) / 1000,
      identificationMetres: r1(report.streets.seen.identification),
      recognitionMetres: r1(report.streets.seen.recognition),
      observationMetres: r1(report.streets.seen.observation),
      unseenMetres: r1(report.streets.unseenMetres),
      cameraCount: report.cameras.length,
      wallSource: wallSourceOf(report.wallSource),
      generatedAt: report.generatedAt,
    },
    geometry: report.polygon,
  });
  for (const c of report.cameras) {
    features.push({
      type: 'Feature',
      properties: {
        layer: 'camera',
        id: c.id,
        kind: c.kind,
        tier: c.tier,
        inside: c.inside,
        streetMetres: r1(c.streetMetres),
        ...(c.expires ? { expires: c.expires } : {}),
      },
      geometry: { type: 'Point', coordinates: r6([c.lon, c.lat]) },
    });
  }
  for (const b of report.blindSpots) {
    features.push({
      type: 'Feature',
      properties: { layer: 'blind-spot', lengthMetres: r1(b.length), streets: b.streets },
      geometry: { type: 'MultiLineString', coordinates: b.lines.map((l) => l.map(r6)) },
    });
  }
  for (const w of report.waysOut) {
    if (!w.ok) continue;
    features.push({
      type: 'Feature',
      properties: {
        layer: 'way-out',
        direction: w.direction,
        best: w.best,
        lengthMetres: r1(w.length),
        exposedMetres: r1(w.exposedMetres),
        exposedShare: Math.round(w.exposedShare * 1000) / 1000,
        weightedExposureMetres: r1(w.weighted),
        identificationMetres: r1(w.identificationMetres),
        cameraCount: w.cameraCount,
        streets: w.streets,
      },
      geometry: { type: 'LineString', coordinates: w.coordinates.map(r6) },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/**
 * Ways out ranked by the figure that picks the best one: weighted exposure (metres), then length; ways
 * that could not be planned last, in compass order.
 */
export function rankedWaysOut(ways: readonly WayOut[]): WayOut[] {
  const key = (w: WayOut) => (w.ok ? [0, w.weighted, w.length] : [1, 0, 0]);
  return ways
    .map((w, i) => ({ w, i }))
    .sort((a, b) => {
      const [x, y] = [key(a.w), key(b.w)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || a.i - b.i;
    })
    .map(({ w }) => w);
}
