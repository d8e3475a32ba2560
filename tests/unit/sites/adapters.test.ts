/**
 * Site adapters, checked by loops over the registry: every site's golden addresses
 * (tests/fixtures/sites/<id>.json) and examples read the expected view, its test page address reads the view
 * it was built from, and its release match patterns cover its real addresses and nothing broader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterFor, isUnsupported, SITE_ADAPTERS, SITE_MATCH_PATTERNS } from '../../../lib/sites/index.ts';
import { testPageAddress, type ExpectedView, type RegisteredSite, type SiteView, type TestPage } from '../../../lib/sites/types.ts';
import { osm, parseOsmHash } from '../../../lib/sites/osm.ts';
import { googleZoom, parseGoogleCamera } from '../../../lib/sites/google.ts';
import { parseBingQuery } from '../../../lib/sites/bing.ts';
import { opentopomap } from '../../../lib/sites/opentopomap.ts';
import { fakeDocument, loc } from './fake-dom.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/sites');

/** A golden address: the view the site's adapter must read, or null when the adapter must not claim it. */
interface GoldenCase {
  url: string;
  view: (ExpectedView & { approximate?: boolean }) | null;
}

function golden(site: RegisteredSite): GoldenCase[] {
  const file = JSON.parse(readFileSync(join(FIXTURES, `${site.id}.json`), 'utf8')) as { site: string; cases: GoldenCase[] };
  expect(file.site).toBe(site.id);
  return file.cases;
}

/**
 * What the adapters read from: a Leaflet-style `#map` box under a 56-px header in a 1280×800 window (the
 * full-window sites find none of their selectors there and fall back to the viewport).
 */
const MAP_BOX = { left: 0, top: 56, width: 1000, height: 700 };
const doc = fakeDocument({ '#map.leaflet-container': MAP_BOX, '#map': MAP_BOX, '.leaflet-container': MAP_BOX });

function expectReads(site: RegisteredSite, c: GoldenCase) {
  const l = loc(c.url);
  if (c.view === null) {
    expect(site.matches(l), `${site.id} must not claim ${c.url}`).toBe(false);
    return;
  }
  expect(site.matches(l), `${site.id} should match ${c.url}`).toBe(true);
  expect(adapterFor(l)?.id, `only ${site.id} claims ${c.url}`).toBe(site.id);
  const v = site.readView(l, doc);
  if ('unsupported' in c.view) {
    expect(v, c.url).toEqual(c.view);
    return;
  }
  if (isUnsupported(v)) throw new Error(`${c.url}: unexpected unsupported: ${v.unsupported}`);
  expect(v.centre[0], c.url).toBeCloseTo(c.view.centre[0], 9);
  expect(v.centre[1], c.url).toBeCloseTo(c.view.centre[1], 9);
  expect(v.zoom, c.url).toBeCloseTo(c.view.zoom, 9);
  expect(v.approximate ?? false, c.url).toBe(c.view.approximate ?? false);
}

/** The local test page address showing a view (what the browser tests open). */
const testPageUrl = (page: TestPage, lat: number, lon: number, z: number) => `http://localhost:4321${testPageAddress(page, lat, lon, z)}`;

/** A WebExtension match pattern (`https://host/path*`) as a regular expression over origin + path + query. */
function patternRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

describe.each(SITE_ADAPTERS.map((s) => [s.id, s] as const))('%s', (_id, site) => {
  it('reads every golden address (tests/fixtures/sites/<id>.json) and every example as expected', () => {
    const cases = [...golden(site), ...site.examples];
    expect(cases.filter((c) => c.view && !('unsupported' in c.view)).length).toBeGreaterThan(0);
    expect(cases.filter((c) => c.view && 'unsupported' in c.view).length).toBeGreaterThan(0);
    for (const c of cases) expectReads(site, c);
  });

  it('its test page address reads the view it shows, on localhost only', () => {
    expectReads(site, { url: testPageUrl(site.testPage, 43.6045, 1.444, 17), view: { centre: [1.444, 43.6045], zoom: 17 } });
    const elsewhere = testPageUrl(site.testPage, 43.6045, 1.444, 17).replace('http://localhost:4321', 'https://example.org');
    expect(adapterFor(loc(elsewhere)), elsewhere).toBeUndefined();
  });

  it('release match patterns are concrete https hosts that cover its real addresses', () => {
    expect(site.matchPatterns.length).toBeGreaterThan(0);
    for (const p of site.matchPatterns) {
      expect(p).toMatch(/^https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)+\//);
      expect(p).not.toMatch(/localhost|127\.0\.0\.1|<all_urls>/);
      expect(SITE_MATCH_PATTERNS).toContain(p);
    }
    const real = [...golden(site), ...site.examples]
      .map((c) => new URL(c.url))
      .filter((u) => u.protocol === 'https:' && site.matches(loc(u.href)));
    expect(real.length).toBeGreaterThan(0);
    for (const u of real) {
      const bare = u.origin + u.pathname + u.search;
      expect(
        site.matchPatterns.some((p) => patternRegExp(p).test(bare)),
        `a match pattern covers ${bare}`,
      ).toBe(true);
    }
  });
});

describe('registry', () => {
  it('has one golden fixture per site and no other', () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(files).toEqual(SITE_ADAPTERS.map((s) => `${s.id}.json`).sort());
  });
  it('ids and test page prefixes are unique', () => {
    expect(new Set(SITE_ADAPTERS.map((s) => s.id)).size).toBe(SITE_ADAPTERS.length);
    expect(new Set(SITE_ADAPTERS.map((s) => s.testPage.path)).size).toBe(SITE_ADAPTERS.length);
  });
  it('other local pages belong to no site', () => {
    expect(adapterFor(loc('http://localhost:4321/other/'))).toBeUndefined();
  });
});

describe('adapter details', () => {
  it('openstreetmap.org reports its map box and hides without a map', () => {
    const v = osm.readView(loc('https://www.openstreetmap.org/#map=17/43.60453/1.44420'), doc) as SiteView;
    expect(v.container).toEqual(MAP_BOX);
    expect(osm.readView(loc('https://www.openstreetmap.org/#map=17/43.6/1.44'), fakeDocument({}))).toEqual({ unsupported: 'no-map' });
    expect(parseOsmHash('#layers=C&map=15/43.6/1.44')).toEqual({ zoom: 15, lat: 43.6, lon: 1.44 });
    expect(parseOsmHash('#foo')).toBeNull();
  });
  it('OpenTopoMap hides without a map', () => {
    expect(opentopomap.readView(loc('https://opentopomap.org/#map=15/43.6/1.44'), fakeDocument({}))).toEqual({ unsupported: 'no-map' });
  });
  it('Google turns a satellite altitude (m = vertical extent) into a zoom for the container height', () => {
    // 800 px tall showing 1000 m at lat 43.6 ⇒ 156543.03392·cos(43.6°)·800/1000 = 2^z.
    const cam = parseGoogleCamera('/maps/@43.6046256,1.4442469,1000m/data=!3m1!1e3')!;
    const expected = Math.log2((156543.03392 * Math.cos((43.6046256 * Math.PI) / 180) * 800) / 1000);
    expect(googleZoom(cam, 800)).toEqual({ zoom: expect.closeTo(expected, 9), approximate: true });
    expect(parseGoogleCamera('/maps/@43.6,1.44,15z')?.fields).toEqual({ z: 15 });
    expect(googleZoom({ lat: 0, lon: 0, fields: {} }, 800)).toEqual({ unsupported: 'bad-position' });
    // Top-down 3D camera with altitude and field of view.
    expect('zoom' in googleZoom(parseGoogleCamera('/maps/@43.6046,1.4442,350a,35y')!, 800)).toBe(true);
  });
  it('Bing reads no zoom from a missing lvl', () => {
    expect(parseBingQuery('?cp=1~2')?.zoom).toBeNaN();
  });
});
