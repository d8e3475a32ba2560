/** Low-exposure walking routes over a WalkGraph: snapping, exact search, alternatives, description, exports. */
export {
  Router,
  DEFAULT_ALPHA,
  DISCREET_ALPHA,
  DEFAULT_MAX_DETOUR,
  DEFAULT_MAX_SNAP_METRES,
  type RouterOptions,
  type RouteRequest,
  type RouteOutcome,
  type RouteSuccess,
  type RouteFailure,
  type RouteFailureReason,
} from './router.ts';
export { routeCoordinates, WALKING_SPEED_MPS, type Route, type CameraAlongRoute } from './describe.ts';
export { PathSearch, type LegPath, type RoutePiece } from './search.ts';
export { SnapIndex, type SnapPoint, type SnapIndexOptions } from './snap.ts';
export { NodeHeap } from './heap.ts';
export { routesToGeoJson, routesToGpx, escapeXml, ALTERNATIVES, type AlternativeName } from './output.ts';
