/** Typed calls to the background for the planner (validated there by lib/messages.ts parseRequest). */
import type { AreaReport } from '../../lib/area/report.ts';
import type { Camera } from '../../lib/cameras/types.ts';
import type { Request } from '../../lib/messages.ts';
import type { Settings } from '../../lib/settings.ts';
import type { DatasetSummary } from '../../lib/store/types.ts';
import type { PlannedRoutes } from '../../lib/planner/service.ts';
import type { StreetMatch, StreetsInBBox } from '../../lib/planner/streets.ts';

export interface PlannerAnswers {
  route: PlannedRoutes;
  'area/report': AreaReport;
  'streets/search': StreetMatch[];
  'streets/inBBox': StreetsInBBox;
  'userCameras/list': Camera[];
  'userCameras/put': Camera;
  'userCameras/delete': { deleted: boolean };
  'cameras/inBBox': { cameras: Camera[]; truncated: boolean };
  'settings/get': Settings;
  'dataset/summary': DatasetSummary | null;
}

/** An error answer from the background, with its stable code (`outside-area`, `bad-request`, `unreachable`, …). */
export class PlannerRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Send = (message: unknown) => Promise<unknown>;

/** Sends one request and returns its value, or throws PlannerRequestError. */
export async function ask<K extends keyof PlannerAnswers>(send: Send, request: Extract<Request, { type: K }>): Promise<PlannerAnswers[K]> {
  let answer: unknown;
  try {
    answer = await send(request);
  } catch (e) {
    throw new PlannerRequestError('unreachable', e instanceof Error ? e.message : String(e));
  }
  if (!answer || typeof answer !== 'object' || !('ok' in answer))
    throw new PlannerRequestError('unreachable', 'No answer from the background.');
  const a = answer as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  if (!a.ok) throw new PlannerRequestError(a.error?.code ?? 'internal', a.error?.message ?? 'unknown error');
  return a.value as PlannerAnswers[K];
}

/** The Overpass endpoint of the settings ("Get this district" downloads from it); undefined when unreachable. */
export async function overpassEndpoint(send: Send): Promise<string | undefined> {
  return (await ask(send, { type: 'settings/get' }).catch(() => null))?.overpassEndpoint;
}
