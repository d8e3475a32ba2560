/**
 * Small text helpers shared by the readers: size-capped decoding, JSON parsing with typed errors, and a
 * DOM-free HTML-to-text extractor for untrusted HTML fragments (never rendered, only mined for text).
 */
import { SourceError } from './errors.ts';
import { MAX_TEXT_FIELD_CHARS } from './limits.ts';

/** Reader input: text, or bytes decoded as UTF-8. */
export type SourceInput = string | Uint8Array | ArrayBuffer;

/**
 * Decodes input to text, refusing anything larger than `maxBytes` before decoding. Invalid UTF-8 is a
 * `malformed` error rather than silently replaced characters.
 */
export function inputToText(input: SourceInput, maxBytes: number, what: string): string {
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw tooLarge(input.length, maxBytes, what);
    return input;
  }
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength > maxBytes) throw tooLarge(bytes.byteLength, maxBytes, what);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // A multi-byte sequence cut at the very end is what a truncated download looks like.
    const cutAtEnd = bytes.byteLength > 0 && bytes[bytes.byteLength - 1] >= 0x80;
    throw new SourceError(cutAtEnd ? 'truncated' : 'malformed', `${what} is not valid UTF-8 text`);
  }
}

function tooLarge(size: number, max: number, what: string): SourceError {
  return new SourceError('too-large', `${what} is ${size} bytes, over the ${max}-byte limit`);
}

/**
 * JSON.parse with typed errors: input that ends early (cut download) is `truncated`, anything else
 * unparsable is `malformed`. The message keeps the parser's position for the maintainer.
 */
export function parseJson(text: string, what: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new SourceError('truncated', `${what} is empty`);
  try {
    return JSON.parse(body);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    // Engines word their errors differently; the text itself tells whether the value was cut short.
    const atEnd = jsonEndsEarly(body) || /end of (JSON|data)|Unterminated/i.test(detail);
    throw new SourceError(atEnd ? 'truncated' : 'malformed', `${what} is not valid JSON (${detail})`);
  }
}

/**
 * True when JSON text stops before its value is complete: empty, inside a string, or with `{`/`[` left
 * open. Engines word their parse errors differently, so this looks at the text, not the message.
 */
export function jsonEndsEarly(text: string): boolean {
  // Openers still waiting for their closer; a closer that does not match means broken, not cut.
  const open: number[] = [];
  let inString = false;
  let sawValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      sawValue = true;
    } else if (c === 0x7b || c === 0x5b) {
      open.push(c);
      sawValue = true;
    } else if (c === 0x7d || c === 0x5d) {
      if (open.pop() !== (c === 0x7d ? 0x7b : 0x5b)) return false;
    } else if (c > 0x20) sawValue = true;
  }
  return !sawValue || inString || open.length > 0;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A trimmed, length-capped plain-text field, or undefined when empty or not a string/number. */
export function textField(value: unknown, max = MAX_TEXT_FIELD_CHARS): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
  return t === '' ? undefined : t.slice(0, max);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  agrave: 'à',
  acirc: 'â',
  ccedil: 'ç',
  ocirc: 'ô',
  ucirc: 'û',
  ugrave: 'ù',
  icirc: 'î',
  iuml: 'ï',
  euml: 'ë',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  laquo: '«',
  raquo: '»',
  deg: '°',
  Eacute: 'É',
  Egrave: 'È',
  Agrave: 'À',
  Ccedil: 'Ç',
  oelig: 'œ',
};

/** Decodes HTML character references (`&amp;`, `&#8217;`, `&#x2019;`); unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      // Surrogates, NUL and out-of-range code points are what hostile input uses; drop them.
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
      return String.fromCodePoint(code);
    }
    return Object.hasOwn(NAMED_ENTITIES, ref) ? NAMED_ENTITIES[ref] : whole;
  });
}

/**
 * Plain text of an untrusted HTML fragment, without a DOM: drops comments, `<script>`/`<style>` bodies and
 * every tag, turns block boundaries into newlines, decodes entities and collapses spaces. The result is
 * text to be shown as text, never re-parsed as HTML.
 */
export function htmlToText(html: string, maxChars = 100_000): string {
  const capped = html.slice(0, maxChars);
  return decodeEntities(
    capped
      .replace(/<!--[\s\S]*?(-->|$)/g, '')
      .replace(/<(script|style)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi, '')
      .replace(/<\/?(li|ul|ol|p|div|br|h[1-6]|tr|td|table)\b[^>]*>/gi, '\n')
      .replace(/<[^>]*(>|$)/g, ''),
  )
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Values of `href` attributes in an HTML fragment, entity-decoded, in document order. */
export function htmlLinks(html: string, maxChars = 100_000): string[] {
  const out: string[] = [];
  const re = /<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  for (const m of html.slice(0, maxChars).matchAll(re)) out.push(decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  return out;
}

/**
 * A short description of an untrusted value for error messages. Never recursive: JSON.stringify on a
 * 100,000-deep array (which JSON.parse accepts) overflows the stack.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value === 'object' ? 'n object' : typeof value}`.replace('a n ', 'an ');
}
