/**
 * A stored edge index (lib/routing/snap.ts `adoptEdgeIndex`): the next SnapIndex over the graph uses it
 * instead of building one, and snaps exactly as a built one; a buffer that is not a Flatbush index of the
 * graph's edge count is refused.
 */
import { describe, expect, it } from 'vitest';
import { decodeWalkGraph } from '../../../lib/network/format.ts';
import { adoptEdgeIndex, buildEdgeIndex, SnapIndex } from '../../../lib/routing/snap.ts';
import { toulouseGraphBytes } from '../planner/fixture.ts';

describe('adoptEdgeIndex', () => {
  it('the next SnapIndex takes the stored index (once) and snaps as a built one', () => {
    const bytes = toulouseGraphBytes();
    const built = new SnapIndex(decodeWalkGraph(bytes.slice()));
    const g = decodeWalkGraph(bytes.slice());
    const data = built.edgeIndex.data.slice(0) as ArrayBuffer;
    adoptEdgeIndex(g, data);
    const adopted = new SnapIndex(g);
    expect(adopted.edgeIndex.data).toBe(data);
    expect(new SnapIndex(g).edgeIndex.data).not.toBe(data); // taken once: a later index is built
    for (let i = 0; i < 200; i++) {
      const lon = 1.4 + (i % 20) * 0.004;
      const lat = 43.57 + Math.floor(i / 20) * 0.005;
      expect(adopted.nearest(lon, lat, 500)).toEqual(built.nearest(lon, lat, 500));
    }
  });

  it('refuses a buffer that is not a Flatbush index, or one of another edge count', () => {
    const g = decodeWalkGraph(toulouseGraphBytes());
    expect(() => adoptEdgeIndex(g, new ArrayBuffer(64))).toThrow(/Flatbush/);
    const other = decodeWalkGraph(toulouseGraphBytes());
    const small = buildEdgeIndex({ ...other, edgeCount: 10 });
    expect(() => adoptEdgeIndex(g, small.data as ArrayBuffer)).toThrow(/10 items/);
  });
});
