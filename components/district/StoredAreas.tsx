/**
 * The stored areas (bundled city, downloaded districts, imports) as a list: each with its data date, what
 * it holds, a "Show" action (the planner page jumps there) and, for areas with a box, "Update" (the same
 * confirmed download as "Get this district", for that area's box). Labels from data are rendered as text,
 * with bidirectional controls neutralised.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BBox } from '../../lib/geo/index.ts';
import type { DatasetListing } from '../../lib/store/datasets.ts';
import { translator, type Lang } from '../i18n/core.ts';
import { districtText, type DistrictKey } from '../i18n/district.ts';
import { GetDistrict, type PortLike } from './GetDistrict.tsx';
import { displayText } from '../../lib/text/display.ts';
import { overpassEndpoint } from '../planner/client.ts';

export interface StoredAreasProps {
  lang: Lang;
  send(message: unknown): Promise<unknown>;
  connect(name: string): PortLike;
  /** Subscribes to background broadcasts (to reload on `dataset/changed`); returns the unsubscribe. */
  onBroadcast(listener: (message: unknown) => void): () => void;
  /** Absent: no "Show" button (the popup). */
  onShow?(bbox: BBox): void;
}

type Listing = DatasetListing & { wallSource?: 'mapped' | 'inferred' | 'none' };

function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  return Number.isNaN(t)
    ? '—'
    : new Date(t).toLocaleDateString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      });
}

export function StoredAreas(props: StoredAreasProps) {
  const t = translator(districtText, props.lang);
  const [areas, setAreas] = useState<Listing[] | null>(null);
  useEffect(() => {
    const load = async () => {
      const a = (await props.send({ type: 'datasets/list' }).catch(() => null)) as { ok?: boolean; value?: Listing[] } | null;
      setAreas(a?.ok && Array.isArray(a.value) ? a.value.filter((d) => d.bbox) : []);
    };
    void load();
    return props.onBroadcast((m) => {
      if (m && typeof m === 'object' && (m as { type?: unknown }).type === 'dataset/changed') void load();
    });
  }, []);
  const getEndpoint = () => overpassEndpoint(props.send);
  if (!areas) return null;
  return (
    <section class="am-areas" aria-labelledby="am-areas-heading">
      <h2 id="am-areas-heading">{t('areas.heading')}</h2>
      {areas.length === 0 ? (
        <p>{t('areas.none')}</p>
      ) : (
        <ul>
          {areas.map((d) => {
            const label = displayText(d.label, 120);
            const walls =
              d.wallSource && `areas.walls.${d.wallSource}` in districtText
                ? t('areas.walls', { source: t(`areas.walls.${d.wallSource}` as DistrictKey) })
                : null;
            return (
              <li key={d.id} data-dataset={d.id}>
                <span class="am-area-label">{label}</span>{' '}
                <span class="am-area-facts">
                  {[
                    d.dataDate ? t('areas.dataOf', { date: formatDate(d.dataDate, props.lang) }) : null,
                    t('areas.cameras', { count: d.cameraCount.toLocaleString(props.lang === 'fr' ? 'fr-FR' : 'en-GB') }),
                    d.hasGraph ? t('areas.graph') : null,
                    walls,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                <span class="am-area-actions">
                  {props.onShow && (
                    <button type="button" aria-label={t('areas.showLabel', { label })} onClick={() => d.bbox && props.onShow?.(d.bbox)}>
                      {t('areas.show')}
                    </button>
                  )}
                  <GetDistrict
                    lang={props.lang}
                    getView={() => d.bbox}
                    connect={props.connect}
                    getEndpoint={getEndpoint}
                    buttonText={t('areas.update')}
                    buttonLabel={t('areas.updateLabel', { label })}
                  />
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
