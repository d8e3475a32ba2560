/**
 * Overpass API JSON (`[out:json]`) → OsmData. Accepts `out body`, `out geom` (inline way geometry) and
 * `out center` (way centres). Of the metadata (`out meta`), only the newest element timestamp is kept.
 */
import { SourceError } from './errors.ts';
import { MAX_OSM_FILE_BYTES } from './limits.ts';
import { OsmDataBuilder, newTags } from './osm-build.ts';
import type { OsmData, OsmRelationMember, OsmTags, OsmWay } from './osm-model.ts';
import { inputToText, isRecord, parseJson, type SourceInput } from './text.ts';
import { isLonLat } from './types.ts';

const WHAT = 'Overpass JSON';

export function readOverpassJson(input: SourceInput | unknown): OsmData {
  const data =
    typeof input === 'string' || input instanceof Uint8Array || input instanceof ArrayBuffer
      ? parseJson(inputToText(input, MAX_OSM_FILE_BYTES, WHAT), WHAT)
      : input;
  if (!isRecord(data) || !Array.isArray(data.elements)) {
    throw new SourceError('malformed', `${WHAT}: expected an object with an "elements" array`);
  }
  if (typeof data.remark === 'string' && /runtime error|timed out|out of memory/i.test(data.remark)) {
    // Overpass reports a failed query inside a 200 response: the element list is incomplete.
    throw new SourceError('truncated', `${WHAT}: the server reported "${data.remark.slice(0, 200)}"`);
  }
  const b = new OsmDataBuilder(WHAT);
  for (const el of data.elements as unknown[]) {
    if (!isRecord(el)) throw new SourceError('malformed', `${WHAT}: an element is not an object`);
    const type = el.type;
    if (type !== 'node' && type !== 'way' && type !== 'relation') continue; // `area`, `count`: not data
    const id = b.id(el.id, String(type));
    const tags = readTags(b, el.tags, `${type} ${id}`);
    b.noteTimestamp(el.timestamp); // present with `out meta`; the rest of the metadata is ignored
    if (type === 'node') {
      b.addNode(id, el.lon, el.lat, tags);
    } else if (type === 'way') {
      const nodeIds = Array.isArray(el.nodes) ? el.nodes.map((n) => b.id(n, `way ${id} node`)) : [];
      const way: OsmWay = { id, nodeIds, tags };
      if (Array.isArray(el.geometry)) {
        way.geometry = el.geometry.map((p) => {
          if (!isRecord(p) || !isLonLat(p.lon, p.lat)) {
            throw new SourceError('invalid-value', `${WHAT}: way ${id} has an invalid geometry point`);
          }
          return { lon: p.lon, lat: p.lat as number };
        });
      }
      if (isRecord(el.center) && isLonLat(el.center.lon, el.center.lat)) {
        way.center = { lon: el.center.lon, lat: el.center.lat as number };
      }
      b.addWay(way);
    } else {
      const members: OsmRelationMember[] = [];
      for (const m of Array.isArray(el.members) ? el.members : []) {
        if (!isRecord(m) || (m.type !== 'node' && m.type !== 'way' && m.type !== 'relation')) {
          throw new SourceError('invalid-value', `${WHAT}: relation ${id} has an invalid member`);
        }
        members.push({ type: m.type, ref: b.id(m.ref, `relation ${id} member`), role: typeof m.role === 'string' ? m.role : '' });
      }
      b.addRelation(id, members, tags);
    }
  }
  const osm3s = data.osm3s;
  if (isRecord(osm3s) && typeof osm3s.timestamp_osm_base === 'string') b.data.timestamp = osm3s.timestamp_osm_base;
  return b.data;
}

function readTags(b: OsmDataBuilder, raw: unknown, owner: string): OsmTags | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw new SourceError('invalid-value', `${WHAT}: ${owner} has tags that are not an object`);
  const tags = newTags();
  for (const [k, v] of Object.entries(raw)) b.tag(tags, k, v, owner);
  return tags;
}
