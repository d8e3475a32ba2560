/**
 * Import: pick a file → dry run (planImport) → summary of what would be added, duplicated and rejected (with
 * reasons; for CSV, a column chooser with a preview) → commit as `import:<id>` in one transaction. GPX files
 * are scored for exposure instead (metres per coverage tier), never stored. Nothing is written until the user
 * confirms; a refused file or a failed commit leaves the store unchanged.
 */
import { useState } from 'preact/hooks';
import { planImport, isImportError, type ImportPlan, type CameraImportPlan, type TrackImportPlan } from '../../lib/import/index.ts';
import { previewCsv, type CsvPreview } from '../../lib/sources/csv.ts';
import { createExposureScorer, type ExposureProfile } from '../../lib/exposure/index.ts';
import { loadActiveCameras } from '../../lib/store/records.ts';
import { commitImportPlan, FORMAT_NAMES } from '../../lib/store/import-commit.ts';
import { displayText } from '../../lib/text/display.ts';
import { CAMERA_KINDS } from '../../lib/cameras/types.ts';
import type { OptionsKey } from '../i18n/options.ts';
import { errorText, type PanelProps } from './context.ts';
import { optionsCatalog } from '../i18n/options.ts';
import { formatCount, formatMetres } from './format.ts';

/** Reject reasons listed on screen; the rest are counted. */
const MAX_LISTED_REJECTS = 50;

interface Picked {
  name: string;
  bytes: Uint8Array;
  csv?: CsvPreview;
  columns?: { lat: string; lon: string };
}

type View =
  | { kind: 'none' }
  | { kind: 'refused'; text: string; detail?: string }
  | { kind: 'cameras'; plan: CameraImportPlan }
  | { kind: 'track'; plan: TrackImportPlan; profiles: ExposureProfile[] | null; error?: string }
  | { kind: 'committed'; text: string }
  | { kind: 'commitFailed'; text: string };

export function ImportPanel({ deps, t, lang, changed }: PanelProps) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const [view, setView] = useState<View>({ kind: 'none' });
  const [working, setWorking] = useState(false);

  const plan = async (p: Picked) => {
    setWorking(true);
    try {
      const existing = await loadActiveCameras(deps.db);
      const result: ImportPlan = planImport({ name: p.name, bytes: p.bytes, ...(p.columns ? { csvColumns: p.columns } : {}) }, existing);
      if (result.kind === 'track') {
        let profiles: ExposureProfile[] | null = null;
        let error: string | undefined;
        try {
          const scorer = createExposureScorer(existing);
          profiles = result.lines.map((line) => scorer.profile(line.points.map(([lon, lat]) => [lon, lat] as [number, number])));
        } catch (e) {
          error = errorText(e);
        }
        setView({ kind: 'track', plan: result, profiles, ...(error ? { error } : {}) });
      } else setView({ kind: 'cameras', plan: result });
    } catch (e) {
      // A cut file is named as such, not by the parser's position ("Unterminated string at position 700").
      // The readers' other messages are English (they name the line or field at fault): in French, say what is
      // wrong in French and keep the reader's message as a folded technical detail.
      if (isImportError(e) && e.code === 'truncated') {
        setView({ kind: 'refused', text: t('importTruncated', { file: displayText(p.name, 200) }) });
      } else if (isImportError(e) && lang === 'fr') {
        const key = `importError_${e.code}` as OptionsKey;
        setView({
          kind: 'refused',
          text: t('importRejected', { message: t(key in optionsCatalog ? key : 'importError_other', { file: displayText(e.file, 200) }) }),
          detail: displayText(e.message, 500),
        });
      } else
        setView({ kind: 'refused', text: t('importRejected', { message: displayText(isImportError(e) ? e.message : errorText(e), 500) }) });
    } finally {
      setWorking(false);
    }
  };

  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setView({ kind: 'none' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const p: Picked = { name: file.name, bytes };
    // A CSV gets its column chooser: the preview is read from the first rows only.
    if (/\.(csv|tsv|txt)$/i.test(file.name)) {
      try {
        const csv = previewCsv(bytes, 5);
        p.csv = csv;
        if (csv.header.length > 0)
          p.columns = { lat: csv.latColumn ?? csv.header[0], lon: csv.lonColumn ?? csv.header[Math.min(1, csv.header.length - 1)] };
      } catch {
        /* planImport reports the error */
      }
    }
    setPicked(p);
    await plan(p);
  };

  const commit = async (cameraPlan: CameraImportPlan) => {
    setWorking(true);
    try {
      const sha = await deps.sha256(picked!.bytes);
      // An OSM file with streets also gives the walk graph of its area (built off the UI thread).
      // The graph is scored with every camera of its area: the file's new ones and the duplicates already stored.
      const graphCameras =
        cameraPlan.toAdd.length > 0 || cameraPlan.duplicates.length === 0
          ? cameraPlan.toAdd
          : [...cameraPlan.toAdd, ...cameraPlan.duplicates.map((d) => d.camera)];
      const graph =
        cameraPlan.osm && cameraPlan.osm.walkableWays > 0 && deps.buildGraph
          ? await deps.buildGraph(cameraPlan.osm.data, graphCameras)
          : undefined;
      const { record } = await commitImportPlan(deps.db, cameraPlan, { sha256: sha, ...(graph ? { graph } : {}) });
      await changed();
      setView({
        kind: 'committed',
        text: `${t('committed', { count: formatCount(record.cameraCount, lang), id: record.id })}${record.hasGraph ? ` ${t('committedGraph')}` : ''}`,
      });
      setPicked(null);
    } catch (e) {
      setView({ kind: 'commitFailed', text: `${t('store_failed', { message: errorText(e) })} ${t('failedNothingWritten')}` });
    } finally {
      setWorking(false);
    }
  };

  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t('importHeading')}</h2>
      <p class="hint">{t('importHint')}</p>
      <label class="file-field">
        <span>{t('chooseFile')}</span>
        <input
          type="file"
          name="import-file"
          accept=".geojson,.json,.csv,.tsv,.txt,.osm,.xml,.pbf,.gpx"
          onChange={(e) => void onFile(e.currentTarget as HTMLInputElement)}
        />
      </label>
      {picked?.csv && picked.columns && (
        <fieldset class="csv-columns">
          <legend>{t('csvColumns')}</legend>
          {(['lat', 'lon'] as const).map((which) => (
            <label key={which}>
              <span>{t(which === 'lat' ? 'latColumn' : 'lonColumn')}</span>
              <select
                name={`csv-${which}`}
                value={picked.columns![which]}
                onChange={(e) => {
                  const next = { ...picked, columns: { ...picked.columns!, [which]: (e.currentTarget as HTMLSelectElement).value } };
                  setPicked(next);
                  void plan(next);
                }}
              >
                {picked.csv!.header.map((h) => (
                  <option value={h} key={h}>
                    {h}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <table class="csv-preview">
            <caption>{t('csvPreview')}</caption>
            <thead>
              <tr>
                {picked.csv.header.map((h) => (
                  <th scope="col" key={h} class={h === picked.columns!.lat || h === picked.columns!.lon ? 'chosen' : ''}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {picked.csv.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
      )}
      {working && <p role="status">{t('loading')}</p>}
      <ImportView
        view={view}
        t={t}
        lang={lang}
        working={working}
        onCommit={(p) => void commit(p)}
        onCancel={() => (setView({ kind: 'none' }), setPicked(null))}
      />
    </section>
  );
}

function ImportView({
  view,
  t,
  lang,
  working,
  onCommit,
  onCancel,
}: {
  view: View;
  t: PanelProps['t'];
  lang: PanelProps['lang'];
  working: boolean;
  onCommit(p: CameraImportPlan): void;
  onCancel(): void;
}) {
  switch (view.kind) {
    case 'none':
      return null;
    case 'refused':
    case 'commitFailed':
      return (
        <div class="import-result error" role="alert" data-result={view.kind}>
          <p>{view.text}</p>
          {view.kind === 'refused' && view.detail ? (
            <details>
              <summary>{t('technicalDetails')}</summary>
              <p lang="en">{view.detail}</p>
            </details>
          ) : null}
        </div>
      );
    case 'committed':
      return (
        <p class="import-result" role="status" data-result="committed">
          {view.text}
        </p>
      );
    case 'cameras': {
      const { plan } = view;
      const s = plan.summary;
      return (
        <div class="import-plan" data-result="plan">
          <h3>{t('planHeading', { file: displayText(plan.name, 200), format: FORMAT_NAMES[plan.format] })}</h3>
          {plan.osm && (
            <p data-count="parts">
              {t('planParts', {
                cameras: formatCount(s.toAdd, lang),
                ways: formatCount(plan.osm.walkableWays, lang),
                buildings: formatCount(plan.osm.buildings, lang),
              })}
            </p>
          )}
          <ul>
            <li data-count="add">
              {t('planAdded', { count: formatCount(s.toAdd, lang) })}
              {s.toAdd > 0 &&
                ` (${CAMERA_KINDS.filter((k) => s.byKind[k] > 0)
                  .map((k) => `${s.byKind[k]} ${t(`kind_${k}` as OptionsKey)}`)
                  .join(', ')})`}
            </li>
            <li data-count="duplicates">{t('planDuplicates', { count: formatCount(s.duplicates, lang) })}</li>
            <li data-count="rejects">{t('planRejected', { count: formatCount(s.rejects, lang) })}</li>
          </ul>
          {plan.warnings && plan.warnings.length > 0 && (
            <details class="warnings" open>
              <summary>{t('planWarnings', { count: formatCount(plan.warnings.length, lang) })}</summary>
              <ul>
                {plan.warnings.slice(0, MAX_LISTED_REJECTS).map((w, i) => (
                  <li key={i} data-warning={w.tag}>
                    {t('planWarning', { ref: displayText(w.ref, 40), tag: displayText(w.tag, 40), value: displayText(w.value, 100) })}
                  </li>
                ))}
                {plan.warnings.length > MAX_LISTED_REJECTS && (
                  <li>{t('moreRejects', { count: plan.warnings.length - MAX_LISTED_REJECTS })}</li>
                )}
              </ul>
            </details>
          )}
          {plan.rejects.length > 0 && (
            <details>
              <summary>{t('rejectReasons')}</summary>
              <ul class="rejects">
                {plan.rejects.slice(0, MAX_LISTED_REJECTS).map((r, i) => (
                  <li key={i}>
                    <code>{displayText(r.ref, 80)}</code>: {displayText(r.reason, 300)}
                  </li>
                ))}
                {plan.rejects.length > MAX_LISTED_REJECTS && (
                  <li>{t('moreRejects', { count: plan.rejects.length - MAX_LISTED_REJECTS })}</li>
                )}
              </ul>
            </details>
          )}
          {s.toAdd > 0 || (plan.osm?.walkableWays ?? 0) > 0 ? (
            <button type="button" disabled={working} onClick={() => onCommit(plan)}>
              {(plan.osm?.walkableWays ?? 0) > 0
                ? s.toAdd > 0
                  ? t('commitWithGraph', { count: formatCount(s.toAdd, lang) })
                  : t('commitGraphOnly')
                : t('commit', { count: formatCount(s.toAdd, lang) })}
            </button>
          ) : (
            <p role="status">{t('nothingToAdd')}</p>
          )}
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        </div>
      );
    }
    case 'track': {
      const { plan, profiles } = view;
      return (
        <div class="import-plan" data-result="track">
          <h3>{t('gpxHeading', { file: plan.name })}</h3>
          <p>
            {t('gpxSummary', {
              lines: plan.summary.lines,
              points: formatCount(plan.summary.points, lang),
              length: formatMetres(plan.summary.lengthMetres, lang),
            })}
          </p>
          {view.error && <p role="alert">{t('exposureUnavailable', { message: view.error })}</p>}
          {profiles && (
            <table class="exposure">
              <thead>
                <tr>
                  <th scope="col">{t('gpxLine')}</th>
                  <th scope="col">{t('gpxLength')}</th>
                  <th scope="col">{t('tier_identification')}</th>
                  <th scope="col">{t('tier_recognition')}</th>
                  <th scope="col">{t('tier_observation')}</th>
                  <th scope="col">{t('unseen')}</th>
                  <th scope="col">{t('camerasSeeing')}</th>
                </tr>
              </thead>
              <tbody>
                {profiles.map((p, i) => (
                  <tr key={i}>
                    <th scope="row">{plan.lines[i].name ?? `${i + 1}`}</th>
                    <td>{formatMetres(p.length, lang)}</td>
                    <td data-tier="identification">{formatMetres(p.metres.identification, lang)}</td>
                    <td data-tier="recognition">{formatMetres(p.metres.recognition, lang)}</td>
                    <td data-tier="observation">{formatMetres(p.metres.observation, lang)}</td>
                    <td>{formatMetres(p.unseen, lang)}</td>
                    <td>{p.cameras.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p class="hint">{t('gpxNotStored')}</p>
        </div>
      );
    }
  }
}
