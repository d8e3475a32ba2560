/**
 * The overlay planner's keep-warm (components/overlay/planner-awake.ts) with a fake port and clock: the port
 * is held and `planner/warm` pinged only while the panel is open, visible and in use; closing, hiding or a
 * long pause stop it; a worker that goes away with the panel in use is woken again, a few times a minute.
 */
import { describe, expect, it } from 'vitest';
import { PLANNER_AWAKE_MAX_IDLE_MS, PlannerAwake } from '../../../../components/overlay/planner-awake.ts';
import { PLANNER_AWAKE_PING_MS, PLANNER_AWAKE_PORT } from '../../../../lib/messages.ts';

const VIEW = { west: 1.435, south: 43.6, east: 1.453, north: 43.609 };

function setUp(opts: { connectThrows?: boolean } = {}) {
  let now = 0;
  let visible = true;
  let view: typeof VIEW | null = VIEW;
  const timers = new Map<number, { fn: () => void; ms: number; next: number }>();
  let nextId = 1;
  const ports: Array<{ name: string; posted: unknown[]; disconnected: boolean; dropped: () => void; answer: (m: unknown) => void }> = [];
  const awake = new PlannerAwake({
    connect: (name) => {
      if (opts.connectThrows) throw new Error('Extension context invalidated.');
      const drop: Array<() => void> = [];
      const hear: Array<(m: unknown) => void> = [];
      const record = {
        name,
        posted: [] as unknown[],
        disconnected: false,
        answer: (m: unknown) => {
          for (const f of hear) f(m);
        },
        dropped: () => {
          for (const f of drop) f();
        },
      };
      ports.push(record);
      return {
        postMessage: (m) => {
          if (record.disconnected) throw new Error('disconnected port');
          record.posted.push(m);
        },
        onMessage: { addListener: (fn) => hear.push(fn) },
        onDisconnect: { addListener: (fn) => drop.push(fn) },
        disconnect: () => {
          record.disconnected = true;
        },
      };
    },
    viewBBox: () => view,
    visible: () => visible,
    now: () => now,
    setInterval: (fn, ms) => {
      timers.set(nextId, { fn, ms, next: now + ms });
      return nextId++;
    },
    clearInterval: (id) => timers.delete(id),
  });
  /** Moves the clock on, firing the intervals due. */
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.values()].filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      now = due.next;
      due.next += due.ms;
      due.fn();
    }
    now = end;
  };
  const pings = () => ports.reduce((n, p) => n + p.posted.length, 0);
  return {
    awake,
    ports,
    timers,
    advance,
    pings,
    setVisible: (v: boolean) => (visible = v),
    setView: (v: typeof VIEW | null) => (view = v),
  };
}

describe('PlannerAwake', () => {
  it('does nothing until the panel opens; opening connects and warms the view at once, then pings every 20 s', () => {
    const t = setUp();
    t.advance(120_000);
    expect(t.ports).toHaveLength(0);
    t.awake.setOpen(true);
    expect(t.ports).toHaveLength(1);
    expect(t.ports[0].name).toBe(PLANNER_AWAKE_PORT);
    expect(t.ports[0].posted).toEqual([{ type: 'planner/warm', bbox: VIEW }]);
    // The release period (test builds ping every TEST_BUILD_AWAKE_PING_MS, lib/messages.ts): under Chromium's idle stop.
    expect(PLANNER_AWAKE_PING_MS).toBe(20_000);
    expect(PLANNER_AWAKE_PING_MS).toBeLessThan(30_000);
    t.advance(PLANNER_AWAKE_PING_MS * 3);
    expect(t.ports[0].posted).toHaveLength(4);
    t.setView(null);
    t.advance(PLANNER_AWAKE_PING_MS);
    expect(t.ports[0].posted.at(-1)).toEqual({ type: 'planner/warm' });
    expect(t.awake.pings).toBe(5);
  });

  it("pauses while the panel's engine frame answers (D96): no port, no ping; the frame gone, it warms again", () => {
    const t = setUp();
    t.awake.setOpen(true);
    t.awake.setPaused(true);
    expect(t.ports[0].disconnected).toBe(true);
    expect(t.timers.size).toBe(0);
    t.advance(10 * PLANNER_AWAKE_PING_MS);
    expect(t.ports).toHaveLength(1);
    expect(t.pings()).toBe(1);
    t.awake.setPaused(false);
    expect(t.ports).toHaveLength(2);
    expect(t.ports[1].posted).toEqual([{ type: 'planner/warm', bbox: VIEW }]);
  });

  it('closing the panel disconnects and stops the pings; reopening starts again', () => {
    const t = setUp();
    t.awake.setOpen(true);
    t.advance(PLANNER_AWAKE_PING_MS);
    t.awake.setOpen(false);
    expect(t.ports[0].disconnected).toBe(true);
    expect(t.timers.size).toBe(0);
    const before = t.pings();
    t.advance(10 * PLANNER_AWAKE_PING_MS);
    expect(t.pings()).toBe(before);
    expect(t.awake.connected).toBe(false);
    t.awake.setOpen(true);
    expect(t.ports).toHaveLength(2);
    expect(t.ports[1].posted).toHaveLength(1);
  });

  it('a hidden tab stops it; shown again, it starts again', () => {
    const t = setUp();
    t.awake.setOpen(true);
    t.setVisible(false);
    t.awake.visibilityChanged();
    expect(t.ports[0].disconnected).toBe(true);
    t.advance(5 * PLANNER_AWAKE_PING_MS);
    expect(t.pings()).toBe(1);
    t.setVisible(true);
    t.awake.visibilityChanged();
    expect(t.ports).toHaveLength(2);
    expect(t.pings()).toBe(2);
  });

  it('stops after 10 minutes without a touch, and a touch starts it again', () => {
    const t = setUp();
    t.awake.setOpen(true);
    t.advance(PLANNER_AWAKE_MAX_IDLE_MS / 2);
    t.awake.touch(); // the person moved the map or used the panel
    t.advance(PLANNER_AWAKE_MAX_IDLE_MS - 1_000);
    expect(t.ports[0].disconnected).toBe(false);
    t.advance(PLANNER_AWAKE_PING_MS + 1_000);
    expect(t.ports[0].disconnected).toBe(true);
    const before = t.pings();
    t.advance(PLANNER_AWAKE_MAX_IDLE_MS);
    expect(t.pings()).toBe(before);
    t.awake.touch();
    expect(t.ports).toHaveLength(2);
    expect(t.pings()).toBe(before + 1);
  });

  it('wakes a worker that went away while the panel is in use, at most 3 times a minute', () => {
    const t = setUp();
    t.awake.setOpen(true);
    for (let i = 1; i <= 3; i++) {
      t.ports.at(-1)!.dropped(); // the worker was stopped: Chromium closes its end
      expect(t.ports).toHaveLength(i + 1);
      expect(t.ports.at(-1)!.posted).toEqual([{ type: 'planner/warm', bbox: VIEW }]);
    }
    t.ports.at(-1)!.dropped();
    expect(t.ports).toHaveLength(4); // the fourth loss within a minute is not answered by a fifth port…
    expect(t.awake.connected).toBe(false);
    t.advance(61_000);
    t.awake.touch(); // …until the person uses the panel again
    expect(t.ports).toHaveLength(5);
  });

  it('a closed panel does not reconnect when the port drops, and an orphaned script (connect throws) does nothing', () => {
    const t = setUp();
    t.awake.setOpen(true);
    const port = t.ports[0];
    t.awake.setOpen(false);
    port.dropped();
    expect(t.ports).toHaveLength(1);
    const orphan = setUp({ connectThrows: true });
    expect(() => orphan.awake.setOpen(true)).not.toThrow();
    expect(orphan.awake.connected).toBe(false);
    expect(orphan.timers.size).toBe(0);
  });

  it('whenWarm resolves with the answer to the opening ping, or at once without a port', async () => {
    const t = setUp();
    await t.awake.whenWarm(); // no port: nothing to wait for
    t.awake.setOpen(true);
    let warm = false;
    void t.awake.whenWarm(60_000).then(() => (warm = true));
    await Promise.resolve();
    expect(warm).toBe(false);
    t.ports[0].answer({ ok: true, value: { datasetId: 'toulouse', engine: 'built' } });
    await Promise.resolve();
    expect(warm).toBe(true);
    // Closing the panel releases a waiter too.
    let released = false;
    void t.awake.whenWarm(60_000).then(() => (released = true));
    t.awake.setOpen(false);
    await Promise.resolve();
    expect(released).toBe(true);
  });

  it('destroy stops everything', () => {
    const t = setUp();
    t.awake.setOpen(true);
    t.awake.destroy();
    expect(t.ports[0].disconnected).toBe(true);
    expect(t.timers.size).toBe(0);
  });
});
