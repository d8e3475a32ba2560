// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { GetDistrict, type PortLike } from '../../../../components/district/GetDistrict.tsx';
import type { BBox } from '../../../../lib/geo/index.ts';

/** A port that answers `start` with the given final message, as the background's district server does. */
function answeringPort(final: unknown): PortLike {
  const listeners: Array<(m: unknown) => void> = [];
  return {
    postMessage(m) {
      if ((m as { type?: string }).type === 'start')
        queueMicrotask(() => {
          for (const fn of listeners) fn(final);
        });
    },
    onMessage: { addListener: (fn) => void listeners.push(fn) },
    onDisconnect: { addListener: () => undefined },
    disconnect: () => undefined,
  };
}

const VIEW: BBox = { west: -8.63, south: 41.141, east: -8.62, north: 41.146 };
let host: HTMLElement;
afterEach(() => {
  render(null, host);
  host.remove();
});
const settle = () => new Promise((r) => setTimeout(r, 0));

function mount(lang: 'en' | 'fr', view: BBox | null, final: unknown = null) {
  host = document.createElement('div');
  document.body.append(host);
  render(
    <GetDistrict
      lang={lang}
      getView={() => view}
      connect={() => answeringPort(final)}
      getEndpoint={async () => undefined}
      noViewText="No map here."
    />,
    host,
  );
  return host;
}

describe('GetDistrict outcome', () => {
  it('an error stays until dismissed; Dismiss (keyboard-focusable button) clears it and returns focus to the main button', async () => {
    const el = mount('en', null);
    el.querySelector<HTMLButtonElement>('.am-district-get')!.click();
    await settle();
    const error = el.querySelector('.am-district-error')!;
    expect(error.textContent).toBe('No map here.');
    expect(error.getAttribute('role')).toBe('alert');
    const dismiss = el.querySelector<HTMLButtonElement>('button.am-district-dismiss')!;
    expect(dismiss.textContent).toBe('Dismiss');
    expect(dismiss.getAttribute('aria-label')).toBe('Dismiss this message');
    dismiss.click();
    await settle();
    expect(el.querySelector('.am-district-error')).toBeNull();
    expect(el.querySelector('.am-district')!.getAttribute('data-state')).toBe('idle');
    expect(document.activeElement).toBe(el.querySelector('.am-district-get'));
  });

  it('a success can be dismissed too, in French', async () => {
    const el = mount('fr', VIEW, {
      type: 'done',
      cameras: 12,
      graphBytes: 10,
      rounded: { west: -8.65, south: 41.1, east: -8.6, north: 41.15 },
    });
    el.querySelector<HTMLButtonElement>('.am-district-get')!.click();
    await settle();
    el.querySelector<HTMLButtonElement>('.am-district-confirm button')!.click();
    await settle();
    await settle();
    expect(el.querySelector('.am-district-done')!.textContent).toContain('12');
    const dismiss = el.querySelector<HTMLButtonElement>('button.am-district-dismiss')!;
    expect(dismiss.textContent).toBe('Fermer');
    dismiss.click();
    await settle();
    expect(el.querySelector('.am-district-done')).toBeNull();
  });
});
