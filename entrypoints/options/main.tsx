/**
 * The options page (components/options/OptionsApp.tsx): wires the browser in — the extension's IndexedDB
 * (same origin as the background), messaging, `fetch` (Overpass only, after a click), the graph worker,
 * file downloads and WebCrypto.
 */
import { render } from 'preact';
import { OptionsApp } from '../../components/options/OptionsApp.tsx';
import { buildGraphInWorker } from '../../components/options/graph-client.ts';
import { saveTextFile } from '../../components/save-file.ts';
import { onBroadcast, sendToBackground } from '../../components/runtime.ts';
import type { OptionsDeps } from '../../components/options/context.ts';
import { openAngleMortDB } from '../../lib/store/db.ts';
import './style.css';

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function start(): Promise<void> {
  const app = document.getElementById('app')!;
  let db: Awaited<ReturnType<typeof openAngleMortDB>>;
  try {
    db = await openAngleMortDB(indexedDB);
  } catch (e) {
    app.textContent = `The Angle Mort database cannot be opened: ${e instanceof Error ? e.message : String(e)}`;
    return;
  }
  const deps: OptionsDeps = {
    db,
    send: sendToBackground,
    fetch: (input, init) => fetch(input, init),
    buildGraph: buildGraphInWorker,
    saveFile: (name, text) => saveTextFile(document.body, name, text),
    sha256,
  };
  render(<OptionsApp deps={deps} navigatorLanguage={navigator.language} onBroadcast={onBroadcast} />, app);
}

void start();
