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
export function insetRing(xs: number[], ys: number[], hw: number[]): { x: number[]; y: number[] } | null {
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
  for (let iter = 0; iter <= n; iter++) {
    const m = active.length;
    if (m < 3) return null;
    // Joint between active[i] and active[i+1]: one point (mitre) or two (cap / step).
    const jx: number[][] = [],
      jy: number[][] = [];
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
        jx.push(ha === hc ? [ax] : [ax, cx]);
        jy.push(ha === hc ? [ay] : [ay, cy]);
      } else if (cr > 1e-6 || (cr <= 1e-6 && dt > -0.5 && Math.abs(cr) >= 1e-6)) {
        const s = ((cx - ax) * dy[c] - (cy - ay) * dx[c]) / cr;
        jx.push([ax + s * dx[a]]);
        jy.push([ay + s * dy[a]]);
      } else {
        const px = (xs[(a + 1) % n] + xs[c]) / 2,
          py = (ys[(a + 1) % n] + ys[c]) / 2;
        jx.push([px - dy[a] * ha + dx[a] * ha, px - dy[c] * hc - dx[c] * hc]);
        jy.push([py + dx[a] * ha + dy[a] * ha, py + dx[c] * hc - dy[c] * hc]);
      }
    }
    const keep: number[] = [];
    for (let i = 0; i < m; i++) {
      const a = active[i];
      const s = jx[(i - 1 + m) % m],
        sy = jy[(i - 1 + m) % m];
      const sx0 = s[s.length - 1],
        sy0 = sy[sy.length - 1];
      const ex = jx[i][0],
        ey = jy[i][0];
      if (!((ex - sx0) * dx[a] + (ey - sy0) * dy[a] < -1e-9)) keep.push(a);
    }
    if (keep.length === m) {
      const x: number[] = [],
        y: number[] = [];
      for (let i = 0; i < m; i++) {
        for (let k = 0; k < jx[i].length; k++) {
          if (!Number.isFinite(jx[i][k]) || !Number.isFinite(jy[i][k])) return null;
          x.push(jx[i][k]);
          y.push(jy[i][k]);
        }
      }
      return x.length >= 3 ? { x, y } : null;
    }
    active = keep;
  }
  return null;
}
