/**
 * Splitting a self-intersecting ring (a pinched inset, inset.ts) into simple pieces: the same pieces, vertex for
 * vertex and in the same order, as turf's `unkinkPolygon` (the `simplepolygon` walk) gives, without its GeoJSON,
 * R-trees, string keys and the parent/winding bookkeeping we never read. That walk took ≈ 20 % of inferring
 * the Toulouse walls for 856 small rings (median 20 corners); this one takes well under 1 %.
 *
 * How turf's walk goes, and so this one: every proper crossing of two non-adjacent edges is found (bounding
 * boxes overlapping, then the line intersection by turf's exact formula, kept when it lies strictly inside
 * both edges); each edge's crossings are sorted along it; from the leftmost vertex the ring is followed,
 * switching edge at every crossing, which closes one piece; each crossing met on the way whose other way out
 * is still unwalked becomes the start of a later piece (a stack, a start met again is taken off it).
 *
 * Where turf's result would depend on how its R-tree or its sort break ties (two crossings at the same point,
 * two at the same place along an edge, a crossing on a vertex, a non-finite value), the ring gets no piece:
 * the face is then 'invalid' (no wall), as when turf throws. It used to be handed to turf itself, but turf
 * loops on some of these rings until it runs out of memory (found on fast-check grid rings; a hang of the
 * pipeline, or of the background inferring a downloaded area's walls). No piece errs the safe way: fewer
 * walls, more of the street counted as seen. None of the four real street graphs (Toulouse, Porto, London,
 * Monaco) has such a ring. tests/unit/walls/unkink.test.ts compares the walk with turf on random rings
 * (fast-check) and checks the rings turf loops on.
 */

export type Piece = { x: number[]; y: number[] };

/** Simple pieces of a self-intersecting open ring (metres), as turf's unkinkPolygon gives them; [] for a tie. */
export function unkink(xs: number[], ys: number[]): Piece[] {
  return unkinkRing(xs, ys) ?? [];
}

/** The walk itself; null for the tie cases (where turf's pieces would depend on its tie-breaking). */
export function unkinkRing(xs: number[], ys: number[]): Piece[] | null {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  for (let i = 0; i < n; i++) if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) return null;
  // Duplicate corners: turf throws, and the caller gets no piece.
  const byXY = iota(n).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b]);
  for (let k = 1; k < n; k++) if (xs[byXY[k]] === xs[byXY[k - 1]] && ys[byXY[k]] === ys[byXY[k - 1]]) return [];

  // 1. Crossings (edge j runs from corner j to corner j + 1): node n + c, on edges e1 < e2.
  const cx: number[] = [],
    cy: number[] = [],
    ce1: number[] = [],
    ce2: number[] = [],
    cf1: number[] = [],
    cf2: number[] = [];
  for (let a = 0; a < n; a++) {
    const x0 = xs[a],
      y0 = ys[a],
      x1 = xs[(a + 1) % n],
      y1 = ys[(a + 1) % n];
    const aMinX = x0 < x1 ? x0 : x1,
      aMaxX = x0 < x1 ? x1 : x0,
      aMinY = y0 < y1 ? y0 : y1,
      aMaxY = y0 < y1 ? y1 : y0;
    for (let b = a + 2; b < n; b++) {
      if (a === 0 && b === n - 1) continue; // adjacent: they share corner 0
      const x2 = xs[b],
        y2 = ys[b],
        x3 = xs[(b + 1) % n],
        y3 = ys[(b + 1) % n];
      if ((x2 < x3 ? x3 : x2) < aMinX || (x2 < x3 ? x2 : x3) > aMaxX || (y2 < y3 ? y3 : y2) < aMinY || (y2 < y3 ? y2 : y3) > aMaxY)
        continue;
      // turf's formula, term for term (it gives the same point whichever edge comes first).
      const denom = (x0 - x1) * (y2 - y3) - (y0 - y1) * (x2 - x3);
      if (denom === 0) continue;
      const x4 = ((x0 * y1 - y0 * x1) * (x2 - x3) - (x0 - x1) * (x2 * y3 - y2 * x3)) / denom;
      const y4 = ((x0 * y1 - y0 * x1) * (y2 - y3) - (y0 - y1) * (x2 * y3 - y2 * x3)) / denom;
      const f0 = x1 !== x0 ? (x4 - x0) / (x1 - x0) : (y4 - y0) / (y1 - y0);
      const f1 = x3 !== x2 ? (x4 - x2) / (x3 - x2) : (y4 - y2) / (y3 - y2);
      if (f0 >= 1 || f0 <= 0 || f1 >= 1 || f1 <= 0) continue;
      if (!Number.isFinite(x4) || !Number.isFinite(y4) || Number.isNaN(f0) || Number.isNaN(f1)) return null;
      cx.push(x4);
      cy.push(y4);
      ce1.push(a);
      ce2.push(b);
      cf1.push(f0);
      cf2.push(f1);
    }
  }
  const m = cx.length;
  // No crossing found: turf returns the ring as it came.
  if (m === 0) return [{ x: xs.slice(), y: ys.slice() }];
  // A crossing at the same point as another crossing or a corner: turf's lookups would depend on its R-tree.
  const all = iota(n + m);
  const px = (i: number) => (i < n ? xs[i] : cx[i - n]),
    py = (i: number) => (i < n ? ys[i] : cy[i - n]);
  all.sort((a, b) => px(a) - px(b) || py(a) - py(b));
  for (let k = 1; k < all.length; k++) if (px(all[k]) === px(all[k - 1]) && py(all[k]) === py(all[k - 1])) return null;

  // 2. Along each edge: its crossings by position, then its end corner. nxt1/nxt2: the next node along e1/e2.
  const onEdge: number[][] = [];
  for (let j = 0; j < n; j++) onEdge.push([]);
  for (let c = 0; c < m; c++) {
    onEdge[ce1[c]].push(c);
    onEdge[ce2[c]].push(c);
  }
  const param = (c: number, e: number) => (ce1[c] === e ? cf1[c] : cf2[c]);
  const e1 = new Int32Array(n + m),
    e2 = new Int32Array(n + m),
    nxt1 = new Int32Array(n + m).fill(-1),
    nxt2 = new Int32Array(n + m).fill(-1);
  for (let v = 0; v < n; v++) {
    e1[v] = (v - 1 + n) % n; // a corner: in along the edge before it, out along its own
    e2[v] = v;
  }
  for (let c = 0; c < m; c++) {
    e1[n + c] = ce1[c];
    e2[n + c] = ce2[c];
  }
  const seq: number[] = [],
    seqEdge: number[] = [];
  for (let j = 0; j < n; j++) {
    const list = onEdge[j];
    list.sort((p, q) => param(p, j) - param(q, j));
    for (let k = 1; k < list.length; k++) if (param(list[k], j) === param(list[k - 1], j)) return null;
    for (const c of list) {
      seq.push(n + c);
      seqEdge.push(j);
    }
    seq.push((j + 1) % n);
    seqEdge.push(j);
  }
  for (let k = 0; k < seq.length; k++) {
    const node = seq[k],
      next = seq[(k + 1) % seq.length];
    if (node < n || e1[node] !== seqEdge[k]) nxt2[node] = next;
    else nxt1[node] = next;
  }

  // 3. The walk, from the leftmost corner (the first one, on a tie).
  let left = 0;
  for (let v = 1; v < n; v++) if (xs[v] < xs[left]) left = v;
  const walkable1 = new Uint8Array(n + m).fill(1),
    walkable2 = new Uint8Array(n + m).fill(1);
  walkable1.fill(0, 0, n);
  const queue = [left];
  const pieces: Piece[] = [];
  let budget = 4 * (n + m) + 8;
  while (queue.length > 0) {
    const start = queue.pop()!;
    const x = [px(start)],
      y = [py(start)];
    let walking = walkable1[start] ? e1[start] : e2[start];
    let nxt = walkable1[start] ? nxt1[start] : nxt2[start];
    while (nxt !== start) {
      if (nxt < 0 || --budget < 0) return [];
      x.push(px(nxt));
      y.push(py(nxt));
      const q = queue.indexOf(nxt);
      if (q !== -1) queue.splice(q, 1);
      if (walking === e1[nxt]) {
        walking = e2[nxt];
        walkable2[nxt] = 0;
        if (walkable1[nxt]) queue.push(nxt);
        nxt = nxt2[nxt];
      } else {
        walking = e1[nxt];
        walkable1[nxt] = 0;
        if (walkable2[nxt]) queue.push(nxt);
        nxt = nxt1[nxt];
      }
    }
    // turf's polygon() refuses a ring of fewer than 4 positions, and unkinkPolygon throws with it.
    if (x.length < 3) return [];
    pieces.push({ x, y });
  }
  return pieces;
}

/** [0, 1, …, n − 1] (a plain loop: Array.from was a visible share of this function). */
function iota(n: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < n; i++) a.push(i);
  return a;
}
