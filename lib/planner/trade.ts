/**
 * What each alternative trades: the exposure figure the router minimises ("weighted camera-metres":
 * identification metres × 1 + recognition × 0.5 + observation × 0.25, the cost's exposure term), and its
 * change against the shortest route, in the whole metres the route cards show.
 *
 * Why this figure and not "% seen": the router minimises length + α × weighted, so a discreet route often
 * trades identification-range metres for observation-range ones — it can be *more* seen in total (a higher
 * %) while being less identifiable. Showing the minimised figure makes the trade readable.
 */
import { ALTERNATIVES, type AlternativeName } from '../routing/output.ts';

/** The part of a route this needs (a lib/routing Route or a planner PlannedRoute). */
export interface TradeInput {
  length: number;
  exposure: { identification: number; weighted: number };
}

export interface RouteTrade {
  /** The router's minimised exposure, weighted metres, rounded to the metre (what the card shows). */
  weighted: number;
  /** Rounded change against the shortest route (negative = less seen), weighted metres. */
  weightedChange: number;
  /** Rounded change of metres at identification range against the shortest route. */
  identificationChange: number;
  /** Rounded change of length against the shortest route, metres (≥ 0 for Pareto-ordered alternatives). */
  lengthChange: number;
}

export interface RouteTrades {
  trades: Record<AlternativeName, RouteTrade>;
  /**
   * True when the three routes' displayed weighted exposure ties: no quieter route exists within the
   * detour cap (the sentence the cards show then).
   */
  noQuieterRoute: boolean;
}

/** The trade of each alternative against the shortest, on the figures as displayed (whole metres). */
export function routeTrades(routes: Record<AlternativeName, TradeInput>): RouteTrades {
  const s = routes.shortest;
  const entry = (r: TradeInput): RouteTrade => ({
    weighted: Math.round(r.exposure.weighted),
    weightedChange: Math.round(r.exposure.weighted) - Math.round(s.exposure.weighted),
    identificationChange: Math.round(r.exposure.identification) - Math.round(s.exposure.identification),
    lengthChange: Math.round(r.length) - Math.round(s.length),
  });
  const trades = Object.fromEntries(ALTERNATIVES.map((n) => [n, entry(routes[n])])) as Record<AlternativeName, RouteTrade>;
  const figures = ALTERNATIVES.map((n) => trades[n].weighted);
  return { trades, noQuieterRoute: Math.min(...figures) === Math.max(...figures) };
}
