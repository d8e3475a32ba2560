/**
 * The background's end of the engine frame's data port (`ENGINE_DEPS_PORT`, D96): the overlay's engine frame
 * (an extension page inside a map site, which may not open the extension's IndexedDB there) reads the planner's
 * data through it (lib/planner/remote-deps.ts). Only this extension's engine frame page may open it: a content
 * script's port names the web page as its sender and is refused. Each message `{ id, call, … }` is validated
 * and answered `{ id, answer }` with the background's response. Without the `browser` API:
 * entrypoints/background.ts passes the port.
 */
import { errorResponse, MessageError, type Response } from '../messages.ts';
import type { AwakePort } from './awake.ts';

/** The port's name (the frame connects with it). */
export const ENGINE_DEPS_PORT = 'angle-mort/engine-deps';
/**
 * The engine frame's page: the one web-accessible resource (wxt.config.ts), loaded from `runtime.getURL` of it;
 * also its path as runtime ports name it.
 */
export const ENGINE_FRAME_PAGE = '/engine-frame.html';

/** True when a port's sender is this extension's engine frame page. */
export function isEngineFrameSender(sender: { id?: string; url?: string } | undefined, extensionId: string): boolean {
  if (!sender || sender.id !== extensionId || !sender.url) return false;
  try {
    const url = new URL(sender.url);
    return url.protocol === 'chrome-extension:' && url.host === extensionId && url.pathname === ENGINE_FRAME_PAGE;
  } catch {
    return false;
  }
}

/** Serves one data port: `answer` is the background's `answerEngineDeps`. */
export function serveEngineDepsPort(port: AwakePort, answer: (raw: unknown) => Promise<Response<unknown>>): void {
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
  });
  port.onMessage.addListener((raw: unknown) => {
    const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    if (!Number.isSafeInteger(id)) return; // nothing to answer to
    const reply = (a: Response<unknown>) => {
      if (!open) return;
      try {
        port.postMessage({ id, answer: a });
      } catch {
        open = false; // the frame went away
      }
    };
    answer(raw).then(reply, (e) => reply(errorResponse(e instanceof Error ? e : new MessageError('type', String(e)))));
  });
}
