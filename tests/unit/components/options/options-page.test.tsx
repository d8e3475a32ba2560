// @vitest-environment happy-dom
/**
 * The options page's components in happy-dom, on the real store (fake-indexeddb + StoreService as the
 * message transport): the dataset list, a hostile file name rendered as text, a dry run and its commit,
 * delete with its confirmation step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mount, until, button, chooseFile, unmountAll } from './options-harness.tsx';
import { dumpStore } from '../../../../lib/store/index.ts';
import { toulouseCameras } from '../../store/toulouse-fixture.ts';

afterEach(unmountAll);

describe('OptionsApp', () => {
  it('lists the bundled dataset and the user dataset; the bundled one has no Delete', async () => {
    const { root } = await mount();
    const toulouse = await until(() => root.querySelector('li[data-dataset-id="toulouse"]'), 'the dataset list');
    expect(toulouse.textContent).toContain('2,269 cameras');
    expect(toulouse.textContent).toContain('1,110 fixed · 1,057 dome · 60 plate readers · 42 speed cameras');
    expect([...toulouse.querySelectorAll('button')].map((b) => b.textContent)).toEqual([
      'Refresh camera details from OpenStreetMap',
      'Export (GeoJSON)',
    ]);
    expect(root.querySelector('li[data-dataset-id="user"]')!.textContent).toContain('0 cameras');
  });

  it('renders a hostile file name as text, shows the dry run, commits, then deletes after confirmation', async () => {
    const { root, db } = await mount();
    await until(() => root.querySelector('li[data-dataset-id="toulouse"]'), 'the dataset list');
    const hostile = '<img src=x onerror="window.pwned=1">.geojson';
    // Real Toulouse cameras 0.5° west (outside the bundle's 5 m duplicate radius), a new city for the test.
    const fc = {
      type: 'FeatureCollection',
      features: toulouseCameras()
        .slice(0, 25)
        .map((c) => ({
          type: 'Feature',
          id: c.sourceId,
          geometry: { type: 'Point', coordinates: [c.lon - 0.5, c.lat] },
          properties: { kind: c.kind },
        })),
    };
    const before = await dumpStore(db);
    chooseFile(root, hostile, JSON.stringify(fc));
    const plan = await until(() => root.querySelector('[data-result="plan"]'), 'the dry run');
    expect(plan.querySelector('img')).toBeNull();
    expect(plan.textContent).toContain(hostile);
    expect(plan.querySelector('[data-count="add"]')!.textContent).toMatch(/^25 cameras will be added/);
    // The dry run wrote nothing.
    expect((await dumpStore(db)) === before).toBe(true);
    button(root, /^Add 25 cameras/)!.click();
    const done = await until(() => root.querySelector('[data-result="committed"]'), 'the commit');
    const id = /“(import:[0-9a-f]{8})”/.exec(done.textContent ?? '')![1];
    const item = await until(() => root.querySelector(`li[data-dataset-id="${id}"]`), 'the new dataset');
    expect(item.textContent).toContain('25 cameras');
    // A GeoJSON file carries no date: the list never calls the import day the data's date (issue #11).
    expect(item.textContent).toMatch(/data date unknown, stored \d/);
    expect(item.textContent).not.toContain('data of');
    expect(item.querySelector('img')).toBeNull();
    expect(await db.countFromIndex('cameras', 'byDatasetId', id)).toBe(25);
    // Delete asks first; Cancel keeps it, confirming removes it.
    button(item as HTMLElement, 'Delete')!.click();
    await until(() => item.querySelector('[role="alertdialog"]'), 'the confirmation');
    button(item as HTMLElement, 'Cancel')!.click();
    expect(await db.countFromIndex('cameras', 'byDatasetId', id)).toBe(25);
    button(item as HTMLElement, 'Delete')!.click();
    (await until(() => button(item as HTMLElement, 'Yes, delete'), 'the confirm button')).click();
    await until(() => !root.querySelector(`li[data-dataset-id="${id}"]`), 'the dataset to disappear');
    expect(await db.countFromIndex('cameras', 'byDatasetId', id)).toBe(0);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('exports the user cameras and places as GeoJSON files', async () => {
    const { root, saved } = await mount();
    await until(() => root.querySelector('li[data-dataset-id="toulouse"]'), 'the dataset list');
    button(root, 'All cameras (GeoJSON)')!.click();
    await until(() => saved.length === 1, 'the export');
    expect(saved[0].name).toBe('angle-mort-all-cameras.geojson');
    expect((JSON.parse(saved[0].text) as { features: unknown[] }).features).toHaveLength(2269);
    // Nothing saves places, routes or areas except an area download: with none stored, no empty export
    // is offered (issue 12: it used to be always empty).
    expect(button(root, 'Outlines of the downloaded areas (GeoJSON)')).toBeFalsy();
    expect(root.textContent).not.toContain('Saved places');
    // The intro names every action that goes online, not only the download.
    const intro = root.querySelector('.intro')!.textContent!;
    for (const action of ['area download', 'camera-details refresh', 'Show OpenStreetMap tiles']) expect(intro).toContain(action);
    expect(intro).not.toContain('The only network request');
  });
});
