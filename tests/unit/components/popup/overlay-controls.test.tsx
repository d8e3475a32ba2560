// @vitest-environment happy-dom
/** The popup's overlay switches: the site in the active tab gets its own switch, first. */
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { OverlayControls } from '../../../../components/popup/OverlayControls.tsx';
import { DEFAULT_SETTINGS, type Settings } from '../../../../lib/settings.ts';

let host: HTMLElement;
afterEach(() => {
  render(null, host);
  host.remove();
});

async function show(currentSite: string | null, settings: Settings = DEFAULT_SETTINGS) {
  const sent: unknown[] = [];
  let current = settings;
  const send = async (m: unknown) => {
    sent.push(m);
    const msg = m as { type: string; patch?: { siteEnabled?: Record<string, boolean> } };
    if (msg.type === 'settings/set') current = { ...current, siteEnabled: { ...current.siteEnabled, ...msg.patch!.siteEnabled } };
    return { ok: true, value: current };
  };
  host = document.createElement('div');
  document.body.append(host);
  render(<OverlayControls send={send} subscribe={() => () => undefined} currentSite={currentSite} />, host);
  for (let i = 0; i < 20 && !host.querySelector('input'); i++) await new Promise((r) => setTimeout(r, 10));
  return { sent };
}

describe('popup overlay controls', () => {
  it('shows a switch for the site in the active tab, before the other settings, and it flips that site', async () => {
    const { sent } = await show('osm');
    const inputs = Array.from(host.querySelectorAll('input')).map((i) => i.name);
    expect(inputs.slice(0, 2)).toEqual(['overlayEnabled', 'this-site']);
    const label = host.querySelector('input[name=this-site]')!.closest('label')!.textContent;
    expect(label).toContain('OpenStreetMap');
    (host.querySelector('input[name=this-site]') as HTMLInputElement).click();
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toContainEqual({ type: 'settings/set', patch: { siteEnabled: { osm: false } } });
  });

  it('shows no such switch on a page that is not a supported map site', async () => {
    await show(null);
    expect(host.querySelector('input[name=this-site]')).toBeNull();
  });
});
