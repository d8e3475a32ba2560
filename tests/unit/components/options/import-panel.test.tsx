// @vitest-environment happy-dom
/**
 * The import panel's honesty in happy-dom on the real store: a cut file says it is cut off (not the
 * parser's position), the dry run names the format (never an internal code), and a right-to-left override
 * in a file name cannot reorder what is shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mount, until, chooseFile, unmountAll } from './options-harness.tsx';
import { dumpStore } from '../../../../lib/store/index.ts';
import { toulouseCameras } from '../../store/toulouse-fixture.ts';

afterEach(unmountAll);

describe('ImportPanel honesty', () => {
  it('a cut GeoJSON says the file is cut off, and nothing is written', async () => {
    const { root, db } = await mount();
    await until(() => root.querySelector('li[data-dataset-id="toulouse"]'), 'the dataset list');
    const fc = {
      type: 'FeatureCollection',
      features: toulouseCameras()
        .slice(0, 30)
        .map((c) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [c.lon - 0.5, c.lat] },
          properties: { name: 'camera name' },
        })),
    };
    const text = JSON.stringify(fc);
    const before = await dumpStore(db);
    chooseFile(root, 'cut.geojson', text.slice(0, 700));
    const refused = await until(() => root.querySelector('[data-result="refused"]'), 'the refusal');
    expect(refused.textContent).toBe(
      'The file cut.geojson is cut off: it ends before its last record (an incomplete download or copy). Nothing was imported.',
    );
    expect(refused.textContent).not.toMatch(/position|Unterminated/);
    expect((await dumpStore(db)) === before).toBe(true);
  });

  it('the dry run names the format, and bidi controls in the file name are neutralised', async () => {
    const { root } = await mount();
    await until(() => root.querySelector('li[data-dataset-id="toulouse"]'), 'the dataset list');
    const fc = {
      type: 'FeatureCollection',
      features: toulouseCameras()
        .slice(0, 3)
        .map((c) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon - 0.5, c.lat] }, properties: {} })),
    };
    chooseFile(root, '\u202Egnorw.geojson', JSON.stringify(fc));
    const plan = await until(() => root.querySelector('[data-result="plan"]'), 'the dry run');
    expect(plan.querySelector('h3')!.textContent).toBe('Dry run: gnorw.geojson (GeoJSON)');
  });

  it('every unreadable camera value dropped is listed in the dry run, with the feature and the value', async () => {
    const { root } = await mount();
    await until(() => root.querySelector('li[data-dataset-id="toulouse"]'), 'the dataset list');
    const xml = `<?xml version="1.0"?><osm version="0.6">
 <node id="101" lat="43.70" lon="1.94"><tag k="man_made" v="surveillance"/><tag k="direction" v="999"/></node>
 <node id="102" lat="43.71" lon="1.94"><tag k="man_made" v="surveillance"/><tag k="camera:angle" v="-5"/><tag k="height" v="abc"/></node>
 <node id="103" lat="43.72" lon="1.94"><tag k="man_made" v="surveillance"/><tag k="camera:direction" v="90;banana"/><tag k="camera:angle" v="60"/><tag k="height" v="4 m"/></node>
 <node id="104" lat="43.73" lon="1.94"><tag k="amenity" v="bench"/><tag k="direction" v="999"/></node>
</osm>`;
    chooseFile(root, 'bad-values.osm', xml);
    const plan = await until(() => root.querySelector('[data-result="plan"]'), 'the dry run');
    expect(plan.querySelector('[data-count="add"]')!.textContent).toMatch(/^3 cameras will be added/);
    const items = [...plan.querySelectorAll('details.warnings li')].map((li) => li.textContent);
    expect(items).toEqual([
      'node/101: direction=999 ignored',
      'node/102: camera:angle=-5 ignored',
      'node/102: height=abc ignored',
      'node/103: camera:direction=90;banana ignored',
    ]);
    expect(plan.querySelector('details.warnings summary')!.textContent).toBe('4 unreadable values ignored');
  });
});
