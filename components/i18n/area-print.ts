/** The printable area report's texts (components/planner/area-printable.ts). */
import type { Catalog } from './core.ts';

export const areaPrintCatalog = {
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
} satisfies Catalog;

export type AreaPrintKey = keyof typeof areaPrintCatalog;
