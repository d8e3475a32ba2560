/**
 * The overlay's life cycle in a DOM (happy-dom): nothing is mounted, listened to or run while the overlay
 * is off or the tab hidden, and it wakes up on the settings broadcast.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { OverlayController } from '../../../../components/overlay/controller.ts';
import { POLL_MS, type OverlayEnv } from '../../../../components/overlay/overlay-env.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../../lib/settings.ts';
import type { SiteAdapter } from '../../../../lib/sites/types.ts';
import { camera } from './fixtures.ts';

const adapter: SiteAdapter = {
  id: 'test',
  label: 'Test',
  matchPatterns: [],
  follow: 'address',
  matches: () => true,
  readView: (location) => {
    if (location.hash === '#tilted') return { unsupported: 'tilted' };
    const m = /#(\d+)\/([\d.]+)\/([\d.]+)/.exec(location.hash);
    if (!m) return { unsupported: 'no-position' };
    return { centre: [Number(m[3]), Number(m[2])], zoom: Number(m[1]), container: { left: 0, top: 0, width: 800, height: 600 } };
  },
};

const settingsOff: Settings = { ...DEFAULT_SETTINGS, overlayEnabled: false };
let windows: Window[] = [];
afterEach(() => {
  for (const w of windows) w.close();
  windows = [];
});

function setup(initial: Settings) {
  const window = new Window({ url: 'https://example.org/#17/43.6045/1.444', width: 800, height: 600 });
  windows.push(window);
  let listener: ((m: unknown) => void) | null = null;
  const sent: unknown[] = [];
  const controller = new OverlayController({
    window: window as unknown as OverlayEnv['window'],
    document: window.document as unknown as Document,
    adapter,
    send: async (m) => {
      sent.push(m);
      const type = (m as { type: string }).type;
      if (type === 'settings/get') return { ok: true, value: initial };
      if (type === 'cameras/inBBox') return { ok: true, value: { cameras: [camera()], truncated: false } };
      return { ok: false, error: { code: 'x', message: 'unexpected' } };
    },
    onBroadcast: (l) => {
      listener = l;
      return () => (listener = null);
    },
    debug: false,
  });
  const broadcast = (settings: Settings) => listener?.({ type: 'settings/changed', settings });
  const poke = async () => {
    window.location.hash = '#16/43.6/1.45';
    window.dispatchEvent(new window.Event('hashchange'));
    window.dispatchEvent(new window.Event('resize'));
    window.dispatchEvent(new window.WheelEvent('wheel'));
    await new Promise((r) => setTimeout(r, POLL_MS * 3));
  };
  return { window, controller, sent, broadcast, poke };
}

describe('overlay life cycle', () => {
  it('does nothing at all while switched off', async () => {
    const { window, controller, poke } = setup(settingsOff);
    await controller.start();
    expect(controller.isActive).toBe(false);
    expect(window.document.querySelector('angle-mort-overlay')).toBeNull();
    await poke();
    expect(controller.stats.updates).toBe(0);
    controller.destroy();
  });

  it('wakes on the broadcast, fetches the view, and stops every listener when switched off again', async () => {
    const { window, controller, sent, broadcast, poke } = setup(settingsOff);
    await controller.start();
    broadcast(DEFAULT_SETTINGS);
    expect(controller.isActive).toBe(true);
    const host = window.document.querySelector('angle-mort-overlay') as unknown as HTMLElement;
    expect(host).not.toBeNull();
    expect(host.style.display).toBe('');
    await new Promise((r) => setTimeout(r, 300));
    expect(sent.some((m) => (m as { type: string }).type === 'cameras/inBBox')).toBe(true);
    await poke();
    const whileOn = controller.stats.updates;
    expect(whileOn).toBeGreaterThan(1);

    broadcast({ ...DEFAULT_SETTINGS, siteEnabled: { test: false } });
    expect(controller.isActive).toBe(false);
    expect(host.style.display).toBe('none');
    const atOff = controller.stats.updates;
    await poke();
    expect(controller.stats.updates).toBe(atOff);
    controller.destroy();
  });

  it('stops while the tab is hidden and resumes when visible', async () => {
    const { window, controller, poke } = setup(DEFAULT_SETTINGS);
    await controller.start();
    expect(controller.isActive).toBe(true);
    Object.defineProperty(window.document, 'visibilityState', { value: 'hidden', configurable: true });
    window.document.dispatchEvent(new window.Event('visibilitychange'));
    expect(controller.isActive).toBe(false);
    const atHidden = controller.stats.updates;
    await poke();
    expect(controller.stats.updates).toBe(atHidden);
    Object.defineProperty(window.document, 'visibilityState', { value: 'visible', configurable: true });
    window.document.dispatchEvent(new window.Event('visibilitychange'));
    expect(controller.isActive).toBe(true);
    controller.destroy();
  });

  it('says why when the view cannot be read', async () => {
    const { window, controller } = setup(DEFAULT_SETTINGS);
    window.location.hash = '#tilted';
    await controller.start();
    await new Promise((r) => setTimeout(r, 50));
    const host = window.document.querySelector('angle-mort-overlay')! as unknown as HTMLElement;
    expect(host.style.display).toBe('');
    expect(host.shadowRoot!.textContent).toContain('3D view not supported');
    controller.destroy();
  });

  it('draws no UI at all where the page has no map position (a node page before its map moves)', async () => {
    const { window, controller } = setup(DEFAULT_SETTINGS);
    window.location.hash = '';
    await controller.start();
    await new Promise((r) => setTimeout(r, 50));
    const host = window.document.querySelector('angle-mort-overlay')! as unknown as HTMLElement;
    expect(host.style.display).toBe('none');
    expect(host.shadowRoot!.textContent).not.toContain('Overlay hidden');
    controller.destroy();
  });
});
