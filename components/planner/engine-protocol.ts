/**
 * The messages between the planner page and its engine worker (entrypoints/planner-engine.ts): a request with
 * the id its answer comes back with, or `changed` (cameras or datasets changed: reload before the next answer).
 */
export type EngineWorkerRequest = { kind: 'ask'; id: number; message: unknown } | { kind: 'changed' };
export interface EngineWorkerAnswer {
  id: number;
  answer: unknown;
}

/** The request, or null for anything else (the worker ignores what it does not know). */
export function parseEngineWorkerRequest(data: unknown): EngineWorkerRequest | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d.kind === 'changed') return { kind: 'changed' };
  if (d.kind === 'ask' && Number.isSafeInteger(d.id)) return { kind: 'ask', id: d.id as number, message: d.message };
  return null;
}

/** The answer, or null for anything else. */
export function parseEngineWorkerAnswer(data: unknown): EngineWorkerAnswer | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  return Number.isSafeInteger(d.id) && 'answer' in d ? { id: d.id as number, answer: d.answer } : null;
}
