/** Low-exposure walking routes over a WalkGraph: snapping, exact search, alternatives, exports. */
export {
  Router,
  routeCoordinates,
  DEFAULT_ALPHA,
  DISCREET_ALPHA,
  DEFAULT_MAX_DETOUR,
  DEFAULT_MAX_SNAP_METRES,
  WALKING_SPEED_MPS,
  type RouterOptions,
  type RouteRequest,
  type RouteOutcome,
  type RouteSuccess,
  type RouteFailure,
  type RouteFailureReason,
  type Route,
  type CameraAlongRoute,
} from './router.ts';
export { PathSearch, type LegPath, type RoutePiece } from './search.ts';
export { SnapIndex, type SnapPoint, type SnapIndexOptions } from './snap.ts';
export { NodeHeap } from './heap.ts';
export { routesToGeoJson, routesToGpx, escapeXml, ALTERNATIVES, type AlternativeName } from './output.ts';
