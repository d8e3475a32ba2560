/**
 * Shrinking a face by its streets' half-widths (a mitred inset). A self-intersecting inset is split into simple
 * pieces by unkink.ts.
 */

/**
 * Inset of a counter-clockwise ring (edge k from point k to point k+1, moved left by hw[k] metres): mitred
 * joins at corners, square caps at dead ends and sharp reflex corners (so a dead-end street keeps its full
 * width to its end), and edges whose offset turns back are removed and the neighbours re-joined. Returns
 * null when the face collapses.
 */
export function insetRing(xs: number[], ys: number[], hw: ArrayLike<number>): { x: number[]; y: number[] } | null {
  const n = xs.length;
  // Unit direction of each edge, dropping zero-length ones.
  let active: number[] = [];
  const dx: number[] = [],
    dy: number[] = [];
  for (let k = 0; k < n; k++) {
    const ex = xs[(k + 1) % n] - xs[k],
      ey = ys[(k + 1) % n] - ys[k];
    const l = Math.hypot(ex, ey);
    dx.push(l > 0 ? ex / l : 0);
    dy.push(l > 0 ? ey / l : 0);
    if (l > 0) active.push(k);
  }
  // Joint i (between active[i] and active[i + 1]): its first point (jx0, jy0) and, for a cap or a step, a
  // second one (jx1, jy1); flat arrays rather than an array per joint, which was most of the inset's garbage.
  // Buffers shared by every call (each joint i < m is written before it is read, in every pass): five typed
  // arrays per call were most of the inset's remaining garbage.
  if (JOINTS.two.length < n) JOINTS.grow(n);
  const { jx0, jy0, jx1, jy1, two } = JOINTS;
  for (let iter = 0; iter <= n; iter++) {
    const m = active.length;
    if (m < 3) return null;
    for (let i = 0; i < m; i++) {
      const a = active[i],
        c = active[(i + 1) % m];
      const ha = hw[a],
        hc = hw[c];
      const ax = xs[(a + 1) % n] + -dy[a] * ha,
        ay = ys[(a + 1) % n] + dx[a] * ha; // end of a, offset
      const cx = xs[c] + -dy[c] * hc,
        cy = ys[c] + dx[c] * hc; // start of c, offset
      const cr = dx[a] * dy[c] - dy[a] * dx[c];
      const dt = dx[a] * dx[c] + dy[a] * dy[c];
      if (Math.abs(cr) < 1e-6 && dt > 0) {
        jx0[i] = ax;
        jy0[i] = ay;
        two[i] = ha === hc ? 0 : 1;
        jx1[i] = cx;
        jy1[i] = cy;
      } else if (cr > 1e-6 || (cr <= 1e-6 && dt > -0.5 && Math.abs(cr) >= 1e-6)) {
        const s = ((cx - ax) * dy[c] - (cy - ay) * dx[c]) / cr;
        jx0[i] = ax + s * dx[a];
        jy0[i] = ay + s * dy[a];
        two[i] = 0;
      } else {
        const px = (xs[(a + 1) % n] + xs[c]) / 2,
          py = (ys[(a + 1) % n] + ys[c]) / 2;
        jx0[i] = px - dy[a] * ha + dx[a] * ha;
        jy0[i] = py + dx[a] * ha + dy[a] * ha;
        jx1[i] = px - dy[c] * hc - dx[c] * hc;
        jy1[i] = py + dx[c] * hc - dy[c] * hc;
        two[i] = 1;
      }
    }
    const keep: number[] = [];
    for (let i = 0; i < m; i++) {
      const a = active[i];
      const p = (i - 1 + m) % m;
      const sx0 = two[p] ? jx1[p] : jx0[p],
        sy0 = two[p] ? jy1[p] : jy0[p];
      const ex = jx0[i],
        ey = jy0[i];
      if (!((ex - sx0) * dx[a] + (ey - sy0) * dy[a] < -1e-9)) keep.push(a);
    }
    if (keep.length === m) {
      const x: number[] = [],
        y: number[] = [];
      for (let i = 0; i < m; i++) {
        if (!Number.isFinite(jx0[i]) || !Number.isFinite(jy0[i])) return null;
        x.push(jx0[i]);
        y.push(jy0[i]);
        if (!two[i]) continue;
        if (!Number.isFinite(jx1[i]) || !Number.isFinite(jy1[i])) return null;
        x.push(jx1[i]);
        y.push(jy1[i]);
      }
      return x.length >= 3 ? { x, y } : null;
    }
    active = keep;
  }
  return null;
}

/** The joints' buffers (insetRing), grown on demand. */
const JOINTS = {
  jx0: new Float64Array(64),
  jy0: new Float64Array(64),
  jx1: new Float64Array(64),
  jy1: new Float64Array(64),
  two: new Uint8Array(64),
  grow(n: number): void {
    const size = Math.max(n, 2 * this.two.length);
    this.jx0 = new Float64Array(size);
    this.jy0 = new Float64Array(size);
    this.jx1 = new Float64Array(size);
    this.jy1 = new Float64Array(size);
    this.two = new Uint8Array(size);
  },
};
