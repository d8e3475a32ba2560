/**
 * The cameras that see a route, in walking order — the same numbers as `scorer.profile(route).cameras`,
 * without re-profiling the whole route every time.
 *
 * Why this is exact: the exposure engine scores a polyline one segment at a time, and a segment's result
 * (its length L and each camera's intervals t·L along it) depends only on the segment's two end points and
 * the scorer. `profile` then shifts each interval by the metres walked before the segment and merges
 * touching intervals of one camera and tier. So the profile of a route is a replay of its segments'
 * single-segment profiles: this module caches those per segment (keyed by the exact end coordinates, in
 * walking direction) and replays them with the same arithmetic, in the same order. Routes share most of
 * their segments (the three alternatives, and successive requests in one district), so after the first
 * route most segments are cache hits.
 *
 * Cold segments: a single-segment `profile` call costs about twice a segment inside a whole-route profile
 * (fixed per-call work), so a route with many uncached segments is profiled whole — the reference numbers,
 * at the reference cost — and its segments are queued and profiled later through `schedule` (default a
 * 0 ms timer, off the request path). A route with a few misses profiles just those inline. Either way the
 * numbers are those of `profile`; only the cost changes.
 *
 * One scorer per cache: a new camera set means a new scorer and a new `CamerasAlong` (the planning engine
 * does this on every camera change).
 */
import type { LonLat } from '../geo/index.ts';

/** A camera along a route (the Router's `CameraAlongRoute`). */
export interface CameraSeenAlong {
  id: string;
  kind: string;
  /** Metres from the start where this camera first sees the route. */
  firstSeenAt: number;
  /** Metres of the route it sees. */
  metres: number;
}

/** The part of an exposure scorer this needs (lib/exposure's `ExposureScorer.profile`). */
export interface SegmentProfiler {
  profile(coords: LonLat[]): {
    length: number;
    cameras: Array<{ id: string; kind: string; metres: number; intervals: Array<{ from: number; to: number; tier: string }> }>;
  };
}

/** One segment's profile: its length (metres) and, per camera, its intervals (metres from the segment start). */
interface SegmentEntry {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
  length: number;
  cameras: Array<{ id: string; kind: string; intervals: Array<{ from: number; to: number; tier: string }> }>;
}

interface Interval {
  from: number;
  to: number;
  tier: string;
}

/** Default cache size (segments): ~40 % of Toulouse's segments in both directions; a few MB at most. */
export const DEFAULT_SEGMENT_CACHE = 100_000;
/** Misses profiled inline: up to this many, plus this share of the route's segments. */
const INLINE_MISSES = 8;
const INLINE_MISS_SHARE = 0.1;

export interface CamerasAlongOptions {
  /** Cache size in segments (default DEFAULT_SEGMENT_CACHE). */
  maxEntries?: number;
  /** Runs the deferred cache fill (default: a 0 ms timer that does not keep Node alive). */
  schedule?: (task: () => void) => void;
}

export class CamerasAlong {
  private readonly buckets = new Map<number, SegmentEntry | SegmentEntry[]>();
  private entries = 0;
  private readonly bits = new Float64Array(4);
  private readonly words = new Uint32Array(this.bits.buffer);
  /** Cache statistics (benchmarks, tests). */
  hits = 0;
  misses = 0;

  /** Whole-route profiles run because too many segments were cold (tests, benchmarks). */
  wholeProfiles = 0;
  private readonly maxEntries: number;
  private readonly schedule: (task: () => void) => void;
  /** Segments to profile in the deferred fill: [a, b] pairs. */
  private pending: Array<[LonLat, LonLat]> = [];
  private fillScheduled = false;
  private readonly found: Array<SegmentEntry | null> = [];

  constructor(
    readonly scorer: SegmentProfiler,
    options: CamerasAlongOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? DEFAULT_SEGMENT_CACHE;
    this.schedule =
      options.schedule ??
      ((task) => {
        const timer = setTimeout(task, 0) as unknown as { unref?: () => void };
        timer.unref?.();
      });
  }

  /**
   * The cameras seeing the polyline (degrees), ordered by where they first see it (then by id) — equal to
   * ordering `scorer.profile(coords).cameras` that way, with `metres` and `firstSeenAt` from its intervals.
   */
  along(coords: LonLat[]): CameraSeenAlong[] {
    const found = this.found;
    found.length = 0;
    let misses = 0;
    for (let i = 1; i < coords.length; i++) {
      const e = this.lookup(coords[i - 1], coords[i]);
      found.push(e);
      if (!e) misses++;
    }
    if (misses > INLINE_MISSES + INLINE_MISS_SHARE * found.length) {
      for (let i = 1; i < coords.length; i++) if (!found[i - 1]) this.pending.push([coords[i - 1], coords[i]]);
      this.scheduleFill();
      this.wholeProfiles++;
      return this.wholeProfile(coords);
    }
    const perCamera = new Map<string, { kind: string; list: Interval[] }>();
    let along = 0;
    for (let i = 1; i < coords.length; i++) {
      const seg = found[i - 1] ?? this.segment(coords[i - 1], coords[i]);
      for (const cam of seg.cameras) {
        let entry = perCamera.get(cam.id);
        if (!entry) perCamera.set(cam.id, (entry = { kind: cam.kind, list: [] }));
        for (const iv of cam.intervals) {
          // `profile` computes along + t·L; the cached single-segment value is 0 + t·L = t·L exactly.
          appendMerged(entry.list, { from: along + iv.from, to: along + iv.to, tier: iv.tier });
        }
      }
      along += seg.length;
    }
    const out: CameraSeenAlong[] = [];
    for (const [id, { kind, list }] of perCamera) {
      let firstSeenAt = Infinity;
      for (const iv of list) if (iv.from < firstSeenAt) firstSeenAt = iv.from;
      // Same expression and order as the exposure engine's `metres` (floating-point sums are order-sensitive).
      out.push({ id, kind, metres: list.reduce((s, iv) => s + iv.to - iv.from, 0), firstSeenAt });
    }
    return out.sort((a, b) => a.firstSeenAt - b.firstSeenAt || a.id.localeCompare(b.id));
  }

  /** Segments cached now. */
  get size(): number {
    return this.entries;
  }

  /** Profile the queued cold segments now (what the deferred fill runs); returns how many were added. */
  fill(): number {
    const queue = this.pending;
    this.pending = [];
    let added = 0;
    for (const [a, b] of queue) {
      if (!this.lookup(a, b)) {
        this.segment(a, b);
        added++;
      }
    }
    return added;
  }

  /** Segments waiting for the deferred fill. */
  get pendingSegments(): number {
    return this.pending.length;
  }

  private scheduleFill(): void {
    if (this.pending.length > this.maxEntries) this.pending.length = this.maxEntries;
    if (this.fillScheduled) return;
    this.fillScheduled = true;
    this.schedule(() => {
      this.fillScheduled = false;
      this.fill();
    });
  }

  /** The reference: the whole route's profile, as the router lists it. */
  private wholeProfile(coords: LonLat[]): CameraSeenAlong[] {
    return this.scorer
      .profile(coords)
      .cameras.map((c) => {
        let firstSeenAt = Infinity;
        for (const iv of c.intervals) if (iv.from < firstSeenAt) firstSeenAt = iv.from;
        return { id: c.id, kind: c.kind, metres: c.metres, firstSeenAt };
      })
      .sort((a, b) => a.firstSeenAt - b.firstSeenAt || a.id.localeCompare(b.id));
  }

  private hash(a: LonLat, b: LonLat): number {
    const bits = this.bits;
    bits[0] = a[0];
    bits[1] = a[1];
    bits[2] = b[0];
    bits[3] = b[1];
    const w = this.words;
    let h = 0x811c9dc5;
    for (let k = 0; k < 8; k++) h = Math.imul(h ^ w[k], 0x01000193);
    return h;
  }

  /** The cached entry of segment a→b, or null. */
  private lookup(a: LonLat, b: LonLat): SegmentEntry | null {
    const slot = this.buckets.get(this.hash(a, b));
    if (slot) {
      if (Array.isArray(slot)) {
        for (const e of slot) if (e.a0 === a[0] && e.a1 === a[1] && e.b0 === b[0] && e.b1 === b[1]) return this.hit(e);
      } else if (slot.a0 === a[0] && slot.a1 === a[1] && slot.b0 === b[0] && slot.b1 === b[1]) {
        return this.hit(slot);
      }
    }
    return null;
  }

  /** Profile segment a→b and cache it (the caller checked it is not cached). */
  private segment(a: LonLat, b: LonLat): SegmentEntry {
    const h = this.hash(a, b);
    this.misses++;
    const p = this.scorer.profile([a, b]);
    const entry: SegmentEntry = {
      a0: a[0],
      a1: a[1],
      b0: b[0],
      b1: b[1],
      length: p.length,
      cameras: p.cameras.map((c) => ({
        id: c.id,
        kind: c.kind,
        intervals: c.intervals.map((iv) => ({ from: iv.from, to: iv.to, tier: iv.tier })),
      })),
    };
    if (this.entries >= this.maxEntries) {
      // Simple bound on memory: start over (the working set refills within a few routes).
      this.buckets.clear();
      this.entries = 0;
    }
    const again = this.buckets.get(h);
    if (!again) this.buckets.set(h, entry);
    else if (Array.isArray(again)) again.push(entry);
    else this.buckets.set(h, [again, entry]);
    this.entries++;
    return entry;
  }

  private hit(e: SegmentEntry): SegmentEntry {
    this.hits++;
    return e;
  }
}

/**
 * Readies the collator the camera lists break ties with (`localeCompare`, here and in describe.ts's
 * order): its first use in a JS context loads ICU's collation data, 15–25 ms (17 ms in a fresh Node process,
 * 24 ms in a freshly started Chromium extension process; later uses ≈ 0.01 ms), which a woken worker's first
 * route would otherwise pay. The planner calls it while its first IndexedDB reads are in flight, when the
 * thread is idle. The order is the one `localeCompare` gives anyway: nothing else changes.
 */
export function readyCollator(): void {
  'a'.localeCompare('b');
}

/** The exposure engine's merge rule: a camera's touching intervals of the same tier join (1 µm tolerance). */
function appendMerged(list: Interval[], iv: Interval): void {
  const last = list[list.length - 1];
  if (last && last.tier === iv.tier && Math.abs(last.to - iv.from) < 1e-6) last.to = iv.to;
  else list.push(iv);
}
