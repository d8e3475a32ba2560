// @vitest-environment happy-dom
/**
 * The options page mounted in happy-dom on the real store (fake-indexeddb + createBackground as the message
 * transport), and the small DOM helpers its tests share. Call `afterEach(unmountAll)` in each test file.
 */
import { render } from 'preact';
import { OptionsApp } from '../../../../components/options/OptionsApp.tsx';
import type { OptionsDeps } from '../../../../components/options/context.ts';
import { openAngleMortDB, type AngleMortDB } from '../../../../lib/store/index.ts';
import { createBackground } from '../../../../lib/background/index.ts';
import { freshFactory, toulouseBundle } from '../../store/toulouse-fixture.ts';

const cleanup: Array<() => void> = [];

/** Unmounts every page `mount` rendered, and closes its store. */
export function unmountAll(): void {
  for (const f of cleanup.splice(0)) f();
}

export async function mount(): Promise<{ root: HTMLElement; db: AngleMortDB; saved: Array<{ name: string; text: string }> }> {
  const factory = freshFactory();
  const service = createBackground({
    factory,
    readText: async () => JSON.stringify(toulouseBundle()),
    readBinary: async () => undefined,
    broadcast: async () => undefined,
  });
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

export async function until<T>(probe: () => T | null | undefined | false, what: string, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const button = (root: HTMLElement, text: string | RegExp) =>
  [...root.querySelectorAll('button')].find((b) => (typeof text === 'string' ? b.textContent === text : text.test(b.textContent ?? ''))) ??
  null;

export function chooseFile(root: HTMLElement, name: string, text: string): void {
  const input = root.querySelector('input[type="file"]') as HTMLInputElement;
  const file = new File([text], name);
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
