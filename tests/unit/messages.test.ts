import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import {
  parseRequest,
  MessageError,
  MAX_CAMERAS_PER_ANSWER,
  MAX_VIA_POINTS,
  errorResponse,
  sendRequest,
  type ResponseMap,
} from '../../lib/messages.ts';
import type { PlannedRoutes } from '../../lib/planner/service.ts';
import { applySettingsPatch, normaliseSettings, DEFAULT_SETTINGS } from '../../lib/settings.ts';

const TOULOUSE = { west: 1.42, south: 43.59, east: 1.46, north: 43.62 };
const camera = {
  id: 'user:abc',
  lon: 1.4442,
  lat: 43.6045,
  kind: 'dome',
  directions: [],
  surveillance: 'public',
  operatorType: 'public',
  source: 'user',
  sourceId: 'abc',
  confidence: 1,
};

function rejects(raw: unknown, path: string) {
  let error: unknown;
  try {
    parseRequest(raw);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MessageError);
  expect((error as MessageError).code).toBe('bad-request');
  expect((error as MessageError).path).toBe(path);
}

describe('parseRequest accepts well-formed requests', () => {
  it.each([
    [{ type: 'dataset/summary' }],
    [{ type: 'status' }],
    [{ type: 'settings/get' }],
    [{ type: 'userCameras/list' }],
    [{ type: 'cameras/inBBox', bbox: TOULOUSE }],
    [{ type: 'cameras/inBBox', bbox: TOULOUSE, limit: 10 }],
    [{ type: 'settings/set', patch: { overlayEnabled: false } }],
    [
      {
        type: 'settings/set',
        patch: { layers: { heat: false }, siteEnabled: { google: false }, filters: { kinds: { alpr: false } }, language: 'fr' },
      },
    ],
    [{ type: 'route', from: [1.44, 43.6], to: [1.45, 43.61], via: [[1.445, 43.605]], alpha: 2, maxDetour: 0.3 }],
    [{ type: 'userCameras/put', camera }],
    [{ type: 'userCameras/put', camera: { ...camera, directions: [90, 270], fov: 60, expires: '2027-01-01T00:00:00Z' } }],
    [{ type: 'userCameras/delete', id: 'user:abc' }],
  ])('%j', (raw) => {
    expect(parseRequest(raw)).toEqual(raw);
  });

  it('returns a fresh object without extra fields of a camera', () => {
    const req = parseRequest({ type: 'userCameras/put', camera: { ...camera, extra: '<img onerror=x>' } });
    expect(req).toEqual({ type: 'userCameras/put', camera });
  });
});

describe('parseRequest rejects bad input with the field named', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'message'],
    ['a string', 'status', 'message'],
    ['an array', [], 'message'],
    ['no type', {}, 'type'],
    ['unknown type', { type: 'drop/tables' }, 'type'],
    ['extra field', { type: 'status', x: 1 }, 'x'],
    ['missing bbox', { type: 'cameras/inBBox' }, 'bbox'],
    ['string coordinate', { type: 'cameras/inBBox', bbox: { ...TOULOUSE, west: '1.4' } }, 'bbox.west'],
    ['NaN coordinate', { type: 'cameras/inBBox', bbox: { ...TOULOUSE, north: Number.NaN } }, 'bbox.north'],
    ['Infinity', { type: 'cameras/inBBox', bbox: { ...TOULOUSE, east: Number.POSITIVE_INFINITY } }, 'bbox.east'],
    ['latitude out of range', { type: 'cameras/inBBox', bbox: { ...TOULOUSE, north: 91 } }, 'bbox.north'],
    ['longitude out of range', { type: 'cameras/inBBox', bbox: { ...TOULOUSE, west: -181 } }, 'bbox.west'],
    ['inverted bbox', { type: 'cameras/inBBox', bbox: { ...TOULOUSE, west: 1.5 } }, 'bbox'],
    ['empty bbox', { type: 'cameras/inBBox', bbox: { ...TOULOUSE, south: 43.62 } }, 'bbox'],
    ['extra bbox field', { type: 'cameras/inBBox', bbox: { ...TOULOUSE, zoom: 3 } }, 'bbox.zoom'],
    ['limit zero', { type: 'cameras/inBBox', bbox: TOULOUSE, limit: 0 }, 'limit'],
    ['limit too big', { type: 'cameras/inBBox', bbox: TOULOUSE, limit: MAX_CAMERAS_PER_ANSWER + 1 }, 'limit'],
    ['fractional limit', { type: 'cameras/inBBox', bbox: TOULOUSE, limit: 2.5 }, 'limit'],
    ['patch not an object', { type: 'settings/set', patch: true }, 'patch'],
    ['patch unknown key', { type: 'settings/set', patch: { evil: true } }, 'patch.evil'],
    ['patch wrong type', { type: 'settings/set', patch: { overlayEnabled: 'no' } }, 'patch.overlayEnabled'],
    ['patch bad layer', { type: 'settings/set', patch: { layers: { laser: true } } }, 'patch.layers.laser'],
    ['patch bad kind', { type: 'settings/set', patch: { filters: { kinds: { dome: 1 } } } }, 'patch.filters.kinds.dome'],
    ['patch bad language', { type: 'settings/set', patch: { language: 'de' } }, 'patch.language'],
    ['patch bad site id', { type: 'settings/set', patch: { siteEnabled: { 'Evil Site!': true } } }, 'patch.siteEnabled'],
    [
      'too many sites',
      { type: 'settings/set', patch: { siteEnabled: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`s${i}`, true])) } },
      'patch.siteEnabled',
    ],
    ['route without to', { type: 'route', from: [1.44, 43.6] }, 'to'],
    ['route point of 3', { type: 'route', from: [1.44, 43.6, 0], to: [1.45, 43.61] }, 'from'],
    ['route lat out of range', { type: 'route', from: [1.44, 95], to: [1.45, 43.61] }, 'from[1]'],
    [
      'too many vias',
      { type: 'route', from: [1.44, 43.6], to: [1.45, 43.61], via: Array.from({ length: MAX_VIA_POINTS + 1 }, () => [1.44, 43.6]) },
      'via',
    ],
    ['bad via', { type: 'route', from: [1.44, 43.6], to: [1.45, 43.61], via: [[1.44, 'x']] }, 'via[0][1]'],
    ['negative alpha', { type: 'route', from: [1.44, 43.6], to: [1.45, 43.61], alpha: -1 }, 'alpha'],
    ['camera not user', { type: 'userCameras/put', camera: { ...camera, source: 'osm' } }, 'camera.source'],
    ['camera id mismatch', { type: 'userCameras/put', camera: { ...camera, id: 'user:other' } }, 'camera.id'],
    ['camera bad lat', { type: 'userCameras/put', camera: { ...camera, lat: -100 } }, 'camera.lat'],
    ['camera bad kind', { type: 'userCameras/put', camera: { ...camera, kind: 'drone' } }, 'camera.kind'],
    ['camera bad direction', { type: 'userCameras/put', camera: { ...camera, directions: [400] } }, 'camera.directions[0]'],
    ['camera too many directions', { type: 'userCameras/put', camera: { ...camera, directions: Array(17).fill(0) } }, 'camera.directions'],
    ['camera huge name', { type: 'userCameras/put', camera: { ...camera, name: 'x'.repeat(1001) } }, 'camera.name'],
    ['camera bad expiry', { type: 'userCameras/put', camera: { ...camera, expires: 'tomorrow' } }, 'camera.expires'],
    ['camera confidence > 1', { type: 'userCameras/put', camera: { ...camera, confidence: 2 } }, 'camera.confidence'],
    ['delete non-user camera', { type: 'userCameras/delete', id: 'osm:node/1' }, 'id'],
    ['delete huge id', { type: 'userCameras/delete', id: `user:${'x'.repeat(300)}` }, 'id'],
  ])('%s', (_label, raw, path) => rejects(raw, path));

  it('never throws anything but MessageError, whatever arrives', () => {
    const types = fc.constantFrom(
      'dataset/summary',
      'cameras/inBBox',
      'settings/get',
      'settings/set',
      'route',
      'userCameras/list',
      'userCameras/put',
      'userCameras/delete',
      'status',
      'x',
    );
    fc.assert(
      fc.property(
        fc
          .record({ type: types }, { requiredKeys: [] })
          .chain((base) =>
            fc
              .dictionary(fc.constantFrom('bbox', 'limit', 'patch', 'from', 'to', 'via', 'alpha', 'camera', 'id'), fc.anything())
              .map((extra) => ({ ...extra, ...base })),
          ),
        (raw) => {
          try {
            parseRequest(raw);
          } catch (e) {
            expect(e).toBeInstanceOf(MessageError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('settings helpers', () => {
  it('applySettingsPatch merges nested objects and does not mutate its input', () => {
    const base = normaliseSettings(undefined);
    const next = applySettingsPatch(base, { siteEnabled: { osm: false }, filters: { kinds: { speed: false } } });
    expect(next.siteEnabled).toEqual({ osm: false });
    expect(next.filters.kinds).toEqual({ ...DEFAULT_SETTINGS.filters.kinds, speed: false });
    expect(base).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.siteEnabled).toEqual({});
  });
});

describe('responses', () => {
  it('errorResponse keeps typed codes and hides other errors behind "internal"', () => {
    expect(errorResponse(new MessageError('bbox', 'bad'))).toEqual({ ok: false, error: { code: 'bad-request', message: 'bbox: bad' } });
    expect(errorResponse(new TypeError('oops')).error.code).toBe('internal');
  });

  it('sendRequest turns a missing or thrown answer into "unreachable"', async () => {
    expect(await sendRequest(async () => undefined, { type: 'status' })).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect(
      await sendRequest(
        async () => {
          throw new Error('no receiver');
        },
        { type: 'status' },
      ),
    ).toMatchObject({ ok: false, error: { code: 'unreachable', message: 'no receiver' } });
    expect(await sendRequest(async (m) => ({ ok: true, value: m }), { type: 'status' })).toEqual({ ok: true, value: { type: 'status' } });
  });
});

describe('the route answer is typed', () => {
  it("ResponseMap.route is the planner's PlannedRoutes (tsc checks this line)", () => {
    expectTypeOf<ResponseMap['route']>().toEqualTypeOf<PlannedRoutes>();
    expectTypeOf<ResponseMap['route']>().not.toBeNever();
  });
});
