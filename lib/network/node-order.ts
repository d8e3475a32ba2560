/**
 * The order in which `packWalkGraph` numbers a walk graph's nodes and edges (issue #14): along a Hilbert
 * curve, so that nodes close on the ground, and the edges between them, sit close in memory.
 */

/** Cells per side of the Hilbert curve's grid (2^16: ≈ 15 cm cells over a 10 km city). */
const HILBERT_SIDE = 1 << 16;

/**
 * Names the numbering, for the bundle's version (scripts/build-data.ts): a graph numbered another way is other
 * bytes, so an installed extension must re-seed it rather than keep the one it stored under the same version.
 */
export const NODE_ORDER = 'hilbert-65536';

/** Position of cell (x, y), 0 ≤ x, y < HILBERT_SIDE, along the Hilbert curve that fills the grid. */
export function hilbertIndex(x: number, y: number): number {
  let d = 0;
  for (let s = HILBERT_SIDE >>> 1; s > 0; s >>>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = HILBERT_SIDE - 1 - x;
        y = HILBERT_SIDE - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}

/**
 * The numbering `packWalkGraph` gives: nodes some edge uses, in Hilbert-curve order of their position
 * (ties — the same 15 cm cell — in order of first use), and edges sorted by their lower then higher end
 * node (ties in input order). Nodes close on the ground get close numbers, and an edge's data sits near its
 * end nodes', so a search touches few cache lines (docs/routing.md, "Node order"). Deterministic: the same
 * input always gives the same graph. `used[i]` is input node i's number (−1 when no edge uses it).
 */
export function spatialOrder(
  lons: ArrayLike<number>,
  lats: ArrayLike<number>,
  edges: ReadonlyArray<{ from: number; to: number }>,
): { used: Int32Array; nodeCount: number; edgeOrder: Uint32Array } {
  const used = new Int32Array(lons.length).fill(-1);
  let nodeCount = 0;
  for (const e of edges) {
    if (used[e.from] < 0) used[e.from] = nodeCount++;
    if (used[e.to] < 0) used[e.to] = nodeCount++;
  }
  const input = new Uint32Array(nodeCount); // first-use rank → input index
  for (let i = 0; i < lons.length; i++) if (used[i] >= 0) input[used[i]] = i;
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const i of input) {
    west = Math.min(west, lons[i]);
    east = Math.max(east, lons[i]);
    south = Math.min(south, lats[i]);
    north = Math.max(north, lats[i]);
  }
  // One scale for both axes, so cells are square in degrees.
  const scale = (HILBERT_SIDE - 1) / Math.max(east - west, north - south, 1e-9);
  const key = new Float64Array(nodeCount);
  for (let r = 0; r < nodeCount; r++) {
    const i = input[r];
    key[r] = hilbertIndex(Math.floor((lons[i] - west) * scale), Math.floor((lats[i] - south) * scale));
  }
  const byCurve = new Uint32Array(nodeCount);
  for (let r = 0; r < nodeCount; r++) byCurve[r] = r;
  byCurve.sort((a, b) => key[a] - key[b] || a - b);
  const number = new Int32Array(nodeCount);
  byCurve.forEach((r, n) => {
    number[r] = n;
  });
  for (let i = 0; i < lons.length; i++) if (used[i] >= 0) used[i] = number[used[i]];
  const lo = new Uint32Array(edges.length);
  const hi = new Uint32Array(edges.length);
  edges.forEach((e, k) => {
    lo[k] = Math.min(used[e.from], used[e.to]);
    hi[k] = Math.max(used[e.from], used[e.to]);
  });
  const edgeOrder = new Uint32Array(edges.length);
  for (let k = 0; k < edges.length; k++) edgeOrder[k] = k;
  edgeOrder.sort((a, b) => lo[a] - lo[b] || hi[a] - hi[b] || a - b);
  return { used, nodeCount, edgeOrder };
}
