/**
 * The engine's record of the cameras its exposure counts (issue #14, memory): one 52-bit signature per camera
 * in sorted arrays, not a Map of [camera, JSON string] pairs. What it re-scores must not change.
 */
import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import { coverageSignature, PlanningEngine } from '../../../lib/planner/engine.ts';
import { bundledCameras, toulouseGraphBytes, userCamera } from './fixture.ts';

const T0 = new Date('2026-06-01T10:00:00Z');

/** Every string reachable from `root` through object fields, arrays and maps, not entering `skip`. */
function reachableStrings(root: unknown, skip: ReadonlySet<object>): string[] {
  const seen = new Set<object>();
  const out: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    if (!v || typeof v !== 'object' || seen.has(v) || skip.has(v) || ArrayBuffer.isView(v)) continue;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const x of Object.values(v)) stack.push(x);
  }
  return out;
}

describe('coverageSignature', () => {
  it('is equal for cameras that score the same, and differs when any coverage field changes', () => {
    const base = userCamera('a', 1.44, 43.6, { kind: 'fixed', directions: [90], fov: 60, height: 4 });
    // Fields that do not decide coverage leave it alone.
    expect(coverageSignature({ ...base, id: 'b', sourceId: 'b', confidence: 0.5, operatorType: 'private' })).toBe(coverageSignature(base));
    const variants: Partial<Camera>[] = [
      { lon: 1.4400001 },
      { lat: 43.6000001 },
      { kind: 'dome' },
      { directions: [91] },
      { directions: [90, 270] },
      { fov: 61 },
      { fov: undefined },
      { height: 5 },
      { expires: '2026-06-02T00:00:00Z' },
    ];
    for (const v of variants) expect(coverageSignature({ ...base, ...v })).not.toBe(coverageSignature(base));
  });

  it('gives the real cameras with distinct coverage distinct signatures (no collision)', () => {
    const json = new Map<string, number>();
    for (const c of bundledCameras()) {
      json.set(
        JSON.stringify([c.lon, c.lat, c.kind, c.directions, c.fov ?? null, c.height ?? null, c.expires ?? null]),
        coverageSignature(c),
      );
    }
    expect(json.size).toBeGreaterThan(2000);
    expect(new Set(json.values()).size).toBe(json.size);
  });
});

describe('PlanningEngine camera changes', () => {
  it('re-scores a moved camera at both places, records the last of two cameras with one id, and holds no signature strings', () => {
    const cams = bundledCameras();
    const engine = PlanningEngine.fromBytes(toulouseGraphBytes(), cams, { now: () => T0, scoredWith: cams, schedule: () => {} });
    const here = userCamera('user:move', 1.444, 43.6045);
    expect(engine.setCameras([...cams, here]).changedCameras).toBe(1);
    // The same camera given twice, or an older copy before it, changes nothing.
    expect(engine.setCameras([...cams, { ...here }, here]).changedCameras).toBe(0);
    const moved = { ...here, lon: 1.4445 };
    // An older position first, the new one last: the last wins, and the move re-scores both places.
    const change = engine.setCameras([...cams, here, moved]);
    expect(change.changedCameras).toBe(2);
    expect(change.rescoredEdges).toBeGreaterThan(0);
    // Then the new position alone: nothing changes (the record kept the last one given).
    expect(engine.setCameras([...cams, moved]).changedCameras).toBe(0);
    // Taking it away again: one camera stops counting.
    expect(engine.setCameras(cams).changedCameras).toBe(1);
    expect(engine.activeCameras.some((c) => c.id === here.id)).toBe(false);

    // Retention: no coverage signature string (the JSON of a camera's fields) is held by the engine.
    const strings = reachableStrings(engine, new Set<object>([...cams, here, moved]));
    const signatureLike = strings.filter((s) => s.startsWith('[') && s.includes(`${cams[0].lon},${cams[0].lat}`));
    expect(signatureLike).toEqual([]);
    const anySignature = strings.filter((s) => /^\[-?\d+(\.\d+)?,-?\d+(\.\d+)?,"/.test(s));
    expect(anySignature).toEqual([]);
  });

  it('scores one camera per id, the last given: the same exposure and camera lists as if only that one were given', () => {
    const cams = bundledCameras();
    const opts = { now: () => T0, scoredWith: cams, schedule: () => {} };
    const here = userCamera('user:dup', 1.444, 43.6045);
    const moved = { ...here, lon: 1.4445 };
    // An older copy first, then the newer one (e.g. two datasets holding the same OSM camera).
    const both = PlanningEngine.fromBytes(toulouseGraphBytes(), [...cams, here, moved], opts);
    const last = PlanningEngine.fromBytes(toulouseGraphBytes(), [...cams, moved], opts);
    expect(Array.from(both.graph.exposure)).toEqual(Array.from(last.graph.exposure));
    expect(both.activeCameras.filter((c) => c.id === here.id)).toEqual([moved]);
    // A line past both places lists the camera once, at its last position's coverage.
    const line: Array<[number, number]> = [
      [1.4436, 43.6045],
      [1.4453, 43.6045],
    ];
    const seen = both.scorer.profile(line);
    expect(seen.cameras.filter((c) => c.id === here.id)).toHaveLength(1);
    expect(seen.unseen).toBeLessThan(seen.length);
    expect(seen.metres).toEqual(last.scorer.profile(line).metres);
    // And through setCameras: dropping the older copy later changes nothing, since it was never counted.
    const engine = PlanningEngine.fromBytes(toulouseGraphBytes(), cams, opts);
    engine.setCameras([...cams, here, moved]);
    expect(Array.from(engine.graph.exposure)).toEqual(Array.from(last.graph.exposure));
    expect(engine.setCameras([...cams, moved]).changedCameras).toBe(0);
  });
});
