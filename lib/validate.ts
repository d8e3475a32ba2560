/**
 * Field-by-field validation of untrusted values: the one set of helpers behind message validation
 * (lib/messages.ts), settings (lib/settings.ts) and what the store writes or reads back (lib/store/validate.ts).
 * Each helper returns the checked value or throws `ValidationError` naming the field (`bbox.west`,
 * `cameras[12].lat`); callers turn it into their own error (`MessageError`, `StoreError`).
 *
 * Layer: the lowest, beside lib/geo; it imports nothing.
 */

/** A field failed validation; `path` names it (`cameras[12].lat`), `detail` says why. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

export const fail = (path: string, detail: string): never => {
  throw new ValidationError(path, detail);
};

/** A non-null, non-array object (what JSON.parse or structured clone gives for `{…}`). */
export function checkPlainObject(raw: unknown, path: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail(path, 'must be an object');
  return raw as Record<string, unknown>;
}

/** An own property only (never one inherited from the prototype, e.g. `constructor`). */
export function field(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Rejects any field not in `keys` (`path` prefixes the field's name in the error). */
export function allowOnly(obj: Record<string, unknown>, keys: readonly string[], path: string): void {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) fail(path ? `${path}.${k}` : k, 'unexpected field');
}

export function bool(raw: unknown, path: string): boolean {
  return typeof raw === 'boolean' ? raw : fail(path, 'must be true or false');
}

/** A finite number in [min, max]. */
export function finite(raw: unknown, path: string, min: number, max: number): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(path, 'must be a finite number');
  if (raw < min || raw > max) return fail(path, `must be between ${min} and ${max}`);
  return raw;
}

/** A non-empty string of at most `maxChars` UTF-16 code units. */
export function nonEmptyString(raw: unknown, path: string, maxChars: number): string {
  if (typeof raw !== 'string' || raw.length === 0) return fail(path, 'must be a non-empty string');
  if (raw.length > maxChars) return fail(path, `longer than ${maxChars} characters`);
  return raw;
}

/** An ISO 8601 date (or date-time) string, at most 40 characters. */
export function isoDate(raw: unknown, path: string): string {
  const s = nonEmptyString(raw, path, 40);
  if (Number.isNaN(Date.parse(s))) fail(path, 'must be an ISO 8601 date');
  return s;
}

export function oneOf<T extends string>(raw: unknown, path: string, values: readonly T[]): T {
  return typeof raw === 'string' && (values as readonly string[]).includes(raw)
    ? (raw as T)
    : fail(path, `must be one of ${values.join(', ')}`);
}

/** An object holding only `keys`, each absent or a boolean. */
export function boolRecord<K extends string>(raw: unknown, path: string, keys: readonly K[]): Partial<Record<K, boolean>> {
  const o = checkPlainObject(raw, path);
  allowOnly(o, keys, path);
  const out: Partial<Record<K, boolean>> = {};
  for (const k of keys) {
    const v = field(o, k);
    if (v !== undefined) out[k] = bool(v, `${path}.${k}`);
  }
  return out;
}
