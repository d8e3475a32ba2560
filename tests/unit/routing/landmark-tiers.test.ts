import { describe, expect, it } from 'vitest';
import { ALPHA_STOPS } from '../../../components/planner/route-form.tsx';
import { LANDMARK_ALPHAS } from '../../../lib/routing/landmarks.ts';

describe('landmark tiers and the planner’s α slider', () => {
  it('has a tier of its own for every stop a person can pick (searched both ways, no mixed bound)', () => {
    const tiers: readonly number[] = LANDMARK_ALPHAS;
    for (const stop of ALPHA_STOPS) expect(tiers, `α slider stop ${stop}`).toContain(stop);
  });

  it('keeps the tiers ascending, from α = 0 (plain lengths) to the slider’s top', () => {
    expect([...LANDMARK_ALPHAS].sort((a, b) => a - b)).toEqual([...LANDMARK_ALPHAS]);
    expect(new Set(LANDMARK_ALPHAS).size).toBe(LANDMARK_ALPHAS.length);
    expect(LANDMARK_ALPHAS[0]).toBe(0);
    expect(LANDMARK_ALPHAS.at(-1)).toBe(Math.max(...ALPHA_STOPS));
  });
});
