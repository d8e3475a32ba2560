/**
 * The real Toulouse walk graph scored with the real bundled cameras, as the pipeline ships it
 * (`graph.bin`). Built once from ../shared/data and cached in tests/.tmp (git-ignored, OSM-derived).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Camera } from '../../../lib/cameras/types.ts';
import { buildGraphAsset } from '../../../lib/network/pipeline.ts';
import { parseCameraBundleText } from '../../../lib/store/validate.ts';

export const ROOT = resolve(__dirname, '../../..');
const MAPGR = resolve(ROOT, '../shared/data/toulouse/toulouse.mapgr');
const BUNDLE = resolve(ROOT, 'data/generated/bundle/cameras.json');
const CACHE = resolve(ROOT, 'tests/.tmp/planner/toulouse-graph.bin');

let cameras: Camera[] | undefined;

/** The bundled Toulouse cameras (data/generated/bundle/cameras.json, written by `npm run data`). */
export function bundledCameras(): Camera[] {
  cameras ??= parseCameraBundleText(readFileSync(BUNDLE, 'utf8')).cameras;
  return cameras;
}

/** Encoded, scored Toulouse graph bytes (a fresh copy each call: engines modify exposure in place). */
export function toulouseGraphBytes(): Uint8Array {
  const bundleStamp = readFileSync(BUNDLE).length;
  const stampFile = CACHE + '.stamp';
  if (!existsSync(CACHE) || !existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== String(bundleStamp)) {
    const { bytes } = buildGraphAsset(new Uint8Array(readFileSync(MAPGR)), bundledCameras());
    mkdirSync(dirname(CACHE), { recursive: true });
    writeFileSync(CACHE, bytes);
    writeFileSync(stampFile, String(bundleStamp));
  }
  return new Uint8Array(readFileSync(CACHE));
}

/** Capitole square, Toulouse. */
export const CAPITOLE: [number, number] = [1.444, 43.6045];
