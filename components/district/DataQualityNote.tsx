/**
 * "Is the street map here complete?": a note over the view with the rule of lib/quality/district-quality.ts
 * (cameras > 40 m from every walkable edge; share of cameras without a direction) and an "Update from
 * OpenStreetMap" action (the same confirmed district download). Asks the background only for what it
 * already stores (`streets/inBBox`, `cameras/inBBox`): no network.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BBox } from '../../lib/geo/index.ts';
import { districtQuality, FAR_FROM_STREET_M, type DistrictQuality } from '../../lib/quality/district-quality.ts';
import { translator, type Lang } from '../i18n/core.ts';
import { districtText } from '../i18n/district.ts';
import { GetDistrict, type PortLike } from './GetDistrict.tsx';

export interface DataQualityNoteProps {
  lang: Lang;
  send(message: unknown): Promise<unknown>;
  getView(): BBox | null;
  connect(name: string): PortLike;
  getEndpoint(): Promise<string | undefined>;
  /**
   * Changes when the view moves and settles (the planner page's `moveend` count, the dock's rounded view box):
   * the note checks the view again by itself.
   */
  viewKey: number | string;
}

type Result = { kind: 'quality'; q: DistrictQuality } | { kind: 'unknown' } | null;

async function check(send: DataQualityNoteProps['send'], view: BBox): Promise<Result> {
  // A margin of the threshold around the view, so an edge just outside still counts as near.
  const m = (FAR_FROM_STREET_M + 10) / 111_320;
  const mLon = m / Math.max(0.01, Math.cos((((view.south + view.north) / 2) * Math.PI) / 180));
  const wide = { west: view.west - mLon, south: view.south - m, east: view.east + mLon, north: view.north + m };
  const [streets, cameras] = (await Promise.all([
    send({ type: 'streets/inBBox', bbox: wide, limit: 8000, tolerance: 0 }).catch(() => null),
    send({ type: 'cameras/inBBox', bbox: view, limit: 5000 }).catch(() => null),
  ])) as Array<{
    ok?: boolean;
    value?: {
      streets?: Array<{ coords: number[] }>;
      cameras?: Array<{ id: string; lon: number; lat: number; directions: number[] }>;
      truncated?: boolean;
    };
  } | null>;
  if (!cameras?.ok || cameras.value?.truncated) return { kind: 'unknown' };
  const cams = cameras.value?.cameras ?? [];
  if (cams.length === 0) return null;
  // No graph here (outside every area) counts as "no street": every camera is far from a mapped way.
  const lines = streets?.ok && !streets.value?.truncated ? (streets.value?.streets ?? []) : streets?.ok ? null : [];
  if (lines === null) return { kind: 'unknown' };
  return { kind: 'quality', q: districtQuality(cams, lines) };
}

export function DataQualityNote(props: DataQualityNoteProps) {
  const t = translator(districtText, props.lang);
  const [result, setResult] = useState<Result>(null);
  // Only the newest check shows: an answer for a view already left is dropped.
  const latest = useRef(0);
  const run = async () => {
    const seq = ++latest.current;
    const view = props.getView();
    const next = view ? await check(props.send, view) : null;
    if (seq === latest.current) setResult(next);
  };
  useEffect(() => {
    void run();
  }, [props.viewKey]);
  const q = result?.kind === 'quality' ? result.q : null;
  // Nothing where the rule does not hold (or the view is too full to check): the note is only for a problem.
  if (!q?.flagged) return null;
  return (
    <div class="am-quality">
      <div class="am-quality-note" role="note" data-far={q.farFromStreet.length} data-no-direction={q.withoutDirection}>
        {q.farFromStreet.length > 0 && <p>{t('quality.far', { far: q.farFromStreet.length, count: q.cameras })}</p>}
        {q.withoutDirection > 0 && <p>{t('quality.directions', { share: Math.round(q.withoutDirectionShare * 100), count: q.cameras })}</p>}
        <GetDistrict
          lang={props.lang}
          getView={props.getView}
          connect={props.connect}
          getEndpoint={props.getEndpoint}
          buttonText={t('quality.update')}
          onDone={() => void run()}
        />
      </div>
    </div>
  );
}

export const QUALITY_CSS = `
.am-quality { display: flex; flex-direction: column; gap: 4px; max-width: 370px; }
.am-quality-note { border: 1px solid #b26a00; border-radius: 6px; padding: 6px 8px;
  background: repeating-linear-gradient(135deg, #fff8e1, #fff8e1 6px, #ffecb3 6px, #ffecb3 12px); }
.am-quality-note p { margin: 2px 0; }
`;
