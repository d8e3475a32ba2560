/** "Get this district from OpenStreetMap" (dock, planner page, popup) and the stored-areas list. */
import type { Catalog } from './core.ts';

export const districtText = {
  'get.button': { en: 'Get this district from OpenStreetMap', fr: 'Obtenir ce quartier depuis OpenStreetMap' },
  'get.title': { en: 'Get this district from OpenStreetMap?', fr: 'Obtenir ce quartier depuis OpenStreetMap ?' },
  'get.sends': {
    en: 'This sends one request to {server}. It contains only the box {box} ({cells}): the map view rounded outward to the 0.05° grid.',
    fr: 'Une seule requête est envoyée à {server}. Elle ne contient que la zone {box} ({cells}) : la vue de la carte arrondie vers l’extérieur à la grille de 0,05°.',
  },
  'get.nothingElse': {
    en: 'Nothing else is sent: not your position, not your routes, not the exact view.',
    fr: 'Rien d’autre n’est envoyé : ni votre position, ni vos itinéraires, ni la vue exacte.',
  },
  'get.what': {
    en: 'It downloads the cameras, walkable ways and buildings of that box and stores them in this browser.',
    fr: 'Elle télécharge les caméras, les voies praticables à pied et les bâtiments de cette zone et les enregistre dans ce navigateur.',
  },
  'get.cells.one': { en: '1 cell of 0.05°', fr: '1 case de 0,05°' },
  'get.cells.many': { en: '{count} cells of 0.05°', fr: '{count} cases de 0,05°' },
  'get.confirm': { en: 'Download', fr: 'Télécharger' },
  'get.cancel': { en: 'Cancel', fr: 'Annuler' },
  'get.dismiss': { en: 'Dismiss', fr: 'Fermer' },
  'get.dismissLabel': { en: 'Dismiss this message', fr: 'Fermer ce message' },
  'get.noView': {
    en: 'The map view is not known yet: move the map a little and try again.',
    fr: 'La vue de la carte n’est pas encore connue : déplacez un peu la carte et réessayez.',
  },
  'get.noTab': {
    en: 'Open a supported map (OpenStreetMap, Google Maps, …) in this tab: the district is the one it shows.',
    fr: 'Ouvrez une carte prise en charge (OpenStreetMap, Google Maps, …) dans cet onglet : le quartier est celui qu’elle affiche.',
  },
  'get.tooLarge': {
    en: 'This view is too large to download at once ({message}). Zoom in.',
    fr: 'Cette vue est trop grande pour un seul téléchargement ({message}). Zoomez.',
  },
  'state.waiting': { en: 'Waiting for the server (attempt {attempt})…', fr: 'En attente du serveur (essai {attempt})…' },
  'state.receiving': { en: 'Receiving the data: {size}…', fr: 'Réception des données : {size}…' },
  'state.retrying': {
    en: 'The server is busy; trying again in {seconds} s (attempt {attempt}).',
    fr: 'Le serveur est occupé ; nouvel essai dans {seconds} s (essai {attempt}).',
  },
  'state.graph': { en: 'Building the walk graph and the walls…', fr: 'Construction du graphe piéton et des murs…' },
  'state.storing': { en: 'Storing…', fr: 'Enregistrement…' },
  'state.done': {
    en: 'Done: {cameras} cameras and {graph} stored for {box}. The map and the planner use them now.',
    fr: 'Terminé : {cameras} caméras et {graph} enregistrés pour {box}. La carte et le planificateur les utilisent dès maintenant.',
  },
  'state.graphYes': { en: 'the walk graph', fr: 'le graphe piéton' },
  'state.graphNo': { en: 'no walk graph (no walkable way)', fr: 'aucun graphe piéton (aucune voie praticable)' },
  'fail.nothingWritten': { en: 'Nothing was written.', fr: 'Rien n’a été enregistré.' },
  'fail.rate-limited': { en: 'The server is busy (too many requests).', fr: 'Le serveur est occupé (trop de requêtes).' },
  'fail.retryAfter': { en: 'Try again in {minutes} min.', fr: 'Réessayez dans {minutes} min.' },
  'fail.timeout': { en: 'The server did not answer in time.', fr: 'Le serveur n’a pas répondu à temps.' },
  'fail.truncated': { en: 'The answer was cut off before its end.', fr: 'La réponse a été coupée avant sa fin.' },
  'fail.too-large': {
    en: 'The answer is too large; zoom in and download a smaller area.',
    fr: 'La réponse est trop grande ; zoomez et téléchargez une zone plus petite.',
  },
  'fail.malformed': { en: 'The answer is not OpenStreetMap data.', fr: 'La réponse n’est pas une donnée OpenStreetMap.' },
  'fail.invalid-elements': { en: 'The answer contains impossible values.', fr: 'La réponse contient des valeurs impossibles.' },
  'fail.network': { en: 'The server could not be reached.', fr: 'Le serveur est injoignable.' },
  'fail.http': { en: 'The server refused the request.', fr: 'Le serveur a refusé la requête.' },
  'fail.aborted': { en: 'Cancelled.', fr: 'Annulé.' },
  'fail.area-too-large': { en: 'The area is too large; zoom in.', fr: 'La zone est trop grande ; zoomez.' },
  'fail.other': { en: 'The download failed ({message}).', fr: 'Le téléchargement a échoué ({message}).' },
  'areas.heading': { en: 'Stored areas', fr: 'Zones enregistrées' },
  'areas.none': { en: 'No stored area.', fr: 'Aucune zone enregistrée.' },
  'areas.dataOf': { en: 'data of {date}', fr: 'données du {date}' },
  'areas.cameras': { en: '{count} cameras', fr: '{count} caméras' },
  'areas.graph': { en: 'walk graph', fr: 'graphe piéton' },
  'areas.walls': { en: 'walls: {source}', fr: 'murs : {source}' },
  'areas.walls.mapped': { en: 'mapped', fr: 'cartographiés' },
  'areas.walls.inferred': { en: 'inferred', fr: 'déduits' },
  'areas.walls.none': { en: 'none', fr: 'aucun' },
  'areas.show': { en: 'Show', fr: 'Afficher' },
  'areas.showLabel': { en: 'Show {label} on the map', fr: 'Afficher {label} sur la carte' },
  'areas.update': { en: 'Update', fr: 'Mettre à jour' },
  'areas.updateLabel': { en: 'Update {label} from OpenStreetMap', fr: 'Mettre à jour {label} depuis OpenStreetMap' },
  'quality.far': {
    en: '{far} of {count} cameras in view are more than 40 m from any mapped walkable way: a street is probably missing here.',
    fr: '{far} des {count} caméras visibles sont à plus de 40 m de toute voie praticable cartographiée : une rue manque probablement ici.',
  },
  'quality.directions': {
    en: '{share} % of the {count} cameras in view have no known direction (their coverage is drawn as a full circle).',
    fr: '{share} % des {count} caméras visibles n’ont pas de direction connue (leur couverture est dessinée en cercle complet).',
  },
  'quality.update': { en: 'Update from OpenStreetMap', fr: 'Mettre à jour depuis OpenStreetMap' },
} satisfies Catalog;

export type DistrictKey = keyof typeof districtText;
