/**
 * "Download an area from OpenStreetMap": bbox fields, the rounded box and endpoint shown before sending,
 * a progress bar, and one clear state per outcome. The only network code path of the extension; it runs
 * only from a click. Failures write nothing (lib/store/area-download.ts commits in one transaction at the end).
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import type { BBox } from '../../lib/geo/index.ts';
import { downloadAreaDataset, previewAreaDownload } from '../../lib/store/area-download.ts';
import { refreshCameraDetails } from '../../lib/store/camera-details.ts';
import { TEST_BUILD_TIME_SCALE, type OverpassProgress } from '../../lib/sources/overpass-client.ts';
import { DEFAULT_GRID_DEGREES, isOverpassError, type OverpassLayers } from '../../lib/sources/overpass-query.ts';
import { isStoreError } from '../../lib/store/errors.ts';
import type { OptionsKey } from '../i18n/options.ts';
import { errorText, type PanelProps, type T } from './context.ts';
import { bboxParts, formatBytes } from './format.ts';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'waiting'; attempt: number }
  | { phase: 'receiving'; attempt: number; bytes: number; total?: number }
  | { phase: 'retrying'; attempt: number; seconds: number; reason?: string }
  | { phase: 'graph' }
  | { phase: 'storing' }
  | { phase: 'done'; text: string }
  | { phase: 'failed'; text: string; code: string };

/** A user-facing sentence for any failure of a download (Overpass or store). */
export function failureText(e: unknown, t: T): { text: string; code: string } {
  if (isOverpassError(e)) {
    const key = `overpass_${e.code}` as OptionsKey;
    const message = e.code === 'http' ? `HTTP ${e.extra.status ?? '?'}` : e.message;
    const attempts = e.extra.attempts !== undefined && e.extra.attempts > 1 ? ` ${t('afterAttempts', { count: e.extra.attempts })}` : '';
    return { code: e.code, text: `${t(key, { message })}${attempts} ${t('failedNothingWritten')}` };
  }
  if (isStoreError(e)) return { code: e.code, text: `${t('store_failed', { message: e.message })} ${t('failedNothingWritten')}` };
  return { code: 'internal', text: `${errorText(e)} ${t('failedNothingWritten')}` };
}

export interface OverpassRunner {
  state: RunState;
  busy: boolean;
  download(bbox: BBox, layers: OverpassLayers): Promise<void>;
  details(datasetId: string, cameraCount: number): Promise<void>;
  cancel(): void;
}

/** Runs one Overpass operation at a time and reports its state. `endpoint` is read from the settings. */
export function useOverpassRunner({ deps, t, lang, changed }: PanelProps, endpoint: string, timeoutSeconds: number): OverpassRunner {
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const busy = controller.current !== null && state.phase !== 'done' && state.phase !== 'failed' && state.phase !== 'idle';
  const onProgress = (p: OverpassProgress) => {
    if (p.phase === 'retrying') {
      const reason = p.reason ? t(`overpass_${p.reason}` as OptionsKey, { message: '' }) : '';
      setState({ phase: 'retrying', attempt: p.attempt, seconds: Math.max(1, Math.round((p.retryInMs ?? 0) / 1000)), reason });
    } else if (p.phase === 'receiving') setState({ phase: 'receiving', attempt: p.attempt, bytes: p.bytesReceived, total: p.totalBytes });
    else setState({ phase: 'waiting', attempt: p.attempt });
  };
  const run = async (work: (signal: AbortSignal) => Promise<string>) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setState({ phase: 'waiting', attempt: 1 });
    try {
      const text = await work(c.signal);
      await changed();
      setState({ phase: 'done', text });
    } catch (e) {
      setState({ phase: 'failed', ...failureText(e, t) });
    } finally {
      if (controller.current === c) controller.current = null;
    }
  };
  return {
    state,
    busy,
    cancel: () => controller.current?.abort(),
    download: (bbox, layers) =>
      run(async (signal) => {
        const r = await downloadAreaDataset(deps.db, bbox, {
          fetch: deps.fetch,
          endpoint,
          timeoutMs: timeoutSeconds * 1000,
          timeScale: __ANGLE_MORT_TEST__ ? TEST_BUILD_TIME_SCALE : 1,
          signal,
          layers,
          onProgress,
          onStage: (stage) => setState({ phase: stage }),
          ...(deps.buildGraph ? { buildGraph: deps.buildGraph } : {}),
        });
        return t('state_done', {
          cameras: r.cameras,
          id: r.datasetId,
          size: formatBytes(r.bytes, lang),
          attempts: r.attempts,
          graph: r.graphBytes > 0 ? formatBytes(r.graphBytes, lang) : t('graphNone'),
        });
      }),
    details: (datasetId, cameraCount) =>
      run(async (signal) => {
        setState({ phase: 'waiting', attempt: 1 });
        void cameraCount;
        const r = await refreshCameraDetails(deps.db, datasetId, {
          fetch: deps.fetch,
          endpoint,
          timeoutMs: timeoutSeconds * 1000,
          timeScale: __ANGLE_MORT_TEST__ ? TEST_BUILD_TIME_SCALE : 1,
          signal,
          onProgress,
        });
        return t('detailsDone', { updated: r.updated, gained: r.gainedDirection, missing: r.missing });
      }),
  };
}

export interface DownloadPanelProps extends PanelProps {
  runner: OverpassRunner;
  endpoint: string;
}

/** Toulouse's centre as the initial box: a useful first download for the bundled city's walk graph. */
const INITIAL = { west: '1.42', south: '43.58', east: '1.46', north: '43.62' };

export function DownloadPanel({ t, lang, runner, endpoint }: DownloadPanelProps) {
  const [fields, setFields] = useState(INITIAL);
  const [withWays, setWithWays] = useState(true);
  const layers: OverpassLayers = { cameras: true, walkways: withWays, buildings: withWays };
  const bbox: BBox = { west: Number(fields.west), south: Number(fields.south), east: Number(fields.east), north: Number(fields.north) };
  const preview = useMemo(() => {
    try {
      return { ok: true as const, ...previewAreaDownload(bbox, layers) };
    } catch (e) {
      return { ok: false as const, ...failureText(e, t) };
    }
  }, [fields.west, fields.south, fields.east, fields.north, withWays, lang]);
  const { state } = runner;
  const field = (key: keyof typeof fields) => (
    <label class="bbox-field">
      <span>{t(key)}</span>
      <input
        type="text"
        inputMode="decimal"
        name={key}
        value={fields[key]}
        onInput={(e) => setFields({ ...fields, [key]: (e.currentTarget as HTMLInputElement).value.trim() })}
      />
    </label>
  );
  return (
    <section aria-labelledby="download-heading">
      <h2 id="download-heading">{t('downloadHeading')}</h2>
      <p class="hint">{t('downloadHint', { grid: DEFAULT_GRID_DEGREES })}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (preview.ok && !runner.busy) void runner.download(bbox, layers);
        }}
      >
        <div class="bbox-fields">
          {field('west')}
          {field('south')}
          {field('east')}
          {field('north')}
        </div>
        <label class="check">
          <input type="checkbox" checked={withWays} onChange={(e) => setWithWays((e.currentTarget as HTMLInputElement).checked)} />{' '}
          {t('withWays')}
        </label>
        <p class="rounded-preview" id="rounded-preview" role="status">
          {preview.ok
            ? t('roundedPreview', { bbox: Object.values(bboxParts(preview.rounded)).join(', '), endpoint })
            : preview.text.replace(` ${t('failedNothingWritten')}`, '')}
        </p>
        <button type="submit" disabled={!preview.ok || runner.busy} aria-describedby="rounded-preview">
          {t('download')}
        </button>
        {runner.busy && (
          <button type="button" onClick={() => runner.cancel()}>
            {t('cancel')}
          </button>
        )}
      </form>
      <RunStatus state={state} t={t} lang={lang} />
    </section>
  );
}

export function RunStatus({ state, t, lang }: { state: RunState; t: T; lang: 'en' | 'fr' }) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'failed') {
    return (
      <p class="run-state error" role="alert" data-state="failed" data-code={state.code}>
        {state.text}
      </p>
    );
  }
  const text =
    state.phase === 'waiting'
      ? t('state_waiting', { attempt: state.attempt })
      : state.phase === 'receiving'
        ? t('state_receiving', { size: formatBytes(state.bytes, lang) })
        : state.phase === 'retrying'
          ? t('state_retrying', { reason: state.reason ?? '', seconds: state.seconds, attempt: state.attempt })
          : state.phase === 'graph'
            ? t('state_graph')
            : state.phase === 'storing'
              ? t('state_storing')
              : state.text;
  const running = state.phase !== 'done';
  return (
    <div class="run-state" data-state={state.phase}>
      {running && (
        <progress aria-label={text} {...(state.phase === 'receiving' && state.total ? { value: state.bytes, max: state.total } : {})} />
      )}
      <p role="status">{text}</p>
    </div>
  );
}
