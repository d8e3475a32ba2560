/** Wall-source texts (lib/walls): shown by WallSourceNote in the popup, the overlay legend, route cards and area reports. */
import type { Catalog } from './core.ts';

export const wallsCatalog = {
  wallsLabel: { en: 'Walls', fr: 'Murs' },
  wall_mapped: { en: 'mapped buildings', fr: 'bâtiments cartographiés' },
  wall_inferred: { en: 'inferred from the streets', fr: 'déduits des rues' },
  wall_none: { en: 'none', fr: 'aucun' },
  wallExplain_mapped: {
    en: 'Cameras do not see through OpenStreetMap buildings.',
    fr: 'Les caméras ne voient pas à travers les bâtiments d’OpenStreetMap.',
  },
  wallExplain_inferred: {
    en: 'No buildings are mapped here: blocks between streets are taken as walls, an estimate.',
    fr: 'Aucun bâtiment n’est cartographié ici : les îlots entre les rues comptent comme des murs, une estimation.',
  },
  wallExplain_none: {
    en: 'No walls known: cameras see through buildings, so these figures are an upper bound.',
    fr: 'Aucun mur connu : les caméras voient à travers les bâtiments, ces chiffres sont donc un maximum.',
  },
  wallsUnreadable: {
    en: 'The walls shipped with this dataset could not be read, so none are used: reinstalling the extension should restore them. Cameras and streets are intact.',
    fr: 'Les murs livrés avec ces données sont illisibles, aucun n’est donc utilisé : réinstaller l’extension devrait les rétablir. Les caméras et les rues sont intactes.',
  },
  wallsUnreadableDetails: { en: 'Technical details', fr: 'Détails techniques' },
} satisfies Catalog;

export type WallsKey = keyof typeof wallsCatalog;
