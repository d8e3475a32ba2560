/**
 * Bugs found in the shared readers (lib/sources, owned by the pipeline) while building the import path
 * and its fuzz suite. Each test states the expected behaviour and fails until the reader is fixed.
 */
import { describe, expect, it } from 'vitest';
import { readOverpassJson } from '../../../lib/sources/overpass.ts';
import { readOsmXml } from '../../../lib/sources/osm-xml.ts';
import { camerasFromOsm } from '../../../lib/sources/osm-cameras.ts';
import { SourceError } from '../../../lib/sources/errors.ts';
import { startFuzzWorker } from '../fuzz/watchdog.ts';

describe('OSM readers: an element listed twice keeps its tags', () => {
  // `out body; >; out skel qt;` — the query overpass-turbo's wizard writes — prints a camera that is also a
  // way vertex (a camera mapped on a building outline) twice: first with its tags, then bare from `>`.
  // The readers keep the last copy, so the camera disappears from a file the user exported.
  const camera = { type: 'node', id: 1, lat: 43.6047, lon: 1.4442, tags: { man_made: 'surveillance', 'camera:direction': '90' } };
  const json = {
    elements: [
      camera,
      { type: 'way', id: 9, nodes: [1, 2, 3, 1], tags: { building: 'yes' } },
      { type: 'node', id: 1, lat: 43.6047, lon: 1.4442 },
      { type: 'node', id: 2, lat: 43.6048, lon: 1.4442 },
      { type: 'node', id: 3, lat: 43.6048, lon: 1.4443 },
    ],
  };
  it('Overpass JSON', () => {
    const osm = readOverpassJson(JSON.stringify(json));
    expect(osm.nodes.get(1)?.tags?.man_made).toBe('surveillance');
    expect(camerasFromOsm(osm, { source: 'osm' }).cameras).toHaveLength(1);
  });
  it('OSM XML', () => {
    const xml = `<osm version="0.6">
      <node id="1" lat="43.6047" lon="1.4442"><tag k="man_made" v="surveillance"/></node>
      <way id="9"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/><tag k="building" v="yes"/></way>
      <node id="1" lat="43.6047" lon="1.4442"/><node id="2" lat="43.6048" lon="1.4442"/><node id="3" lat="43.6048" lon="1.4443"/>
    </osm>`;
    expect(camerasFromOsm(readOsmXml(xml), { source: 'osm' }).cameras).toHaveLength(1);
  });
});

describe('OSM XML: a repeated attribute', () => {
  // Found by the fuzz suite: attributes are stored with a non-configurable defineProperty, so a second
  // `v="…"` throws a TypeError instead of a SourceError.
  it('is refused with a SourceError', () => {
    const xml = '<osm version="0.6"><node id="1" lat="43.6" lon="1.44"><tag k="man_made" v="surveillance" v="x"/></node></osm>';
    let error: unknown;
    try {
      readOsmXml(xml);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceError);
  });
});

describe('OSM PBF: corrupt zlib data', () => {
  // tiny-inflate has no bounds checks: past the end of its input it reads `undefined` as 0 bits and can
  // loop for ever (and writes past `dest` are dropped silently). One crafted file freezes the importer.
  it('is refused with a SourceError within 10 s (run in a worker: a hang fails instead of freezing)', async () => {
    const name = 'corrupt zlib data in a PBF blob is refused, not inflated forever';
    const worker = startFuzzWorker(new URL('./reader-bug-jobs.ts', import.meta.url), [name], 10_000);
    await worker.job(name);
  });
});

describe('OSM readers: a camera way whose centre is out of range', () => {
  it('is reported as a reject, not dropped silently', () => {
    const xml = '<osm version="0.6"><way id="9"><center lat="1000" lon="1.44"/><tag k="man_made" v="surveillance"/></way></osm>';
    const read = camerasFromOsm(readOsmXml(xml), { source: 'osm' });
    expect(read.cameras.length + read.rejects.length).toBe(1);
  });
});
