/**
 * Dataset text that comes from data/manifest.json (written in English): the names and licences of the
 * sources we ship, in both languages. A source or licence not listed here (an import, a future update) is
 * shown as written.
 */
import type { Catalog, Lang } from './core.ts';

export const datasetText = {
  'source.osm-toulouse-cameras': { en: 'Toulouse cameras from OpenStreetMap', fr: 'Caméras de Toulouse issues d’OpenStreetMap' },
  'source.sous-surveillance-2012': {
    en: 'sous-surveillance.net participatory camera survey',
    fr: 'Relevé participatif des caméras de sous-surveillance.net',
  },
  'source.toulouse-mapgr': {
    en: 'Toulouse walkable street graph (INSA mapgr v8)',
    fr: 'Graphe piéton des rues de Toulouse (INSA mapgr v8)',
  },
  'licence.ODbL 1.0': { en: 'ODbL 1.0', fr: 'ODbL 1.0' },
  'licence.no licence stated; used for enrichment with credit': {
    en: 'no licence stated; used for enrichment with credit',
    fr: 'aucune licence indiquée ; utilisé pour compléter les données, avec mention de la source',
  },
  'licence.no licence stated': { en: 'no licence stated', fr: 'aucune licence indiquée' },
  // A camera's own `source` (the overlay's card): the ids our readers and pages write.
  'camera.osm': { en: 'OpenStreetMap', fr: 'OpenStreetMap' },
  'camera.overpass': { en: 'OpenStreetMap (downloaded district)', fr: 'OpenStreetMap (quartier téléchargé)' },
  'camera.sous-surveillance': { en: 'sous-surveillance.net (2012 survey)', fr: 'sous-surveillance.net (relevé de 2012)' },
  'camera.user': { en: 'added by you', fr: 'ajoutée par vous' },
} satisfies Catalog;

type Key = keyof typeof datasetText;

/** A source's name in `lang` (by its manifest id), else its name as written. */
export function sourceName(source: { id: string; name: string }, lang: Lang): string {
  const key = `source.${source.id}` as Key;
  return key in datasetText ? datasetText[key][lang] : source.name;
}

/** A licence statement in `lang`, else as written. */
export function licenceText(licence: string, lang: Lang): string {
  const key = `licence.${licence}` as Key;
  return key in datasetText ? datasetText[key][lang] : licence;
}

/** A source named as in the manifest (English), in `lang`, else as written (lists that keep only names). */
export function sourceNameText(name: string, lang: Lang): string {
  for (const [key, entry] of Object.entries(datasetText)) if (key.startsWith('source.') && entry.en === name) return entry[lang];
  return name;
}

/** A camera's `source` id in words (`osm` → OpenStreetMap), in `lang`; an id we do not know is shown as written. */
export function cameraSourceText(source: string, lang: Lang): string {
  const key = `camera.${source.startsWith('overpass') ? 'overpass' : source}` as Key;
  return key in datasetText ? datasetText[key][lang] : source;
}
