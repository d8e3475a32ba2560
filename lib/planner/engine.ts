/**
 * The planning engine: the walk graph, every camera that counts, and the router over them, kept in step.
 *
 * The shipped graph carries per-edge exposure computed by the pipeline from the bundled cameras. The user's
 * own cameras (and imported datasets) must count at once, and a temporary camera must stop counting when it
 * expires, without re-scoring the whole city (≈ 1 s): only the edges within the coverage radius of a camera
 * that appeared, changed, moved, disappeared or expired are re-scored, in place, by a scorer over all the
 * cameras that count now (edges are found with a flatbush index over their bounding boxes).
 *
 * Exactness: the router's A* uses ALT landmark tables computed from the exposure at the time they were
 * built. When exposure only grows (a camera added) old distances are still lower bounds, so the heuristic
 * stays admissible and consistent. When it shrinks (a camera removed, moved or expired) they may not be, so
 * the router drops its α > 0 tables (`Router.exposureChanged('decreased')`) and searches with the α = 0
 * table (plain lengths, a lower bound for every α) until they are rebuilt off the request path: routes stay
 * exact in both cases, and the snap index and search arrays are kept.
 *
 * Camera lists: each route's cameras come from per-segment exposure profiles cached for the current
 * scorer (lib/routing/cameras-along.ts) — the same numbers as `scorer.profile(route)`, without re-profiling
 * segments that earlier routes already walked.
 */
import type { BBox, LonLat } from '../geo/index.ts';
import { maxCoverageRadius } from '../cameras/coverage.ts';
import { isCameraActive, type Camera } from '../cameras/types.ts';
import { createExposureScorer, type ExposureOptions, type ExposureScorer } from '../exposure/index.ts';
import { decodeWalkGraph } from '../network/format.ts';
import { EXPOSURE_STRIDE, EXPOSURE_WEIGHTED, edgeShape, type WalkGraph } from '../network/walk-graph.ts';
import { CamerasAlong } from '../routing/cameras-along.ts';
import { LANDMARK_ALPHAS, LANDMARK_BYTES_PER_VALUE, type LandmarkData } from '../routing/landmarks.ts';
import { PathSearch } from '../routing/search.ts';
import { Hash52 } from '../fnv.ts';
import { Router, type RouteOutcome, type RouteRequest, type RouterOptions } from '../routing/router.ts';

/** Metres per degree of latitude (mean sphere); longitude degrees shrink by cos(latitude). */
const M_PER_DEG_LAT = 111_195;

export interface PlanningEngineOptions {
  /**
   * Coverage overrides and building walls for re-scoring. They must match what the pipeline scored the
   * graph with (the pipeline uses the defaults and no buildings), or re-scored edges would disagree.
   */
  exposure?: Omit<ExposureOptions, 'now'>;
  /** Clock, for expiry (tests inject one). Default: the system clock. */
  now?: () => Date;
  /**
   * Router options (snap radius, component); the camera profiler is supplied by the engine. Landmark
   * tiers default to 'idle': only the α = 0 table is built at start, the others one per deferred task
   * after the first request (`schedule`), so a woken background answers without building them first.
   */
  router?: Omit<RouterOptions, 'profile' | 'camerasAlong'>;
  /**
   * Runs work deferred off the request path (default: a 0 ms timer): rebuilding landmark tables after a
   * camera removal, and filling the per-segment camera cache after routes through cold streets. Tests
   * pass a function that queues the tasks.
   */
  schedule?: (task: () => void) => void;
  /**
   * The cameras the graph's stored exposure was computed with (the bundled dataset's). Every camera in
   * the symmetric difference with the cameras passed to the constructor is re-scored at start. Default:
   * the same cameras (nothing to re-score).
   */
  scoredWith?: readonly Camera[];
}

/** What a camera change did to the graph (for tests and diagnostics). */
export interface RescoreResult {
  /** Cameras that appeared, changed, or stopped counting. */
  changedCameras: number;
  /** Edges whose exposure was recomputed. */
  rescoredEdges: number;
  /**
   * True when some edge's exposure went down, so the router's α > 0 landmark tables were dropped (and
   * scheduled for rebuild). The router itself, its snap index and search arrays are kept.
   */
  routerRebuilt: boolean;
}

/**
 * The fields that decide a camera's coverage, as a 52-bit hash of their JSON (lib/fnv.ts `Hash52`
 * over its UTF-16 code units): two cameras that score the same have the same signature. The engine keeps
 * this number, not the string (Toulouse: 2,257 strings of ≈ 43 characters). A camera whose coverage changed
 * but kept its signature would not be re-scored: odds ~2⁻⁵² per changed camera.
 */
export function coverageSignature(c: Camera): number {
  const json = JSON.stringify([c.lon, c.lat, c.kind, c.directions, c.fov ?? null, c.height ?? null, c.expires ?? null]);
  const h = new Hash52();
  for (let i = 0; i < json.length; i++) h.mix(json.charCodeAt(i));
  return h.value;
}

/**
 * Cameras counted in the exposure, one per id (the last given wins), sorted by id: plain arrays and one
 * number per camera rather than a Map of [camera, signature] pairs (≈ 0.3 MiB of entries for Toulouse).
 */
interface CountedCameras {
  ids: string[];
  cameras: Camera[];
  signatures: Float64Array;
}

/**
 * The usable cameras of `list`, one per id: the last given wins (two datasets may both hold an OSM camera, and
 * a moved camera given after its old copy replaces it), in the order given. The scorer and the record of
 * counted cameras both take this list, so a camera is never scored twice, nor at a place the record forgot.
 */
export function lastPerId(list: readonly Camera[]): Camera[] {
  const usable = list.filter(isUsableCamera);
  const last = new Map<string, number>();
  for (let i = 0; i < usable.length; i++) last.set(usable[i].id, i);
  return last.size === usable.length ? usable : usable.filter((c, i) => last.get(c.id) === i);
}

/** `lastPerId(list)` active at `now`, sorted by id; `signed` caches signatures by camera object (read and filled). */
function countCameras(list: readonly Camera[], now: Date, signed?: Map<Camera, number>): CountedCameras {
  const cameras = lastPerId(list).filter((c) => isCameraActive(c, now));
  cameras.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const signatures = new Float64Array(cameras.length);
  cameras.forEach((c, i) => {
    let sig = signed?.get(c);
    if (sig === undefined) {
      sig = coverageSignature(c);
      signed?.set(c, sig);
    }
    signatures[i] = sig;
  });
  return { ids: cameras.map((c) => c.id), cameras, signatures };
}

export class PlanningEngine {
  readonly graph: WalkGraph;
  private router: Router;
  private scorerNow: ExposureScorer;
  /** Per-segment camera profiles for `scorerNow` (replaced with it). */
  private camerasAlong: CamerasAlong;
  private refreshScheduled = false;
  /** Every camera given (expired ones included: they are checked again at each request). */
  private allCameras: Camera[] = [];
  /** Cameras whose coverage is in the graph's exposure now, with their signatures. */
  private counted: CountedCameras;
  /** Earliest expiry among counted cameras (ms since epoch); Infinity when none is temporary. */
  private nextExpiry = Infinity;
  private readonly clock: () => Date;
  /** Edges re-scored since the engine was built (diagnostics). */
  rescoredEdgesTotal = 0;
  /** Routers built (1: exposure changes no longer rebuild it). */
  routerBuilds = 1;
  /** Times the α > 0 landmark tables were dropped after a drop in exposure. */
  landmarkInvalidations = 0;

  constructor(
    graph: WalkGraph,
    cameras: readonly Camera[],
    private readonly options: PlanningEngineOptions = {},
  ) {
    this.graph = graph;
    this.clock = options.now ?? (() => new Date());
    // What the stored exposure reflects: the baseline cameras active now (the pipeline dropped expired ones).
    const now = this.clock();
    // The baseline's signatures, reused by the first sync for the very same objects (the planner passes the
    // same camera objects as baseline and as camera set): one signature per camera at start, not two.
    const signed = new Map<Camera, number>();
    this.counted = countCameras(options.scoredWith ?? cameras, now, signed);
    this.scorerNow = this.makeScorer(cameras, now);
    this.camerasAlong = new CamerasAlong(this.scorerNow, { schedule: this.options.schedule });
    this.router = this.makeRouter();
    this.allCameras = cameras.slice();
    this.sync(signed);
    if (this.router.landmarksPending) this.scheduleLandmarkRefresh();
  }

  /** Decodes a `graph.bin` (throws WalkGraphFormatError on a bad file) and builds the engine. */
  static fromBytes(bytes: Uint8Array | ArrayBuffer, cameras: readonly Camera[], options: PlanningEngineOptions = {}): PlanningEngine {
    const graph = decodeWalkGraph(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
    return new PlanningEngine(graph, cameras, options);
  }

  /** The scorer over every camera that counts now (for profiles and area reports). */
  get scorer(): ExposureScorer {
    this.refreshExpired();
    return this.scorerNow;
  }

  /** The router over the current exposure (expiry checked first). */
  get currentRouter(): Router {
    this.refreshExpired();
    return this.router;
  }

  /** Cameras counted now. */
  get activeCameras(): readonly Camera[] {
    this.refreshExpired();
    return this.scorerNow.cameras;
  }

  /** Plans the three alternatives; temporary cameras that expired since the last request stop counting first. */
  route(request: RouteRequest): RouteOutcome {
    this.refreshExpired();
    return this.router.route(request);
  }

  /**
   * Replaces the camera set (bundled + imported + the user's, expired ones may be included: they are left
   * out). Only the neighbourhoods of cameras that changed are re-scored.
   */
  setCameras(cameras: readonly Camera[]): RescoreResult {
    this.allCameras = cameras.slice();
    return this.sync();
  }

  /** Re-scores around cameras that expired since the last scoring; cheap when none did. */
  refreshExpired(): RescoreResult | null {
    if (this.clock().getTime() < this.nextExpiry) return null;
    return this.sync();
  }

  /** `signed`: signatures computed just before, in the same synchronous call, for these camera objects. */
  private sync(signed?: Map<Camera, number>): RescoreResult {
    const now = this.clock();
    const next = countCameras(this.allCameras, now, signed);
    let nextExpiry = Infinity;
    for (const c of next.cameras) if (c.expires !== undefined) nextExpiry = Math.min(nextExpiry, Date.parse(c.expires));
    // Both lists are sorted by id: walk them side by side.
    const changed: Camera[] = [];
    const old = this.counted;
    let i = 0;
    let j = 0;
    while (i < old.ids.length || j < next.ids.length) {
      const a = i < old.ids.length ? old.ids[i] : null;
      const b = j < next.ids.length ? next.ids[j] : null;
      if (b === null || (a !== null && a < b))
        changed.push(old.cameras[i++]); // stopped counting
      else if (a === null || a > b)
        changed.push(next.cameras[j++]); // appeared
      else {
        // Changed or moved: its old place changes too.
        if (old.signatures[i] !== next.signatures[j]) changed.push(next.cameras[j], old.cameras[i]);
        i++;
        j++;
      }
    }
    this.counted = next;
    this.nextExpiry = nextExpiry;
    if (changed.length === 0) return { changedCameras: 0, rescoredEdges: 0, routerRebuilt: false };
    // Only a real change replaces the scorer (and so empties the per-segment camera cache).
    this.scorerNow = this.makeScorer(this.allCameras, now);
    this.camerasAlong = new CamerasAlong(this.scorerNow, { schedule: this.options.schedule });
    const { rescored, decreased } = this.rescoreAround(changed);
    this.router.exposureChanged(decreased ? 'decreased' : 'increased');
    if (decreased) {
      this.landmarkInvalidations++;
      this.scheduleLandmarkRefresh();
    }
    return { changedCameras: changed.length, rescoredEdges: rescored, routerRebuilt: decreased };
  }

  private makeScorer(cameras: readonly Camera[], now: Date): ExposureScorer {
    return createExposureScorer(lastPerId(cameras), { ...this.options.exposure, now });
  }

  private makeRouter(): Router {
    return new Router(this.graph, {
      prepareLandmarks: 'idle',
      // Choosing the landmarks runs their Dijkstras in the α = 2 cost: keep that table (one idle build fewer).
      keepLandmarkChoiceTier: true,
      ...this.options.router,
      camerasAlong: (coords) => this.camerasAlong.along(coords),
    });
  }

  /**
   * Build the waiting landmark tables after the current request, ONE tier per deferred task (≈ 0.1 s
   * each on Toulouse), so a request arriving meanwhile waits for at most one tier.
   */
  private scheduleLandmarkRefresh(): void {
    if (this.refreshScheduled) return;
    this.refreshScheduled = true;
    const run = () => {
      this.refreshScheduled = false;
      this.router.refreshNextLandmarkTier();
      if (this.router.landmarksPending) this.scheduleLandmarkRefresh();
    };
    if (this.options.schedule) this.options.schedule(run);
    else {
      const timer = setTimeout(run, 0) as unknown as { unref?: () => void };
      timer.unref?.(); // never keep a Node process (CLI, tests) alive for this
    }
  }

  /** The landmark ids and the tables built so far (the α = 0 one is what the planner persists). */
  landmarkData(): LandmarkData | null {
    return this.router.exportLandmarks();
  }

  /** Landmark tables still waiting for their rebuild (searches stay exact, a little slower, meanwhile). */
  get landmarksStale(): boolean {
    return this.router.search.landmarks?.hasStaleTiers ?? false;
  }

  /**
   * Estimated bytes this engine holds: the graph's typed arrays, the edge index, the search arrays (the
   * per-node records and the per-adjacency-slot cost copy), the landmark tables of every tier (counted in
   * full even while some wait to be built) and the wall index it re-scores with (its walls, tree and footprint
   * ring starts). Not counted (Toulouse, heap snapshot: 0.5 MiB in all, docs/routing.md): JS objects (the street
   * names 0.18 MiB, the record of counted cameras, the per-segment camera cache as routes fill it), the search
   * queues and the scorer's arrays (0.3 MiB), and the footprint rings, built only if an overlay draws coverage
   * polygons with this index.
   */
  get memoryBytes(): number {
    const g = this.graph;
    let bytes = 0;
    for (const v of Object.values(g)) if (ArrayBuffer.isView(v)) bytes += v.byteLength;
    bytes += (this.edgeIndex as unknown as { data: ArrayBuffer }).data.byteLength;
    const landmarks = this.router.search.landmarks;
    if (landmarks) bytes += LANDMARK_ALPHAS.length * g.nodeCount * landmarks.count * LANDMARK_BYTES_PER_VALUE;
    bytes += PathSearch.bytesPerAdjacency * g.adjEdge.length;
    // The wall index it scores with (the walls, their Flatbush and the footprint ring starts; the footprints
    // themselves are lazy, lib/walls). An adopted index is one buffer (lib/walls/index-file.ts): count each once.
    const walls = this.options.exposure?.buildings;
    if (walls) {
      const held = new Set<ArrayBufferLike>([walls.walls.buffer]);
      if (walls.index) held.add(walls.index.data);
      if (walls.ringStarts) held.add(walls.ringStarts.buffer);
      for (const b of held) bytes += b.byteLength;
    }
    return bytes + PathSearch.bytesPerNode * (g.nodeCount + 1);
  }

  /** The edge index's buffer (Flatbush), to persist beside the α = 0 table (lib/planner/engines.ts). */
  get edgeIndexData(): ArrayBuffer {
    return this.edgeIndex.data as ArrayBuffer;
  }

  /** The edge index the router's snapping uses (every edge's box in degrees): one index per graph. */
  private get edgeIndex() {
    return this.router.snapIndex.edgeIndex;
  }

  /** Edge ids whose bounding box meets `bbox` (degrees), ascending. */
  edgesInBBox(bbox: BBox): number[] {
    return this.router.snapIndex.edgesInBox(bbox.west, bbox.south, bbox.east, bbox.north);
  }

  /** Re-scores every edge within the largest coverage radius of the given cameras. */
  private rescoreAround(cameras: readonly Camera[]): { rescored: number; decreased: boolean } {
    const g = this.graph;
    const radius = maxCoverageRadius(this.scorerNow.config) + 1;
    const marked = new Uint8Array(g.edgeCount);
    const edges: number[] = [];
    for (const c of cameras) {
      const dLat = radius / M_PER_DEG_LAT;
      const dLon = radius / (M_PER_DEG_LAT * Math.max(0.01, Math.cos((c.lat * Math.PI) / 180)));
      for (const e of this.router.snapIndex.edgesInBox(c.lon - dLon, c.lat - dLat, c.lon + dLon, c.lat + dLat)) {
        if (!marked[e]) {
          marked[e] = 1;
          edges.push(e);
        }
      }
    }
    const out = new Float64Array(EXPOSURE_STRIDE);
    let decreased = false;
    for (const e of edges) {
      const { lons, lats } = edgeShape(g, e);
      out.fill(0);
      this.scorerNow.scoreTiers(lons, lats, out);
      const L = g.edgeLength[e];
      const base = e * EXPOSURE_STRIDE;
      const before = g.exposure[base + EXPOSURE_WEIGHTED];
      // Same clamping as lib/network/exposure.ts scoreWalkGraph, so re-scored edges equal a full re-score.
      for (let k = 0; k < EXPOSURE_STRIDE; k++) {
        g.exposure[base + k] = Number.isFinite(out[k]) ? Math.min(L, Math.max(0, out[k])) : 0;
      }
      // Float rounding of an unchanged edge must not force a rebuild; a real drop is ≥ centimetres.
      if (g.exposure[base + EXPOSURE_WEIGHTED] < before - 1e-3) decreased = true;
    }
    this.rescoredEdgesTotal += edges.length;
    return { rescored: edges.length, decreased };
  }
}

function isUsableCamera(c: Camera): boolean {
  return Number.isFinite(c.lon) && Number.isFinite(c.lat) && Math.abs(c.lon) <= 180 && Math.abs(c.lat) <= 90;
}

/** Edge e as [lon, lat] pairs. */
export function edgeCoords(g: WalkGraph, e: number): LonLat[] {
  const { lons, lats } = edgeShape(g, e);
  const out: LonLat[] = new Array(lons.length);
  for (let i = 0; i < lons.length; i++) out[i] = [lons[i], lats[i]];
  return out;
}
