/**
 * The overlay planner's engine frame, content side (components/overlay/engine-frame.ts, D96), in a happy-dom
 * document with fake ports and a fake clock: the frame is mounted when the panel opens, named by a fresh nonce;
 * only this extension's frame page with that nonce may connect; planner requests go to it only once its engine
 * is warm, everything else and everything before to the background; a lost frame hands its pending requests to
 * the background; a frame that never connects, or fails to warm, is given up; a long pause removes it and a
 * touch brings it back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import {
  ENGINE_FRAME_CONNECT_MS,
  ENGINE_FRAME_PORT,
  EngineFrame,
  warmUpRoute,
  type FramePort,
} from '../../../../components/overlay/engine-frame.ts';
import { PLANNER_AWAKE_MAX_IDLE_MS } from '../../../../components/overlay/planner-awake.ts';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const URL_ = `chrome-extension://${ID}/engine-frame.html`;
const VIEW = { west: 1.435, south: 43.6, east: 1.453, north: 43.609 };
const ROUTE = { type: 'route', from: [1.456, 43.609], to: [1.462, 43.606] };
let windows: Window[] = [];
afterEach(() => {
  for (const w of windows) w.close();
  windows = [];
});

function setUp() {
  const win = new Window();
  windows.push(win);
  const doc = win.document as unknown as Document;
  const box = doc.createElement('div');
  doc.body.append(box);
  let now = 0;
  const timers = new Map<number, { fn: () => void; at: number }>();
  let nextTimer = 1;
  let listener: ((port: FramePort) => void) | null = null;
  const background: unknown[] = [];
  const ready: boolean[] = [];
  const frame = new EngineFrame({
    document: doc,
    mount: (f) => box.append(f),
    frameUrl: URL_,
    extensionId: ID,
    onConnect: (l) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
    background: async (m) => {
      background.push(m);
      return { ok: true, value: 'from the background' };
    },
    viewBBox: () => VIEW,
    readyChanged: (r) => ready.push(r),
    now: () => now,
    random: (bytes) => bytes.map((_, i) => i * 17),
    setTimeout: (fn, ms) => {
      timers.set(nextTimer, { fn, at: now + ms });
      return nextTimer++;
    },
    clearTimeout: (id) => timers.delete(id),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...timers]) {
      if (t.at <= now && timers.delete(id)) t.fn();
    }
  };
  const iframe = () => box.querySelector('iframe');
  /** A port as the frame page (or anyone else) would open it; `answer` plays the frame's replies. */
  const connect = (opts: { name?: string; id?: string; url?: string } = {}) => {
    const hear: Array<(m: unknown) => void> = [];
    const drop: Array<() => void> = [];
    const port = {
      name: opts.name ?? ENGINE_FRAME_PORT,
      sender: { id: opts.id ?? ID, url: opts.url ?? iframe()?.getAttribute('src') ?? '' },
      posted: [] as unknown[],
      disconnected: false,
      postMessage(m: unknown) {
        port.posted.push(m);
      },
      onMessage: { addListener: (f: (m: unknown) => void) => hear.push(f) },
      onDisconnect: { addListener: (f: () => void) => drop.push(f) },
      disconnect() {
        port.disconnected = true;
      },
      answer: (m: unknown) => {
        for (const f of hear) f(m);
      },
      drop: () => {
        for (const f of drop) f();
      },
    };
    listener?.(port);
    return port;
  };
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { frame, iframe, connect, advance, background, ready, tick };
}

describe("the overlay planner's engine frame", () => {
  it('mounts a named frame when the panel opens; the background answers until the frame is warm', async () => {
    const { frame, iframe, connect, background, ready, tick } = setUp();
    expect(iframe()).toBeNull();
    frame.setOpen(true);
    const src = iframe()?.getAttribute('src') ?? '';
    expect(src).toMatch(new RegExp(`^${URL_}#[0-9a-f]{32}$`));
    expect(iframe()?.getAttribute('aria-hidden')).toBe('true');
    expect(frame.state).toBe('connecting');
    expect(await frame.send(ROUTE)).toEqual({ ok: true, value: 'from the background' });

    const port = connect();
    expect(frame.state).toBe('warming');
    expect(port.posted).toEqual([{ kind: 'ask', id: 1, message: { type: 'planner/warm', bbox: VIEW } }]);
    const pending = frame.send(ROUTE); // still warming: the background's
    expect(await pending).toEqual({ ok: true, value: 'from the background' });
    port.answer({ id: 1, answer: { ok: true, value: 'built' } });
    await tick();
    // Then one route across the view, so the worker's route code is compiled before a person's route.
    expect(port.posted.at(-1)).toEqual({ kind: 'ask', id: 2, message: warmUpRoute(VIEW) });
    expect(warmUpRoute(VIEW).from[1]).toBeCloseTo((VIEW.south + VIEW.north) / 2, 9);
    expect(frame.state).toBe('warming');
    frame.viewSettled(); // not ready yet: nothing more is asked of it
    expect(port.posted).toHaveLength(2);
    port.answer({ id: 2, answer: { ok: false, error: { code: 'too-far-from-street', message: '…' } } });
    await tick();
    expect(frame.state).toBe('ready');
    expect(ready).toEqual([true]);

    const routed = frame.send(ROUTE);
    expect(port.posted.at(-1)).toEqual({ kind: 'ask', id: 3, message: ROUTE });
    port.answer({ id: 3, answer: { ok: true, value: 'from the frame' } });
    expect(await routed).toEqual({ ok: true, value: 'from the frame' });
    // Not a planner request: the background's, and the frame hears that something may have changed.
    await frame.send({ type: 'userCameras/put', camera: {} });
    expect(port.posted.at(-1)).toEqual({ kind: 'changed' });
    expect(background).toEqual([ROUTE, ROUTE, { type: 'userCameras/put', camera: {} }]);
    // The map settled elsewhere: the ready frame warms that view's engine (the awake port is paused meanwhile).
    frame.viewSettled();
    expect(port.posted.at(-1)).toEqual({ kind: 'ask', id: 4, message: { type: 'planner/warm', bbox: VIEW } });
    expect(frame.served).toBe(3); // the warm-up, its route and the person's route
  });

  it("waits for the background's pending answers before it starts (its reads would share the worker's thread)", async () => {
    const { frame, iframe, advance, tick } = setUp();
    const pending = frame.send(ROUTE); // asked at the panel's opening: the background answers
    frame.setOpen(true);
    expect(iframe()).toBeNull();
    await pending;
    await tick();
    expect(iframe()).toBeNull(); // not before the caller had its answer
    advance(0);
    expect(iframe()).not.toBeNull();
    expect(frame.state).toBe('connecting');
  });

  it("refuses a port that is not this extension's frame page with this nonce", () => {
    const { frame, iframe, connect } = setUp();
    frame.setOpen(true);
    const src = iframe()?.getAttribute('src') ?? '';
    const strangers = [
      connect({ url: `${URL_}#${'0'.repeat(32)}` }), // another nonce: a frame of before, or a copy
      connect({ id: 'another-extension' }),
      connect({ url: src.replace('engine-frame.html', 'planner.html') }),
      connect({ url: 'https://www.openstreetmap.org/#map=16/43.6/1.44' }),
    ];
    for (const p of strangers) expect(p.disconnected).toBe(true);
    expect(frame.state).toBe('connecting');
    expect(connect({ name: 'angle-mort/district' }).disconnected).toBe(false); // another feature's port: not ours to judge
    const own = connect();
    expect(own.disconnected).toBe(false);
    expect(frame.state).toBe('warming');
    // A second port with the right name and nonce (the page copied the frame): refused too.
    expect(connect().disconnected).toBe(true);
  });

  it('hands what a lost frame owed to the background, and removes it', async () => {
    const { frame, iframe, connect, background, ready, tick } = setUp();
    frame.setOpen(true);
    const port = connect();
    port.answer({ id: 1, answer: { ok: true, value: 'loaded' } });
    await tick();
    port.answer({ id: 2, answer: { ok: true, value: 'warm-up route' } });
    await tick();
    const routed = frame.send(ROUTE);
    port.drop();
    expect(await routed).toEqual({ ok: true, value: 'from the background' });
    expect(background).toEqual([ROUTE]);
    expect(ready).toEqual([true, false]);
    expect(iframe()).toBeNull();
    expect(frame.state).toBe('closed');
  });

  it('gives up on a frame that never connects or cannot warm, and tries again at the next opening', async () => {
    const { frame, iframe, connect, advance, background, ready, tick } = setUp();
    frame.setOpen(true);
    advance(ENGINE_FRAME_CONNECT_MS);
    expect(frame.state).toBe('failed');
    expect(iframe()).toBeNull();
    frame.touch();
    expect(iframe()).toBeNull(); // not before the panel opens again

    frame.setOpen(false);
    frame.setOpen(true);
    const port = connect();
    port.answer({ id: 1, answer: { ok: false, error: { code: 'db-unavailable', message: 'denied' } } });
    await tick();
    expect(frame.state).toBe('failed');
    expect(ready).toEqual([]);
    // The warm-up is the frame's own: never re-sent to the background, even when the frame fails.
    expect(background).toEqual([]);
  });

  it('stays after the panel closes, leaves after a long pause, and comes back when the panel is used again', () => {
    const { frame, iframe, connect, advance } = setUp();
    frame.setOpen(true);
    connect();
    frame.setOpen(false); // closed: the frame and its engine stay, reopening finds them ready
    expect(iframe()).not.toBeNull();
    advance(PLANNER_AWAKE_MAX_IDLE_MS - 1_000);
    frame.touch(); // the map moved
    advance(PLANNER_AWAKE_MAX_IDLE_MS - 1_000);
    expect(iframe()).not.toBeNull();
    advance(2_000);
    expect(iframe()).toBeNull();
    frame.touch(); // the panel is closed: nothing to come back for
    expect(iframe()).toBeNull();
    frame.setOpen(true);
    expect(iframe()).not.toBeNull();
    frame.stop(); // the overlay torn down
    expect(iframe()).toBeNull();
    expect(frame.state).toBe('closed');
  });
});
