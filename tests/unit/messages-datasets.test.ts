import { describe, expect, it } from 'vitest';
import { DEFAULT_OVERPASS_ENDPOINT as CLIENT_DEFAULT } from '../../lib/sources/overpass-query.ts';
import { parseRequest } from '../../lib/messages.ts';
import { DEFAULT_SETTINGS, normaliseSettings, parseSettingsPatch } from '../../lib/settings.ts';

describe('dataset messages', () => {
  it('accepts the dataset management requests and nothing extra', () => {
    expect(parseRequest({ type: 'datasets/list' })).toEqual({ type: 'datasets/list' });
    expect(parseRequest({ type: 'datasets/reload' })).toEqual({ type: 'datasets/reload' });
    expect(parseRequest({ type: 'store/wipe' })).toEqual({ type: 'store/wipe' });
    expect(parseRequest({ type: 'datasets/delete', id: 'import:abc' })).toEqual({ type: 'datasets/delete', id: 'import:abc' });
    expect(parseRequest({ type: 'datasets/delete', id: 'overpass:1.40,43.55,1.45,43.60' }).type).toBe('datasets/delete');
    expect(parseRequest({ type: 'datasets/delete', id: 'user' }).type).toBe('datasets/delete');
    expect(() => parseRequest({ type: 'store/wipe', really: true })).toThrow(/unexpected field/);
    expect(() => parseRequest({ type: 'datasets/delete', id: 'toulouse' })).toThrow(/bundled/);
    expect(() => parseRequest({ type: 'datasets/delete', id: 'cameras' })).toThrow(/import/);
    expect(() => parseRequest({ type: 'datasets/delete' })).toThrow(/id/);
  });
});

describe('Overpass settings', () => {
  it('defaults to the public instance, the same as the client', () => {
    expect(DEFAULT_SETTINGS.overpassEndpoint).toBe(CLIENT_DEFAULT);
    expect(CLIENT_DEFAULT).toBe('https://overpass-api.de/api/interpreter');
    expect(DEFAULT_SETTINGS.overpassTimeoutSeconds).toBe(200);
  });

  it('accepts http(s) endpoints and whole-second time-outs; refuses the rest with the field path', () => {
    expect(parseSettingsPatch({ overpassEndpoint: 'https://overpass.kumi.systems/api/interpreter' })).toEqual({
      overpassEndpoint: 'https://overpass.kumi.systems/api/interpreter',
    });
    expect(parseSettingsPatch({ overpassEndpoint: 'http://127.0.0.1:8080/api/interpreter' }).overpassEndpoint).toBe(
      'http://127.0.0.1:8080/api/interpreter',
    );
    for (const bad of [
      'ftp://x/api',
      'javascript:alert(1)',
      'not a url',
      'https://user:pw@host/api',
      'https://host/api#x',
      '',
      'https://x/' + 'a'.repeat(600),
      42,
    ]) {
      expect(() => parseSettingsPatch({ overpassEndpoint: bad }), String(bad)).toThrow(/patch\.overpassEndpoint/);
    }
    expect(parseSettingsPatch({ overpassTimeoutSeconds: 30 })).toEqual({ overpassTimeoutSeconds: 30 });
    for (const bad of [4, 901, 2.5, Number.NaN, '30'])
      expect(() => parseSettingsPatch({ overpassTimeoutSeconds: bad })).toThrow(/overpassTimeoutSeconds/);
  });

  it('settings stored by an older version (without these fields) get the defaults', () => {
    const old = { overlayEnabled: false, language: 'fr' };
    expect(normaliseSettings(old)).toMatchObject({
      overlayEnabled: false,
      language: 'fr',
      overpassEndpoint: CLIENT_DEFAULT,
      overpassTimeoutSeconds: 200,
    });
  });
});
