// @vitest-environment happy-dom
/**
 * The options page's components in happy-dom, on the real store (fake-indexeddb + StoreService as the
 * message transport): the dataset list, a hostile file name rendered as text, a dry run and its commit,
 * delete with its confirmation step.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { OptionsApp } from '../../../components/options/OptionsApp.tsx';
import type { OptionsDeps } from '../../../components/options/context.ts';
import { openAngleMortDB, dumpStore, type AngleMortDB } from '../../../lib/store/index.ts';
import { StoreService } from '../../../lib/store/service.ts';
import { freshFactory, toulouseBundle, toulouseCameras } from './toulouse-fixture.ts';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

async function mount(): Promise<{ root: HTMLElement; db: AngleMortDB; saved: Array<{ name: string; text: string }> }> {
  const factory = freshFactory();
  const service = new StoreService({ factory, readText: async () => JSON.stringify(toulouseBundle()), readBinary: async () => undefined, broadcast: async () => undefined });
  await service.ready();
  const db = await openAngleMortDB(factory);
  const saved: Array<{ name: string; text: string }> = [];
  const deps: OptionsDeps = {
    db,
    // Structured clone, as runtime messaging does.
    send: async (m) => structuredClone(await service.handle(structuredClone(m))),
    fetch: () => Promise.reject(new Error('no network in this test')),
    saveFile: (name, text) => void saved.push({ name, text }),
    sha256: async () => '0'.repeat(64),
  };
  const root = document.createElement('div');
  document.body.append(root);
  render(<OptionsApp deps={deps} navigatorLanguage="en-GB" />, root);
  cleanup.push(() => {
    render(null, root);
    root.remove();
    db.close();
    service.close();
  });
  return { root, db, saved };
}

async function until<T>(probe: () => T | null | undefined | false, what: string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const button = (root: HTMLElement, text: string | RegExp) =>
  [...root.querySelectorAll('button')].find((b) => (typeof text === 'string' ? b.textContent === text : text.test(b.textContent ?? ''))) ?? null;

function chooseFile(root: HTMLElement, name: string, text: string): void {
  const input = root.querySelector('input[type="file"]') as HTMLInputElement;
  const file = new File([text], name);
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('OptionsApp', () => {
  it('lists the bundled dataset and the user dataset; the bundled one has no Delete', async () => {
    const { root } = await mount();
    const toulouse = await until(() => root.querySelector('li[data-dataset-id="toulouse"]'), 'the dataset list');
    expect(toulouse.textContent).toContain('2,269 cameras');
    expect(toulouse.textContent).toContain('1,110 fixed · 1,057 dome · 60 plate readers · 42 speed cameras');
    expect([...toulouse.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Refresh camera details from OpenStreetMap', 'Export (GeoJSON)']);
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
        .map((c) => ({ type: 'Feature', id: c.sourceId, geometry: { type: 'Point', coordinates: [c.lon - 0.5, c.lat] }, properties: { kind: c.kind } })),
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
