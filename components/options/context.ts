/**
 * What the options page's components need from the browser, passed in (not imported) so component tests
 * can run them with fake-indexeddb, a local fetch and a recording `saveFile`.
 */
import type { AngleMortDB } from '../../lib/store/schema.ts';
import type { GraphBuilder } from '../../lib/store/area-download.ts';
import type { Lang } from '../i18n/core.ts';
import type { translator } from '../i18n/core.ts';
import type { optionsCatalog } from '../i18n/options.ts';
import { errorResponse, sendRequest, type Request, type ResponseFor } from '../../lib/messages.ts';

export interface OptionsDeps {
  /** The extension's database (the options page shares the background's origin). */
  db: AngleMortDB;
  /** `browser.runtime.sendMessage`. */
  send(message: unknown): Promise<unknown>;
  /** Used only for the Overpass endpoint, after a click. */
  fetch: typeof fetch;
  /** Builds the walk graph of a downloaded area (a Web Worker in the extension). */
  buildGraph?: GraphBuilder;
  /** Offers text as a file download. */
  saveFile(name: string, text: string): void;
  /** SHA-256 of bytes, hex (WebCrypto). */
  sha256(bytes: Uint8Array): Promise<string>;
}

export type T = ReturnType<typeof translator<typeof optionsCatalog>>;

export interface PanelProps {
  deps: OptionsDeps;
  lang: Lang;
  t: T;
  /** Re-reads the dataset list (after a write) and tells the background to rebuild its index. */
  changed(): Promise<void>;
}

/** Sends a request and throws its error (code + message) when the answer is not ok. */
export async function ask<R extends Request>(
  deps: OptionsDeps,
  request: R,
): Promise<Extract<ResponseFor<R['type']>, { ok: true }>['value']> {
  const answer = await sendRequest(deps.send, request);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.value as Extract<ResponseFor<R['type']>, { ok: true }>['value'];
}

export function errorText(e: unknown): string {
  return errorResponse(e).error.message;
}
