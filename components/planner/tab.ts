/**
 * What the Planner gives each of its tabs (route, area, my cameras). Its own module so that the tabs and
 * the Planner that holds them do not import each other.
 */
import type { LonLat } from '../../lib/geo/index.ts';
import type { Lang } from '../i18n/core.ts';
import type { PlannerKey } from '../i18n/planner.ts';
import type { Send } from './client.ts';
import type { PickRequest, PlannerLayers, PlannerMap } from './map.ts';

export type T = (key: PlannerKey, vars?: Record<string, string | number>) => string;

/** What a panel waits for from the map: a click handler and, when explicit, the prompt and its cancel. */
export type SetClick = (handler: ((at: LonLat) => void) | null, pick?: PickRequest) => void;

/** What every tab of the panel (route, area, my cameras) receives from the Planner. */
export interface TabProps {
  send: Send;
  t: T;
  lang: Lang;
  map: PlannerMap;
  /** True while this tab is the one shown. */
  active: boolean;
  setClick: SetClick;
  setLayers(part: Partial<PlannerLayers>): void;
}
