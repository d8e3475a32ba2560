/** A route card (figures, the trade against the shortest, cameras along it) and the trade summary above the cards. */
import type { PlannedRoute } from '../../lib/planner/service.ts';
import type { RouteTrade, RouteTrades } from '../../lib/planner/trade.ts';
import type { AlternativeName } from '../../lib/routing/output.ts';
import type { Lang } from '../i18n/core.ts';
import { formatLength, formatMetres, formatMinutes, formatShare, formatSignedMetres } from './format.ts';
import { ROUTE_COLOURS, ROUTE_DASHES, TIER_COLOURS } from './map.ts';
import type { T } from './tab.ts';

/**
 * Above the cards: what the figure is (one line), and — exactly when the three routes' figures tie — that
 * no quieter route exists within the detour cap.
 */
export function TradeSummary(props: { trades: RouteTrades; t: T; lang: Lang; detour: number }) {
  const { t } = props;
  return (
    <>
      <p class="am-hint" data-testid="trade-help">
        {t('trade.help')}
      </p>
      {props.trades.noQuieterRoute && (
        <p class="am-note" role="note" data-testid="no-quieter">
          {t('trade.none', { cap: props.detour, weighted: formatMetres(props.trades.trades.shortest.weighted, props.lang) })}
        </p>
      )}
    </>
  );
}

/** A short sample of the route's line as drawn on the map (colour and dash pattern). */
function LineSample(props: { name: AlternativeName }) {
  return (
    <svg class="am-line-sample" width="28" height="10" viewBox="0 0 28 10" aria-hidden="true">
      <line
        x1="2"
        y1="5"
        x2="26"
        y2="5"
        stroke={ROUTE_COLOURS[props.name]}
        stroke-width="4"
        stroke-linecap="round"
        stroke-dasharray={ROUTE_DASHES[props.name].join(' ') || undefined}
      />
    </svg>
  );
}

/** The card's trade line: what this route gains against the shortest, and what it costs in walking. */
function TradeLine(props: { name: AlternativeName; route: PlannedRoute; trade: RouteTrade; t: T; lang: Lang }) {
  const { trade: d, t, lang } = props;
  if (props.name === 'shortest' || props.route.sameAs === 'shortest') return null;
  return (
    <p class="am-trade" data-field="trade" data-weighted-change={d.weightedChange} data-length-change={d.lengthChange}>
      {t('trade.change', {
        weighted: formatSignedMetres(d.weightedChange, lang),
        id: formatSignedMetres(d.identificationChange, lang),
        length: formatSignedMetres(d.lengthChange, lang),
      })}
    </p>
  );
}

export function RouteCard(props: {
  name: AlternativeName;
  route: PlannedRoute;
  trade: RouteTrade;
  t: T;
  lang: Lang;
  selected: boolean;
  onSelect(): void;
  onHover(on: boolean): void;
  onShowCamera(c: PlannedRoute['cameras'][number]): void;
}) {
  const { route: r, t, lang, name } = props;
  const title = t(`route.${name}`);
  const tiers = [
    ['identification', r.exposure.identification],
    ['recognition', r.exposure.recognition],
    ['observation', r.exposure.observation],
  ] as const;
  return (
    <article
      class={`am-card${props.selected ? ' am-selected' : ''}`}
      data-route={name}
      style={{ borderLeftColor: ROUTE_COLOURS[name] }}
      onMouseEnter={() => props.onHover(true)}
      onMouseLeave={() => props.onHover(false)}
      onFocusIn={() => props.onHover(true)}
      onFocusOut={() => props.onHover(false)}
      aria-label={title}
    >
      <h3>
        <button
          type="button"
          class="am-card-title"
          aria-pressed={props.selected}
          aria-label={t('route.select', { name: title })}
          onClick={props.onSelect}
        >
          <LineSample name={name} />
          {title}
        </button>
        {r.sameAs && <small class="am-muted"> ({t('route.same', { other: t(`route.${r.sameAs}`) })})</small>}
      </h3>
      <dl class="am-stats">
        <dt>{t('route.length')}</dt>
        <dd data-field="length" data-metres={Math.round(r.length)}>
          {formatLength(r.length, lang)}
        </dd>
        <dt>{t('route.time')}</dt>
        <dd data-field="time">{t('route.minutes', { n: formatMinutes(r.duration) })}</dd>
        <dt>{t('route.seen')}</dt>
        <dd data-field="seen" data-metres={Math.round(r.exposedMetres)}>
          <strong>{formatShare(r.exposedShare)}</strong> · {formatMetres(r.exposedMetres, lang)}
        </dd>
        <dt>{t('trade.figure')}</dt>
        <dd data-field="weighted" data-metres={props.trade.weighted}>
          <strong>{formatMetres(props.trade.weighted, lang)}</strong>
        </dd>
      </dl>
      <TradeLine name={name} route={r} trade={props.trade} t={t} lang={lang} />
      <div
        class="am-bar"
        role="img"
        aria-label={`${t('route.tiers')}: ${tiers.map(([k, v]) => `${t(k)} ${formatMetres(v, lang)}`).join(', ')}`}
      >
        {tiers.map(([k, v]) => (
          <span key={k} style={{ width: `${r.length > 0 ? (100 * v) / r.length : 0}%`, background: TIER_COLOURS[k] }} />
        ))}
      </div>
      <ul class="am-tiers" aria-label={t('route.tiers')}>
        {tiers.map(([k, v]) => (
          <li key={k} data-field={k} data-metres={Math.round(v)}>
            <span class="am-swatch" style={{ background: TIER_COLOURS[k] }} />
            {t(k)}: {formatMetres(v, lang)}
          </li>
        ))}
      </ul>
      {r.streets.length > 0 && (
        <p class="am-streets" data-field="streets">
          <span class="am-muted">{t('route.streets')} </span>
          {r.streets.join(' → ')}
        </p>
      )}
      <details>
        <summary>{t('route.cameras', { n: r.cameras.length })}</summary>
        {r.cameras.length === 0 ? (
          <p class="am-muted">{t('route.noCameras')}</p>
        ) : (
          <ol class="am-cameras">
            {r.cameras.map((c) => (
              <li key={c.id}>
                <button type="button" onClick={() => props.onShowCamera(c)} data-camera={c.id}>
                  {t('route.camera', {
                    kind: t(`kind.${c.kind}` as 'kind.fixed'),
                    at: Math.round(c.firstSeenAt),
                    metres: Math.round(c.metres),
                  })}
                </button>
              </li>
            ))}
          </ol>
        )}
      </details>
    </article>
  );
}

/**
 * What the map's tooltip calls a camera: its kind and, when there is one, its name or operator — never its
 * raw id ("dome osm:node/12657460960" told a person nothing).
 */
export function cameraLabel(c: { kind: string; name?: string; operator?: string }, t: (key: 'kind.fixed') => string): string {
  const kind = t(`kind.${c.kind}` as 'kind.fixed');
  const extra = (c.name ?? c.operator ?? '').trim().slice(0, 60);
  return extra ? `${kind} — ${extra}` : kind.charAt(0).toUpperCase() + kind.slice(1);
}
