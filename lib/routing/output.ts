/**
 * Route exports: GeoJSON (one LineString feature per alternative) and GPX 1.1 (one track per
 * alternative). Street names and camera ids come from data, so GPX text is XML-escaped.
 */
import type { Route } from './describe.ts';
import type { RouteSuccess } from './router.ts';

export type AlternativeName = 'shortest' | 'balanced' | 'discreet';
export const ALTERNATIVES: readonly AlternativeName[] = ['shortest', 'balanced', 'discreet'];

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function routeProperties(name: AlternativeName, r: Route) {
  return {
    alternative: name,
    alpha: round(r.alpha, 4),
    lengthMetres: round(r.length, 1),
    durationSeconds: Math.round(r.duration),
    exposedMetres: round(r.exposedMetres, 1),
    exposedShare: round(r.exposedShare, 4),
    identificationMetres: round(r.exposure.identification, 1),
    recognitionMetres: round(r.exposure.recognition, 1),
    observationMetres: round(r.exposure.observation, 1),
    weightedExposureMetres: round(r.exposure.weighted, 1),
    streets: r.streets,
    cameras: r.cameras?.map((c) => c.id) ?? [],
    ...(r.sameAs ? { sameAs: r.sameAs } : {}),
  };
}

/** A GeoJSON FeatureCollection with the three alternatives (coordinates rounded to 1e-6°, ≈ 0.1 m). */
export function routesToGeoJson(result: RouteSuccess) {
  return {
    type: 'FeatureCollection' as const,
    features: ALTERNATIVES.map((name) => ({
      type: 'Feature' as const,
      properties: routeProperties(name, result[name]),
      geometry: {
        type: 'LineString' as const,
        coordinates: result[name].coordinates.map(([lon, lat]) => [round(lon, 6), round(lat, 6)]),
      },
    })),
  };
}

/** Escape the five XML special characters (and drop control characters XML 1.0 forbids). */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** GPX 1.1 with one track per alternative; the description carries length and exposure. */
export function routesToGpx(result: RouteSuccess, creator = 'Angle Mort'): string {
  const tracks = ALTERNATIVES.map((name) => {
    const r = result[name];
    const desc =
      `${Math.round(r.length)} m, ${Math.round(r.duration / 60)} min walk, ${Math.round(r.exposedMetres)} m seen by cameras ` +
      `(${Math.round(100 * r.exposedShare)} %)` +
      (r.streets.length ? `; via ${r.streets.join(', ')}` : '');
    const points = r.coordinates.map(([lon, lat]) => `      <trkpt lat="${lat.toFixed(7)}" lon="${lon.toFixed(7)}"/>`).join('\n');
    return `  <trk>\n    <name>${escapeXml(name)}</name>\n    <desc>${escapeXml(desc)}</desc>\n    <trkseg>\n${points}\n    </trkseg>\n  </trk>`;
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<gpx version="1.1" creator="${escapeXml(creator)}" xmlns="http://www.topografix.com/GPX/1/1">\n` +
    tracks.join('\n') +
    `\n</gpx>\n`
  );
}
