/**
 * Golden fixtures in the turf style: tests/fixtures/exposure/in/*.geojson (hand-written cameras, paths,
 * buildings, with hand-computed expected metres) → tests/fixtures/exposure/out/*.geojson (coverage
 * polygons, exposed stretches, per-path summary; open them in any GeoJSON viewer).
 * `UPDATE_GOLDEN=1 npx vitest run tests/unit/exposure/golden.test.ts` rewrites the outputs; otherwise they
 * are diffed (coordinates to 2e-7°, metres to 2 mm).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coveragePolygons } from '../../../lib/exposure/coverage-polygons.ts';
import type { Camera } from '../../../lib/cameras/types.ts';
import { buildingIndexFromFootprints, createExposureScorer, type FootprintRing } from '../../../lib/exposure/index.ts';

const DIR = 'tests/fixtures/exposure';
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface InFeature {
  type: 'Feature';
  properties: Record<string, unknown> & { role: 'camera' | 'path' | 'building' };
  geometry: { type: string; coordinates: unknown };
}

/** Everything the engine and the display produce for one fixture input. */
function renderFixture(input: { features: InFeature[] }) {
  const cameras: Camera[] = [];
  const rings: FootprintRing[] = [];
  const paths: Array<{ name: string; coords: Array<[number, number]>; expected?: Record<string, number> }> = [];
  for (const f of input.features) {
    const p = f.properties;
    if (p.role === 'camera') {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      cameras.push({
        id: String(p.id),
        lon,
        lat,
        kind: p.kind as Camera['kind'],
        directions: (p.directions as number[] | undefined) ?? [],
        fov: p.fov as number | undefined,
        height: p.height as number | undefined,
        surveillance: 'public',
        operatorType: 'public',
        source: 'fixture',
        sourceId: String(p.id),
        confidence: 1,
      });
    } else if (p.role === 'building') rings.push((f.geometry.coordinates as FootprintRing[])[0]);
    else
      paths.push({
        name: String(p.name),
        coords: f.geometry.coordinates as Array<[number, number]>,
        expected: p.expected as Record<string, number>,
      });
  }
  const buildings = rings.length ? buildingIndexFromFootprints(rings) : undefined;
  const scorer = createExposureScorer(cameras, { buildings });
  const features: unknown[] = [];
  for (const f of coveragePolygons(cameras, { buildings, steps: 32 }).features) features.push(roundFeature(f));
  const results = paths.map((p) => ({ path: p, profile: scorer.profile(p.coords) }));
  for (const { path, profile } of results) {
    features.push({
      type: 'Feature',
      properties: {
        role: 'path-summary',
        name: path.name,
        length: mm(profile.length),
        identification: mm(profile.metres.identification),
        recognition: mm(profile.metres.recognition),
        observation: mm(profile.metres.observation),
        unseen: mm(profile.unseen),
        weighted: mm(profile.weighted),
        density: Math.round(profile.density * 1e6) / 1e6,
        cameras: profile.cameras.map((c) => c.id),
      },
      geometry: { type: 'LineString', coordinates: path.coords },
    });
    for (const s of profile.stretches.features)
      features.push({ ...s, properties: { role: 'exposed-stretch', path: path.name, ...s.properties } });
  }
  for (const r of rings)
    features.push({ type: 'Feature', properties: { role: 'building' }, geometry: { type: 'Polygon', coordinates: [r] } });
  return { output: { type: 'FeatureCollection', features }, results };
}

const mm = (x: number) => Math.round(x * 1000) / 1000;
function roundFeature<T>(f: T): T {
  return JSON.parse(JSON.stringify(f, (k, v) => (typeof v === 'number' && k !== 'radius' ? Math.round(v * 1e7) / 1e7 : v)));
}

/** Deep equality with numeric tolerance: 2e-7 inside `coordinates`, 2e-3 elsewhere (metres). */
function diff(a: unknown, b: unknown, path = '$', inCoords = false): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= (inCoords ? 2e-7 : 2e-3) ? null : `${path}: ${a} ≠ ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: length ${a.length} ≠ ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], b[i], `${path}[${i}]`, inCoords);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${path}: keys ${ka} ≠ ${kb}`;
    for (const k of ka) {
      const d = diff((a as never)[k], (b as never)[k], `${path}.${k}`, inCoords || k === 'coordinates');
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
}

describe('golden fixtures', () => {
  const names = readdirSync(join(DIR, 'in')).filter((f) => f.endsWith('.geojson'));
  it('has the five required cases', () => {
    expect(names.sort()).toEqual([
      'building-occlusion.geojson',
      'dome.geojson',
      'fixed-direction.geojson',
      'tagged-angle.geojson',
      'unknown-direction.geojson',
    ]);
  });
  for (const name of names) {
    it(name, () => {
      const input = JSON.parse(readFileSync(join(DIR, 'in', name), 'utf8'));
      const { output, results } = renderFixture(input);
      // The hand-computed expectations in the input (metres per tier; inputs are rounded to 1e-7°, ≈1 cm).
      for (const { path, profile } of results) {
        if (!path.expected) continue;
        for (const tier of ['identification', 'recognition', 'observation'] as const) {
          expect(profile.metres[tier], `${path.name} ${tier}`).toBeCloseTo(path.expected[tier], 1);
        }
      }
      const outPath = join(DIR, 'out', name);
      const text = JSON.stringify(output, null, 1) + '\n';
      if (UPDATE) writeFileSync(outPath, text);
      else {
        expect(existsSync(outPath), `${outPath} missing: run with UPDATE_GOLDEN=1`).toBe(true);
        expect(diff(JSON.parse(text), JSON.parse(readFileSync(outPath, 'utf8')))).toBeNull();
      }
    });
  }
});
