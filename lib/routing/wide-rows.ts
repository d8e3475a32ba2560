/**
 * Reading the 32-bit landmark tier (LANDMARK_WIDE_TIER) through a Uint16Array, beside the 16-bit tiers.
 *
 * The search's hot loops read a node's row of landmark values. When one site read both a Uint16Array and a
 * Uint32Array, V8 compiled it polymorphic, and once a search at α ≥ 32 had run, every later search at any α was
 * 40–60 % slower per settled node (docs/routing.md, "One array kind in the hot loops"). So a query holds every
 * tier as a Uint16Array: a 16-bit table itself, the 32-bit one as a view of its (low, high) halves, which only
 * the readers here take, each at sites of its own.
 */
import type { LandmarkTable } from './landmarks.ts';
import { LANDMARK_MARGIN_UNITS } from './landmarks.ts';

/** The halves of a 32-bit value are (low, high) in a Uint16Array view only on a little-endian platform. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function isWide(table: LandmarkTable): boolean {
  return table.values instanceof Uint32Array;
}

/** A table's values as a Uint16Array: itself, or the 32-bit table's (low, high) halves. */
export function halves(table: LandmarkTable): Uint16Array {
  const v = table.values;
  if (!(v instanceof Uint32Array)) return v;
  if (!LITTLE_ENDIAN) throw new Error('landmark tables: a big-endian platform is not supported');
  return new Uint16Array(v.buffer, v.byteOffset, v.length * 2);
}

/** potential.ts `altUnits` over a 32-bit table's halves: max |row − T| in units, less the margin (never < 0). */
export function altUnitsWide(values: Uint16Array, base: number, dT: Float64Array, K: number): number {
  let hi = 0;
  let lo = 0;
  for (let l = 0; l < K; l++) {
    const i = 2 * (base + l);
    const d = values[i] + values[i + 1] * 65536 - dT[l];
    if (d > hi) hi = d;
    if (d < lo) lo = d;
  }
  const b = hi > -lo ? hi : -lo;
  return b > LANDMARK_MARGIN_UNITS ? b - LANDMARK_MARGIN_UNITS : 0;
}

/** One value of a row: a 16-bit table's, or a 32-bit table's from its two halves. */
export function valueAt(values: Uint16Array, wide: boolean, i: number): number {
  return wide ? values[2 * i] + values[2 * i + 1] * 65536 : values[i];
}

/**
 * potential.ts `mixedBounds`' two maxima when one tier is the 32-bit one (α between the two top tiers):
 * max_L |D_L(n) − D_L(t)| into out[0], toward s into out[1], D_L = w1·F1 + w2·F2 (metres). The same values
 * as the 16-bit loop's, bit for bit (abs and max round nothing).
 */
export function mixedMaximaWide(
  rows: { values1: Uint16Array | null; values2: Uint16Array | null; wide1: boolean; wide2: boolean; w1: number; w2: number; K: number },
  tT: Float64Array,
  sT: Float64Array,
  base: number,
  out: Float64Array,
): void {
  const { K, w1, w2, wide1, wide2 } = rows;
  const v1 = rows.values1!;
  const v2 = rows.values2!;
  let bt = 0;
  let bs = 0;
  for (let l = 0; l < K; l++) {
    const m = w1 * valueAt(v1, wide1, base + l) + w2 * valueAt(v2, wide2, base + l);
    bt = Math.max(bt, Math.abs(m - tT[l]));
    bs = Math.max(bs, Math.abs(m - sT[l]));
  }
  out[0] = bt;
  out[1] = bs;
}
