/** Number, size, date and area formatting for the options page (en/fr). */
import type { BBox } from '../../lib/geo/index.ts';
import type { Lang } from '../i18n/core.ts';

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

export function formatCount(n: number, lang: Lang): string {
  return n.toLocaleString(locale(lang));
}

/** Bytes as kB / MB (decimal units, as file managers show them). */
export function formatBytes(bytes: number, lang: Lang): string {
  const fmt = (v: number, digits: number) => v.toLocaleString(locale(lang), { maximumFractionDigits: digits });
  if (bytes < 1000) return `${fmt(bytes, 0)} ${lang === 'fr' ? 'o' : 'B'}`;
  if (bytes < 1_000_000) return `${fmt(bytes / 1000, 1)} ${lang === 'fr' ? 'ko' : 'kB'}`;
  return `${fmt(bytes / 1_000_000, 1)} ${lang === 'fr' ? 'Mo' : 'MB'}`;
}

/** Metres, or kilometres from 1 km. */
export function formatMetres(m: number, lang: Lang): string {
  if (m < 1000) return `${Math.round(m).toLocaleString(locale(lang))} m`;
  return `${(m / 1000).toLocaleString(locale(lang), { maximumFractionDigits: 2 })} km`;
}

export function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleDateString(locale(lang), { year: 'numeric', month: 'short', day: 'numeric' });
}

/** Degrees at 4 decimals (≈ 10 m), enough to recognise an area. */
export function bboxParts(b: BBox): { west: string; south: string; east: string; north: string } {
  const f = (v: number) => v.toFixed(4).replace(/\.?0+$/, '');
  return { west: f(b.west), south: f(b.south), east: f(b.east), north: f(b.north) };
}
