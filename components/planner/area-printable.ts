/**
 * The printable area report: a self-contained HTML page (inline SVG sketch, no script, no remote resource),
 * in English or French. Every text from data — street names, camera ids — is escaped, so a hostile name
 * prints as text. The data it prints comes from lib/area (report.ts, export.ts).
 */
import { COVERAGE_TIERS } from '../../lib/cameras/coverage.ts';
import { CAMERA_KINDS } from '../../lib/cameras/types.ts';
import type { LonLat } from '../../lib/geo/index.ts';
import { escapeHtml, rankedWaysOut } from '../../lib/area/export.ts';
import type { AreaReport } from '../../lib/area/report.ts';
import { wallSourceOf } from '../../lib/walls/index.ts';
import { areaPrintCatalog, type AreaPrintKey } from '../i18n/area-print.ts';
import { plannerText } from '../i18n/planner.ts';
// The wall-source strings are the UI's own (WallSourceNote), so the page and the screen say the same thing.
import { wallsCatalog } from '../i18n/walls.ts';
import { BEST_EXIT_COLOUR, TIER_COLOURS } from './map.ts';

/** A compass label (N, NE, …, NW) in `lang`: French writes west as O (ouest): NO, O, SO. */
export function compassText(direction: string, lang: 'en' | 'fr'): string {
  return lang === 'fr' ? direction.replace(/W/g, 'O') : direction;
}

/** A timestamp as a person reads it, in `lang` (UTC, to the minute); unreadable input is shown as given. */
export function formatTimestamp(iso: string, lang: 'en' | 'fr'): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return (
    new Date(ms).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC'
  );
}

/** A printable, self-contained HTML page for the report. */
export function areaReportToHtml(report: AreaReport, lang: 'en' | 'fr' = 'en'): string {
  const t = (k: AreaPrintKey, n?: number) => escapeHtml(areaPrintCatalog[k][lang].replace('{n}', String(n ?? '')));
  const m = (x: number) => `${Math.round(x).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB')} m`;
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const s = report.streets;
  const wall = wallSourceOf(report.wallSource);
  const wallLine = `<p class="walls" data-wall-source="${wall}"><strong>${escapeHtml(wallsCatalog.wallsLabel[lang])}:</strong> ${escapeHtml(wallsCatalog[`wall_${wall}`][lang])}${
    wall !== 'mapped' ? ` — ${escapeHtml(wallsCatalog[`wallExplain_${wall}`][lang])}` : ''
  }</p>`;
  const tierRows = COVERAGE_TIERS.map(
    (tier) =>
      `<tr><th scope="row"><span class="sw" style="background:${TIER_COLOURS[tier]}"></span>${t(tier)}</th><td>${m(s.seen[tier])}</td><td>${pct(s.shareByTier[tier])}</td></tr>`,
  ).join('');
  const kindRows = CAMERA_KINDS.filter((k) => COVERAGE_TIERS.some((tier) => report.camerasByKind[k][tier] > 0))
    .map(
      (k) =>
        `<tr><th scope="row">${escapeHtml(plannerText[`kind.${k}`][lang])}</th>${COVERAGE_TIERS.map((tier) => `<td>${report.camerasByKind[k][tier]}</td>`).join('')}</tr>`,
    )
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

/**
 * An SVG sketch: area, blind spots (blue), ways out (teal = least seen, drawn last so it is on top) with
 * their direction at the end, cameras by tier; then a legend.
 */
function sketch(report: AreaReport, t: (k: AreaPrintKey) => string, lang: 'en' | 'fr'): string {
  const W = 640;
  const H = 420;
  const pts: LonLat[] = [];
  for (const w of report.waysOut) if (w.ok) pts.push(...w.coordinates);
  const rings = report.polygon.type === 'Polygon' ? report.polygon.coordinates : report.polygon.coordinates.flat();
  for (const ring of rings) for (const p of ring) pts.push([p[0], p[1]]);
  if (!pts.length) return '';
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const [x, y] of pts) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  const k = Math.cos(((s + n) / 2) * (Math.PI / 180));
  const scale = Math.min((W - 20) / Math.max(1e-9, (e - w) * k), (H - 20) / Math.max(1e-9, n - s));
  const X = (lon: number) => (10 + (lon - w) * k * scale).toFixed(1);
  const Y = (lat: number) => (10 + (n - lat) * scale).toFixed(1);
  const path = (line: ArrayLike<number[] | LonLat>) => Array.from(line, (p, i) => `${i ? 'L' : 'M'}${X(p[0])},${Y(p[1])}`).join('');
  const parts: string[] = [];
  for (const ring of rings) parts.push(`<path d="${path(ring)}Z" fill="#1565c022" stroke="#1565c0" stroke-width="2"/>`);
  const ways = report.waysOut.filter((wo): wo is Extract<typeof wo, { ok: true }> => wo.ok).sort((a, b) => Number(a.best) - Number(b.best));
  for (const wo of ways)
    parts.push(
      `<path d="${path(wo.coordinates)}" fill="none" stroke="${wo.best ? BEST_EXIT_COLOUR : '#757575'}" stroke-width="${wo.best ? 5 : 2}"${wo.best ? '' : ' stroke-dasharray="6 4"'}/>`,
    );
  for (const b of report.blindSpots)
    for (const l of b.lines) parts.push(`<path d="${path(l)}" fill="none" stroke="#0d47a1" stroke-width="4" stroke-dasharray="6 3"/>`);
  for (const c of report.cameras)
    parts.push(`<circle cx="${X(c.lon)}" cy="${Y(c.lat)}" r="4" fill="${TIER_COLOURS[c.tier]}" stroke="#000" stroke-width="0.5"/>`);
  for (const wo of ways) {
    const [x, y] = wo.coordinates[wo.coordinates.length - 1];
    const text = `${wo.best ? '★ ' : ''}${escapeHtml(compassText(wo.direction, lang))}`;
    parts.push(
      `<text x="${X(x)}" y="${Y(y)}" text-anchor="middle" dominant-baseline="middle" font-size="13" font-weight="700" fill="${wo.best ? BEST_EXIT_COLOUR : '#333'}" stroke="#fff" stroke-width="3" paint-order="stroke" data-exit="${escapeHtml(wo.direction)}">${text}</text>`,
    );
  }
  const legend = `<p class="legend"><span><i style="background:#1565c0"></i>${t('legendArea')}</span><span><i style="background:${BEST_EXIT_COLOUR}"></i>★ ${t('legendBest')}</span><span><i style="background:#757575"></i>${t('legendWay')}</span><span><i style="background:#0d47a1"></i>${t('legendBlind')}</span><span><i style="background:${TIER_COLOURS.identification};height:8px;width:8px;border-radius:50%"></i>${t('legendCamera')}</span></p>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${t('ways')}">${parts.join('')}</svg>${legend}`;
}
