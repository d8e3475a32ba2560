/**
 * What the planner browser tests (standalone page and in-page dock) share: reading a route card's
 * numbers, and the CLI's answer for the same points on the same graph, to compare them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { main as routeCli } from '../../cli/route.ts';
import type { LonLat } from '../../lib/geo/index.ts';

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
  const code = await routeCli(['--from', `${from[1]},${from[0]}`, '--to', `${to[1]},${to[0]}`, '--graph', graph, '--geojson', out], () => undefined);
  expect(code).toBe(0);
  const gj = JSON.parse(readFileSync(out, 'utf8')) as { features: Array<{ properties: Record<string, number | string>; geometry: { coordinates: LonLat[] } }> };
  return Object.fromEntries(gj.features.map((f) => [f.properties.alternative, f])) as Record<Alt, (typeof gj.features)[number]>;
}
