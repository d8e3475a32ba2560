// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { DatasetStatus } from '../../../../components/popup/DatasetStatus.tsx';
import type { StoreStatus } from '../../../../lib/store/types.ts';

const ready: StoreStatus = {
  state: 'ready',
  lastSeed: 'seeded',
  seedCount: 1,
  userCameraCount: 0,
  otherDatasets: [],
  loadMillis: 120,
  lastError: null,
  dataset: {
    id: 'toulouse',
    version: '74a678a478a2c7b0',
    label: 'Toulouse (OpenStreetMap 2026-06-07 + sous-surveillance.net 2012)',
    cameraCount: 2257,
    countsByKind: { fixed: 1096, dome: 1059, ptz: 0, alpr: 60, speed: 42, unknown: 0 },
    bbox: { west: 1.25651, south: 43.51115, east: 1.56839, north: 43.71956 },
    attribution: '© OpenStreetMap contributors, ODbL 1.0',
    sources: [
      { id: 'osm-toulouse-cameras', name: 'Toulouse cameras from OpenStreetMap', date: '2026-06-07', licence: 'ODbL 1.0' },
      {
        id: 'sous-surveillance-2012',
        name: 'sous-surveillance.net participatory camera survey',
        date: '2012-11-15',
        licence: 'no licence stated',
      },
    ],
    generatedAt: '2026-11-28T08:53:00.105Z',
    installedAt: '2026-11-28T09:00:00.000Z',
    hasGraph: false,
  },
};

let host: HTMLElement;
function show(props: Parameters<typeof DatasetStatus>[0]) {
  host = document.createElement('div');
  document.body.append(host);
  render(<DatasetStatus {...props} />, host);
  return host;
}
afterEach(() => {
  render(null, host);
  host.remove();
});

describe('DatasetStatus', () => {
  it('shows the count, kinds, area, sources and attribution in English', () => {
    const el = show({ lang: 'en', status: ready });
    expect(el.querySelector('[data-testid="camera-count"]')!.textContent).toBe('2,257 cameras');
    const rows = [...el.querySelectorAll('tr')].map((tr) => tr.textContent);
    expect(rows).toEqual(['Fixed1,096', 'Dome1,059', 'Licence-plate readers (ALPR)60', 'Speed cameras42']);
    expect(el.textContent).toContain('1.2565° E – 1.5684° E, 43.5112° N – 43.7196° N');
    expect(el.querySelector('[data-testid="attribution"]')!.textContent).toContain('© OpenStreetMap contributors, ODbL');
    expect(el.querySelector('[data-testid="attribution"]')!.textContent).toContain('sous-surveillance.net');
    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(el.querySelector('section')!.getAttribute('aria-labelledby')).toBe('dataset-heading');
    expect(el.querySelector('table')!.getAttribute('aria-label')).toBe('Cameras by kind');
  });

  it('formats numbers and texts in French', () => {
    const el = show({ lang: 'fr', status: ready });
    expect(el.querySelector('[data-testid="camera-count"]')!.textContent!.replace(/\s/g, ' ')).toBe('2 257 caméras');
    expect(el.textContent).toContain('Radars de vitesse');
    expect(el.querySelector('[data-testid="attribution"]')!.textContent).toContain('OpenStreetMap, ODbL');
  });

  it('shows a failed update as an alert that says the previous data is still in use', () => {
    const el = show({
      lang: 'en',
      status: {
        ...ready,
        lastSeed: 'failed',
        lastError: { code: 'bundle-truncated', message: 'Camera bundle is truncated: Unexpected end', at: '2026-11-28T10:00:00Z' },
      },
    });
    const alert = el.querySelector('[role="alert"]')!;
    expect(alert.getAttribute('data-error-code')).toBe('bundle-truncated');
    expect(alert.textContent).toContain('Reason: the bundled camera file is truncated.');
    expect(alert.textContent).toContain('The previous data is still in use (version 74a678a478a2c7b0, 2,257 cameras).');
    expect(el.querySelector('[data-testid="camera-count"]')).not.toBeNull();
  });

  it('says when no data is available at all, and renders data text as text, never HTML', () => {
    const el = show({
      lang: 'en',
      status: {
        ...ready,
        state: 'failed',
        dataset: null,
        lastError: { code: 'quota-exceeded', message: '<img src=x onerror=alert(1)>', at: '2026-11-28T10:00:00Z' },
      },
    });
    expect(el.textContent).toContain('the browser’s storage is full');
    expect(el.textContent).toContain('No camera data is available');
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('.error-detail')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('says, in English and French, when the shipped walls could not be read, with the reason as text', () => {
    const reason = 'wall layer: <b>ring 3</b> runs past the end';
    const broken: StoreStatus = { ...ready, dataset: { ...ready.dataset!, hasGraph: true, wallSource: 'none', wallsUnreadable: reason } };
    const el = show({ lang: 'en', status: broken });
    expect(el.querySelector('[data-testid="wall-source"]')!.getAttribute('data-wall-source')).toBe('none');
    const panel = el.querySelector('[data-testid="walls-unreadable"]')!;
    expect(panel.textContent).toContain('The walls shipped with this dataset could not be read');
    expect(panel.querySelector('summary')!.textContent).toBe('Technical details');
    expect(panel.querySelector('.error-detail')!.textContent).toBe(reason);
    expect(panel.querySelector('b')).toBeNull();
    render(null, host);
    host.remove();
    const fr = show({ lang: 'fr', status: broken });
    expect(fr.querySelector('[data-testid="walls-unreadable"]')!.textContent).toContain('Les murs livrés avec ces données sont illisibles');
  });

  it('shows no walls warning when the walls were read', () => {
    const fine: StoreStatus = { ...ready, dataset: { ...ready.dataset!, hasGraph: true, wallSource: 'inferred' } };
    const el = show({ lang: 'en', status: fine });
    expect(el.querySelector('[data-testid="wall-source"]')!.getAttribute('data-wall-source')).toBe('inferred');
    expect(el.querySelector('[data-testid="walls-unreadable"]')).toBeNull();
  });

  it('lists the other datasets in use with their cameras, as text, in English and French, and offers data management', () => {
    const others = Array.from({ length: 7 }, (_, i) => ({
      id: `overpass:${i}`,
      origin: 'overpass' as const,
      label: i === 0 ? '<i>Capitole</i> district' : `District ${i}`,
      cameraCount: i === 1 ? 1 : 1200 + i,
    }));
    let opened = 0;
    const el = show({ lang: 'en', status: { ...ready, otherDatasets: others }, onManageData: () => opened++ });
    const block = el.querySelector('[data-testid="other-datasets"]')!;
    expect(block.querySelector('p')!.textContent).toBe('Also in use: 7 other datasets (downloaded districts, imports)');
    const items = [...block.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toEqual([
      '<i>Capitole</i> district — 1,200 cameras',
      'District 1 — 1 camera',
      'District 2 — 1,202 cameras',
      'District 3 — 1,203 cameras',
      'District 4 — 1,204 cameras',
    ]);
    expect(block.querySelector('i')).toBeNull();
    expect(block.textContent).toContain('… and 2 more');
    const button = el.querySelector<HTMLButtonElement>('[data-testid="manage-data"]')!;
    expect(button.textContent).toBe('Manage data…');
    button.click();
    expect(opened).toBe(1);
    render(null, host);
    host.remove();
    const fr = show({ lang: 'fr', status: { ...ready, otherDatasets: others.slice(0, 1) } });
    expect(fr.querySelector('[data-testid="other-datasets"] p')!.textContent).toBe(
      'Aussi utilisé : 1 autre jeu de données (un quartier téléchargé ou un import)',
    );
    expect(fr.querySelector('[data-testid="manage-data"]')).toBeNull();
  });

  it('shows no other-datasets block when only the bundled dataset is stored', () => {
    const el = show({ lang: 'en', status: ready, onManageData: () => undefined });
    expect(el.querySelector('[data-testid="other-datasets"]')).toBeNull();
    expect(el.querySelector('[data-testid="manage-data"]')).not.toBeNull();
  });

  it('tells when the background does not answer, and an unknown error code still reads well', () => {
    expect(show({ lang: 'en', status: null, unreachable: 'no receiver' }).textContent).toContain('background is not answering');
    render(null, host);
    host.remove();
    const el = show({ lang: 'en', status: { ...ready, lastError: { code: 'weird', message: 'x', at: '2026-11-28T10:00:00Z' } } });
    expect(el.textContent).toContain('Reason: an unexpected error occurred.');
  });
});
