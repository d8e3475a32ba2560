/**
 * Range and buffer helpers of the exposure engine's hot path: merging t-ranges in place, sorting sweep
 * events, growing scratch buffers. Flat typed arrays, no allocation beyond growth.
 */

/** Sort ranges [start, end] (pairs in `a`) by start and merge overlapping/touching ones; returns the new count. */
export function unionRanges(a: Float64Array, n: number): number {
  // insertion sort: n is a handful
  for (let i = 1; i < n; i++) {
    const s = a[2 * i];
    const e = a[2 * i + 1];
    let k = i - 1;
    while (k >= 0 && a[2 * k] > s) {
      a[2 * k + 2] = a[2 * k];
      a[2 * k + 3] = a[2 * k + 1];
      k--;
    }
    a[2 * k + 2] = s;
    a[2 * k + 3] = e;
  }
  let m = 0;
  for (let i = 1; i < n; i++) {
    if (a[2 * i] <= a[2 * m + 1]) {
      if (a[2 * i + 1] > a[2 * m + 1]) a[2 * m + 1] = a[2 * i + 1];
    } else {
      m++;
      a[2 * m] = a[2 * i];
      a[2 * m + 1] = a[2 * i + 1];
    }
  }
  return m + 1;
}

/** In-place sort of events by t (parallel arrays): quicksort with insertion sort for short runs. */
export function sortEvents(t: Float64Array, c: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const pivot = t[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (t[i] < pivot) i++;
      while (t[j] > pivot) j--;
      if (i <= j) {
        const tt = t[i];
        t[i] = t[j];
        t[j] = tt;
        const cc = c[i];
        c[i] = c[j];
        c[j] = cc;
        i++;
        j--;
      }
    }
    if (j - lo < hi - i) {
      sortEvents(t, c, lo, j);
      lo = i;
    } else {
      sortEvents(t, c, i, hi);
      hi = j;
    }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const tv = t[i];
    const cv = c[i];
    let k = i - 1;
    while (k >= lo && t[k] > tv) {
      t[k + 1] = t[k];
      c[k + 1] = c[k];
      k--;
    }
    t[k + 1] = tv;
    c[k + 1] = cv;
  }
}

export function growF(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
export function growI(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * [j0, j1] minus the `nOcc` shadow ranges in `occ` (pairs, merged here in place), into `vis` (room for
 * nOcc + 1 pairs); returns the count of visible ranges.
 */
export function subtractRanges(occ: Float64Array, nOcc: number, j0: number, j1: number, vis: Float64Array): number {
  if (nOcc === 0) {
    vis[0] = j0;
    vis[1] = j1;
    return 1;
  }
  nOcc = unionRanges(occ, nOcc);
  let nVis = 0;
  let cursor = j0;
  for (let k = 0; k < nOcc; k++) {
    const o0 = occ[2 * k];
    const o1 = occ[2 * k + 1];
    if (o0 > cursor) {
      vis[2 * nVis] = cursor;
      vis[2 * nVis + 1] = o0;
      nVis++;
    }
    if (o1 > cursor) cursor = o1;
  }
  if (cursor < j1) {
    vis[2 * nVis] = cursor;
    vis[2 * nVis + 1] = j1;
    nVis++;
  }
  return nVis;
}
