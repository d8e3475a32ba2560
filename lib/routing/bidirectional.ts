/**
 * Bidirectional ALT: A* from the source and from the target at once, on the walk graph (undirected, so the
 * landmark bounds serve both ways), with the symmetric "average" potential of Ikeda et al. and Goldberg &
 * Harrelson: p(v) = (π_t(v) − π_s(v)) / 2, where π_t and π_s are the lower bounds (potential.ts `bound`)
 * toward the target and toward the source. The forward search orders by d_f(v) + p(v), the backward one by
 * d_b(v) − p(v); both are Dijkstra on the same reduced edge costs c(u, v) − p(u) + p(v).
 *
 * The 16-bit landmark tables make the bounds admissible but consistent only to within ε, one stored unit in
 * metres (potential.ts `mixMargin`): for any nodes a, b, π(a) − π(b) < d(a, b) + ε (landmarks.ts
 * `boundMetres`; the error does not add up edge by edge), so p(a) − p(b) < d(a, b) + ε too. So a settled
 * node reached more cheaply is reopened (as in the one-way search), and the search stops once
 * top_f + top_b ≥ μ + ε, μ the cheapest meeting found (every node labelled on both sides counts). Exact:
 * let P be a least-cost path of cost C* < μ. Take the first node a of P whose forward label is correct
 * but which is not settled with it (every node before it is, and relaxed a: a is in the forward queue with
 * key d(s, a) + p(a)), and likewise the last such node b of the backward search. If b came before or at a,
 * some node of P between them would hold both correct labels and μ ≤ C*; so a comes before b and
 * top_f + top_b ≤ d(s, a) + p(a) + d(b, t) − p(b) < d(s, a) + d(a, b) + d(b, t) + ε = C* + ε < μ + ε: the
 * search goes on. With consistent bounds (ε = 0: no landmarks) this is the classic rule.
 *
 * Pruning (Goldberg, Kaplan & Werneck's bidirectional ALT): a forward label d at n is neither queued nor
 * relaxed when d + π_t(n) ≥ μ (backward: d + π_s(n) ≥ μ), μ the best meeting at that moment; π_t is
 * admissible, so no way through n with that label costs less than μ. The proof above still holds: if μ > C*
 * at the end, it was > C* at every earlier moment (μ only goes down), so no correct label of a node of P was
 * pruned (d(s, a) + π_t(a) ≤ d(s, a) + d(a, t) = C*), and every node of P settled with its correct label was
 * relaxed. Each node's record keeps both bounds (potential.ts `storeBounds`); the potential is their half
 * difference, the same value bit for bit. On the benchmark's 1,000 pairs: 1–4 % fewer settled nodes.
 *
 * The source and target are snapped points on edges: each search starts from the two ends of its point's
 * edge (the part of the edge pro rata), and a target on the source's own edge is also reached directly.
 */
import {
  boundQuery,
  chooseTiers,
  F64_STRIDE,
  I32_STRIDE,
  type LegPath,
  measure,
  mixTargets,
  type RoutePiece,
  rate,
  type SearchState,
  storeBounds,
} from './potential.ts';
import type { SnapPoint } from './snap.ts';

/** `meet` when the best way is straight along the shared edge. */
const DIRECT = -2;

/**
 * The least-cost path from `source` to `target` for α ≥ 0, or null when they are not connected.
 * Node records (potential.ts): forward cost f[0], potential f[1], backward cost f[4], backward edge f[5];
 * forward stamp i32[0], forward edge i32[1], backward stamp i32[3]. An edge stored as ~e (negative) means
 * "reached from the snapped point along e".
 */
export function bidirectionalPath(st: SearchState, source: SnapPoint, target: SnapPoint, alpha: number): LegPath | null {
  const g = st.graph;
  const { edgeFrom, edgeTo, edgeLength, adjOffsets, adjTarget, adjEdge, component } = g;
  const { f, i32, adjCost } = st;
  const heaps = st.heaps;
  heaps[0].clear();
  heaps[1].clear();
  const open = st.generation * 2;
  const closed = open + 1;
  const es = source.edge;
  const et = target.edge;
  // Landmark bounds hold between nodes of component 0 (where the landmarks are).
  const landmarks = st.landmarks && component[edgeFrom[et]] === 0 && component[edgeFrom[es]] === 0 ? st.landmarks : null;
  const K = landmarks ? landmarks.count : 0;
  const tiers = chooseTiers(landmarks, alpha);
  const toTarget = boundQuery(g, st.frame, f, tiers, K, target, st.bounds[2], st.bounds[3]);
  const toSource = boundQuery(g, st.frame, f, tiers, K, source, st.bounds[0], st.bounds[1]);
  // Between two tiers: one mixed landmark per landmark, read once per node for both points (potential.ts).
  mixTargets(toTarget);
  mixTargets(toSource);

  // ε: how much more than d(a, b) the potentials may change between two nodes (0 for the straight line).
  const slack = toTarget.mixMargin;
  let best = Number.POSITIVE_INFINITY;
  let meet = -1;
  /** Label n on `side` (0 forward, 1 backward) with cost d, reached by `edge` (encoded), unless known cheaper. */
  const label = (side: number, n: number, d: number, edge: number) => {
    const r = n * F64_STRIDE;
    const q = n * I32_STRIDE;
    const own = side ? q + 3 : q;
    const other = side ? q : q + 3;
    if ((i32[own] | 1) !== closed && (i32[other] | 1) !== closed) storeBounds(toTarget, toSource, n);
    if ((i32[own] | 1) === closed && d >= f[side ? r + 4 : r]) return;
    if (d + f[side ? r + 5 : r + 1] >= best) return; // pruned: no way through n beats the best meeting
    i32[own] = open;
    if (side) {
      f[r + 4] = d;
      i32[q + 2] = edge;
    } else {
      f[r] = d;
      i32[q + 1] = edge;
    }
    const p = (f[r + 1] - f[r + 5]) / 2;
    heaps[side].push(n, side ? d - p : d + p);
    if ((i32[other] | 1) === closed && d + f[side ? r : r + 4] < best) {
      best = d + f[side ? r : r + 4];
      meet = n;
    }
  };
  if (et === es) {
    best = Math.abs(target.offset - source.offset) * rate(g, es, alpha);
    meet = DIRECT;
  }
  const rs = rate(g, es, alpha);
  const rt = rate(g, et, alpha);
  label(0, edgeFrom[es], source.offset * rs, ~es);
  label(0, edgeTo[es], (edgeLength[es] - source.offset) * rs, ~es);
  label(1, edgeFrom[et], target.offset * rt, ~et);
  label(1, edgeTo[et], (edgeLength[et] - target.offset) * rt, ~et);

  let settled = 0;
  let reopened = 0;
  while (heaps[0].length > 0 && heaps[1].length > 0) {
    // Every unsettled node's key is ≥ its queue's top (stale tops only make this later, never wrong).
    if (heaps[0].peekPriority() + heaps[1].peekPriority() >= best + slack) break;
    const side = heaps[0].length <= heaps[1].length ? 0 : 1;
    const own = side ? 3 : 0;
    const other = side ? 0 : 3;
    const dOwn = side ? 4 : 0;
    const dOther = side ? 0 : 4;
    // The bound toward this side's goal (π_t forward, π_s backward), and the sign of the potential in its keys.
    const toGoal = side ? 5 : 1;
    const sign = side ? -0.5 : 0.5;
    const heap = heaps[side];
    const u = heap.pop();
    if (i32[u * I32_STRIDE + own] === closed) continue; // stale entry
    i32[u * I32_STRIDE + own] = closed;
    settled++;
    const du = f[u * F64_STRIDE + dOwn];
    if (du + f[u * F64_STRIDE + toGoal] >= best) continue; // pruned since it was queued (best went down)
    for (let k = adjOffsets[u], end = adjOffsets[u + 1]; k < end; k++) {
      const v = adjTarget[k];
      const dv = du + adjCost[2 * k] + alpha * adjCost[2 * k + 1];
      const r = v * F64_STRIDE;
      const q = v * I32_STRIDE;
      const stamp = i32[q + own];
      if ((stamp | 1) === closed) {
        // Seen or settled: only a cheaper way counts. A settled node reached really more cheaply (the bound's
        // one-unit slack) is reopened; floating-point noise between equal-cost ways (≤ 1e-12) is not.
        if (dv >= f[r + dOwn]) continue;
        if (stamp === closed) {
          if (dv >= f[r + dOwn] - 1e-12 * Math.max(1, f[r + dOwn])) continue;
          if (dv + f[r + toGoal] >= best) continue;
          reopened++;
        }
      } else {
        // First seen on this side: its bounds (unless the other side stored them), and no label yet.
        if ((i32[q + other] | 1) !== closed) storeBounds(toTarget, toSource, v);
        i32[q + own] = open;
        f[r + dOwn] = Number.POSITIVE_INFINITY;
      }
      if (dv + f[r + toGoal] >= best) continue; // pruned: no way through v at dv beats the best meeting
      i32[q + own] = open;
      f[r + dOwn] = dv;
      if (side) i32[q + 2] = adjEdge[k];
      else i32[q + 1] = adjEdge[k];
      heap.push(v, dv + sign * (f[r + 1] - f[r + 5]));
      if ((i32[q + other] | 1) === closed && dv + f[r + dOther] < best) {
        best = dv + f[r + dOther];
        meet = v;
      }
    }
  }
  if (best === Number.POSITIVE_INFINITY) return null;
  return measure(
    g,
    meet === DIRECT ? [{ edge: es, from: source.offset, to: target.offset }] : piecesThrough(st, meet, source, target),
    best,
    settled,
    reopened,
  );
}

/** The pieces from the source point to `meet` (forward edges) and on to the target point (backward edges). */
function piecesThrough(st: SearchState, meet: number, source: SnapPoint, target: SnapPoint): RoutePiece[] {
  const { edgeFrom, edgeTo, edgeLength } = st.graph;
  const { i32 } = st;
  const es = source.edge;
  const et = target.edge;
  const pieces: RoutePiece[] = [];
  let n = meet;
  for (let e = i32[n * I32_STRIDE + 1]; e >= 0; e = i32[n * I32_STRIDE + 1]) {
    const walkedForward = edgeTo[e] === n && edgeFrom[e] !== n;
    pieces.push({ edge: e, from: walkedForward ? 0 : edgeLength[e], to: walkedForward ? edgeLength[e] : 0 });
    n = walkedForward ? edgeFrom[e] : edgeTo[e];
  }
  // On a self-loop both ends are n: the cheaper way round is the one the search used (ties: the start).
  const leftByStart = edgeFrom[es] === n && (edgeTo[es] !== n || source.offset <= edgeLength[es] - source.offset);
  pieces.push({ edge: es, from: source.offset, to: leftByStart ? 0 : edgeLength[es] });
  pieces.reverse();
  n = meet;
  for (let e = i32[n * I32_STRIDE + 2]; e >= 0; e = i32[n * I32_STRIDE + 2]) {
    const walkedForward = edgeFrom[e] === n && edgeTo[e] !== n;
    pieces.push({ edge: e, from: walkedForward ? 0 : edgeLength[e], to: walkedForward ? edgeLength[e] : 0 });
    n = walkedForward ? edgeTo[e] : edgeFrom[e];
  }
  const enteredAtStart = edgeFrom[et] === n && (edgeTo[et] !== n || target.offset <= edgeLength[et] - target.offset);
  pieces.push({ edge: et, from: enteredAtStart ? 0 : edgeLength[et], to: target.offset });
  return pieces;
}
