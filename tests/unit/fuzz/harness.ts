/**
 * Shared fuzzing machinery: input generators (random bytes, mutations of real files, JSON/XML/CSV-aware
 * mutations, deep nesting), the contract every parser must keep, and the figures the README quotes.
 *
 * The contract: for every input a parser either returns a result that passes its invariants ("imported")
 * or throws a typed error — SourceError, ImportError or OverpassError — ("rejected"). Any other exception,
 * or a result that breaks an invariant, fails the property with the shrunk counterexample.
 */
import { parentPort } from 'node:worker_threads';
import fc from 'fast-check';
import { CAMERA_KINDS, type Camera } from '../../../lib/cameras/types.ts';
import { isSourceError } from '../../../lib/sources/errors.ts';
import { isImportError } from '../../../lib/import/errors.ts';
import { isOverpassError } from '../../../lib/sources/overpass-query.ts';

/** Seed shared by every fuzz property, so a failure replays; override with FUZZ_SEED=<n>. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_128);

/** Multiplies every numRuns (FUZZ_SCALE=10 for a long local run). */
export const FUZZ_SCALE = Number(process.env.FUZZ_SCALE ?? 1);

/**
 * FUZZ_RECORD_ONLY=1 counts contract violations as `bugs` in the figures instead of failing, to survey every
 * parser in one run while a known bug is being fixed. Never set in CI.
 */
const RECORD_ONLY = process.env.FUZZ_RECORD_ONLY === '1';

export function runs(n: number): number {
  return Math.max(1, Math.round(n * FUZZ_SCALE));
}

// ---------------------------------------------------------------------------------------------------
// Figures

interface Figure {
  cases: number;
  imported: number;
  rejected: number;
  bugs: number;
  bugSamples: string[];
  codes: Record<string, number>;
  maxMs: number;
  totalMs: number;
}

const figures = new Map<string, Figure>();

/** Preview of the input being parsed, set by `describeInput` (sent to the watchdog with each case). */
let currentInput = '';

/** Records a short description of the next input (length and first characters). */
export function describeInput(bytes: Uint8Array): Uint8Array {
  const preview = dec.decode(bytes.subarray(0, 120)).replace(/[\u0000-\u001f]/g, '·');
  currentInput = `${bytes.length} bytes: ${JSON.stringify(preview)}${bytes.length > 120 ? '…' : ''}`;
  return bytes;
}

/**
 * Runs one case and records it under `target`. Returns the outcome; throws (failing the property) when the
 * parser throws an untyped exception or its result breaks `check`.
 */
export function runCase<T>(target: string, parse: () => T, check: (result: T) => void = () => undefined): 'imported' | 'rejected' | 'bug' {
  const fig = figures.get(target) ?? { cases: 0, imported: 0, rejected: 0, bugs: 0, bugSamples: [], codes: {}, maxMs: 0, totalMs: 0 };
  figures.set(target, fig);
  fig.cases++;
  // The watchdog in the parent thread names the case that was running if this one never returns.
  parentPort?.postMessage({ type: 'case', target, input: currentInput });
  const t0 = performance.now();
  let result: T;
  try {
    result = parse();
  } catch (e) {
    const ms = performance.now() - t0;
    fig.maxMs = Math.max(fig.maxMs, ms);
    fig.totalMs += ms;
    if (isSourceError(e) || isImportError(e) || isOverpassError(e)) {
      fig.rejected++;
      fig.codes[e.code] = (fig.codes[e.code] ?? 0) + 1;
      return 'rejected';
    }
    return violation(
      fig,
      new Error(`${target}: untyped exception ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e)}`, { cause: e }),
    );
  }
  const ms = performance.now() - t0;
  fig.maxMs = Math.max(fig.maxMs, ms);
  fig.totalMs += ms;
  try {
    check(result);
  } catch (e) {
    return violation(fig, e as Error);
  }
  fig.imported++;
  return 'imported';
}

/** `runCase` for a byte input: the watchdog learns which input was running. */
export function fuzzCase<T>(
  target: string,
  bytes: Uint8Array,
  parse: (bytes: Uint8Array) => T,
  check?: (result: T) => void,
): 'imported' | 'rejected' | 'bug' {
  describeInput(bytes);
  return runCase(target, () => parse(bytes), check);
}

function violation(fig: Figure, error: Error): 'bug' {
  if (!RECORD_ONLY) throw error;
  fig.bugs++;
  if (fig.bugSamples.length < 5 && !fig.bugSamples.includes(error.message)) fig.bugSamples.push(error.message);
  return 'bug';
}

/** The figures gathered so far in this thread (the worker posts them to the watchdog). */
export function figuresSnapshot(): Record<string, Figure> {
  return Object.fromEntries([...figures.entries()].map(([k, f]) => [k, { ...f, maxMs: round(f.maxMs), totalMs: round(f.totalMs) }]));
}

export type { Figure };

/** Figures as a Markdown table for the README. */
export function figuresTable(all: Record<string, Figure>): string {
  const rows = Object.entries(all).sort(([a], [b]) => a.localeCompare(b));
  const lines = [
    '| parser | cases | imported | rejected (typed) | contract violations | rejection codes | max ms/case |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const [k, f] of rows) {
    const codes = Object.entries(f.codes)
      .sort(([, a], [, b]) => b - a)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    lines.push(`| ${k} | ${f.cases} | ${f.imported} | ${f.rejected} | ${f.bugs} | ${codes} | ${round(f.maxMs)} |`);
    for (const b of f.bugSamples) lines.push(`|  ↳ ${b.replace(/\|/g, '/').slice(0, 160)} | | | | | | |`);
  }
  return lines.join('\n');
}

const round = (n: number) => Math.round(n * 10) / 10;

// ---------------------------------------------------------------------------------------------------
// Invariants

export function assertValidCamera(c: Camera): void {
  const fail = (why: string) => {
    throw new Error(`invalid camera ${JSON.stringify(c).slice(0, 300)}: ${why}`);
  };
  if (typeof c.id !== 'string' || c.id === '') fail('id');
  if (!(Number.isFinite(c.lon) && Number.isFinite(c.lat) && Math.abs(c.lon) <= 180 && Math.abs(c.lat) <= 90)) fail('coordinates');
  if (!(CAMERA_KINDS as readonly string[]).includes(c.kind)) fail('kind');
  if (!Array.isArray(c.directions) || !c.directions.every((d) => Number.isFinite(d) && d >= 0 && d < 360)) fail('directions');
  if (c.fov !== undefined && !(Number.isFinite(c.fov) && c.fov > 0 && c.fov <= 360)) fail('fov');
  if (c.height !== undefined && !(Number.isFinite(c.height) && c.height >= 0)) fail('height');
  if (!(Number.isFinite(c.confidence) && c.confidence >= 0 && c.confidence <= 1)) fail('confidence');
  for (const k of ['name', 'operator', 'mount', 'zone'] as const) {
    const v = c[k];
    if (v !== undefined && (typeof v !== 'string' || v.length > 1_000)) fail(k);
  }
}

export function assertValidCameras(r: { cameras: Camera[]; rejects: Array<{ sourceId: string; reason: string }> }): void {
  r.cameras.forEach(assertValidCamera);
  for (const x of r.rejects) {
    if (typeof x.reason !== 'string' || x.reason === '' || typeof x.sourceId !== 'string') {
      throw new Error(`bad reject ${JSON.stringify(x).slice(0, 200)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Generators

const enc = new TextEncoder();
const dec = new TextDecoder();

export function bytesOf(s: string): Uint8Array {
  return enc.encode(s);
}

/**
 * Counterexamples are printed as a short preview plus the replay seed/path fast-check reports, not as
 * megabytes of numbers: the full input is reproduced by re-running with the same FUZZ_SEED.
 */
export function compact(arb: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return arb.map((bytes) => {
    const preview = dec.decode(bytes.subarray(0, 160)).replace(/[\u0000-\u001f]/g, '·');
    Object.defineProperty(bytes, fc.toStringMethod, {
      value: () => `<${bytes.length} bytes: ${JSON.stringify(preview)}${bytes.length > 160 ? '…' : ''}>`,
    });
    return bytes;
  });
}

/** Random bytes and random strings (binary and printable), up to `max` units. */
export function randomInput(max = 2_000): fc.Arbitrary<Uint8Array> {
  return compactOneof(
    fc.uint8Array({ maxLength: max }),
    fc.string({ unit: 'binary', maxLength: max }).map(bytesOf),
    fc.string({ maxLength: max }).map(bytesOf),
  );
}

/** Byte-level mutations of a real file: truncate, flip bytes, insert, delete, repeat a slice. */
export function mutatedBytes(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = seed.length;
  const pos = fc.nat({ max: Math.max(0, n - 1) });
  return compactOneof(
    pos.map((p) => seed.slice(0, p)),
    fc.array(fc.tuple(pos, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const out = seed.slice();
      for (const [p, x] of flips) out[p] ^= x;
      return out;
    }),
    fc.tuple(pos, fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([p, ins]) => {
      const out = new Uint8Array(n + ins.length);
      out.set(seed.subarray(0, p));
      out.set(ins, p);
      out.set(seed.subarray(p), p + ins.length);
      return out;
    }),
    fc.tuple(pos, fc.nat({ max: 4_096 })).map(([p, len]) => {
      const out = new Uint8Array(n - Math.min(len, n - p));
      out.set(seed.subarray(0, p));
      out.set(seed.subarray(p + Math.min(len, n - p)), p);
      return out;
    }),
    fc.tuple(pos, fc.integer({ min: 1, max: 256 }), fc.integer({ min: 2, max: 20 })).map(([p, len, times]) => {
      const slice = seed.subarray(p, Math.min(n, p + len));
      const parts = [seed.subarray(0, p), ...Array(times).fill(slice), seed.subarray(p)];
      const out = new Uint8Array(parts.reduce((s, x) => s + x.length, 0));
      let o = 0;
      for (const x of parts) {
        out.set(x, o);
        o += x.length;
      }
      return out;
    }),
  );
}

/** Values that break readers: wrong types, NaN/Infinity strings, huge and tiny numbers, odd text. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -0,
    -1,
    1e308,
    -1e308,
    5e-324,
    2 ** 53 + 1,
    -(2 ** 63),
    91,
    -91,
    181,
    -181,
    360,
    1e9,
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '0x1F',
    '',
    ' ',
    '43,6',
    '12;90',
    '0-360',
    'N',
    'NNE',
    '-0',
    '1e-400',
    '__proto__',
    'constructor',
    '<script>alert(1)</script>',
    '&amp;&lt;',
    '\u0000',
    '\uD800',
    'x'.repeat(5_000),
    [],
    {},
    [1],
    [[1, 2]],
    JSON.parse('{"__proto__": 1}') as unknown,
    ['a', 'b'],
  ),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

type JsonPath = Array<string | number>;

/** Up to `limit` paths into a JSON value (objects and arrays, depth-first, sampled evenly). */
function jsonPaths(value: unknown, limit = 4_000): JsonPath[] {
  const out: JsonPath[] = [];
  const walk = (v: unknown, path: JsonPath) => {
    if (out.length >= limit) return;
    out.push(path);
    if (Array.isArray(v)) {
      // Long arrays: the first and a few spread-out elements.
      const idx = v.length <= 12 ? v.map((_, i) => i) : [0, 1, 2, Math.floor(v.length / 2), v.length - 1];
      for (const i of idx) walk(v[i], [...path, i]);
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
    }
  };
  walk(value, []);
  return out;
}

function setAt(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === DELETE) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
  } else {
    cur[last] = value;
  }
  return copy;
}

const DELETE = Symbol('delete');
const DEEP_TOKEN = '"__angle_mort_deep__"';

/**
 * Structure-aware mutations of a real JSON document: a value replaced by a weird one (preferring
 * coordinates when `coordinateKeys` match), a key deleted, a number token replaced by an invalid literal
 * (NaN, Infinity, 1e400), or a value replaced by nesting `depth` levels deep.
 */
export function mutatedJson(seedText: string, opts: { coordinateKeys?: RegExp; depth?: number } = {}): fc.Arbitrary<Uint8Array> {
  const root = JSON.parse(seedText) as unknown;
  const paths = jsonPaths(root);
  const coordPaths = opts.coordinateKeys ? paths.filter((p) => p.some((k) => typeof k === 'string' && opts.coordinateKeys!.test(k))) : [];
  const pick = (list: JsonPath[]) => fc.nat({ max: list.length - 1 }).map((i) => list[i]);
  const numbers = [...seedText.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)].map((m) => [m.index!, m[0].length] as const).slice(0, 20_000);
  const gens: Array<fc.Arbitrary<Uint8Array>> = [
    fc.tuple(pick(paths), weirdValue).map(([p, v]) => bytesOf(JSON.stringify(setAt(root, p, v)))),
    pick(paths.filter((p) => p.length > 0)).map((p) => bytesOf(JSON.stringify(setAt(root, p, DELETE)))),
    fc
      .tuple(
        fc.nat({ max: Math.max(0, numbers.length - 1) }),
        fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e400', '-1e400', '0x10', '+1', '.5', '1.', '01', '9'.repeat(400)),
      )
      .map(([i, lit]) => {
        if (numbers.length === 0) return bytesOf(seedText);
        const [at, len] = numbers[i];
        return bytesOf(seedText.slice(0, at) + lit + seedText.slice(at + len));
      }),
  ];
  if (coordPaths.length > 0) {
    const coord = fc.oneof(fc.double(), fc.constantFrom(91, -90.0000001, 180.0000001, -1e308, 'NaN', '43.6', null, [1.4, 43.6], [NaN]));
    gens.push(fc.tuple(pick(coordPaths), coord).map(([p, v]) => bytesOf(JSON.stringify(setAt(root, p, v)))));
  }
  if (opts.depth) {
    const d = opts.depth;
    const nest = fc.constantFrom('['.repeat(d) + ']'.repeat(d), '{"a":'.repeat(d) + '1' + '}'.repeat(d), '['.repeat(d));
    gens.push(
      fc
        .tuple(pick(paths), nest)
        .map(([p, deep]) => bytesOf(JSON.stringify(setAt(root, p, JSON.parse(DEEP_TOKEN))).replace(DEEP_TOKEN, deep))),
    );
  }
  return compactOneof(...gens);
}

/** XML-aware mutations: an attribute value replaced, an element duplicated or its end tag removed. */
export function mutatedXml(seedText: string): fc.Arbitrary<Uint8Array> {
  const attrs = [...seedText.matchAll(/\b(lat|lon|id|ref|k|v|minlat|maxlon|version)="([^"]*)"/g)]
    .map((m) => [m.index! + m[1].length + 2, m[2].length] as const)
    .slice(0, 20_000);
  const ends = [...seedText.matchAll(/<\/[A-Za-z:]+>|\/>/g)].map((m) => [m.index!, m[0].length] as const).slice(0, 20_000);
  const value = fc.oneof(
    fc.constantFrom(
      'NaN',
      'Infinity',
      '1e400',
      '-91',
      '181',
      '',
      ' 43.6',
      '0x10',
      '"',
      '&',
      '&#0;',
      '&#xD800;',
      '&lt;',
      '<',
      '>',
      'x'.repeat(300),
      '-1',
      '9'.repeat(30),
      '1.5',
    ),
    fc.string({ maxLength: 20 }).map((s) => s.replace(/"/g, '&quot;')),
  );
  const attrStarts = [...seedText.matchAll(/ (lat|lon|id|ref|k|v)="[^"]*"/g)].map((m) => [m.index!, m[0]] as const).slice(0, 20_000);
  return compactOneof(
    // A repeated attribute (not well-formed XML).
    fc.nat({ max: attrStarts.length - 1 }).map((i) => {
      const [at, attr] = attrStarts[i];
      return bytesOf(seedText.slice(0, at) + attr + seedText.slice(at));
    }),
    fc.tuple(fc.nat({ max: attrs.length - 1 }), value).map(([i, v]) => {
      const [at, len] = attrs[i];
      return bytesOf(seedText.slice(0, at) + v + seedText.slice(at + len));
    }),
    fc.nat({ max: ends.length - 1 }).map((i) => {
      const [at, len] = ends[i];
      return bytesOf(seedText.slice(0, at) + (seedText[at] === '/' && seedText[at + 1] === '>' ? '>' : '') + seedText.slice(at + len));
    }),
    fc
      .tuple(
        fc.nat({ max: seedText.length - 1 }),
        fc.constantFrom(
          '<!--',
          '<![CDATA[',
          '<!DOCTYPE osm [<!ENTITY x "y">]>',
          '<?x',
          '</',
          '<a>',
          '&x;',
          '<node id="1" lat="1" lon="1"/>',
          '\u0000',
        ),
      )
      .map(([at, ins]) => bytesOf(seedText.slice(0, at) + ins + seedText.slice(at))),
  );
}

/** CSV-aware mutations: one cell replaced by a value with quotes, delimiters, newlines or a weird number. */
export function mutatedCsv(seedText: string, delimiter = ';'): fc.Arbitrary<Uint8Array> {
  const lines = seedText.split('\r\n');
  const cell = fc.oneof(
    fc.constantFrom(
      '"',
      '""',
      '"a"b',
      'a"b',
      '"\r\n"',
      delimiter,
      '\n',
      'NaN',
      'Infinity',
      '1e400',
      '91',
      '-181',
      '43.6.1',
      ',',
      '',
      '"' + 'x'.repeat(3_000),
    ),
    fc.string({ maxLength: 20 }),
  );
  return compact(
    fc.tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 8 }), cell).map(([l, c, v]) => {
      const cells = lines[l].split(delimiter);
      cells[c % cells.length] = v;
      const out = [...lines];
      out[l] = cells.join(delimiter);
      return bytesOf(out.join('\r\n'));
    }),
  );
}

function compactOneof(...arbs: Array<fc.Arbitrary<Uint8Array>>): fc.Arbitrary<Uint8Array> {
  return compact(fc.oneof(...arbs));
}

export function textOf(bytes: Uint8Array): string {
  return dec.decode(bytes);
}
