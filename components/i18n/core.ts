/**
 * Minimal bilingual text lookup (English and French) for every UI. Each feature keeps its own catalog
 * (`components/i18n/<feature>.ts`) of `{ en, fr }` pairs, so features stay independent.
 */
export type Lang = 'en' | 'fr';
/**
 * A string in both languages. Strings with a number in them give its singular too (`one`), chosen by
 * `Intl.PluralRules` on the `{count}` variable (or the one `plural` names): English "1 camera" / "2 cameras",
 * French "0 caméra", "1 caméra" / "2 caméras" (French counts 0 and 1 as singular).
 */
export interface CatalogEntry {
  en: string;
  fr: string;
  one?: { en: string; fr: string };
  /** The variable that decides singular or plural; `count` when absent. */
  plural?: string;
}
export type Catalog = Record<string, CatalogEntry>;

const pluralRules: Partial<Record<Lang, Intl.PluralRules>> = {};

/** `one` or `other` (the only two categories English and French use) for `n` in `lang`. */
export function pluralCategory(lang: Lang, n: number): 'one' | 'other' {
  const rules = (pluralRules[lang] ??= new Intl.PluralRules(lang === 'fr' ? 'fr-FR' : 'en-GB'));
  return rules.select(n) === 'one' ? 'one' : 'other';
}

/** Picks the UI language: an explicit setting wins, else the browser's (`fr*` → French), else English. */
export function resolveLang(setting: 'auto' | Lang | undefined, navigatorLanguage?: string): Lang {
  if (setting === 'en' || setting === 'fr') return setting;
  return navigatorLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Returns a translator bound to a catalog and language; `{name}` placeholders are filled from `vars`. */
export function translator<C extends Catalog>(catalog: C, lang: Lang) {
  return (key: keyof C & string, vars?: Record<string, string | number>): string => {
    const entry = catalog[key] as CatalogEntry | undefined;
    let text = entry ? entry[lang] : key;
    const n = vars?.[entry?.plural ?? 'count'];
    if (entry?.one && n !== undefined && Number.isFinite(Number(n)) && pluralCategory(lang, Number(n)) === 'one') text = entry.one[lang];
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
    return text;
  };
}
