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
