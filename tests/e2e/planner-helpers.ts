/**
 * What the planner browser tests (standalone page and in-page dock) share: reading a route card's
 * numbers, and the CLI's answer for the same points on the same graph, to compare them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { main as routeCli } from '../../cli/route.ts';
import type { LonLat } from '../../lib/geo/index.ts';
import { PlanningEngine } from '../../lib/planner/engine.ts';
import { storedWallIndex } from '../../lib/walls/index.ts';
import type { Camera } from '../../lib/cameras/types.ts';

export type Alt = 'shortest' | 'balanced' | 'discreet';

/** The numbers a route card shows (data-metres: whole metres, exactly what the text shows). */
export async function cardNumbers(scope: Page | Locator, alt: Alt) {
  const card = scope.locator(`[data-route="${alt}"]`);
  const metres = async (field: string) => Number(await card.locator(`[data-field="${field}"]`).getAttribute('data-metres'));
  return {
    length: await metres('length'),
    seen: await metres('seen'),
    identification: await metres('identification'),
    recognition: await metres('recognition'),
    observation: await metres('observation'),
  };
}

/** The CLI (`npm run route -- --from … --to … --geojson out`) on the given graph file; features by alternative. */
export async function cliRoutes(from: LonLat, to: LonLat, graph: string, tmpDir: string) {
  const out = join(tmpDir, 'cli-routes.geojson');
  const code = await routeCli(
    ['--from', `${from[1]},${from[0]}`, '--to', `${to[1]},${to[0]}`, '--graph', graph, '--geojson', out],
    () => undefined,
  );
  expect(code).toBe(0);
  const gj = JSON.parse(readFileSync(out, 'utf8')) as {
    features: Array<{ properties: Record<string, number | string>; geometry: { coordinates: LonLat[] } }>;
  };
  return Object.fromEntries(gj.features.map((f) => [f.properties.alternative, f])) as Record<Alt, (typeof gj.features)[number]>;
}

/**
 * The planning engine on a graph file and the walls beside it (walls.bin, inferred for the Toulouse bundle),
 * as the extension's background builds it: the reference the browser's numbers are checked against.
 */
export function engineBeside(graphPath: string, cameras: readonly Camera[]): PlanningEngine {
  const wallsPath = join(dirname(graphPath), 'walls.bin');
  const w = existsSync(wallsPath) ? readFileSync(wallsPath) : undefined;
  const buildings = w ? storedWallIndex(w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer, 'inferred') : undefined;
  return PlanningEngine.fromBytes(new Uint8Array(readFileSync(graphPath)), cameras, { exposure: { buildings } });
}

/**
 * A card's whole metres against the CLI's figures, which the GeoJSON prints to 0.1 m: the card shows the
 * rounding of the exact value, so it lies within half a metre and a bit of the CLI's tenth.
 */
export function expectCardFromCli(shown: Record<string, number>, p: Record<string, number | string>, label: string): void {
  const cli: Record<string, number> = {
    length: Number(p.lengthMetres),
    seen: Number(p.exposedMetres),
    identification: Number(p.identificationMetres),
    recognition: Number(p.recognitionMetres),
    observation: Number(p.observationMetres),
  };
  for (const [k, v] of Object.entries(cli))
    expect(Math.abs(shown[k] - v), `${label} ${k}: card ${shown[k]}, CLI ${v}`).toBeLessThanOrEqual(0.55);
}
