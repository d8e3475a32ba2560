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

const WHAT = 'OSM XML';
/** OSM XML nests 3 deep (osm > way > nd); anything deeper than this is not OSM. */
const MAX_DEPTH = 16;
const NAME = /[A-Za-z_][\w:.-]*/y;
const ATTRIBUTE = /\s*([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new SourceError('malformed', `${WHAT}: invalid character reference ${whole}`);
      }
      return String.fromCodePoint(code);
    }
    if (!Object.hasOwn(XML_ENTITIES, ref)) throw new SourceError('malformed', `${WHAT}: unknown entity ${whole}`);
    return XML_ENTITIES[ref];
  });
}

type Current =
  | { kind: 'node'; id: number; lon: string | undefined; lat: string | undefined; tags: OsmTags; skip: boolean }
  | { kind: 'way'; way: OsmWay; tags: OsmTags; skip: boolean }
  | { kind: 'relation'; id: number; members: OsmRelationMember[]; tags: OsmTags; skip: boolean };

export function readOsmXml(input: SourceInput): OsmData {
  const text = inputToText(input, MAX_OSM_FILE_BYTES, WHAT);
  const b = new OsmDataBuilder(WHAT);
  const stack: string[] = [];
  let sawRoot = false;
  let current: Current | undefined;
  let pos = 0;

  const finish = (el: Current) => {
    if (el.skip) return;
    if (el.kind === 'node') b.addNode(el.id, el.lon, el.lat, el.tags);
    else if (el.kind === 'way') b.addWay({ ...el.way, tags: el.tags });
    else b.addRelation(el.id, el.members, el.tags);
  };

  while (true) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) throw cut('comment');
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw cut('processing instruction');
      pos = end + 2;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) throw cut('CDATA section');
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<!', lt)) {
      const end = text.indexOf('>', lt + 2);
      if (end < 0) throw cut('declaration');
      if (text.slice(lt, end).includes('[')) {
        throw new SourceError('unsupported', `${WHAT}: DOCTYPE with entity definitions is refused`);
      }
      pos = end + 1;
      continue;
    }
    const closing = text[lt + 1] === '/';
    NAME.lastIndex = lt + (closing ? 2 : 1);
    const nameMatch = NAME.exec(text);
    if (!nameMatch) {
      if (NAME.lastIndex >= text.length || lt + 2 >= text.length) throw cut('tag');
      throw new SourceError('malformed', `${WHAT}: invalid markup at character ${lt}`);
    }
    const name = nameMatch[0];
    let p = NAME.lastIndex;

    if (closing) {
      const end = text.indexOf('>', p);
      if (end < 0) throw cut(`</${name}>`);
      if (text.slice(p, end).trim() !== '') throw new SourceError('malformed', `${WHAT}: invalid closing tag </${name}>`);
      const open = stack.pop();
      if (open !== name) {
        throw new SourceError('malformed', `${WHAT}: </${name}> closes <${open ?? 'nothing'}> at character ${lt}`);
      }
      if (current && name === current.kind && stack.length === 1) {
        finish(current);
        current = undefined;
      }
      pos = end + 1;
      continue;
    }

    const attrs: Record<string, string> = {};
    while (true) {
      ATTRIBUTE.lastIndex = p;
      const a = ATTRIBUTE.exec(text);
      if (!a) break;
      if (Object.hasOwn(attrs, a[1])) {
        throw new SourceError('malformed', `${WHAT}: duplicate attribute ${a[1].slice(0, 40)} in <${name}> at character ${p}`);
      }
      Object.defineProperty(attrs, a[1], { value: decodeXmlText(a[2] ?? a[3] ?? ''), enumerable: true });
      p = ATTRIBUTE.lastIndex;
    }
    while (p < text.length && /\s/.test(text[p])) p++;
    let selfClosing = false;
    if (text.startsWith('/>', p)) {
      selfClosing = true;
      p += 2;
    } else if (text[p] === '>') {
      p += 1;
    } else if (p >= text.length || text.indexOf('>', p) < 0) {
      throw cut(`<${name}>`);
    } else {
      throw new SourceError('malformed', `${WHAT}: invalid attribute in <${name}> at character ${p}`);
    }
    pos = p;

    const depth = stack.length;
    if (depth === 0) {
      if (sawRoot) throw new SourceError('malformed', `${WHAT}: content after the root element`);
      if (name !== 'osm') throw new SourceError('malformed', `${WHAT}: root element is <${name}>, expected <osm>`);
      sawRoot = true;
    } else if (depth === 1) {
      current = openElement(b, name, attrs);
      if (current && selfClosing) {
        finish(current);
        current = undefined;
      }
      if (name === 'meta' && attrs.osm_base) b.data.timestamp = attrs.osm_base;
      if (name === 'bounds') readBounds(b, attrs);
    } else if (depth === 2 && current) {
      addChild(b, current, name, attrs);
    }
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH) throw new SourceError('malformed', `${WHAT}: elements nested deeper than ${MAX_DEPTH}`);
      stack.push(name);
    }
  }
  if (!sawRoot) throw new SourceError(text.trim() === '' ? 'truncated' : 'malformed', `${WHAT}: no <osm> element`);
  if (stack.length > 0) throw cut(`<${stack[stack.length - 1]}> element`);
  return b.data;
}

function cut(what: string): SourceError {
  return new SourceError('truncated', `${WHAT}: file ends inside a ${what}`);
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
