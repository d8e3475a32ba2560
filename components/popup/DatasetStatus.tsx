/**
 * Dataset status in the popup: how many cameras the bundled dataset holds, by kind, which version and
 * sources, the other datasets in use (downloaded districts, imports) with a way to the options page that manages
 * them, the ODbL attribution, and a clear panel when the last update failed. All dataset text is
 * rendered as text (JSX escapes it); nothing from data goes through innerHTML.
 */
import { translator, type Lang } from '../i18n/core.ts';
import { popupCatalog, type PopupKey } from '../i18n/popup.ts';
import { licenceText, sourceName } from '../i18n/dataset.ts';
import { CAMERA_KINDS } from '../../lib/cameras/types.ts';
import type { StoreStatus } from '../../lib/store/types.ts';
import type { BBox } from '../../lib/geo/index.ts';
import { WallSourceNote } from '../walls/WallSourceNote.tsx';

export interface DatasetStatusProps {
  lang: Lang;
  /** `null` while the first answer is awaited. */
  status: StoreStatus | null;
  /** Set when the background could not be asked at all. */
  unreachable?: string | null;
  /** Opens the options page's data management; the button is shown only when given. */
  onManageData?: () => void;
}

/** How many other datasets the popup names before "… and N more". */
export const OTHER_DATASETS_SHOWN = 5;

function formatDate(iso: string, lang: Lang): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(t));
}

/** "1.2565–1.5684° E, 43.5112–43.7196° N": the dataset's extent in degrees, 4 decimals (≈ 10 m). */
function formatBBox(b: BBox, lang: Lang): string {
  const f = new Intl.NumberFormat(lang, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  const ew = (x: number) => `${f.format(Math.abs(x))}° ${x < 0 ? (lang === 'fr' ? 'O' : 'W') : 'E'}`;
  const ns = (y: number) => `${f.format(Math.abs(y))}° ${y < 0 ? 'S' : 'N'}`;
  return `${ew(b.west)} – ${ew(b.east)}, ${ns(b.south)} – ${ns(b.north)}`;
}

export function DatasetStatus({ lang, status, unreachable, onManageData }: DatasetStatusProps) {
  const t = translator(popupCatalog, lang);
  const number = new Intl.NumberFormat(lang);
  const dataset = status?.dataset ?? null;
  const error = status?.lastError ?? null;
  // Older backgrounds (an extension mid-update) answer without the list.
  const others = status?.otherDatasets ?? [];
  const hasSurvey = dataset?.sources.some((s) => /sous-surveillance/i.test(`${s.id} ${s.name}`)) ?? false;

  return (
    <section class="dataset-status" aria-labelledby="dataset-heading" aria-busy={status === null && !unreachable}>
      <h2 id="dataset-heading">{t('datasetHeading')}</h2>

      {unreachable ? (
        <div class="error-panel" role="alert">
          <p>{t('unreachable')}</p>
        </div>
      ) : null}

      {status === null && !unreachable ? <p role="status">{t('loading')}</p> : null}

      {error ? (
        <div class="error-panel" role="alert" data-testid="dataset-error" data-error-code={error.code}>
          <h3>{t('errorHeading')}</h3>
          <p>
            {t('errorReason', { reason: t((`error_${error.code}` in popupCatalog ? `error_${error.code}` : 'error_other') as PopupKey) })}
          </p>
          <p>
            {dataset ? t('errorKeptPrevious', { version: dataset.version, count: number.format(dataset.cameraCount) }) : t('errorNoData')}
          </p>
          <details>
            <summary>{t('errorDetails')}</summary>
            <p class="error-detail">{error.message}</p>
          </details>
        </div>
      ) : null}

      {dataset ? (
        <div class="dataset" data-testid="dataset" data-dataset-version={dataset.version}>
          {dataset.hasGraph ? <WallSourceNote lang={lang} source={dataset.wallSource} unreadable={dataset.wallsUnreadable} /> : null}
          {/* The count and the way to manage data share one line, so the popup still fits 600 px. */}
          <div class="count-row">
            <p class="camera-count" data-testid="camera-count" data-count={dataset.cameraCount}>
              <strong>{t('cameraCount', { count: number.format(dataset.cameraCount) })}</strong>
            </p>
            {onManageData ? (
              <button type="button" class="manage-data" data-testid="manage-data" onClick={onManageData}>
                {t('manageData')}
              </button>
            ) : null}
          </div>
          {/* The details fold away (the label with its sources and dates too, so the popup fits 600 px): the
              popup opens on what the extension does, its switches, and which walls the figures assume. */}
          <details class="dataset-details">
            <summary>{t('datasetDetails')}</summary>
            <p class="dataset-label">{dataset.label}</p>
            <table class="kinds" aria-label={t('countsByKind')}>
              <tbody>
                {CAMERA_KINDS.filter((k) => dataset.countsByKind[k] > 0).map((kind) => (
                  <tr key={kind} data-kind={kind}>
                    <th scope="row">{t(`kind_${kind}` as PopupKey)}</th>
                    <td>{number.format(dataset.countsByKind[kind])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <dl class="dataset-facts">
              <dt>{t('area')}</dt>
              <dd>{formatBBox(dataset.bbox, lang)}</dd>
              <dt>{t('version')}</dt>
              <dd>{dataset.version}</dd>
              <dt>{t('builtOn')}</dt>
              <dd>{formatDate(dataset.generatedAt, lang)}</dd>
              <dt>{t('installedOn')}</dt>
              <dd>{formatDate(dataset.installedAt, lang)}</dd>
              <dt>{t('sources')}</dt>
              <dd>
                <ul class="sources">
                  {dataset.sources.map((s) => (
                    <li key={s.id}>
                      {sourceName(s, lang)}
                      {s.date ? ` (${formatDate(s.date, lang)})` : ''} — {licenceText(s.licence, lang)}
                    </li>
                  ))}
                </ul>
              </dd>
            </dl>
          </details>
          {status && status.userCameraCount > 0 ? <p>{t('userCameras', { count: number.format(status.userCameraCount) })}</p> : null}
        </div>
      ) : null}

      {others.length > 0 ? (
        <div class="other-datasets" data-testid="other-datasets" data-count={others.length}>
          <p>{t('otherDatasets', { count: number.format(others.length) })}</p>
          <ul>
            {others.slice(0, OTHER_DATASETS_SHOWN).map((o) => (
              <li key={o.id} data-dataset-id={o.id}>
                {o.label} — {t('cameraCount', { count: number.format(o.cameraCount) })}
              </li>
            ))}
          </ul>
          {others.length > OTHER_DATASETS_SHOWN ? (
            <p>{t('otherDatasetsMore', { count: number.format(others.length - OTHER_DATASETS_SHOWN) })}</p>
          ) : null}
        </div>
      ) : null}

      <footer class="attribution" data-testid="attribution">
        <p>
          <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noreferrer noopener">
            {t('osmAttribution')}
          </a>
        </p>
        {hasSurvey ? (
          <p>
            <a href="https://www.sous-surveillance.net/" target="_blank" rel="noreferrer noopener">
              {t('surveyCredit')}
            </a>
          </p>
        ) : null}
      </footer>
    </section>
  );
}
