/**
 * The list of datasets: the bundled one, each download, each import and the user's own cameras, with counts
 * by kind, area, source, date and estimated size, and refresh / export / delete. Data text is rendered as
 * text only (JSX escapes it).
 */
import { useState } from 'preact/hooks';
import { displayText } from '../../lib/text/display.ts';
import { CAMERA_KINDS } from '../../lib/cameras/types.ts';
import type { DatasetListing } from '../../lib/store/datasets.ts';
import { camerasToGeoJson, datasetCameras, USER_DATASET_ID } from '../../lib/store/datasets.ts';
import type { OptionsKey } from '../i18n/options.ts';
import { ConfirmStep } from './ConfirmStep.tsx';
import { sourceNameText } from '../i18n/dataset.ts';
import { ask, errorText, type PanelProps } from './context.ts';
import { bboxParts, formatBytes, formatCount, formatDate } from './format.ts';
import { exportFileName } from '../save-file.ts';

export interface DatasetListProps extends PanelProps {
  datasets: DatasetListing[] | null;
  /** Re-downloads an area (same rounded bbox). */
  onRefreshArea(listing: DatasetListing): void;
  /** Re-fetches the bundled cameras' details by OSM id. */
  onRefreshDetails(listing: DatasetListing): void;
  busy: boolean;
}

export function DatasetList(props: DatasetListProps) {
  const { datasets, t } = props;
  return (
    <section aria-labelledby="datasets-heading">
      <h2 id="datasets-heading">{t('datasetsHeading')}</h2>
      {datasets === null ? (
        <p>{t('loading')}</p>
      ) : (
        <ul class="datasets">
          {datasets.map((d) => (
            <DatasetItem key={d.id} listing={d} {...props} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DatasetItem({
  listing: d,
  t,
  lang,
  deps,
  changed,
  onRefreshArea,
  onRefreshDetails,
  busy,
}: DatasetListProps & { listing: DatasetListing }) {
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const label = displayText(d.origin === 'user' ? t('userDatasetLabel') : d.label, 200);
  const headingId = `ds-${d.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const kinds = CAMERA_KINDS.filter((k) => d.countsByKind[k] > 0);

  const exportIt = async () => {
    try {
      const cameras = await datasetCameras(deps.db, d.id);
      const fc = camerasToGeoJson(cameras, { dataset: d.id, label, attribution: d.attribution, exportedAt: new Date().toISOString() });
      const file = exportFileName(d.id === USER_DATASET_ID ? 'my-cameras' : d.id);
      deps.saveFile(file, JSON.stringify(fc));
      setNote({ text: t('exported', { file, count: fc.features.length }) });
    } catch (e) {
      setNote({ text: errorText(e), error: true });
    }
  };
  const deleteIt = async () => {
    setConfirming(false);
    try {
      const { deleted } = await ask(deps, { type: 'datasets/delete', id: d.id });
      await changed();
      setNote({ text: t('deleted', { label, count: deleted }) });
    } catch (e) {
      setNote({ text: errorText(e), error: true });
    }
  };

  return (
    <li class="dataset" data-dataset-id={d.id} aria-labelledby={headingId}>
      <h3 id={headingId}>{label}</h3>
      <p class="dataset-origin">{t(`origin_${d.origin}` as OptionsKey)}</p>
      <p class="camera-count">
        <strong>{t('cameraCount', { count: formatCount(d.cameraCount, lang) })}</strong>
        {kinds.length > 0 && ': '}
        {kinds.map((k) => `${formatCount(d.countsByKind[k], lang)} ${t(`kind_${k}` as OptionsKey)}`).join(' · ')}
      </p>
      <dl class="dataset-facts">
        <dt>{t('area')}</dt>
        <dd>{d.bbox ? t('areaValue', bboxParts(d.bbox)) : t('noArea')}</dd>
        <dt>{t('source')}</dt>
        <dd>{d.origin === 'user' ? t('userSource') : displayText(d.sources.map((name) => sourceNameText(name, lang)).join(', '), 400)}</dd>
        {d.origin !== 'user' && (
          <>
            <dt>{t('date')}</dt>
            <dd>
              {d.dataDate
                ? t('dateValue', { generated: formatDate(d.dataDate, lang), installed: formatDate(d.installedAt, lang) })
                : t('dateUnknown', { installed: formatDate(d.installedAt, lang) })}
            </dd>
            <dt>{t('walkGraph')}</dt>
            <dd>{d.hasGraph ? t('yes') : t('no')}</dd>
          </>
        )}
        <dt>{t('size')}</dt>
        <dd class="dataset-size">{formatBytes(d.sizeBytes, lang)}</dd>
      </dl>
      <div class="actions" role="group" aria-label={t('actionsFor', { label })}>
        {d.origin === 'overpass' && (
          <button type="button" disabled={busy} onClick={() => onRefreshArea(d)}>
            {t('refresh')}
          </button>
        )}
        {d.origin === 'bundled' && (
          <button type="button" disabled={busy} onClick={() => onRefreshDetails(d)}>
            {t('refreshDetails')}
          </button>
        )}
        <button type="button" onClick={() => void exportIt()} disabled={d.cameraCount === 0}>
          {t('export')}
        </button>
        {d.deletable && !confirming && (
          <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
            {t('delete')}
          </button>
        )}
      </div>
      {d.origin === 'import' && <p class="hint">{t('refreshImportHint')}</p>}
      {confirming && (
        <ConfirmStep
          label={t('confirmDelete', { label, count: d.cameraCount })}
          message={t('confirmDelete', { label, count: formatCount(d.cameraCount, lang) })}
          yes={t('confirmDeleteYes')}
          cancel={t('cancel')}
          onYes={() => void deleteIt()}
          onCancel={() => setConfirming(false)}
        />
      )}
      {note && (
        <p class={note.error ? 'note error' : 'note'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </li>
  );
}
