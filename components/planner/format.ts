/** Number formatting for the planner (metres, minutes, shares), locale-aware. */
import type { Lang } from '../i18n/core.ts';

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

/** "850 m" or "1.4 km" (metres rounded to the metre below 1 km). */
export function formatLength(metres: number, lang: Lang): string {
  if (metres < 1000) return `${Math.round(metres).toLocaleString(locale(lang))} m`;
  return `${(metres / 1000).toLocaleString(locale(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 })} km`;
}

/** Always metres, rounded ("1 010 m"): for exposure figures that are compared across routes. */
export function formatMetres(metres: number, lang: Lang): string {
  return `${Math.round(metres).toLocaleString(locale(lang))} m`;
}

export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export function formatMinutes(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}

/** A change in whole metres with its sign: "−120 m", "+130 m", "±0 m" (U+2212 minus, locale digits). */
export function formatSignedMetres(metres: number, lang: Lang): string {
  const n = Math.round(metres);
  const sign = n < 0 ? '\u2212' : n > 0 ? '+' : '±';
  return `${sign}${Math.abs(n).toLocaleString(locale(lang))} m`;
}
