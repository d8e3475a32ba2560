/**
 * OSM XML (API 0.6 `.osm`, JOSM files, Overpass `[out:xml]`) → OsmData, without a DOM.
 *
 * A single forward scan over the text: it reads tags and their attributes and ignores text content. It is
 * safe on hostile input: no entity definitions are honoured (a DOCTYPE with an internal subset is refused,
 * so no "billion laughs"), nesting depth is bounded, and every loop advances. Elements JOSM marks
 * `action="delete"` or `visible="false"` are skipped.
 */
import { SourceError } from './errors.ts';
import { MAX_OSM_FILE_BYTES } from './limits.ts';
import { OsmDataBuilder, newTags } from './osm-build.ts';
import type { OsmData, OsmRelationMember, OsmTags, OsmWay } from './osm-model.ts';
import { inputToText, type SourceInput } from './text.ts';
import { scanXml } from './xml-scan.ts';

const WHAT = 'OSM XML';
/** OSM XML nests 3 deep (osm > way > nd); anything deeper than this is not OSM. */
const MAX_DEPTH = 16;
type Current =
  | { kind: 'node'; id: number; lon: string | undefined; lat: string | undefined; tags: OsmTags; skip: boolean }
  | { kind: 'way'; way: OsmWay; tags: OsmTags; skip: boolean }
  | { kind: 'relation'; id: number; members: OsmRelationMember[]; tags: OsmTags; skip: boolean };

export function readOsmXml(input: SourceInput): OsmData {
  const text = inputToText(input, MAX_OSM_FILE_BYTES, WHAT);
  const b = new OsmDataBuilder(WHAT);
  let current: Current | undefined;

  const finish = (el: Current) => {
    if (el.skip) return;
    if (el.kind === 'node') b.addNode(el.id, el.lon, el.lat, el.tags);
    else if (el.kind === 'way') b.addWay({ ...el.way, tags: el.tags });
    else b.addRelation(el.id, el.members, el.tags);
  };

  for (const ev of scanXml(text, { what: WHAT, root: 'osm', maxDepth: MAX_DEPTH })) {
    if (ev.type === 'close') {
      if (current && ev.name === current.kind && ev.depth === 1) {
        finish(current);
        current = undefined;
      }
      continue;
    }
    if (ev.depth === 1) {
      current = openElement(b, ev.name, ev.attrs);
      // Elements JOSM marks deleted do not describe the data: their timestamps are not counted either.
      if (current && !current.skip) b.noteTimestamp(ev.attrs.timestamp);
      if (current && ev.selfClosing) {
        finish(current);
        current = undefined;
      }
      if (ev.name === 'meta' && ev.attrs.osm_base) b.data.timestamp = ev.attrs.osm_base;
      if (ev.name === 'bounds') readBounds(b, ev.attrs);
    } else if (ev.depth === 2 && current) {
      addChild(b, current, ev.name, ev.attrs);
    }
  }
  return b.data;
}

function openElement(b: OsmDataBuilder, name: string, attrs: Record<string, string>): Current | undefined {
  const skip = attrs.action === 'delete' || attrs.visible === 'false';
  if (name === 'node') return { kind: 'node', id: b.id(attrs.id, 'node'), lon: attrs.lon, lat: attrs.lat, tags: newTags(), skip };
  if (name === 'way') return { kind: 'way', way: { id: b.id(attrs.id, 'way'), nodeIds: [] }, tags: newTags(), skip };
  if (name === 'relation') return { kind: 'relation', id: b.id(attrs.id, 'relation'), members: [], tags: newTags(), skip };
  return undefined;
}

function addChild(b: OsmDataBuilder, el: Current, name: string, attrs: Record<string, string>): void {
  const owner = el.kind === 'node' ? `node ${el.id}` : el.kind === 'way' ? `way ${el.way.id}` : `relation ${el.id}`;
  if (name === 'tag') {
    if (attrs.k === undefined || attrs.v === undefined) throw new SourceError('malformed', `${WHAT}: <tag> without k or v in ${owner}`);
    b.tag(el.tags, attrs.k, attrs.v, owner);
  } else if (name === 'nd' && el.kind === 'way') {
    el.way.nodeIds.push(b.id(attrs.ref, `${owner} nd`));
    // Overpass `out geom` puts coordinates on each <nd>.
    if (attrs.lat !== undefined && attrs.lon !== undefined) {
      const lon = Number(attrs.lon);
      const lat = Number(attrs.lat);
      if (Number.isFinite(lon) && Number.isFinite(lat)) (el.way.geometry ??= []).push({ lon, lat });
    }
  } else if (name === 'center' && el.kind === 'way') {
    const lon = Number(attrs.lon);
    const lat = Number(attrs.lat);
    if (Number.isFinite(lon) && Number.isFinite(lat)) el.way.center = { lon, lat };
  } else if (name === 'member' && el.kind === 'relation') {
    const type = attrs.type;
    if (type !== 'node' && type !== 'way' && type !== 'relation') {
      throw new SourceError('malformed', `${WHAT}: member of unknown type in ${owner}`);
    }
    el.members.push({ type, ref: b.id(attrs.ref, `${owner} member`), role: attrs.role ?? '' });
  }
}

function readBounds(b: OsmDataBuilder, attrs: Record<string, string>): void {
  const [west, south, east, north] = [attrs.minlon, attrs.minlat, attrs.maxlon, attrs.maxlat].map(Number);
  if ([west, south, east, north].every(Number.isFinite)) b.data.bounds = { west, south, east, north };
}
