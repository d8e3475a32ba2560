/**
 * The overlay's camera feed: asks the background for the cameras (and walls) around the view, keeps them
 * while the view stays inside the fetched box, and builds the filtered camera set the canvases draw.
 */
import type { Camera } from '../../lib/cameras/types.ts';
import { isValidBBox, type BBox } from '../../lib/geo/index.ts';
import { MAX_CAMERAS_PER_ANSWER, sendRequest } from '../../lib/messages.ts';
import type { Settings } from '../../lib/settings.ts';
import { frameBBox, type MapFrame } from '../../lib/sites/projection.ts';
import { buildCameraSet, type CameraSet } from './camera-set.ts';
import { parseWallsInBBox, type WallsInBBox } from '../../lib/walls/view.ts';
import { SightLines } from './sight-lines.ts';
import { buildWallMask, type WallMask } from './walls-mask.ts';

/** Most time one redraw spends computing line-of-sight polygons; the rest follow in later redraws. */
export const SIGHT_BUDGET_MS = 12;

export class CameraFeed {
  /** Every camera of the last answer, before the filters. */
  all: Camera[] = [];
  /** The filtered cameras the canvases draw (null before the first answer). */
  set: CameraSet | null = null;
  /** Bumped on every new set: a drawing made from an older set must be redrawn, not moved. */
  setVersion = 0;
  fetching = false;
  /** The last answer held fewer cameras than matched (the cache then never covers the view). */
  truncated = false;
  fetchError: string | null = null;
  /** Walls in the fetched box (`walls/inBBox`): the coverage is cut by them, the legend names their source. */
  walls: WallMask | null = null;
  /** Each camera's line of sight past those walls, kept while the stored wall layer stays the same. */
  readonly sight = Object.assign(new SightLines(), { budgetMs: SIGHT_BUDGET_MS });
  private cachedBBox: BBox | null = null;

  constructor(
    private readonly send: (message: unknown) => Promise<unknown>,
    /** The overlay's counters: `fetches` counts the requests sent. */
    private readonly stats: { fetches: number },
    /** Called after every new set (the open card belonged to the old one). */
    private readonly onRebuild: () => void,
  ) {}

  /** The dataset changed: forget every camera, the next `ensure` fetches again. */
  reset(): void {
    this.cachedBBox = null;
    this.all = [];
    this.set = null;
  }

  rebuild(filters: Settings['filters']): void {
    this.set = buildCameraSet(this.all, filters);
    this.setVersion++;
    this.onRebuild();
  }

  /**
   * Fetches the cameras for `frame` unless the cached box covers it. True when a new set arrived (the caller
   * redraws); false when nothing was fetched, the answer was an error, or `stillWanted()` turned false.
   */
  async ensure(frame: MapFrame, filters: () => Settings['filters'], stillWanted: () => boolean): Promise<boolean> {
    if (this.fetching) return false;
    const view = frameBBox(frame, 0);
    const c = this.cachedBBox;
    if (c && view.west >= c.west && view.east <= c.east && view.south >= c.south && view.north <= c.north) return false;
    // One screen of margin on every side: small pans need no new request.
    const bbox = frameBBox(frame, Math.max(frame.width, frame.height));
    if (!isValidBBox(bbox)) return false;
    this.fetching = true;
    this.stats.fetches++;
    try {
      const [answer, walls] = await Promise.all([
        sendRequest(this.send, { type: 'cameras/inBBox', bbox, limit: MAX_CAMERAS_PER_ANSWER }),
        // Walls are a refinement: a failure (no graph, a transport error) draws the coverage uncut, source 'none'.
        sendRequest(this.send, { type: 'walls/inBBox', bbox }).catch(() => null),
      ]);
      if (!stillWanted()) return false;
      let w: WallsInBBox | null = null;
      try {
        w = walls?.ok ? parseWallsInBBox(walls.value) : null;
      } catch {
        w = null; // a malformed answer is no answer: uncut, 'none'
      }
      this.sight.update(w, bbox);
      this.walls = buildWallMask(w?.source ?? 'none', w?.rings ?? []);
      this.walls.sight = this.sight;
      if (!answer.ok) {
        this.fetchError = answer.error.message;
        return false;
      }
      this.fetchError = null;
      this.truncated = answer.value.truncated === true;
      this.all = answer.value.cameras;
      this.cachedBBox = this.truncated ? null : bbox;
      this.rebuild(filters());
    } finally {
      this.fetching = false;
    }
    return true;
  }
}
