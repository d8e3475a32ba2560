/**
 * The dock's data-quality note follows the host map through `viewKeyOf` (components/overlay/PlannerDock.tsx):
 * a view that settles where it was keeps its key (no new check), a real move changes it.
 */
import { describe, expect, it } from 'vitest';
import { viewKeyOf } from '../../../../components/overlay/PlannerDock.tsx';

const VIEW = { west: -8.6234561, south: 41.1401234, east: -8.5987654, north: 41.1478901 };

describe('viewKeyOf', () => {
  it('rounds the box to 4 decimals, so a still map settling again keeps its key', () => {
    expect(viewKeyOf(VIEW)).toBe('-8.6235,41.1401,-8.5988,41.1479');
    const jitter = { west: VIEW.west + 2e-6, south: VIEW.south - 2e-6, east: VIEW.east + 1e-6, north: VIEW.north };
    expect(viewKeyOf(jitter)).toBe(viewKeyOf(VIEW));
  });

  it('changes when the map moves by about 10 m or more, or zooms', () => {
    const moved = { ...VIEW, west: VIEW.west + 1e-4, east: VIEW.east + 1e-4 };
    expect(viewKeyOf(moved)).not.toBe(viewKeyOf(VIEW));
    const zoomed = { ...VIEW, east: VIEW.east - 0.005, north: VIEW.north - 0.004 };
    expect(viewKeyOf(zoomed)).not.toBe(viewKeyOf(VIEW));
  });

  it('is null without a view (before the first frame), so no check runs', () => {
    expect(viewKeyOf(null)).toBeNull();
    expect(viewKeyOf(undefined)).toBeNull();
  });
});
