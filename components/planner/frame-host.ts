/**
 * The overlay's engine frame, frame side (entrypoints/engine-frame, D96): serves the port the frame opened to
 * the overlay's content script with the frame's own engine worker (a LocalPlanner, as the planner page's).
 * Requests arrive as the engine worker's protocol (components/planner/engine-protocol.ts) and are answered with
 * their id; `changed` reloads the worker's engine. Anything not in that protocol is ignored.
 */
import type { LocalPlanner } from './local-planner.ts';
import { parseEngineWorkerRequest } from './engine-protocol.ts';

/** A runtime port as the frame sees the one it opened (`browser.runtime.Port`; a fake in unit tests). */
export interface HostPort {
  postMessage(message: unknown): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** `onAnswer` sees each request the frame answered and its answer (test builds' diagnostics). */
export function serveEngineFramePort(port: HostPort, local: LocalPlanner, onAnswer?: (message: unknown, answer: unknown) => void): void {
  let open = true;
  port.onDisconnect.addListener(() => {
    open = false;
    local.close();
  });
  port.onMessage.addListener((data) => {
    const request = parseEngineWorkerRequest(data);
    if (!request || !open) return;
    if (request.kind === 'changed') return local.changed();
    void local.send(request.message).then((answer) => {
      if (!open) return;
      onAnswer?.(request.message, answer);
      try {
        port.postMessage({ id: request.id, answer });
      } catch {
        open = false; // the content script went away (page closed or navigated)
      }
    });
  });
}

/** Ports a read is sent on at most (the first and two after the service worker went away). */
const MAX_SENDS = 3;

/** The worker as the frame links it (a Worker; a fake in unit tests). */
export interface DepsWorker {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data?: unknown }) => void): void;
}

/**
 * Carries the frame worker's data reads (`{ kind: 'deps', id, call, … }`) to the background over its data port
 * and the answers back. The port is opened on the first read and again after the service worker went away
 * (an idle stop disconnects it): reads still unanswered then are sent again on the new port, so a stop never
 * loses one. `connect` is `runtime.connect({ name: ENGINE_DEPS_PORT })`.
 */
export function linkEngineDeps(worker: DepsWorker, connect: () => HostPort): void {
  let port: HostPort | null = null;
  /** Reads sent and not answered yet, with how many ports they were sent on. */
  const pending = new Map<number, { call: unknown; sends: number }>();
  const answer = (id: number, value: unknown) => {
    pending.delete(id);
    worker.postMessage({ kind: 'deps-answer', id, answer: value });
  };
  const send = (id: number) => {
    const read = pending.get(id);
    if (!read) return;
    // A port that keeps closing (the background refuses it, or cannot start): give up on this read.
    if (read.sends >= MAX_SENDS)
      return answer(id, { ok: false, error: { code: 'unreachable', message: 'The background did not answer.' } });
    read.sends++;
    if (!port) {
      const p = connect();
      port = p;
      p.onMessage.addListener((data) => {
        const d = data as { id?: unknown; answer?: unknown } | null;
        if (typeof d?.id === 'number' && pending.has(d.id)) answer(d.id, d.answer);
      });
      p.onDisconnect.addListener(() => {
        if (port !== p) return;
        port = null;
        for (const again of [...pending.keys()]) send(again);
      });
    }
    port.postMessage(read.call);
  };
  worker.addEventListener('message', (event) => {
    const d = event.data as { kind?: unknown; id?: unknown } | null;
    if (d?.kind !== 'deps' || typeof d.id !== 'number') return;
    const { kind: _kind, ...call } = d;
    pending.set(d.id, { call, sends: 0 });
    send(d.id);
  });
}
