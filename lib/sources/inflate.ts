/**
 * A bounded DEFLATE decoder (RFC 1951) for OSM PBF blobs, synchronous and pure (typed arrays only), so it
 * runs in Node and in every extension context.
 *
 * Ported from tiny-inflate 1.0.3 (MIT, © Devon Govett; itself a port of Jørgen Ibsen's tinf, zlib licence),
 * with the checks hostile input needs. The original loops forever on some corrupt streams: once the input
 * is exhausted it keeps decoding zero bits into literals, and an invalid symbol turns into NaN lengths that
 * never end a block. Here every read is checked against the input length, every write against the output
 * size, and every symbol against its alphabet, so any input ends in at most (input bits + output bytes) steps.
 */

export class InflateError extends Error {
  override readonly name = 'InflateError';
  constructor(
    readonly reason: 'truncated' | 'corrupt' | 'overflow',
    message: string,
  ) {
    super(message);
  }
}

class Tree {
  /** Code length counts. */
  readonly table = new Uint16Array(16);
  /** Code → symbol. */
  readonly trans = new Uint16Array(288);
}

const fixedLengthTree = new Tree();
const fixedDistanceTree = new Tree();
const lengthBits = new Uint8Array(30);
const lengthBase = new Uint16Array(30);
const distBits = new Uint8Array(30);
const distBase = new Uint16Array(30);
const codeLengthOrder = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

function buildBitsBase(bits: Uint8Array, base: Uint16Array, delta: number, first: number): void {
  for (let i = 0; i < delta; ++i) bits[i] = 0;
  for (let i = 0; i < 30 - delta; ++i) bits[i + delta] = (i / delta) | 0;
  for (let sum = first, i = 0; i < 30; ++i) {
    base[i] = sum;
    sum += 1 << bits[i];
  }
}

{
  const lt = fixedLengthTree;
  lt.table.fill(0);
  lt.table[7] = 24;
  lt.table[8] = 152;
  lt.table[9] = 112;
  for (let i = 0; i < 24; ++i) lt.trans[i] = 256 + i;
  for (let i = 0; i < 144; ++i) lt.trans[24 + i] = i;
  for (let i = 0; i < 8; ++i) lt.trans[24 + 144 + i] = 280 + i;
  for (let i = 0; i < 112; ++i) lt.trans[24 + 144 + 8 + i] = 144 + i;
  const dt = fixedDistanceTree;
  dt.table.fill(0);
  dt.table[5] = 32;
  for (let i = 0; i < 32; ++i) dt.trans[i] = i;
  buildBitsBase(lengthBits, lengthBase, 4, 3);
  buildBitsBase(distBits, distBase, 2, 1);
  lengthBits[28] = 0;
  lengthBase[28] = 258;
}

function buildTree(t: Tree, lengths: Uint8Array, off: number, num: number): void {
  const offs = new Uint16Array(16);
  t.table.fill(0);
  for (let i = 0; i < num; ++i) t.table[lengths[off + i]]++;
  t.table[0] = 0;
  for (let sum = 0, i = 0; i < 16; ++i) {
    offs[i] = sum;
    sum += t.table[i];
  }
  for (let i = 0; i < num; ++i) {
    if (lengths[off + i]) t.trans[offs[lengths[off + i]]++] = i;
  }
}

class Stream {
  index = 0;
  tag = 0;
  bitcount = 0;
  destLen = 0;
  constructor(
    readonly source: Uint8Array,
    readonly dest: Uint8Array,
  ) {}

  /** Next byte; zeros past the end (look-ahead is allowed), `checkInput` catches real overreads. */
  private byte(): number {
    const i = this.index++;
    return i < this.source.length ? this.source[i] : 0;
  }

  /** Throws when the bits consumed so far exceed the input. */
  checkInput(): void {
    if (this.index * 8 - this.bitcount > this.source.length * 8) {
      throw new InflateError('truncated', 'deflate stream ends early');
    }
  }

  bit(): number {
    if (!this.bitcount--) {
      this.tag = this.byte();
      this.bitcount = 7;
    }
    const bit = this.tag & 1;
    this.tag >>>= 1;
    return bit;
  }

  bits(num: number, base: number): number {
    if (!num) return base;
    while (this.bitcount < 24) {
      this.tag |= this.byte() << this.bitcount;
      this.bitcount += 8;
    }
    const val = this.tag & (0xffff >>> (16 - num));
    this.tag >>>= num;
    this.bitcount -= num;
    return val + base;
  }

  symbol(t: Tree): number {
    while (this.bitcount < 24) {
      this.tag |= this.byte() << this.bitcount;
      this.bitcount += 8;
    }
    let sum = 0;
    let cur = 0;
    let len = 0;
    let tag = this.tag;
    do {
      cur = 2 * cur + (tag & 1);
      tag >>>= 1;
      ++len;
      if (len > 15) throw new InflateError('corrupt', 'invalid Huffman code');
      sum += t.table[len];
      cur -= t.table[len];
    } while (cur >= 0);
    this.tag = tag;
    this.bitcount -= len;
    this.checkInput();
    const symbol = t.trans[sum + cur];
    if (symbol === undefined) throw new InflateError('corrupt', 'invalid Huffman code');
    return symbol;
  }

  push(byte: number): void {
    if (this.destLen >= this.dest.length) throw new InflateError('overflow', 'deflate output exceeds the declared size');
    this.dest[this.destLen++] = byte;
  }
}

function decodeTrees(d: Stream, lt: Tree, dt: Tree): void {
  const lengths = new Uint8Array(288 + 32);
  const codeTree = new Tree();
  const hlit = d.bits(5, 257);
  const hdist = d.bits(5, 1);
  const hclen = d.bits(4, 4);
  if (hlit > 286 || hdist > 30) throw new InflateError('corrupt', 'invalid dynamic tree sizes');
  for (let i = 0; i < hclen; ++i) lengths[codeLengthOrder[i]] = d.bits(3, 0);
  d.checkInput();
  buildTree(codeTree, lengths, 0, 19);
  lengths.fill(0, 0, 19);
  for (let num = 0; num < hlit + hdist; ) {
    const sym = d.symbol(codeTree);
    let repeat: number;
    let value: number;
    if (sym === 16) {
      if (num === 0) throw new InflateError('corrupt', 'repeat of a missing code length');
      value = lengths[num - 1];
      repeat = d.bits(2, 3);
    } else if (sym === 17) {
      value = 0;
      repeat = d.bits(3, 3);
    } else if (sym === 18) {
      value = 0;
      repeat = d.bits(7, 11);
    } else if (sym <= 15) {
      value = sym;
      repeat = 1;
    } else {
      throw new InflateError('corrupt', 'invalid code length symbol');
    }
    if (num + repeat > hlit + hdist) throw new InflateError('corrupt', 'code lengths overflow the trees');
    lengths.fill(value, num, num + repeat);
    num += repeat;
  }
  buildTree(lt, lengths, 0, hlit);
  buildTree(dt, lengths, hlit, hdist);
}

function inflateBlock(d: Stream, lt: Tree, dt: Tree): void {
  while (true) {
    const sym = d.symbol(lt);
    if (sym === 256) return;
    if (sym < 256) {
      d.push(sym);
      continue;
    }
    const l = sym - 257;
    if (l >= 29) throw new InflateError('corrupt', 'invalid length symbol');
    const length = d.bits(lengthBits[l], lengthBase[l]);
    const dist = d.symbol(dt);
    if (dist >= 30) throw new InflateError('corrupt', 'invalid distance symbol');
    const offs = d.destLen - d.bits(distBits[dist], distBase[dist]);
    d.checkInput();
    if (offs < 0) throw new InflateError('corrupt', 'distance before the start of the output');
    for (let i = offs; i < offs + length; ++i) d.push(d.dest[i]);
  }
}

function inflateStored(d: Stream): void {
  // Give back whole bytes read ahead into the bit buffer.
  while (d.bitcount >= 8) {
    d.index--;
    d.bitcount -= 8;
  }
  const s = d.source;
  if (d.index + 4 > s.length) throw new InflateError('truncated', 'stored block header cut');
  const length = s[d.index] | (s[d.index + 1] << 8);
  const inverse = s[d.index + 2] | (s[d.index + 3] << 8);
  if (length !== (~inverse & 0xffff)) throw new InflateError('corrupt', 'stored block length check failed');
  d.index += 4;
  if (d.index + length > s.length) throw new InflateError('truncated', 'stored block cut');
  for (let i = 0; i < length; i++) d.push(s[d.index++]);
  d.bitcount = 0;
}

/**
 * Inflates raw DEFLATE `source` into `dest`; returns the number of bytes written. Throws InflateError when
 * the stream is cut, corrupt, or would write more than `dest.length` bytes.
 */
export function inflateRaw(source: Uint8Array, dest: Uint8Array): number {
  const d = new Stream(source, dest);
  const lt = new Tree();
  const dt = new Tree();
  let final: number;
  do {
    final = d.bit();
    const type = d.bits(2, 0);
    d.checkInput();
    if (type === 0) inflateStored(d);
    else if (type === 1) inflateBlock(d, fixedLengthTree, fixedDistanceTree);
    else if (type === 2) {
      decodeTrees(d, lt, dt);
      inflateBlock(d, lt, dt);
    } else throw new InflateError('corrupt', 'invalid block type');
  } while (!final);
  return d.destLen;
}
