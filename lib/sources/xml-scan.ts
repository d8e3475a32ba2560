/**
 * The one XML scanner the XML readers (OSM XML, GPX) share: a forward scan over the text without a DOM,
 * yielding element open/close events. Each reader keeps only its own semantics.
 *
 * It is safe on hostile input: no entity definitions are honoured (a DOCTYPE with an internal subset is
 * refused, so no "billion laughs"), nesting depth is bounded, a repeated attribute is refused (which value
 * would win is exactly what an attacker picks), and every loop advances. Comments, processing
 * instructions, CDATA sections and text content are skipped; readers that need text slice it from the
 * positions the events carry. Errors are `SourceError`s: `malformed`, `truncated`, `unsupported`.
 */
import { SourceError } from './errors.ts';

const NAME = /[A-Za-z_][\w:.-]*/y;
const ATTRIBUTE = /\s*([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export type XmlEvent =
  | {
      type: 'open';
      /** Element name as written (with any namespace prefix). */
      name: string;
      /** Name of the enclosing element as written; undefined for the root. */
      parent: string | undefined;
      /** Number of enclosing elements (0 for the root). */
      depth: number;
      attrs: Record<string, string>;
      selfClosing: boolean;
      /** Index just after the tag's `>`, where its content starts. */
      contentStart: number;
    }
  | {
      type: 'close';
      name: string;
      /** Name of the element that now encloses the scan; undefined after the root closes. */
      parent: string | undefined;
      /** Number of elements enclosing the closed one (0 when the root closes). */
      depth: number;
      /** Index of the closing tag's `<`, where the element's content ends. */
      contentEnd: number;
    };

/** Local name without a namespace prefix (`gpx:trkpt` → `trkpt`). */
export function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Decodes the five XML entities and character references; anything else is a `malformed` error. */
export function decodeXmlText(value: string, what: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
        throw new SourceError('malformed', `${what}: invalid character reference ${whole}`);
      }
      return String.fromCodePoint(code);
    }
    if (!Object.hasOwn(XML_ENTITIES, ref)) throw new SourceError('malformed', `${what}: unknown entity ${whole}`);
    return XML_ENTITIES[ref];
  });
}

/**
 * Scans `text`, whose root element must have the local name `root`, and yields its element events.
 * `what` names the format in error messages; `maxDepth` bounds nesting.
 */
export function* scanXml(text: string, options: { what: string; root: string; maxDepth: number }): Generator<XmlEvent> {
  const { what, root, maxDepth } = options;
  const cut = (inside: string) => new SourceError('truncated', `${what}: file ends inside a ${inside}`);
  const stack: string[] = [];
  let sawRoot = false;
  let pos = 0;

  while (true) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) break;
    const skipped = skipMarkup(text, lt, what, cut);
    if (skipped !== undefined) {
      pos = skipped;
      continue;
    }
    const closing = text[lt + 1] === '/';
    NAME.lastIndex = lt + (closing ? 2 : 1);
    const nameMatch = NAME.exec(text);
    if (!nameMatch) {
      if (lt + 2 >= text.length) throw cut('tag');
      throw new SourceError('malformed', `${what}: invalid markup at character ${lt}`);
    }
    const name = nameMatch[0];
    let p = NAME.lastIndex;

    if (closing) {
      const end = text.indexOf('>', p);
      if (end < 0) throw cut(`</${name}>`);
      if (text.slice(p, end).trim() !== '') throw new SourceError('malformed', `${what}: invalid closing tag </${name}>`);
      const open = stack.pop();
      if (open !== name) {
        throw new SourceError('malformed', `${what}: </${name}> closes <${open ?? 'nothing'}> at character ${lt}`);
      }
      pos = end + 1;
      yield { type: 'close', name, parent: stack[stack.length - 1], depth: stack.length, contentEnd: lt };
      continue;
    }

    const attrs: Record<string, string> = {};
    while (true) {
      ATTRIBUTE.lastIndex = p;
      const a = ATTRIBUTE.exec(text);
      if (!a) break;
      if (Object.hasOwn(attrs, a[1])) {
        throw new SourceError('malformed', `${what}: attribute ${a[1].slice(0, 40)} repeated in <${name}> at character ${p}`);
      }
      // defineProperty, not assignment: an attribute named `__proto__` must stay a plain value.
      Object.defineProperty(attrs, a[1], { value: decodeXmlText(a[2] ?? a[3] ?? '', what), enumerable: true });
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
      throw new SourceError('malformed', `${what}: invalid attribute in <${name}> at character ${p}`);
    }
    pos = p;

    const depth = stack.length;
    if (depth === 0) {
      if (sawRoot) throw new SourceError('malformed', `${what}: content after the root element`);
      if (localName(name) !== root) throw new SourceError('malformed', `${what}: root element is <${name}>, expected <${root}>`);
      sawRoot = true;
    }
    const parent = stack[depth - 1];
    if (!selfClosing) {
      if (depth >= maxDepth) throw new SourceError('malformed', `${what}: elements nested deeper than ${maxDepth}`);
      stack.push(name);
    }
    yield { type: 'open', name, parent, depth, attrs, selfClosing, contentStart: p };
  }
  if (!sawRoot) throw new SourceError(text.trim() === '' ? 'truncated' : 'malformed', `${what}: no <${root}> element`);
  if (stack.length > 0) throw cut(`<${stack[stack.length - 1]}> element`);
}

/** Skips a comment, processing instruction, CDATA section or declaration at `lt`; undefined if none is there. */
function skipMarkup(text: string, lt: number, what: string, cut: (inside: string) => SourceError): number | undefined {
  const skip = (open: string, close: string, inside: string): number | undefined => {
    if (!text.startsWith(open, lt)) return undefined;
    const end = text.indexOf(close, lt + open.length);
    if (end < 0) throw cut(inside);
    return end + close.length;
  };
  const simple = skip('<!--', '-->', 'comment') ?? skip('<?', '?>', 'processing instruction') ?? skip('<![CDATA[', ']]>', 'CDATA section');
  if (simple !== undefined) return simple;
  if (!text.startsWith('<!', lt)) return undefined;
  const end = text.indexOf('>', lt + 2);
  if (end < 0) throw cut('declaration');
  if (text.slice(lt, end).includes('[')) {
    throw new SourceError('unsupported', `${what}: DOCTYPE with entity definitions is refused`);
  }
  return end + 1;
}
