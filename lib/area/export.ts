/**
 * Area report exports: GeoJSON (area, watching cameras, blind spots, ways out) and a self-contained
 * printable HTML page (inline SVG sketch, no script, no remote resource). Every text from data — street
 * names, camera ids — is escaped, so a hostile name prints as text.
 */
import type * as GeoJSON from 'geojson';
import { COVERAGE_TIERS, type CoverageTier } from '../cameras/coverage.ts';
import { CAMERA_KINDS } from '../cameras/types.ts';
import type { LonLat } from '../geo/index.ts';
import type { AreaReport, WayOut } from './report.ts';
import { wallSourceOf } from '../walls/index.ts';
// The wall-source strings are the UI's own (WallSourceNote), so the page and the screen say the same thing.
import { wallsCatalog } from '../../components/i18n/walls.ts';

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
      properties: { layer: 'camera', id: c.id, kind: c.kind, tier: c.tier, inside: c.inside, streetMetres: r1(c.streetMetres), ...(c.expires ? { expires: c.expires } : {}) },
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

const TEXT = {
  title: { en: 'Event area check', fr: 'Vérification de zone' },
  generated: { en: 'Generated', fr: 'Généré le' },
  streets: { en: 'Streets in the area', fr: 'Rues dans la zone' },
  seen: { en: 'seen by cameras', fr: 'vues par des caméras' },
  unseen: { en: 'unseen', fr: 'non vues' },
  cameras: { en: 'Cameras watching the area', fr: 'Caméras qui surveillent la zone' },
  kind: { en: 'Kind', fr: 'Type' },
  blind: { en: 'Blind spots (≥ {n} m seen by no camera)', fr: 'Angles morts (≥ {n} m vus par aucune caméra)' },
  none: { en: 'None.', fr: 'Aucun.' },
  ways: { en: 'Least-seen ways out', fr: 'Sorties les moins vues' },
  direction: { en: 'Direction', fr: 'Direction' },
  length: { en: 'Length', fr: 'Longueur' },
  exposed: { en: 'Seen', fr: 'Vue' },
  camerasCol: { en: 'Cameras', fr: 'Caméras' },
  best: { en: 'least seen', fr: 'la moins vue' },
  weighted: { en: 'Weighted camera-metres', fr: 'Mètres-caméra pondérés' },
  identificationCol: { en: 'At identification range', fr: 'À portée d’identification' },
  streetsCol: { en: 'Streets', fr: 'Rues' },
  waysHelp: {
    en: 'Ranked by weighted camera-metres: each metre seen at identification range counts 1, recognition ½, observation ¼. ★ = the least seen by that figure.',
    fr: 'Classées par mètres-caméra pondérés : chaque mètre vu à portée d’identification compte 1, de reconnaissance ½, d’observation ¼. ★ = la moins vue selon ce chiffre.',
  },
  legendArea: { en: 'area', fr: 'zone' },
  legendBest: { en: 'least-seen way out', fr: 'sortie la moins vue' },
  legendWay: { en: 'other ways out', fr: 'autres sorties' },
  legendBlind: { en: 'blind spot', fr: 'angle mort' },
  legendCamera: { en: 'camera (colour = best tier)', fr: 'caméra (couleur = meilleur niveau)' },
  noRoute: { en: 'no way out found', fr: 'aucune sortie trouvée' },
  identification: { en: 'identification', fr: 'identification' },
  recognition: { en: 'recognition', fr: 'reconnaissance' },
  observation: { en: 'observation', fr: 'observation' },
  total: { en: 'Total', fr: 'Total' },
  unnamed: { en: 'unnamed way', fr: 'voie sans nom' },
  attribution: {
    en: 'Street graph and cameras © OpenStreetMap contributors (ODbL). Computed locally by Angle Mort; coverage is a model, not a certainty.',
    fr: 'Rues et caméras © contributeurs OpenStreetMap (ODbL). Calculé localement par Angle Mort ; la couverture est un modèle, pas une certitude.',
  },
} as const;

/** Camera kinds on the printable page (the UI's own labels are in components/i18n/planner.ts). */
const KIND_TEXT: Record<string, { en: string; fr: string }> = {
  fixed: { en: 'fixed', fr: 'fixe' },
  dome: { en: 'dome', fr: 'dôme' },
  ptz: { en: 'pan-tilt-zoom', fr: 'orientable' },
  alpr: { en: 'plate reader', fr: 'lecteur de plaques' },
  speed: { en: 'speed camera', fr: 'radar' },
  unknown: { en: 'unknown', fr: 'inconnu' },
};

/** A compass label (N, NE, …, NW) in `lang`: French writes west as O (ouest): NO, O, SO. */
export function compassText(direction: string, lang: 'en' | 'fr'): string {
  return lang === 'fr' ? direction.replace(/W/g, 'O') : direction;
}

/** A timestamp as a person reads it, in `lang` (UTC, to the minute); unreadable input is shown as given. */
export function formatTimestamp(iso: string, lang: 'en' | 'fr'): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return new Date(ms).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

/** Tier colours shared with the planner UI: identification red, recognition orange, observation yellow. */
export const TIER_COLOURS: Record<CoverageTier, string> = { identification: '#c62828', recognition: '#ef6c00', observation: '#f9a825' };

/** A printable, self-contained HTML page for the report. */
export function areaReportToHtml(report: AreaReport, lang: 'en' | 'fr' = 'en'): string {
  const t = (k: keyof typeof TEXT, n?: number) => escapeHtml(TEXT[k][lang].replace('{n}', String(n ?? '')));
  const m = (x: number) => `${Math.round(x).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')} m`;
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const s = report.streets;
  const wall = wallSourceOf(report.wallSource);
  const wallLine = `<p class="walls" data-wall-source="${wall}"><strong>${escapeHtml(wallsCatalog.wallsLabel[lang])}:</strong> ${escapeHtml(wallsCatalog[`wall_${wall}`][lang])}${
    wall !== 'mapped' ? ` — ${escapeHtml(wallsCatalog[`wallExplain_${wall}`][lang])}` : ''
  }</p>`;
  const tierRows = COVERAGE_TIERS.map(
    (tier) => `<tr><th scope="row"><span class="sw" style="background:${TIER_COLOURS[tier]}"></span>${t(tier)}</th><td>${m(s.seen[tier])}</td><td>${pct(s.shareByTier[tier])}</td></tr>`,
  ).join('');
  const kindRows = CAMERA_KINDS.filter((k) => COVERAGE_TIERS.some((tier) => report.camerasByKind[k][tier] > 0))
    .map((k) => `<tr><th scope="row">${escapeHtml(KIND_TEXT[k]?.[lang] ?? k)}</th>${COVERAGE_TIERS.map((tier) => `<td>${report.camerasByKind[k][tier]}</td>`).join('')}</tr>`)
    .join('');
  const blind = report.blindSpots.length
    ? `<ol>${report.blindSpots.map((b) => `<li>${m(b.length)} — ${b.streets.length ? b.streets.map(escapeHtml).join(', ') : t('unnamed')}</li>`).join('')}</ol>`
    : `<p>${t('none')}</p>`;
  const ways = rankedWaysOut(report.waysOut)
    .map((w) =>
      w.ok
        ? `<tr${w.best ? ' class="best"' : ''}><th scope="row">${w.best ? '★ ' : ''}${escapeHtml(compassText(w.direction, lang))}${w.best ? ` (${t('best')})` : ''}</th><td class="num">${m(w.weighted)}</td><td>${m(w.length)}</td><td>${m(w.exposedMetres)} (${pct(w.exposedShare)})</td><td>${m(w.identificationMetres)}</td><td>${w.cameraCount}</td><td>${w.streets.length ? w.streets.map(escapeHtml).join(' → ') : t('unnamed')}</td></tr>`
        : `<tr><th scope="row">${escapeHtml(compassText(w.direction, lang))}</th><td colspan="6">${t('noRoute')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${t('title')}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#111;max-width:900px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:18px 0 6px}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}
.big{font-size:28px;font-weight:700}.sw{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}
.best{background:#e0f7fa;font-weight:600}.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin:4px 0}.legend i{display:inline-block;width:18px;height:4px;vertical-align:middle;margin-right:4px}svg{border:1px solid #ccc;max-width:100%;height:auto}small{color:#555}
@media print{body{margin:0}}
</style></head><body>
<h1>${t('title')}</h1>
<p><small>${t('generated')} ${escapeHtml(formatTimestamp(report.generatedAt, lang))}</small></p>
${wallLine}
${sketch(report, (k) => t(k), lang)}
<h2>${t('streets')}: ${m(s.lengthMetres)}</h2>
<p><span class="big">${pct(s.seenShare)}</span> ${t('seen')} — ${m(s.unseenMetres)} ${t('unseen')}</p>
<table>${tierRows}</table>
<h2>${t('cameras')}: ${report.cameras.length}</h2>
${kindRows ? `<table><tr><th>${t('kind')}</th>${COVERAGE_TIERS.map((tier) => `<th>${t(tier)}</th>`).join('')}</tr>${kindRows}</table>` : `<p>${t('none')}</p>`}
<h2>${t('blind', report.blindSpotMinMetres)}</h2>
${blind}
<h2>${t('ways')}</h2>
<p><small>${t('waysHelp')}</small></p>
<table><tr><th>${t('direction')}</th><th>${t('weighted')}</th><th>${t('length')}</th><th>${t('exposed')}</th><th>${t('identificationCol')}</th><th>${t('camerasCol')}</th><th>${t('streetsCol')}</th></tr>${ways}</table>
<p><small>${t('attribution')}</small></p>
</body></html>
`;
}

/** The least-seen way out (teal, not green: green is the planner's most discreet route). */
export const BEST_EXIT_COLOUR = '#00838f';

/**
 * An SVG sketch: area, blind spots (blue), ways out (teal = least seen, drawn last so it is on top) with
 * their direction at the end, cameras by tier; then a legend.
 */
function sketch(report: AreaReport, t: (k: keyof typeof TEXT) => string, lang: 'en' | 'fr'): string {
  const W = 640;
  const H = 420;
  const pts: LonLat[] = [];
  for (const w of report.waysOut) if (w.ok) pts.push(...w.coordinates);
  const rings = report.polygon.type === 'Polygon' ? report.polygon.coordinates : report.polygon.coordinates.flat();
  for (const ring of rings) for (const p of ring) pts.push([p[0], p[1]]);
  if (!pts.length) return '';
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [x, y] of pts) {
    w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
  }
  const k = Math.cos(((s + n) / 2) * (Math.PI / 180));
  const scale = Math.min((W - 20) / Math.max(1e-9, (e - w) * k), (H - 20) / Math.max(1e-9, n - s));
  const X = (lon: number) => (10 + (lon - w) * k * scale).toFixed(1);
  const Y = (lat: number) => (10 + (n - lat) * scale).toFixed(1);
  const path = (line: ArrayLike<number[] | LonLat>) => Array.from(line, (p, i) => `${i ? 'L' : 'M'}${X(p[0])},${Y(p[1])}`).join('');
  const parts: string[] = [];
  for (const ring of rings) parts.push(`<path d="${path(ring)}Z" fill="#1565c022" stroke="#1565c0" stroke-width="2"/>`);
  const ways = report.waysOut.filter((wo): wo is Extract<typeof wo, { ok: true }> => wo.ok).sort((a, b) => Number(a.best) - Number(b.best));
  for (const wo of ways) parts.push(`<path d="${path(wo.coordinates)}" fill="none" stroke="${wo.best ? BEST_EXIT_COLOUR : '#757575'}" stroke-width="${wo.best ? 5 : 2}"${wo.best ? '' : ' stroke-dasharray="6 4"'}/>`);
  for (const b of report.blindSpots) for (const l of b.lines) parts.push(`<path d="${path(l)}" fill="none" stroke="#0d47a1" stroke-width="4" stroke-dasharray="6 3"/>`);
  for (const c of report.cameras) parts.push(`<circle cx="${X(c.lon)}" cy="${Y(c.lat)}" r="4" fill="${TIER_COLOURS[c.tier]}" stroke="#000" stroke-width="0.5"/>`);
  for (const wo of ways) {
    const [x, y] = wo.coordinates[wo.coordinates.length - 1];
    const text = `${wo.best ? '★ ' : ''}${escapeHtml(compassText(wo.direction, lang))}`;
    parts.push(`<text x="${X(x)}" y="${Y(y)}" text-anchor="middle" dominant-baseline="middle" font-size="13" font-weight="700" fill="${wo.best ? BEST_EXIT_COLOUR : '#333'}" stroke="#fff" stroke-width="3" paint-order="stroke" data-exit="${escapeHtml(wo.direction)}">${text}</text>`);
  }
  const legend = `<p class="legend"><span><i style="background:#1565c0"></i>${t('legendArea')}</span><span><i style="background:${BEST_EXIT_COLOUR}"></i>★ ${t('legendBest')}</span><span><i style="background:#757575"></i>${t('legendWay')}</span><span><i style="background:#0d47a1"></i>${t('legendBlind')}</span><span><i style="background:${TIER_COLOURS.identification};height:8px;width:8px;border-radius:50%"></i>${t('legendCamera')}</span></p>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${t('ways')}">${parts.join('')}</svg>${legend}`;
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
