/**
 * "Get this district from OpenStreetMap": one button, then a confirmation that names exactly what will be
 * sent (the rounded 0.05° box, the server, and that nothing else is), then progress with Cancel, then one
 * outcome. The same component sits in the in-page dock, on the planner page and in the popup, and (as
 * "Update") on each stored area. The work runs in the background over a runtime port (lib/store/district.ts).
 *
 * Text from settings or data is rendered as text (Preact), never as HTML.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { BBox } from '../../lib/geo/index.ts';
import { DEFAULT_OVERPASS_ENDPOINT } from '../../lib/sources/overpass-query.ts';
import { DISTRICT_PORT, planDistrict, type DistrictPlan, type DistrictServerMessage } from '../../lib/store/district.ts';
import { translator, type Lang } from '../i18n/core.ts';
import { districtText, type DistrictKey } from '../i18n/district.ts';

/** The part of `browser.runtime.Port` the component uses. */
export interface PortLike {
  postMessage(message: unknown): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
  disconnect(): void;
}

export interface GetDistrictProps {
  lang: Lang;
  /** The view to download (the current map view, or a stored area's box for "Update"); null when unknown. */
  getView(): BBox | null | Promise<BBox | null>;
  /** `browser.runtime.connect({ name })`. */
  connect(name: string): PortLike;
  /** The Overpass endpoint from the settings (shown in the confirmation); default when unknown. */
  getEndpoint(): Promise<string | undefined>;
  /** Called after a successful download (the store and the overlays already know). */
  onDone?(rounded: BBox): void;
  /** The sentence shown when `getView` answers null (default: "the map view is not known yet"). */
  noViewText?: string;
  /** Button text; default "Get this district from OpenStreetMap". */
  buttonText?: string;
  /** Accessible name of the button, when the text alone is ambiguous (e.g. "Update" in a list). */
  buttonLabel?: string;
}

type State =
  | { step: 'idle' }
  | { step: 'confirm'; plan: DistrictPlan; endpoint: string }
  | { step: 'running'; text: string; determinate?: { value: number; max: number } }
  | { step: 'done'; text: string }
  | { step: 'failed'; text: string; code: string };

const fmtDeg = (v: number, pos: string, neg: string, lang: Lang) =>
  `${Math.abs(v)
    .toFixed(2)
    .replace('.', lang === 'fr' ? ',' : '.')}° ${v < 0 ? neg : pos}`;

/** "41.10° N to 41.15° N, 8.65° W to 8.60° W": the rounded box as a person reads it. */
export function formatBox(b: BBox, lang: Lang): string {
  const to = lang === 'fr' ? 'à' : 'to';
  const [n, s, e, w] = lang === 'fr' ? ['N', 'S', 'E', 'O'] : ['N', 'S', 'E', 'W'];
  return `${fmtDeg(b.south, n, s, lang)} ${to} ${fmtDeg(b.north, n, s, lang)}, ${fmtDeg(b.west, e, w, lang)} ${to} ${fmtDeg(b.east, e, w, lang)}`;
}

function formatSize(bytes: number, lang: Lang): string {
  const loc = lang === 'fr' ? 'fr-FR' : 'en-GB';
  if (bytes < 1_000_000) return `${(bytes / 1000).toLocaleString(loc, { maximumFractionDigits: 0 })} ${lang === 'fr' ? 'ko' : 'kB'}`;
  return `${(bytes / 1_000_000).toLocaleString(loc, { maximumFractionDigits: 1 })} ${lang === 'fr' ? 'Mo' : 'MB'}`;
}

/** The confirmation's sentences, exactly as shown (exported for tests and the README). */
export function confirmationText(plan: DistrictPlan, endpoint: string, lang: Lang): string[] {
  const t = translator(districtText, lang);
  const cells = plan.cells === 1 ? t('get.cells.one') : t('get.cells.many', { count: plan.cells });
  return [t('get.sends', { server: endpoint, box: formatBox(plan.rounded, lang), cells }), t('get.nothingElse'), t('get.what')];
}

export function failureSentence(m: Extract<DistrictServerMessage, { type: 'failed' }>, lang: Lang): string {
  const t = translator(districtText, lang);
  const key = `fail.${m.code}` as DistrictKey;
  let text = key in districtText ? t(key) : t('fail.other', { message: m.message.slice(0, 200) });
  if (m.code === 'rate-limited' && m.retryAfterSeconds)
    text += ` ${t('fail.retryAfter', { minutes: Math.max(1, Math.ceil(m.retryAfterSeconds / 60)) })}`;
  return `${text} ${t('fail.nothingWritten')}`;
}

let instances = 0;

export function GetDistrict(props: GetDistrictProps) {
  const t = translator(districtText, props.lang);
  const [titleId] = useState(() => `am-district-title-${++instances}`);
  const [state, setState] = useState<State>({ step: 'idle' });
  const port = useRef<PortLike | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const mainButton = useRef<HTMLButtonElement>(null);
  useEffect(() => () => port.current?.disconnect(), []);
  useEffect(() => {
    if (state.step === 'confirm') confirmButton.current?.focus();
  }, [state.step]);

  const ask = async () => {
    const view = await props.getView();
    if (!view) return setState({ step: 'failed', code: 'no-view', text: props.noViewText ?? t('get.noView') });
    const plan = planDistrict(view);
    if (!plan.ok) {
      return setState({
        step: 'failed',
        code: plan.code,
        text: plan.code === 'area-too-large' ? t('get.tooLarge', { message: plan.message }) : t('fail.other', { message: plan.message }),
      });
    }
    const endpoint = (await props.getEndpoint().catch(() => undefined)) ?? DEFAULT_OVERPASS_ENDPOINT;
    setState({ step: 'confirm', plan, endpoint });
  };

  const start = (plan: DistrictPlan) => {
    setState({ step: 'running', text: t('state.waiting', { attempt: 1 }) });
    let finished = false;
    const p = props.connect(DISTRICT_PORT);
    port.current = p;
    p.onMessage.addListener((raw) => {
      const m = raw as DistrictServerMessage;
      if (m.type === 'progress') {
        const text =
          m.phase === 'waiting'
            ? t('state.waiting', { attempt: m.attempt ?? 1 })
            : m.phase === 'receiving'
              ? t('state.receiving', { size: formatSize(m.bytes ?? 0, props.lang) })
              : m.phase === 'retrying'
                ? t('state.retrying', { seconds: m.seconds ?? 1, attempt: m.attempt ?? 1 })
                : m.phase === 'graph'
                  ? t('state.graph')
                  : t('state.storing');
        setState({
          step: 'running',
          text,
          ...(m.phase === 'receiving' && m.total ? { determinate: { value: m.bytes ?? 0, max: m.total } } : {}),
        });
        return;
      }
      finished = true;
      p.disconnect();
      if (port.current === p) port.current = null;
      if (m.type === 'done') {
        const graph = m.graphBytes > 0 ? t('state.graphYes') : t('state.graphNo');
        setState({
          step: 'done',
          text: t('state.done', {
            cameras: m.cameras.toLocaleString(props.lang === 'fr' ? 'fr-FR' : 'en-GB'),
            graph,
            box: formatBox(m.rounded, props.lang),
          }),
        });
        props.onDone?.(m.rounded);
      } else setState({ step: 'failed', code: m.code, text: failureSentence(m, props.lang) });
      mainButton.current?.focus();
    });
    p.onDisconnect.addListener(() => {
      if (finished) return;
      finished = true;
      if (port.current === p) port.current = null;
      setState({ step: 'failed', code: 'network', text: t('fail.other', { message: 'the background stopped' }) });
    });
    p.postMessage({ type: 'start', bbox: plan.rounded });
  };

  // The outcome stays until dismissed or replaced by the next download: the dock lives as long as the tab, so
  // an old error must not outlive the person's reading of it.
  const dismiss = () => {
    setState({ step: 'idle' });
    mainButton.current?.focus();
  };

  const cancel = () => {
    port.current?.postMessage({ type: 'cancel' });
  };

  return (
    <div class="am-district" data-state={state.step} {...(state.step === 'failed' ? { 'data-code': state.code } : {})}>
      {state.step !== 'confirm' && state.step !== 'running' && (
        <button
          type="button"
          class="am-district-get"
          ref={mainButton}
          onClick={() => void ask()}
          {...(props.buttonLabel ? { 'aria-label': props.buttonLabel } : {})}
        >
          {props.buttonText ?? t('get.button')}
        </button>
      )}
      {state.step === 'confirm' && (
        <div class="am-district-confirm" role="group" aria-labelledby={titleId}>
          <p class="am-district-title" id={titleId}>
            <strong>{t('get.title')}</strong>
          </p>
          {confirmationText(state.plan, state.endpoint, props.lang).map((line) => (
            <p class="am-district-line">{line}</p>
          ))}
          <p class="am-district-actions">
            <button type="button" ref={confirmButton} onClick={() => start(state.plan)}>
              {t('get.confirm')}
            </button>{' '}
            <button type="button" onClick={() => setState({ step: 'idle' })}>
              {t('get.cancel')}
            </button>
          </p>
        </div>
      )}
      {state.step === 'running' && (
        <div class="am-district-run">
          <progress
            aria-label={state.text}
            {...(state.determinate ? { value: state.determinate.value, max: state.determinate.max } : {})}
          />
          <p role="status">{state.text}</p>
          <button type="button" onClick={cancel}>
            {t('get.cancel')}
          </button>
        </div>
      )}
      {(state.step === 'done' || state.step === 'failed') && (
        <div class="am-district-outcome">
          <p class={state.step === 'done' ? 'am-district-done' : 'am-district-error'} role={state.step === 'done' ? 'status' : 'alert'}>
            {state.text}
          </p>
          <button type="button" class="am-district-dismiss" aria-label={t('get.dismissLabel')} onClick={dismiss}>
            {t('get.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}

/** Styles for the component (shadow root of the dock, planner page, popup). */
export const DISTRICT_CSS = `
.am-district { display: flex; flex-direction: column; gap: 4px; max-width: 370px; }
.am-district-get { align-self: flex-start; min-height: 24px; }
.am-district-confirm, .am-district-run { background: #fff; border: 1px solid #1565c0; border-radius: 6px; padding: 6px 8px; }
.am-district-confirm p, .am-district-run p { margin: 2px 0; overflow-wrap: anywhere; }
.am-district-run progress { width: 100%; }
.am-district-done { margin: 0; color: #1b5e20; background: #fff; border-radius: 4px; padding: 2px 4px; }
.am-district-error { margin: 0; color: #b00020; background: #fff; border-radius: 4px; padding: 2px 4px; }
.am-district-outcome { display: flex; align-items: flex-start; gap: 4px; }
.am-district-dismiss { font-size: 12px; min-height: 24px; flex: none; }
.am-areas h2 { font-size: 15px; margin: 10px 0 4px; }
.am-areas ul { list-style: none; margin: 0; padding: 0; }
.am-areas li { margin: 0 0 8px; font-size: 13px; }
.am-area-label { font-weight: 600; overflow-wrap: anywhere; }
.am-area-facts { color: #444; }
.am-area-actions { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 4px; margin-top: 2px; }
`;
