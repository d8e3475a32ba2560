/** The route form's small parts: the α slider's stops, and a row showing a start, via or destination point. */
import type { LonLat } from '../../lib/geo/index.ts';

/** Slider stops for α: 0 (shortest) … 64 (the router's "most discreet"). */
export const ALPHA_STOPS = [0, 0.5, 1, 2, 4, 8, 16, 32, 64];
export const DEFAULT_ALPHA_STOP = 3;

/** The slider stop closest to α (a shared link may carry any α). */
export function nearestStop(alpha: number): number {
  let best = 0;
  for (let i = 0; i < ALPHA_STOPS.length; i++) if (Math.abs(ALPHA_STOPS[i] - alpha) < Math.abs(ALPHA_STOPS[best] - alpha)) best = i;
  return best;
}

/** A route point and how it is shown (street name or coordinates). */
export type Point = { at: LonLat; label: string };

/** Coordinates as shown for a point picked on the map: latitude, longitude, six decimals. */
export const pointLabel = (at: LonLat) => `${at[1].toFixed(6)}, ${at[0].toFixed(6)}`;

export function PointRow(props: {
  label: string;
  point: Point | null;
  unset: string;
  testId: string;
  onClear(): void;
  clearLabel: string;
}) {
  return (
    <div class="am-point" data-testid={props.testId}>
      <strong>{props.label}</strong>
      <span class={props.point ? '' : 'am-muted'}>{props.point ? props.point.label : props.unset}</span>
      {props.point && (
        <button type="button" class="am-icon" aria-label={props.clearLabel} title={props.clearLabel} onClick={props.onClear}>
          ×
        </button>
      )}
    </div>
  );
}
