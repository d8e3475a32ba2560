/**
 * The data-quality rule (lib/quality/district-quality.ts) on synthetic cases and on real data: the bundled
 * Toulouse cameras against the bundled teaching street graph (the "hyper-centre full of camera dots
 * and no street") versus the Monaco cameras against the Monaco extract's own walk graph.
 */
import { describe, expect, it } from 'vitest';
import { districtQuality, FAR_FROM_STREET_M } from '../../../lib/quality/district-quality.ts';
import { PlanningEngine, edgeCoords } from '../../../lib/planner/engine.ts';
import { bundledCameras, monacoArea, toulouseGraphBytes } from '../planner/fixture.ts';

const M = 1 / 111_320;
const cam = (id: string, lon: number, lat: number, directions: number[] = []) => ({ id, lon, lat, directions });

function allStreets(bytes: Uint8Array | ArrayBuffer) {
  const engine = PlanningEngine.fromBytes(bytes, []);
  const out: Array<{ coords: number[] }> = [];
  for (let e = 0; e < engine.graph.edgeCount; e++) out.push({ coords: edgeCoords(engine.graph, e).flat() });
  return out;
}

describe('districtQuality', () => {
  it('flags a camera beyond 40 m of every walkable edge, not one within it', () => {
    const street = [{ coords: [0, 45, 0.001, 45] }];
    const kx = M / Math.cos((45 * Math.PI) / 180);
    const near = cam('near', 0.0005, 45 + 39 * M, [90]);
    const far = cam('far', 0.0005, 45 + 41 * M, [90]);
    const beyondEnd = cam('end', 0.001 + 45 * kx, 45, [90]);
    const q = districtQuality([near, far, beyondEnd], street);
    expect(q.farFromStreet).toEqual(['far', 'end']);
    expect(q.flagged).toBe(true);
    expect(districtQuality([near], street).flagged).toBe(false);
    expect(FAR_FROM_STREET_M).toBe(40);
  });

  it('flags half or more of five cameras without a direction', () => {
    const street = [{ coords: [0, 45, 0.001, 45] }];
    const five = [0, 1, 2, 3, 4].map((i) => cam(`c${i}`, 0.0002 * i, 45, i < 3 ? [] : [10]));
    const q = districtQuality(five, street);
    expect(q.withoutDirection).toBe(3);
    expect(q.withoutDirectionShare).toBeCloseTo(0.6);
    expect(q.flagged).toBe(true);
    expect(districtQuality(five.slice(0, 4), street).flagged).toBe(false); // fewer than five: no direction note
  });

  it('real data: the bundled Toulouse graph misses streets the cameras see; the Monaco extract does not', () => {
    const centre = bundledCameras().filter((c) => c.lat > 43.59 && c.lat < 43.615 && c.lon > 1.425 && c.lon < 1.46);
    const toulouse = districtQuality(centre, allStreets(toulouseGraphBytes()));
    const monaco = monacoArea('overpass:test');
    const mc = districtQuality(monaco.cameras, allStreets(monaco.graph));
    // Measured: see docs/data-updates.md, "Data quality".
    console.log(
      `toulouse centre: ${toulouse.farFromStreet.length}/${toulouse.cameras} far, ${toulouse.withoutDirection} without direction; monaco: ${mc.farFromStreet.length}/${mc.cameras} far, ${mc.withoutDirection} without direction`,
    );
    expect(toulouse.farFromStreet.length).toBeGreaterThan(0);
    expect(toulouse.flagged).toBe(true);
    expect(mc.farFromStreet.length / mc.cameras).toBeLessThan(toulouse.farFromStreet.length / toulouse.cameras);
  }, 60_000);
});
