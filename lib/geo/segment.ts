/**
 * Analytic segment tests in a local planar frame (metres). A segment is S(t) = A + t·D for t ∈ [0, 1];
 * each function returns the sub-range of t where a condition holds, written into `out` ([t0, t1]) so hot
 * loops allocate nothing. An empty range is returned as `false`.
 */

/**
 * Where S(t) lies inside the disc of radius `r` (metres) centred at C: |A + tD − C|² ≤ r², a quadratic in t,
 * clipped to [lo, hi].
 */
export function segmentInDisc(
  ax: number,
  ay: number,
  dx: number,
  dy: number,
  cx: number,
  cy: number,
  r: number,
  lo: number,
  hi: number,
  out: Float64Array,
): boolean {
  const ex = ax - cx;
  const ey = ay - cy;
  const a = dx * dx + dy * dy;
  const c = ex * ex + ey * ey - r * r;
  if (a === 0) {
    if (c > 0) return false;
    out[0] = lo;
    out[1] = hi;
    return lo <= hi;
  }
  const b = ex * dx + ey * dy; // half of the linear coefficient
  const disc = b * b - a * c;
  if (disc < 0) return false;
  const s = Math.sqrt(disc);
  const t0 = Math.max(lo, (-b - s) / a);
  const t1 = Math.min(hi, (-b + s) / a);
  if (t0 >= t1) return false;
  out[0] = t0;
  out[1] = t1;
  return true;
}

/**
 * Clip [out[0], out[1]] to the half-plane where f(t) = f0 + t·f1 ≤ 0. Returns false when nothing is left.
 */
export function clipHalfPlane(f0: number, f1: number, out: Float64Array): boolean {
  if (f1 === 0) return f0 <= 0 && out[0] < out[1];
  const root = -f0 / f1;
  if (f1 > 0) {
    // f ≤ 0 for t ≤ root
    if (root < out[1]) out[1] = root;
  } else if (root > out[0]) {
    out[0] = root;
  }
  return out[0] < out[1];
}

/**
 * Clip [out[0], out[1]] (on S(t) = A + tD, relative to a centre C at the origin: A, D given relative to C)
 * to the convex wedge swept clockwise from unit vector U to unit vector V (angle ≤ 180°), in a frame with
 * x east and y north. P is in the wedge iff cross(U, P) ≤ 0 and cross(P, V) ≤ 0.
 */
export function clipWedge(
  ax: number,
  ay: number,
  dx: number,
  dy: number,
  ux: number,
  uy: number,
  vx: number,
  vy: number,
  out: Float64Array,
): boolean {
  // cross(U, A + tD) = cross(U, A) + t·cross(U, D)
  if (!clipHalfPlane(ux * ay - uy * ax, ux * dy - uy * dx, out)) return false;
  // cross(A + tD, V) = cross(A, V) + t·cross(D, V)
  return clipHalfPlane(ax * vy - ay * vx, dx * vy - dy * vx, out);
}

/**
 * Where the sight line from C (the origin) to S(t) crosses the wall P→Q (all relative to C): S(t) lies in
 * the wedge between rays C→P and C→Q and on the far side of line PQ. Clips [out[0], out[1]] to that shadow;
 * false when the wall hides nothing of it (also when C is on the wall's line: a zero-width shadow).
 */
export function clipShadow(
  ax: number,
  ay: number,
  dx: number,
  dy: number,
  px: number,
  py: number,
  qx: number,
  qy: number,
  out: Float64Array,
): boolean {
  const s = px * qy - py * qx; // cross(P, Q): orientation of the wedge
  if (s === 0) return false;
  const sg = s > 0 ? 1 : -1;
  // S on Q's side of ray C→P: sg·cross(P, S) ≥ 0  ⇔  −sg·cross(P, S) ≤ 0
  if (!clipHalfPlane(-sg * (px * ay - py * ax), -sg * (px * dy - py * dx), out)) return false;
  // S on P's side of ray C→Q: sg·cross(S, Q) ≥ 0
  if (!clipHalfPlane(-sg * (ax * qy - ay * qx), -sg * (dx * qy - dy * qx), out)) return false;
  // Far side of PQ: g(S) = cross(Q − P, S − P) has the sign opposite to g(C) = cross(Q − P, −P).
  const wx = qx - px;
  const wy = qy - py;
  const gC = -(wx * py - wy * px);
  const g0 = wx * (ay - py) - wy * (ax - px);
  const g1 = wx * dy - wy * dx;
  // want sign(g) = −sign(gC)  ⇔  sign(gC)·g ≤ 0
  const k = gC > 0 ? 1 : -1;
  return clipHalfPlane(k * g0, k * g1, out);
}

/** Distance (metres) from the origin to the segment P–Q. */
export function distanceToSegment(px: number, py: number, qx: number, qy: number): number {
  const wx = qx - px;
  const wy = qy - py;
  const l2 = wx * wx + wy * wy;
  let t = l2 > 0 ? -(px * wx + py * wy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const x = px + t * wx;
  const y = py + t * wy;
  return Math.sqrt(x * x + y * y);
}
