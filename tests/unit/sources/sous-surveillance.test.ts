import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../lib/sources/errors.ts';
import { cityOfPopup, readSousSurveillance, zoneOfPopup } from '../../../lib/sources/sous-surveillance.ts';
import { sharedFile, SURVEY } from '../../shared-data.ts';

describe('readSousSurveillance on the real export', () => {
  const all = readSousSurveillance(sharedFile(SURVEY));
  const toulouse = readSousSurveillance(sharedFile(SURVEY), { city: 'toulouse' });

  it('counts every city from the popup links', () => {
    expect(all.cameras).toHaveLength(2279);
    expect(all.rejects).toEqual([]);
    expect(all.byCity).toEqual({
      lyon: 1111,
      'clermont-ferrand': 360,
      paris: 326,
      luxembourg: 178,
      nimes: 127,
      angers: 60,
      toulouse: 39,
      rennes: 34,
      tours: 23,
      valdisere: 16,
      bourges: 3,
      dijon: 2,
    });
    expect(all.cameras.filter((c) => c.directions.length > 0)).toHaveLength(1864);
    // 534 features have a non-zero angle; 3 of them say -1, which is "unknown" too.
    expect(all.cameras.filter((c) => c.fov !== undefined)).toHaveLength(534 - 3);
  });

  it('reads the 39 Toulouse cameras, 38 with a direction', () => {
    expect(toulouse.cameras).toHaveLength(39);
    expect(toulouse.cameras.filter((c) => c.directions.length > 0)).toHaveLength(38);
    const kinds: Record<string, number> = {};
    for (const c of toulouse.cameras) kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
    expect(kinds).toEqual({ dome: 26, fixed: 13 });
    for (const c of toulouse.cameras) {
      expect(c.lat).toBeGreaterThan(43.59);
      expect(c.lat).toBeLessThan(43.615);
    }
  });

  it('maps one known camera fully, text only', () => {
    const c = toulouse.cameras.find((x) => x.sourceId === '2051');
    expect(c).toEqual({
      id: 'sous-surveillance:2051',
      lon: 1.43973469734192,
      lat: 43.6072839218292,
      kind: 'dome',
      directions: [227],
      fov: 64,
      surveillance: 'unknown',
      surveillanceType: 'camera',
      operator: 'Credit Agricole',
      operatorType: 'private',
      zone: 'bank',
      name: 'rue des lois',
      source: 'sous-surveillance',
      sourceId: '2051',
      sourceDate: '2012-11-15',
      confidence: 0.5,
    });
    // 360 in this export is north (0 means "unknown"); angle 0 is unknown.
    const municipal = toulouse.cameras.find((x) => x.sourceId === '1918');
    expect(municipal).toMatchObject({ directions: [0], zone: 'town' });
    expect(municipal?.fov).toBeUndefined();
    const noDirection = toulouse.cameras.find((x) => x.sourceId === '2057');
    expect(noDirection).toMatchObject({ directions: [], fov: 66 });
  });

  it('reads speed cameras from "radar"', () => {
    expect(all.cameras.filter((c) => c.kind === 'speed')).toHaveLength(21);
  });
});

describe('popup extraction without a DOM', () => {
  it('finds zone and city in hostile HTML as text', () => {
    const popup =
      `<h2>x</h2><script>alert("Surveillance : evil")</script><ul><li>Surveillance&nbsp;: <b>banques</b></li>` +
      `<li><a href="javascript:alert(1)">a</a><a href='http://toulouse.sous-surveillance.net/?camera1' onclick="x">b</a></li></ul>`;
    expect(zoneOfPopup(popup)).toBe('bank');
    expect(cityOfPopup(popup)).toBe('toulouse');
    expect(cityOfPopup('<a href="http://toulouse.sous-surveillance.net.evil.com/">x</a>')).toBeUndefined();
    expect(zoneOfPopup('<li>Surveillance : </li>')).toBeUndefined();
    expect(zoneOfPopup('<li>Surveillance : Place &amp; <i>rue</i></li>')).toBe('place & rue');
    expect(zoneOfPopup('<li>Surveillance : <img src=x onerror=alert(1)>traffic')).toBe('traffic');
  });

  it('rejects bad features and refuses broken files', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1.44, 95] }, properties: { id_camera: '1' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [] }, properties: { id_camera: '2' } },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [1.44, 43.6] },
          properties: { id_camera: '3', apparence: 'boite', direction: 'abc' },
        },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1.44, 43.6] }, properties: { id_camera: '3' } },
      ],
    };
    const r = readSousSurveillance(JSON.stringify(fc));
    expect(r.cameras).toHaveLength(1);
    expect(r.cameras[0]).toMatchObject({ kind: 'fixed', directions: [], operatorType: 'unknown' });
    expect(r.rejects.map((x) => x.reason)).toEqual(['invalid coordinates (1.44, 95)', 'geometry is not a Point', 'duplicate id_camera']);
    const text = sharedFile(SURVEY).toString('utf8');
    expect(() => readSousSurveillance(text.slice(0, 100_000))).toThrowError(SourceError);
    try {
      readSousSurveillance(text.slice(0, 100_000));
    } catch (e) {
      expect((e as SourceError).code).toBe('truncated');
    }
    expect(() => readSousSurveillance('{"type":"Feature"}')).toThrowError(/FeatureCollection/);
  });
});
