import { describe, expect, it } from 'vitest';
import { CAMERA_BUNDLE_FORMAT, parseCameraBundle, type CameraBundle } from '../../../lib/sources/camera-bundle.ts';
import { SourceError } from '../../../lib/sources/errors.ts';

const valid = (): CameraBundle => ({
  format: CAMERA_BUNDLE_FORMAT,
  datasetId: 'toulouse',
  version: 'abc123',
  label: 'Toulouse',
  generatedAt: '2026-06-07T00:00:00.000Z',
  attribution: '© OpenStreetMap contributors, ODbL 1.0',
  bbox: { west: 1.2, south: 43.5, east: 1.6, north: 43.8 },
  sources: [{ id: 'osm', name: 'OSM', date: '2026-06-07', licence: 'ODbL 1.0', sha256: 'a'.repeat(64) }],
  cameras: [
    {
      id: 'osm:node/1',
      lon: 1.44,
      lat: 43.6,
      kind: 'fixed',
      directions: [90],
      fov: 60,
      surveillance: 'public',
      operatorType: 'unknown',
      source: 'osm',
      sourceId: 'node/1',
      confidence: 0.9,
      enrichedFrom: { source: 'sous-surveillance', sourceId: '1', fields: ['directions'] },
    },
  ],
});

function codeOf(json: unknown): string {
  try {
    parseCameraBundle(json);
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return `${(e as SourceError).code}: ${(e as SourceError).message}`;
  }
  return 'ok';
}

describe('parseCameraBundle', () => {
  it('accepts a valid bundle and drops unknown fields', () => {
    const input = { ...valid(), extra: 1, cameras: [{ ...valid().cameras[0], html: '<b>' }] };
    const parsed = parseCameraBundle(JSON.parse(JSON.stringify(input)));
    expect(parsed).toEqual(valid());
  });

  it.each([
    ['not an object', () => 'x', /malformed/],
    ['another format', (b: any) => ({ ...b, format: 'x@2' }), /unsupported/],
    ['bad bbox', (b: any) => ({ ...b, bbox: { west: 2, south: 43, east: 1, north: 44 } }), /bbox/],
    ['latitude out of range', (b: any) => ({ ...b, cameras: [{ ...b.cameras[0], lat: 100 }] }), /cameras\[0\]\.lat/],
    ['unknown kind', (b: any) => ({ ...b, cameras: [{ ...b.cameras[0], kind: 'laser' }] }), /cameras\[0\]\.kind/],
    ['heading 360', (b: any) => ({ ...b, cameras: [{ ...b.cameras[0], directions: [360] }] }), /directions/],
    ['confidence 2', (b: any) => ({ ...b, cameras: [{ ...b.cameras[0], confidence: 2 }] }), /confidence/],
    ['duplicate ids', (b: any) => ({ ...b, cameras: [b.cameras[0], b.cameras[0]] }), /duplicates/],
    ['bad sha256', (b: any) => ({ ...b, sources: [{ ...b.sources[0], sha256: 'xyz' }] }), /sha256/],
    ['bad date', (b: any) => ({ ...b, generatedAt: 'yesterday' }), /generatedAt/],
    ['missing cameras', (b: any) => ({ ...b, cameras: undefined }), /cameras is not an array/],
  ])('refuses %s', (_name, mutate, pattern) => {
    expect(codeOf(mutate(valid()))).toMatch(pattern);
  });
});
