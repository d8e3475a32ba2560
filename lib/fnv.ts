/**
 * The project's non-cryptographic hashes. FNV-1a, the checksum of the engine's persisted files
 * (lib/routing/landmark-file.ts, lib/walls/index-file.ts): over a byte range's 32-bit little-endian words, then
 * its last 0–3 bytes; it catches a corrupt or foreign file, which is then rebuilt. `Hash52`, an identity for
 * values compared in memory (route keys, camera coverage signatures).
 */

/** FNV-1a over bytes [from, to) of `buffer` (`to − from` ≥ 0; `from` a multiple of 4), continuing from `h`. */
export function fnv1aBytes(buffer: ArrayBufferLike, from = 0, to = buffer.byteLength, h = 0x811c9dc5): number {
  const words = (to - from) >> 2;
  const w = new Uint32Array(buffer, from, words);
  for (let i = 0; i < words; i++) {
    h ^= w[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const tail = new Uint8Array(buffer, from + 4 * words, to - from - 4 * words);
  for (let i = 0; i < tail.length; i++) {
    h ^= tail[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** FNV-1a over the words of a Uint32Array view. */
export const fnv1aWords = (words: Uint32Array): number => fnv1aBytes(words.buffer, words.byteOffset, words.byteOffset + words.byteLength);

/**
 * Two independent 32-bit multiplicative hashes of a sequence of 32-bit values, combined into 52 bits (a safe
 * integer): the identity of a route (lib/routing/router.ts `routeKey`) and of a camera's coverage (lib/planner/engine.ts).
 */
export class Hash52 {
  private h1 = 0x811c9dc5 | 0;
  private h2 = 0x27d4eb2f | 0;

  mix(v: number): void {
    this.h1 = Math.imul(this.h1 ^ v, 0x01000193);
    const h2 = Math.imul(this.h2 ^ v, 0x5bd1e995);
    this.h2 = h2 ^ (h2 >>> 15);
  }

  get value(): number {
    return (this.h1 >>> 0) * 0x100000 + ((this.h2 >>> 0) & 0xfffff);
  }
}
