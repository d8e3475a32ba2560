import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { osmElementOf, renderOverlayUi, type OverlayUiProps } from '../../../../components/overlay/OverlayUi.ts';
import { camera } from './fixtures.ts';

function mount(props: Partial<OverlayUiProps>) {
  const window = new Window();
  const root = window.document.createElement('div') as unknown as HTMLElement;
  window.document.body.appendChild(root as never);
  renderOverlayUi(root, { lang: 'en', status: null, legend: false, mode: 'symbols', selected: null, onClose: () => {}, ...props });
  return root;
}

describe('camera card', () => {
  it('shows hostile names and operators as literal text', () => {
    const hostile = camera({ name: '<img src=x onerror="alert(1)">', operator: '<script>alert(2)</script>', sourceDate: '2026-06-07' });
    const root = mount({ selected: hostile });
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('script')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(root.textContent).toContain('<script>alert(2)</script>');
    expect(root.textContent).toContain('Fixed camera');
    expect(root.textContent).toContain('90°');
    expect(root.textContent).toContain('85° (default for this kind)');
    expect(root.textContent).toContain('90 %');
    expect(root.textContent).toContain('7 Jun 2026');
  });

  it('links OpenStreetMap cameras to their node and to the editor, in French too', () => {
    const c = camera({ id: 'osm:node/4403412342', source: 'osm', sourceId: 'node/4403412342', kind: 'dome', directions: [] });
    const root = mount({ lang: 'fr', selected: c });
    const hrefs = Array.from(root.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://www.openstreetmap.org/node/4403412342', 'https://www.openstreetmap.org/edit?node=4403412342']);
    expect(root.textContent).toContain('Caméra dôme');
    expect(root.textContent).toContain('Modifier dans OpenStreetMap');
    expect(root.textContent).toContain('inconnue — comptée tout autour (360°)');
  });

  it('names the source in words, an enriching survey too; an unknown source as written', () => {
    const c = camera({ source: 'sous-surveillance', sourceId: '1', enrichedFrom: { source: 'osm', sourceId: 'node/99', fields: [] } });
    const row = (root: HTMLElement) =>
      Array.from(root.querySelectorAll('dt')).find((d) => /^Source/.test(d.textContent ?? ''))!.nextElementSibling!.textContent;
    expect(row(mount({ selected: c }))).toBe('sous-surveillance.net (2012 survey) + OpenStreetMap');
    expect(row(mount({ lang: 'fr', selected: camera({ source: 'user', enrichedFrom: undefined }) }))).toBe('ajoutée par vous');
    expect(row(mount({ selected: camera({ source: 'overpass:1.4,43.6', enrichedFrom: undefined }) }))).toBe(
      'OpenStreetMap (downloaded district)',
    );
    expect(row(mount({ selected: camera({ source: 'import:cams.csv', enrichedFrom: undefined }) }))).toBe('import:cams.csv');
  });

  it('closes from its button', () => {
    let closed = 0;
    const root = mount({ selected: camera(), onClose: () => closed++ });
    (root.querySelector('.card .close') as HTMLButtonElement).click();
    expect(closed).toBe(1);
  });

  it('the legend carries the ODbL attribution and the status line', () => {
    const root = mount({ status: 'Overlay hidden: 3D view not supported', legend: true });
    expect(root.textContent).toContain('© OpenStreetMap contributors, ODbL');
    expect(root.textContent).toContain('Overlay hidden: 3D view not supported');
    // Collapsing keeps the attribution.
    (root.querySelector('.legend-toggle') as HTMLButtonElement).click();
    expect(root.querySelector('ul')).toBeNull();
    expect(root.textContent).toContain('© OpenStreetMap contributors, ODbL');
  });

  it('finds OSM element ids only where they are well-formed', () => {
    expect(osmElementOf(camera({ source: 'osm', sourceId: 'node/12' }))).toEqual({ type: 'node', id: '12' });
    expect(osmElementOf(camera({ source: 'sous-surveillance', sourceId: '2467', enrichedFrom: undefined }))).toBeNull();
    expect(
      osmElementOf(
        camera({ source: 'sous-surveillance', sourceId: '1', enrichedFrom: { source: 'osm', sourceId: 'node/99', fields: [] } }),
      ),
    ).toEqual({ type: 'node', id: '99' });
    expect(osmElementOf(camera({ source: 'osm', sourceId: 'node/12"><script>' }))).toBeNull();
  });
});
