/** Text of the in-page overlay and of the popup's overlay controls, in English and French. */
import type { Catalog } from './core.ts';

export const overlayText = {
  // Status line when the overlay hides (one per UnsupportedReason in lib/sites/types.ts).
  'hidden.no-position': {
    en: 'Overlay hidden: the map position is not in the address yet',
    fr: 'Calque masqué : la position de la carte n’est pas encore dans l’adresse',
  },
  'hidden.no-map': { en: 'Overlay hidden: no map found on this page', fr: 'Calque masqué : aucune carte trouvée sur cette page' },
  'hidden.tilted': { en: 'Overlay hidden: 3D view not supported', fr: 'Calque masqué : la vue 3D n’est pas prise en charge' },
  'hidden.rotated': { en: 'Overlay hidden: rotated map not supported', fr: 'Calque masqué : la carte tournée n’est pas prise en charge' },
  'hidden.street-view': {
    en: 'Overlay hidden: street-level view not supported',
    fr: 'Calque masqué : la vue immersive n’est pas prise en charge',
  },
  'hidden.3d': { en: 'Overlay hidden: 3D view not supported', fr: 'Calque masqué : la vue 3D n’est pas prise en charge' },
  'hidden.editor': { en: 'Overlay hidden in the editor', fr: 'Calque masqué dans l’éditeur' },
  'hidden.bad-position': {
    en: 'Overlay hidden: the map position cannot be read',
    fr: 'Calque masqué : la position de la carte est illisible',
  },
  'status.approximate': { en: 'Satellite view: positions are approximate', fr: 'Vue satellite : positions approximatives' },
  'status.loading': { en: 'Loading cameras…', fr: 'Chargement des caméras…' },
  'status.error': { en: 'Cameras unavailable: {message}', fr: 'Caméras indisponibles : {message}' },
  'status.vector': {
    en: 'Vector layer not supported yet: choose a raster layer (e.g. Standard) to see the cameras',
    fr: 'Couche vectorielle pas encore prise en charge : choisissez une couche raster (par ex. Standard) pour voir les caméras',
  },
  'cameras.group': {
    en: 'Cameras on the map ({count}): arrow keys move between them, Enter opens one',
    fr: 'Caméras sur la carte ({count}) : les flèches passent de l’une à l’autre, Entrée ouvre la fiche',
  },
  'status.count': {
    en: '{count} cameras in view',
    fr: '{count} caméras visibles',
    one: { en: '{count} camera in view', fr: '{count} caméra visible' },
  },
  'status.truncated': { en: 'showing the first {count}', fr: '{count} premières affichées' },

  'legend.title': { en: 'Angle Mort', fr: 'Angle Mort' },
  'legend.identification': { en: 'Identification', fr: 'Identification' },
  'legend.recognition': { en: 'Recognition', fr: 'Reconnaissance' },
  'legend.observation': { en: 'Observation', fr: 'Observation' },
  'legend.heat': { en: 'Camera density', fr: 'Densité de caméras' },
  'legend.public': { en: 'Public operator', fr: 'Opérateur public' },
  'legend.private': { en: 'Private operator', fr: 'Opérateur privé' },
  'legend.vehicles': { en: 'Watches vehicles', fr: 'Surveille les véhicules' },
  'legend.collapse': { en: 'Hide legend', fr: 'Masquer la légende' },
  'legend.expand': { en: 'Show legend', fr: 'Afficher la légende' },
  attribution: { en: '© OpenStreetMap contributors, ODbL', fr: '© les contributeurs d’OpenStreetMap, ODbL' },

  'kind.fixed': { en: 'Fixed camera', fr: 'Caméra fixe' },
  'kind.dome': { en: 'Dome camera', fr: 'Caméra dôme' },
  'kind.ptz': { en: 'Pan-tilt-zoom camera', fr: 'Caméra orientable (PTZ)' },
  'kind.alpr': { en: 'Licence-plate reader (ALPR)', fr: 'Lecteur de plaques (LAPI)' },
  'kind.speed': { en: 'Speed camera', fr: 'Radar de vitesse' },
  'kind.unknown': { en: 'Camera (unknown type)', fr: 'Caméra (type inconnu)' },

  'card.close': { en: 'Close', fr: 'Fermer' },
  'card.direction': { en: 'Direction', fr: 'Direction' },
  'card.directionUnknown': { en: 'unknown — counted as all around (360°)', fr: 'inconnue — comptée tout autour (360°)' },
  'card.allAround': { en: 'all around (360°)', fr: 'tout autour (360°)' },
  'card.fov': { en: 'Field of view', fr: 'Champ de vision' },
  'card.fovDefault': { en: '{deg}° (default for this kind)', fr: '{deg}° (valeur par défaut de ce type)' },
  'card.reach': { en: 'Reach', fr: 'Portée' },
  'card.reachValue': {
    en: 'identifies to {id} m, recognises to {rec} m, observes to {obs} m',
    fr: 'identifie jusqu’à {id} m, reconnaît jusqu’à {rec} m, observe jusqu’à {obs} m',
  },
  'card.operator': { en: 'Operator', fr: 'Opérateur' },
  'card.scope': { en: 'Watches', fr: 'Surveille' },
  'card.source': { en: 'Source', fr: 'Source' },
  'card.date': { en: 'Data date', fr: 'Date des données' },
  'card.confidence': { en: 'Confidence', fr: 'Confiance' },
  'card.expires': { en: 'Temporary, until', fr: 'Temporaire, jusqu’au' },
  'card.viewOsm': { en: 'View on OpenStreetMap', fr: 'Voir sur OpenStreetMap' },
  'card.editOsm': { en: 'Edit in OpenStreetMap', fr: 'Modifier dans OpenStreetMap' },
  'card.cameraButton': { en: '{kind}: open details', fr: '{kind} : ouvrir la fiche' },
  'scope.public': { en: 'public space', fr: 'l’espace public' },
  'scope.outdoor': { en: 'a private outdoor area', fr: 'un espace extérieur privé' },
  'scope.indoor': { en: 'indoors', fr: 'l’intérieur' },
  'scope.unknown': { en: 'not stated', fr: 'non précisé' },

  // Popup controls.
  'controls.title': { en: 'Map overlay', fr: 'Calque sur les cartes' },
  'controls.enabled': { en: 'Show the overlay', fr: 'Afficher le calque' },
  'controls.thisSite': { en: 'Show cameras on this site ({site})', fr: 'Afficher les caméras sur ce site ({site})' },
  'controls.kinds': { en: 'Camera kinds', fr: 'Types de caméras' },
  'controls.shortcut': { en: 'Shortcut: Alt+Shift+A', fr: 'Raccourci : Alt+Maj+A' },
  'controls.sites': { en: 'Sites', fr: 'Sites' },
  'controls.layers': { en: 'Layers', fr: 'Couches' },
  'controls.layer.cameras': { en: 'Cameras', fr: 'Caméras' },
  'controls.layer.coverage': { en: 'Fields of view', fr: 'Champs de vision' },
  'controls.layer.heat': { en: 'Density at low zoom', fr: 'Densité aux petites échelles' },
  'controls.layer.routes': { en: 'Routes', fr: 'Itinéraires' },
  'controls.filters': { en: 'Cameras shown', fr: 'Caméras affichées' },
  'controls.public': { en: 'Public operators', fr: 'Opérateurs publics' },
  'controls.private': { en: 'Private operators', fr: 'Opérateurs privés' },
  'controls.error': { en: 'Settings unavailable: {message}', fr: 'Réglages indisponibles : {message}' },

  // The planner panel on the host map (components/overlay/PlannerDock.tsx).
  'planner.open': { en: 'Plan a discreet walk', fr: 'Planifier une marche discrète' },
  'planner.close': { en: 'Hide the planner', fr: 'Masquer le planificateur' },
  'planner.region': { en: 'Angle Mort planner', fr: 'Planificateur Angle Mort' },
  'planner.pickLayer': { en: 'Map: click to place the point', fr: 'Carte : cliquez pour placer le point' },
} satisfies Catalog;

export type OverlayTextKey = keyof typeof overlayText;
