/**
 * Minimal bilingual text lookup (English and French) for every UI. Each feature keeps its own catalog
 * (`components/i18n/<feature>.ts`) of `{ en, fr }` pairs, so features stay independent.
 */
export type Lang = 'en' | 'fr';
export type Catalog = Record<string, { en: string; fr: string }>;

/** Picks the UI language: an explicit setting wins, else the browser's (`fr*` → French), else English. */
export function resolveLang(setting: 'auto' | Lang | undefined, navigatorLanguage?: string): Lang {
  if (setting === 'en' || setting === 'fr') return setting;
  return navigatorLanguage?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Returns a translator bound to a catalog and language; `{name}` placeholders are filled from `vars`. */
export function translator<C extends Catalog>(catalog: C, lang: Lang) {
  return (key: keyof C & string, vars?: Record<string, string | number>): string => {
    const entry = catalog[key];
    let text = entry ? entry[lang] : key;
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
    return text;
  };
}
