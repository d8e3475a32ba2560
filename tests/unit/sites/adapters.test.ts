import { describe, expect, it } from 'vitest';
import { adapterFor, isUnsupported, SITE_ADAPTERS, SITE_MATCH_PATTERNS } from '../../../lib/sites/index.ts';
import { osm, parseOsmHash } from '../../../lib/sites/osm.ts';
import { google, googleZoom, parseGoogleCamera } from '../../../lib/sites/google.ts';
import { umap } from '../../../lib/sites/umap.ts';
import { bing, parseBingQuery } from '../../../lib/sites/bing.ts';
import { mapy } from '../../../lib/sites/mapy.ts';
import type { SiteAdapter, SiteView, Unsupported } from '../../../lib/sites/types.ts';
import { fakeDocument, loc } from './fake-dom.ts';

const MAP_BOX = { left: 0, top: 56, width: 1000, height: 700 };
const doc = fakeDocument({ '#map.leaflet-container': MAP_BOX, '#map': MAP_BOX, '.leaflet-container': MAP_BOX });
const fullWindow = fakeDocument({}, { width: 1280, height: 800 });

function view(adapter: SiteAdapter, href: string, d: Document = doc): SiteView | Unsupported {
  const l = loc(href);
  expect(adapter.matches(l), `${adapter.id} should match ${href}`).toBe(true);
  return adapter.readView(l, d);
}

function expectView(v: SiteView | Unsupported, lon: number, lat: number, zoom: number) {
  if (isUnsupported(v)) throw new Error(`unexpected unsupported: ${v.unsupported}`);
  expect(v.centre[0]).toBeCloseTo(lon, 9);
  expect(v.centre[1]).toBeCloseTo(lat, 9);
  expect(v.zoom).toBeCloseTo(zoom, 9);
}

describe('openstreetmap.org', () => {
  it('reads #map=z/lat/lon on the main map, object pages and directions', () => {
    expectView(view(osm, 'https://www.openstreetmap.org/#map=17/43.60453/1.44420'), 1.4442, 43.60453, 17);
    expectView(view(osm, 'https://www.openstreetmap.org/#map=19/43.604519/1.443250&layers=C'), 1.44325, 43.604519, 19);
    expectView(view(osm, 'https://www.openstreetmap.org/node/4403412342#map=18/43.60080/1.44279'), 1.44279, 43.6008, 18);
    expectView(
      view(osm, 'https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=43.6045%2C1.4440%3B43.6112%2C1.4540#map=16/43.60785/1.44900'),
      1.449, 43.60785, 16,
    );
    const v = view(osm, 'https://www.openstreetmap.org/#map=17/43.60453/1.44420') as SiteView;
    expect(v.container).toEqual(MAP_BOX);
  });
  it('says why it cannot overlay', () => {
    expect(view(osm, 'https://www.openstreetmap.org/edit#map=17/43.60453/1.44420')).toEqual({ unsupported: 'editor' });
    expect(view(osm, 'https://www.openstreetmap.org/')).toEqual({ unsupported: 'no-position' });
    expect(view(osm, 'https://www.openstreetmap.org/#map=17/95.0/1.4')).toEqual({ unsupported: 'bad-position' });
    expect(view(osm, 'https://www.openstreetmap.org/#map=abc/43.6/1.4')).toEqual({ unsupported: 'bad-position' });
    expect(osm.readView(loc('https://www.openstreetmap.org/#map=17/43.6/1.44'), fakeDocument({}))).toEqual({ unsupported: 'no-map' });
  });
  it('parses only the map= key', () => {
    expect(parseOsmHash('#layers=C&map=15/43.6/1.44')).toEqual({ zoom: 15, lat: 43.6, lon: 1.44 });
    expect(parseOsmHash('#foo')).toBeNull();
  });
});

describe('Google Maps', () => {
  it('reads @lat,lng,zoomz on plain, place, directions and search pages', () => {
    expectView(view(google, 'https://www.google.com/maps/@43.6046256,1.4442469,15z?entry=ttu', fullWindow), 1.4442469, 43.6046256, 15);
    expectView(view(google, 'https://www.google.fr/maps/@43.6046256,1.4442469,17.5z', fullWindow), 1.4442469, 43.6046256, 17.5);
    expectView(
      view(google, 'https://www.google.com/maps/place/Capitole+de+Toulouse/@43.6044622,1.4417787,17z/data=!3m1!4b1!4m6!3m5!1s0x12aebb6fec7552ff:0x406f69c2f411030!8m2!3d43.6044622!4d1.4442!16zL20vMDZzMHI2?entry=ttu', fullWindow),
      1.4417787, 43.6044622, 17,
    );
    expectView(
      view(google, 'https://www.google.com/maps/dir/Toulouse-Matabiau,+Toulouse/Capitole+de+Toulouse/@43.6075,1.4437,16z/data=!3m1!4b1!4m14!4m13', fullWindow),
      1.4437, 43.6075, 16,
    );
    expectView(view(google, 'https://www.google.com/maps/search/cam%C3%A9ra/@43.6,1.44,14z', fullWindow), 1.44, 43.6, 14);
    expectView(view(google, 'https://maps.google.com/maps/@-33.8688,151.2093,12z', fullWindow), 151.2093, -33.8688, 12);
  });
  it('turns a satellite altitude (m = vertical extent) into a zoom for the container height', () => {
    const v = view(google, 'https://www.google.com/maps/@43.6046256,1.4442469,1000m/data=!3m1!1e3', fullWindow) as SiteView;
    // 800 px tall showing 1000 m: 1.25 m/px at lat 43.6 ⇒ 156543.03392·cos(43.6°)/2^z = 1.25.
    const expected = Math.log2((156543.03392 * Math.cos((43.6046256 * Math.PI) / 180) * 800) / 1000);
    expect(v.zoom).toBeCloseTo(expected, 9);
    expect(v.approximate).toBe(true);
    // Top-down 3D camera with altitude and fov.
    expect(isUnsupported(view(google, 'https://www.google.com/maps/@43.6046,1.4442,350a,35y/data=!3m1!1e3', fullWindow))).toBe(false);
  });
  it('hides on tilted 3D, rotated maps and Street View', () => {
    expect(view(google, 'https://www.google.com/maps/@43.6033,1.4431,231a,35y,39.3t/data=!3m1!1e3', fullWindow)).toEqual({ unsupported: 'tilted' });
    expect(view(google, 'https://www.google.com/maps/@43.6033,1.4431,542m,30.5h,45t/data=!3m1!1e3', fullWindow)).toEqual({ unsupported: 'tilted' });
    expect(view(google, 'https://www.google.com/maps/@43.6033,1.4431,542m,90h/data=!3m1!1e3', fullWindow)).toEqual({ unsupported: 'rotated' });
    expect(
      view(google, 'https://www.google.com/maps/@43.6044854,1.4436434,3a,75y,97.12h,90t/data=!3m6!1e1!3m4!1sAF1QipM!2e0!7i13312!8i6656', fullWindow),
    ).toEqual({ unsupported: 'street-view' });
    expect(view(google, 'https://www.google.com/maps/place/Capitole/data=!4m2!3m1!1s0x12aebb6fec7552ff', fullWindow)).toEqual({ unsupported: 'no-position' });
  });
  it('matches Maps only, not Search or other Google pages', () => {
    expect(google.matches(loc('https://www.google.com/search?q=toulouse'))).toBe(false);
    expect(google.matches(loc('https://www.google.com/mapsfoo'))).toBe(false);
    expect(google.matches(loc('https://evil.example/maps/@43.6,1.44,15z'))).toBe(false);
    expect(parseGoogleCamera('/maps/@43.6,1.44,15z')?.fields).toEqual({ z: 15 });
    expect(googleZoom({ lat: 0, lon: 0, fields: {} }, 800)).toEqual({ unsupported: 'bad-position' });
  });
});

describe('uMap', () => {
  it('reads #z/lat/lon on map pages', () => {
    expectView(view(umap, 'https://umap.openstreetmap.fr/fr/map/videosurveillance-toulouse_123456#16/43.6045/1.4440'), 1.444, 43.6045, 16);
    expectView(view(umap, 'https://umap.openstreetmap.fr/en/map/new/#13/43.6000/1.4300'), 1.43, 43.6, 13);
  });
  it('refuses non-map pages and missing hashes', () => {
    expect(view(umap, 'https://umap.openstreetmap.fr/fr/')).toEqual({ unsupported: 'no-map' });
    expect(view(umap, 'https://umap.openstreetmap.fr/fr/map/foo_1')).toEqual({ unsupported: 'no-position' });
  });
});

describe('Bing Maps', () => {
  it('reads cp=lat~lon and fractional lvl', () => {
    expectView(view(bing, 'https://www.bing.com/maps?cp=43.604626%7E1.444247&lvl=15.0', fullWindow), 1.444247, 43.604626, 15);
    expectView(view(bing, 'https://www.bing.com/maps?osid=a1b2&cp=43.60463~1.44425&lvl=17.6&style=r&v=2&sV=1', fullWindow), 1.44425, 43.60463, 17.6);
    expectView(view(bing, 'https://www.bing.com/maps?cp=43.60463~1.44425&lvl=16&style=a', fullWindow), 1.44425, 43.60463, 16);
  });
  it('hides on Streetside, Bird’s eye and rotation', () => {
    expect(view(bing, 'https://www.bing.com/maps?cp=43.60463~1.44425&lvl=19&style=x&pi=0&dir=90', fullWindow)).toEqual({ unsupported: 'street-view' });
    expect(view(bing, 'https://www.bing.com/maps?cp=43.60463~1.44425&lvl=19&style=o', fullWindow)).toEqual({ unsupported: 'tilted' });
    expect(view(bing, 'https://www.bing.com/maps?cp=43.60463~1.44425&lvl=17&dir=45', fullWindow)).toEqual({ unsupported: 'rotated' });
    expect(view(bing, 'https://www.bing.com/maps?q=toulouse', fullWindow)).toEqual({ unsupported: 'no-position' });
    expect(bing.matches(loc('https://www.bing.com/search?q=maps'))).toBe(false);
    expect(parseBingQuery('?cp=1~2')?.zoom).toBeNaN();
  });
});

describe('Mapy.com', () => {
  it('reads x=lon&y=lat&z=zoom', () => {
    expectView(view(mapy, 'https://mapy.com/en/zakladni?x=1.4442469&y=43.6046256&z=15', fullWindow), 1.4442469, 43.6046256, 15);
    expectView(view(mapy, 'https://mapy.com/fr/turisticka?l=0&x=1.4438000&y=43.6051000&z=18', fullWindow), 1.4438, 43.6051, 18);
    expectView(view(mapy, 'https://mapy.cz/letecka?x=14.4207&y=50.0874&z=16', fullWindow), 14.4207, 50.0874, 16);
  });
  it('hides on panoramas and 3D', () => {
    expect(view(mapy, 'https://mapy.com/en/zakladni?pano=1&pid=123&yaw=1.2&x=1.44&y=43.6&z=17', fullWindow)).toEqual({ unsupported: 'street-view' });
    expect(view(mapy, 'https://mapy.com/en/letecka?m3d=1&height=900&yaw=0&pitch=-45&x=1.44&y=43.6&z=17', fullWindow)).toEqual({ unsupported: '3d' });
    expect(view(mapy, 'https://mapy.com/en/', fullWindow)).toEqual({ unsupported: 'no-position' });
  });
});

describe('registry and test pages', () => {
  it('each page belongs to exactly one adapter', () => {
    const pages = [
      'https://www.openstreetmap.org/#map=17/43.6/1.44',
      'https://www.google.com/maps/@43.6,1.44,15z',
      'https://umap.openstreetmap.fr/fr/map/x_1#15/43.6/1.44',
      'https://www.bing.com/maps?cp=43.6~1.44&lvl=15',
      'https://mapy.com/en/zakladni?x=1.44&y=43.6&z=15',
      'http://localhost:4321/osm/#map=17/43.6/1.44',
      'http://localhost:4321/google/maps/@43.6,1.44,15z',
      'http://127.0.0.1:4321/umap/fr/map/x_1#15/43.6/1.44',
      'http://localhost:4321/bing/maps?cp=43.6~1.44&lvl=15',
      'http://localhost:4321/mapy/en/zakladni?x=1.44&y=43.6&z=15',
    ];
    for (const p of pages) expect(SITE_ADAPTERS.filter((a) => a.matches(loc(p))).length, p).toBe(1);
  });
  it('local test paths are recognised only on localhost', () => {
    expect(adapterFor(loc('https://example.org/osm/#map=17/43.6/1.44'))).toBeUndefined();
    expect(adapterFor(loc('https://example.org/google/maps/@43.6,1.44,15z'))).toBeUndefined();
    expect(adapterFor(loc('http://localhost:4321/other/'))).toBeUndefined();
  });
  it('release match patterns name only the supported sites', () => {
    for (const p of SITE_MATCH_PATTERNS) {
      expect(p).toMatch(/^https:\/\/(www\.|maps\.|en\.)?(openstreetmap\.org|google\.[a-z.]+|umap\.openstreetmap\.fr|bing\.com|mapy\.(com|cz))\//);
      expect(p).not.toMatch(/localhost|\*\.\*|<all_urls>/);
    }
  });
});
