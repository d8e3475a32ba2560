/**
 * Base64 for bytes over JSON-only channels (extension messaging: the overlay's engine frame reads the planner's
 * data through the background, lib/planner/remote-deps.ts). Plain code, the same in Node and in browsers; a
 * string that is not standard padded base64 is refused.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = new Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) CODES[ALPHABET.charCodeAt(i)] = i;
/** Characters of output built per String.fromCharCode call (its argument count stays small). */
const CHUNK = 0x3000;
const ENC = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** The platform's own codec where it has one (Chromium ≥ 140; not Node 20). */
interface NativeBase64 {
  toBase64?(this: Uint8Array): string;
}
const nativeFrom = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

export function bytesToBase64(bytes: Uint8Array): string {
  const native = (bytes as NativeBase64).toBase64;
  if (native) return native.call(bytes);
  const n = bytes.length;
  const parts: string[] = [];
  const codes = new Uint16Array(CHUNK);
  let k = 0;
  const flush = () => {
    parts.push(String.fromCharCode.apply(null, codes.subarray(0, k) as unknown as number[]));
    k = 0;
  };
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    codes[k++] = ENC[v >> 18];
    codes[k++] = ENC[(v >> 12) & 63];
    codes[k++] = ENC[(v >> 6) & 63];
    codes[k++] = ENC[v & 63];
    if (k === CHUNK) flush();
  }
  if (i < n) {
    const v = (bytes[i] << 16) | (i + 1 < n ? bytes[i + 1] << 8 : 0);
    codes[k++] = ENC[v >> 18];
    codes[k++] = ENC[(v >> 12) & 63];
    codes[k++] = i + 1 < n ? ENC[(v >> 6) & 63] : 61;
    codes[k++] = 61; // '='
  }
  flush();
  return parts.join('');
}

export class Base64Error extends Error {}

export function base64ToBytes(text: string): Uint8Array {
  if (nativeFrom) {
    if (text.length % 4 !== 0) throw new Base64Error('base64 length is not a multiple of 4');
    try {
      return nativeFrom(text);
    } catch (e) {
      throw new Base64Error(`not base64: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (text.length % 4 !== 0) throw new Base64Error('base64 length is not a multiple of 4');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = CODES[text.charCodeAt(i)] ?? 255;
    const b = CODES[text.charCodeAt(i + 1)] ?? 255;
    const c = last && pad === 2 ? 0 : (CODES[text.charCodeAt(i + 2)] ?? 255);
    const d = last && pad >= 1 ? 0 : (CODES[text.charCodeAt(i + 3)] ?? 255);
    if ((a | b | c | d) > 63) throw new Base64Error(`not base64 at ${i}`);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}
