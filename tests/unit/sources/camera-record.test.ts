/**
 * One definition of a valid camera: the bundled dataset, a user camera sent as a message and a camera stored
 * by an import are checked by the same validator (lib/sources/camera-record.ts), so they accept and refuse
 * exactly the same records.
 */
import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../lib/cameras/types.ts';
import { parseRequest } from '../../../lib/messages.ts';
import { CAMERA_BUNDLE_FORMAT, parseCameraBundle } from '../../../lib/sources/camera-bundle.ts';
import { parseCamera } from '../../../lib/sources/camera-record.ts';

const camera: Camera = {
  id: 'user:1',
  lon: 1.44,
  lat: 43.6,
  kind: 'dome',
  directions: [90],
  fov: 60,
  height: 4,
  surveillance: 'public',
  operatorType: 'unknown',
  source: 'user',
  sourceId: '1',
  confidence: 1,
  sourceDate: '2026-06-07',
  expires: '2027-01-01T00:00:00.000Z',
  enrichedFrom: { source: 'survey', sourceId: '7', fields: ['directions'] },
};

const variants: Array<[string, Record<string, unknown>, boolean]> = [
  ['valid', camera as unknown as Record<string, unknown>, true],
  ['heading 0 and 359.9', { ...camera, directions: [0, 359.9] }, true],
  ['heading 360', { ...camera, directions: [360] }, false],
  ['negative heading', { ...camera, directions: [-1] }, false],
  ['17 headings', { ...camera, directions: Array.from({ length: 17 }, (_, i) => i) }, false],
  ['fov 0', { ...camera, fov: 0 }, false],
  ['fov 360', { ...camera, fov: 360 }, true],
  ['height 0', { ...camera, height: 0 }, false],
  ['height 600 m', { ...camera, height: 600 }, false],
  ['date without a day', { ...camera, sourceDate: 'Nov 2026' }, false],
  ['longitude 181', { ...camera, lon: 181 }, false],
  ['empty id', { ...camera, id: '' }, false],
  ['id of 201 characters', { ...camera, id: 'x'.repeat(201) }, false],
  ['unknown kind', { ...camera, kind: 'drone' }, false],
  ['confidence 1.5', { ...camera, confidence: 1.5 }, false],
];

const acceptedBy = {
  validator: (c: unknown) => {
    parseCamera(c);
  },
  message: (c: unknown) => {
    parseRequest({ type: 'userCameras/put', camera: c });
  },
  bundle: (c: unknown) => {
    parseCameraBundle({
      format: CAMERA_BUNDLE_FORMAT,
      datasetId: 'x',
      version: 'v',
      label: 'x',
      generatedAt: '2026-06-07T00:00:00.000Z',
      attribution: '© OpenStreetMap contributors',
      bbox: { west: 1, south: 43, east: 2, north: 44 },
      sources: [],
      cameras: [c],
    });
  },
};

describe('one camera validator for the bundle, messages and the store', () => {
  it.each(variants)('%s: accepted by all three or refused by all three', (_name, record, valid) => {
    const outcomes = Object.entries(acceptedBy).map(([who, check]) => {
      try {
        check(record);
        return [who, true];
      } catch {
        return [who, false];
      }
    });
    expect(Object.fromEntries(outcomes)).toEqual({ validator: valid, message: valid, bundle: valid });
  });

  it('keeps only the known fields', () => {
    expect(parseCamera({ ...camera, extra: 'dropped' })).toEqual(camera);
  });
});
