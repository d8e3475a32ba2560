/**
 * French is complete: every key of every catalog has a French text that is not the English one left in
 * place (except words that are the same in both languages), the same {placeholders}, and counted strings
 * agree in number through Intl.PluralRules.
 */
import { describe, expect, it } from 'vitest';
import { pluralCategory, translator, type Catalog } from '../../../../components/i18n/core.ts';
import { optionsCatalog } from '../../../../components/i18n/options.ts';
import { overlayText } from '../../../../components/i18n/overlay.ts';
import { plannerText } from '../../../../components/i18n/planner.ts';
import { popupCatalog } from '../../../../components/i18n/popup.ts';
import { datasetText } from '../../../../components/i18n/dataset.ts';

const CATALOGS: Record<string, Catalog> = {
  options: optionsCatalog,
  overlay: overlayText,
  planner: plannerText,
  popup: popupCatalog,
  dataset: datasetText,
};

/** Texts that are the same in both languages (names, units, words French shares with English). */
const SAME_IN_BOTH =
  /^(Angle Mort|Source|Sources|Identification|Observation|Direction|Date|Version|Sites|Via|OK|GPX|CSV|GeoJSON|JSON|Overpass|OpenStreetMap|ODbL|ODbL 1\.0|English|Français|\{n\} points|\{[a-z]+\}( (m|km|min|%))?|[^A-Za-z]*|.*\{[a-z]+\} min.*)$/i;

const placeholders = (s: string) => [...s.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  for (const [name, catalog] of Object.entries(CATALOGS)) {
    it(`${name}: every key has French, not left in English, with the same placeholders`, () => {
      const problems: string[] = [];
      for (const [key, entry] of Object.entries(catalog)) {
        if (!entry.fr?.trim()) problems.push(`${key}: no French`);
        else if (entry.fr === entry.en && !SAME_IN_BOTH.test(entry.en)) problems.push(`${key}: French is the English text "${entry.en}"`);
        if (placeholders(entry.en).join() !== placeholders(entry.fr).join()) problems.push(`${key}: placeholders differ`);
        if (
          entry.one &&
          (placeholders(entry.one.en).join() !== placeholders(entry.en).join() ||
            placeholders(entry.one.fr).join() !== placeholders(entry.fr).join())
        )
          problems.push(`${key}: singular placeholders differ`);
        // A number shown with a plural noun must have its singular form.
        if (/\{(count|n)\} (cameras|points|caméras)\b/.test(entry.en + ' ' + entry.fr) && !entry.one)
          problems.push(`${key}: counted text without a singular`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('plurals follow Intl.PluralRules: French 0 and 1 are singular, English only 1', () => {
    expect(pluralCategory('fr', 0)).toBe('one');
    expect(pluralCategory('fr', 1)).toBe('one');
    expect(pluralCategory('fr', 2)).toBe('other');
    expect(pluralCategory('en', 0)).toBe('other');
    expect(pluralCategory('en', 1)).toBe('one');
    const fr = translator(optionsCatalog, 'fr');
    const en = translator(optionsCatalog, 'en');
    expect(fr('commit', { count: 1 })).toBe('Ajouter 1 caméra comme nouveau jeu de données');
    expect(fr('commit', { count: 3 })).toBe('Ajouter 3 caméras comme nouveau jeu de données');
    expect(en('commit', { count: 1 })).toBe('Add 1 camera as a new dataset');
    expect(en('commit', { count: '1,024' })).toBe('Add 1,024 cameras as a new dataset');
    expect(translator(plannerText, 'en')('area.points', { n: 1 })).toBe('1 point');
    expect(translator(plannerText, 'fr')('area.points', { n: 4 })).toBe('4 points');
  });
});
