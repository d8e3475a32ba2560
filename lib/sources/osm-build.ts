/**
 * Shared assembly of OsmData for the three OSM readers: one place that validates ids and coordinates,
 * counts elements against MAX_OSM_ELEMENTS, and caps tags and way lengths.
 */
import { SourceError } from './errors.ts';
import { describeValue } from './text.ts';
import { MAX_OSM_ELEMENTS, MAX_WAY_NODES } from './limits.ts';
import {
  isPlausibleOsmTime,
  type OsmData,
  type OsmNode,
  type OsmRelation,
  type OsmRelationMember,
  type OsmTags,
  type OsmWay,
  parseOsmTime,
} from './osm-model.ts';
import { isLonLat } from './types.ts';

/** OSM caps keys and values at 255 characters; anything longer is not from OSM. */
const MAX_TAG_CHARS = 255;
/** More tags than this on one element is not a real OSM object. */
const MAX_TAGS_PER_ELEMENT = 1_000;

export class OsmDataBuilder {
  readonly data: OsmData = { nodes: new Map(), ways: [], relations: [] };
  private elements = 0;
  /** Position of each way id in `data.ways`, to merge an element listed twice. */
  private readonly wayIndex = new Map<number, number>();
  /** Tag counts per record, so the per-element cap costs O(1) per tag instead of O(tags). */
  private readonly tagCounts = new WeakMap<OsmTags, number>();

  constructor(private readonly what: string) {}

  private count(): void {
    if (++this.elements > MAX_OSM_ELEMENTS) {
      throw new SourceError('too-large', `${this.what}: more than ${MAX_OSM_ELEMENTS} elements`);
    }
  }

  id(value: unknown, kind: string): number {
    const n = typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      throw new SourceError('invalid-value', `${this.what}: ${kind} has an invalid id ${describeValue(value)}`);
    }
    return n;
  }

  addNode(id: number, lon: unknown, lat: unknown, tags?: OsmTags): OsmNode {
    this.count();
    const x = typeof lon === 'string' ? Number(lon) : lon;
    const y = typeof lat === 'string' ? Number(lat) : lat;
    if (!isLonLat(x, y)) {
      throw new SourceError(
        'invalid-value',
        `${this.what}: node ${id} has invalid coordinates (${describeValue(lon)}, ${describeValue(lat)})`,
      );
    }
    const node: OsmNode = { id, lon: x, lat: y as number };
    // An element listed twice (overpass-turbo's `out body; >; out skel qt;` repeats a tagged way vertex
    // without its tags) keeps the union of its tags: a later bare copy must not erase a camera.
    const merged = mergeTags(this.data.nodes.get(id)?.tags, tags);
    if (merged) node.tags = merged;
    this.data.nodes.set(id, node);
    return node;
  }

  addWay(way: OsmWay): void {
    this.count();
    if (way.nodeIds.length > MAX_WAY_NODES) {
      throw new SourceError('too-large', `${this.what}: way ${way.id} has ${way.nodeIds.length} nodes (OSM allows ${MAX_WAY_NODES})`);
    }
    if (way.tags && Object.keys(way.tags).length === 0) delete way.tags;
    const seen = this.wayIndex.get(way.id);
    if (seen !== undefined) {
      // Same rule as nodes: a repeated way keeps the union of its tags and its longest node list.
      const previous = this.data.ways[seen];
      const tags = mergeTags(previous.tags, way.tags);
      if (way.nodeIds.length < previous.nodeIds.length) way.nodeIds = previous.nodeIds;
      if (tags) way.tags = tags;
      this.data.ways[seen] = way;
      return;
    }
    this.wayIndex.set(way.id, this.data.ways.length);
    this.data.ways.push(way);
  }

  addRelation(id: number, members: OsmRelationMember[], tags?: OsmTags): void {
    this.count();
    const relation: OsmRelation = { id, members };
    if (tags && Object.keys(tags).length > 0) relation.tags = tags;
    this.data.relations!.push(relation);
  }

  /** Keeps the newest plausible element time (ms); anything else (NaN, before OSM, the future) is ignored. */
  noteTime(ms: number): void {
    if (!isPlausibleOsmTime(ms)) return;
    if (this.data.newestElement === undefined || ms > this.data.newestElement) this.data.newestElement = ms;
  }

  /** `noteTime` for a timestamp string in OSM's form (`2019-09-30T09:03:46Z`); a malformed one is ignored. */
  noteTimestamp(value: unknown): void {
    const ms = parseOsmTime(value);
    if (ms !== undefined) this.noteTime(ms);
  }

  /** Adds one tag to `tags` (created on demand), enforcing OSM's length caps. */
  tag(tags: OsmTags, key: unknown, value: unknown, owner: string): void {
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new SourceError('invalid-value', `${this.what}: ${owner} has a non-text tag`);
    }
    if (key.length > MAX_TAG_CHARS || value.length > MAX_TAG_CHARS) {
      throw new SourceError('invalid-value', `${this.what}: ${owner} has a tag longer than ${MAX_TAG_CHARS} characters`);
    }
    const count = (this.tagCounts.get(tags) ?? 0) + 1;
    if (count > MAX_TAGS_PER_ELEMENT) {
      throw new SourceError('too-large', `${this.what}: ${owner} has more than ${MAX_TAGS_PER_ELEMENT} tags`);
    }
    this.tagCounts.set(tags, count);
    // defineProperty, not assignment: a key named `__proto__` must stay a plain tag.
    Object.defineProperty(tags, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** An empty tag record. Plain object (consumers may use `Object.hasOwn`); `tag()` keeps `__proto__` keys inert. */
export function newTags(): OsmTags {
  return {};
}

/** Union of two tag records (the later one wins per key); undefined when both are empty. */
function mergeTags(earlier: OsmTags | undefined, later: OsmTags | undefined): OsmTags | undefined {
  const hasEarlier = earlier !== undefined && Object.keys(earlier).length > 0;
  const hasLater = later !== undefined && Object.keys(later).length > 0;
  if (!hasEarlier) return hasLater ? later : undefined;
  if (!hasLater) return earlier;
  const tags = newTags();
  for (const record of [earlier, later]) {
    for (const [k, v] of Object.entries(record))
      Object.defineProperty(tags, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return tags;
}
