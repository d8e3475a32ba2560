/**
 * The background's end of the overlay planner's awake port (`PLANNER_AWAKE_PORT`, lib/messages.ts): while the
 * planner panel is open in a visible tab, the content script holds the port open and posts a `planner/warm`
 * request at once and every `PLANNER_AWAKE_PING_MS`. Each one readies the engine of the panel's view and,
 * being an extension event, resets Chromium's idle timer, so a person choosing points never waits for a
 * woken worker. Only `planner/warm` is accepted on this port; anything else is answered `bad-request`.
 * Without the `browser` API: entrypoints/background.ts passes the port.
 */
import { errorResponse, MessageError, parseRequest, type Response } from '../messages.ts';

/** The port as the background sees it (`browser.runtime.Port`'s part used here). */
export interface AwakePort {
  postMessage(message: unknown): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

/** What the awake ports did in this worker's lifetime (test builds' diagnostic, benchmarks). */
export interface AwakeCounts {
  /** Ports open now. */
  open: number;
  /** Ports ever opened. */
  opened: number;
  /** `planner/warm` requests received on them. */
  pings: number;
}

/**
 * Serves one awake port: each message is validated, must be `planner/warm`, and is answered through
 * `handle` (the background's one message table); the answer goes back on the port.
 */
export function serveAwakePort(port: AwakePort, handle: (raw: unknown) => Promise<Response<unknown>>, counts: AwakeCounts): void {
  counts.open++;
  counts.opened++;
  let open = true;
  port.onDisconnect.addListener(() => {
    if (open) counts.open--;
    open = false;
  });
  port.onMessage.addListener((raw: unknown) => {
    let answer: Promise<Response<unknown>>;
    try {
      const request = parseRequest(raw);
      if (request.type !== 'planner/warm') throw new MessageError('type', 'only planner/warm is accepted on the awake port');
      counts.pings++;
      answer = handle(request);
    } catch (e) {
      answer = Promise.resolve(errorResponse(e));
    }
    void answer.then((a) => {
      if (!open) return;
      try {
        port.postMessage(a);
      } catch {
        /* the tab went away */
      }
    });
  });
}
