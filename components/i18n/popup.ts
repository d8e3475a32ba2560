/** Popup texts (dataset status). `{name}` placeholders are filled by the translator. */
import type { Catalog } from './core.ts';

export const popupCatalog = {
  title: { en: 'Angle Mort', fr: 'Angle Mort' },
  tagline: {
    en: 'Shows where surveillance cameras can see you on the maps you already use, and plans walks that stay out of their view. Everything is computed on this computer.',
    fr: 'Montre où les caméras de surveillance peuvent vous voir sur les cartes que vous utilisez déjà, et prépare des marches qui restent hors de leur vue. Tout est calculé sur cet ordinateur.',
  },
  datasetDetails: { en: 'Dataset details', fr: 'Détails du jeu de données' },
  datasetHeading: { en: 'Camera data', fr: 'Données des caméras' },
  loading: { en: 'Loading the camera data…', fr: 'Chargement des données des caméras…' },
  cameraCount: { en: '{count} cameras', fr: '{count} caméras', one: { en: '{count} camera', fr: '{count} caméra' } },
  countsByKind: { en: 'Cameras by kind', fr: 'Caméras par type' },
  kind_fixed: { en: 'Fixed', fr: 'Fixes' },
  kind_dome: { en: 'Dome', fr: 'Dômes' },
  kind_ptz: { en: 'Pan-tilt-zoom', fr: 'Motorisées (PTZ)' },
  kind_alpr: { en: 'Licence-plate readers (ALPR)', fr: 'Lecteurs de plaques (LAPI)' },
  kind_speed: { en: 'Speed cameras', fr: 'Radars de vitesse' },
  kind_unknown: { en: 'Unknown kind', fr: 'Type inconnu' },
  version: { en: 'Version', fr: 'Version' },
  builtOn: { en: 'Built on', fr: 'Construit le' },
  installedOn: { en: 'Installed on', fr: 'Installé le' },
  area: { en: 'Area', fr: 'Zone' },
  sources: { en: 'Sources', fr: 'Sources' },
  userCameras: { en: 'Your own cameras: {count}', fr: 'Vos propres caméras : {count}' },
  otherDatasets: {
    en: 'Also in use: {count} other datasets (downloaded districts, imports)',
    fr: 'Aussi utilisés : {count} autres jeux de données (quartiers téléchargés, imports)',
    one: {
      en: 'Also in use: {count} other dataset (a downloaded district or an import)',
      fr: 'Aussi utilisé : {count} autre jeu de données (un quartier téléchargé ou un import)',
    },
  },
  otherDatasetsMore: { en: '… and {count} more', fr: '… et {count} de plus' },
  manageData: { en: 'Manage data…', fr: 'Gérer les données…' },
  osmAttribution: { en: '© OpenStreetMap contributors, ODbL', fr: '© les contributeurs d’OpenStreetMap, ODbL' },
  surveyCredit: {
    en: 'Directions and fields of view: sous-surveillance.net participatory survey (2012)',
    fr: 'Directions et angles de vue : relevé participatif sous-surveillance.net (2012)',
  },
  errorHeading: { en: 'The camera data could not be updated', fr: 'Les données des caméras n’ont pas pu être mises à jour' },
  errorReason: { en: 'Reason: {reason}.', fr: 'Cause : {reason}.' },
  errorKeptPrevious: {
    en: 'The previous data is still in use (version {version}, {count} cameras).',
    fr: 'Les données précédentes restent utilisées (version {version}, {count} caméras).',
    one: {
      en: 'The previous data is still in use (version {version}, {count} camera).',
      fr: 'Les données précédentes restent utilisées (version {version}, {count} caméra).',
    },
  },
  errorNoData: {
    en: 'No camera data is available: the overlay cannot show cameras.',
    fr: 'Aucune donnée de caméra n’est disponible : la couche ne peut pas afficher de caméras.',
  },
  errorDetails: { en: 'Technical details', fr: 'Détails techniques' },
  unreachable: {
    en: 'The extension’s background is not answering. Try reopening this window.',
    fr: 'L’arrière-plan de l’extension ne répond pas. Rouvrez cette fenêtre.',
  },
  'error_bundle-missing': { en: 'the bundled camera file is missing', fr: 'le fichier des caméras fourni est introuvable' },
  'error_bundle-truncated': { en: 'the bundled camera file is truncated', fr: 'le fichier des caméras fourni est tronqué' },
  'error_bundle-malformed': {
    en: 'the bundled camera file is not a valid camera bundle',
    fr: 'le fichier des caméras fourni n’est pas un jeu de caméras valide',
  },
  'error_bundle-invalid': {
    en: 'the bundled camera file contains an invalid value',
    fr: 'le fichier des caméras fourni contient une valeur invalide',
  },
  'error_write-failed': { en: 'the browser refused to save the data', fr: 'le navigateur a refusé d’enregistrer les données' },
  'error_quota-exceeded': { en: 'the browser’s storage is full', fr: 'l’espace de stockage du navigateur est plein' },
  'error_db-unavailable': {
    en: 'the browser’s database cannot be opened',
    fr: 'la base de données du navigateur ne peut pas être ouverte',
  },
  error_other: { en: 'an unexpected error occurred', fr: 'une erreur inattendue s’est produite' },
} satisfies Catalog;

export type PopupKey = keyof typeof popupCatalog;
