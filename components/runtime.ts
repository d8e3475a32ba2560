/**
 * The extension pages' one link to the background: send a request, hear its broadcasts
 * (`dataset/changed`, `settings/changed`). Each page and the overlay pass these to their components, which
 * take them as parameters so unit tests can pass fakes.
 */
import { browser } from 'wxt/browser';

/** Sends a request to the background and resolves with its answer (lib/messages.ts). */
export const sendToBackground = (message: unknown): Promise<unknown> => browser.runtime.sendMessage(message);

/** Calls `listener` with every broadcast from the background; returns the unsubscribe function. */
export function onBroadcast(listener: (message: unknown) => void): () => void {
  // Returning undefined (not a promise) tells the browser this listener sends no answer.
  const fn = (message: unknown) => {
    listener(message);
    return undefined;
  };
  browser.runtime.onMessage.addListener(fn);
  return () => browser.runtime.onMessage.removeListener(fn);
}
