/** The event-area tool: draw a polygon, a circle or a march path; get the report; export it. */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { areaReportToGeoJson, rankedWaysOut } from '../../lib/area/export.ts';
import { areaReportToHtml, compassText } from './area-printable.ts';
import { WallSourceNote } from '../walls/WallSourceNote.tsx';
import type { AreaReport } from '../../lib/area/report.ts';
import type { AreaShape } from '../../lib/area/shape.ts';
import { COVERAGE_TIERS } from '../../lib/cameras/coverage.ts';
import { CAMERA_KINDS } from '../../lib/cameras/types.ts';
import type { LonLat } from '../../lib/geo/index.ts';
import type { Lang } from '../i18n/core.ts';
import { ask } from './client.ts';
import { formatLength, formatMetres, formatShare } from './format.ts';
import { TIER_COLOURS, type PlannerMap } from './map.ts';
import type { T, TabProps } from './tab.ts';

type Mode = 'polygon' | 'circle' | 'path';

export function AreaPanel(
  props: TabProps & {
    /** Clicks are taken only after "Add a point on map", one point per press (see PlannerProps.explicitPick). */
    explicitPick?: boolean;
    download(fileName: string, mime: string, text: string): void;
    camerasVersion: number;
  },
) {
  const { t, lang, map } = props;
  const [mode, setMode] = useState<Mode>('polygon');
  const [points, setPoints] = useState<LonLat[]>([]);
  const [radius, setRadius] = useState(200);
  const [width, setWidth] = useState(30);
  const [minBlind, setMinBlind] = useState(50);
  const [report, setReport] = useState<AreaReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);

  const add = (at: LonLat) => {
    setReport(null);
    setPoints((p) => (mode === 'circle' ? [at] : p.length < 500 ? [...p, at] : p));
  };
  // Armed before the paint that shows it (CamerasPanel.tsx says why).
  useLayoutEffect(() => {
    if (!props.active || (props.explicitPick && !picking)) props.setClick(null);
    else
      props.setClick(
        (at) => {
          add(at);
          setPicking(false);
        },
        { prompt: t('area.armed'), cancel: () => setPicking(false) },
      );
  }, [props.active, mode, picking, props.explicitPick, lang]);

  const shape: AreaShape | null =
    mode === 'circle'
      ? points[0]
        ? { kind: 'circle', center: points[0], radiusMetres: radius }
        : null
      : mode === 'path'
        ? points.length >= 2
          ? { kind: 'path', line: points, widthMetres: width }
          : null
        : points.length >= 3
          ? { kind: 'polygon', ring: points }
          : null;

  const check = async () => {
    if (!shape) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await ask(props.send, { type: 'area/report', area: shape, blindSpotMinMetres: minBlind }));
    } catch (e) {
      setReport(null);
      setError(t('error.generic', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  // The user's cameras changed: a shown report is recomputed so they count at once.
  useEffect(() => {
    if (report) void check();
  }, [props.camerasVersion]);

  useEffect(() => {
    const polygon = report
      ? (report.polygon.type === 'Polygon' ? report.polygon.coordinates : report.polygon.coordinates.flat()).map((ring) =>
          ring.map(([x, y]) => [x, y] as LonLat),
        )
      : undefined;
    props.setLayers({
      area: points.length ? { kind: mode, points, radiusMetres: radius, widthMetres: width, polygon } : null,
      blindSpots: report ? report.blindSpots.flatMap((b) => b.lines) : [],
      waysOut: report
        ? report.waysOut.flatMap((w) => (w.ok ? [{ coordinates: w.coordinates, best: w.best, label: compassText(w.direction, lang) }] : []))
        : [],
      cameras: report ? report.cameras.map((c) => ({ id: c.id, at: [c.lon, c.lat] as LonLat, tier: c.tier })) : [],
    });
  }, [points, mode, radius, width, report]);

  return (
    <section class="am-panel" aria-label={t('tab.area')} hidden={!props.active}>
      <fieldset class="am-row am-wrap">
        <legend>{t('area.mode')}</legend>
        {(['polygon', 'circle', 'path'] as const).map((m) => (
          <label key={m} class="am-radio">
            <input
              type="radio"
              name="am-area-mode"
              value={m}
              checked={mode === m}
              onChange={() => {
                setMode(m);
                setPoints([]);
                setReport(null);
              }}
            />
            {t(`area.${m}`)}
          </label>
        ))}
      </fieldset>
      <p class="am-hint">
        {props.explicitPick ? (picking ? t('area.armed') : t('area.help.explicit')) : t(`area.help.${mode}`)}{' '}
        <span data-testid="area-points">{t('area.points', { n: points.length })}</span>
      </p>
      {mode === 'circle' && (
        <label class="am-field am-inline">
          <span>{t('area.radius')}</span>
          <input
            type="number"
            min={10}
            max={3000}
            step={10}
            value={radius}
            onChange={(e) => {
              const v = Number((e.currentTarget as HTMLInputElement).value);
              if (v >= 10 && v <= 3000) {
                setRadius(v);
                setReport(null);
              }
            }}
          />
        </label>
      )}
      {mode === 'path' && (
        <label class="am-field am-inline">
          <span>{t('area.width')}</span>
          <input
            type="number"
            min={5}
            max={500}
            step={5}
            value={width}
            onChange={(e) => {
              const v = Number((e.currentTarget as HTMLInputElement).value);
              if (v >= 5 && v <= 500) {
                setWidth(v);
                setReport(null);
              }
            }}
          />
        </label>
      )}
      <label class="am-field am-inline">
        <span>{t('area.blind')}</span>
        <input
          type="number"
          min={5}
          max={1000}
          step={5}
          value={minBlind}
          onChange={(e) => {
            const v = Number((e.currentTarget as HTMLInputElement).value);
            if (v >= 5 && v <= 1000) setMinBlind(v);
          }}
        />
      </label>
      <div class="am-row am-wrap">
        {props.explicitPick && (
          <button type="button" onClick={() => setPicking(!picking)} aria-pressed={picking}>
            {t('area.pick')}
          </button>
        )}
        <button type="button" onClick={() => add(map.centre())}>
          {t('area.centre')}
        </button>
        <button
          type="button"
          onClick={() => {
            setPoints(points.slice(0, -1));
            setReport(null);
          }}
          disabled={!points.length}
        >
          {t('area.undo')}
        </button>
        <button
          type="button"
          onClick={() => {
            setPoints([]);
            setReport(null);
          }}
          disabled={!points.length}
        >
          {t('clear')}
        </button>
        <button type="button" class="am-primary" onClick={() => void check()} disabled={!shape || busy}>
          {busy ? t('area.checking') : t('area.check')}
        </button>
      </div>
      {error && (
        <p class="am-error" role="alert">
          {error}
        </p>
      )}
      {report && <Report report={report} t={t} lang={lang} map={map} download={props.download} />}
    </section>
  );
}

function Report(props: {
  report: AreaReport;
  t: T;
  lang: Lang;
  map: PlannerMap;
  download(fileName: string, mime: string, text: string): void;
}) {
  const { report: r, t, lang } = props;
  const s = r.streets;
  const kinds = CAMERA_KINDS.filter((k) => COVERAGE_TIERS.some((tier) => r.camerasByKind[k][tier] > 0));
  return (
    <div class="am-report" data-testid="area-report" role="region" aria-label={t('report.title')}>
      <h3>{t('report.title')}</h3>
      <WallSourceNote lang={lang} source={r.wallSource} />
      <p class="am-big" data-field="seen-share" data-share={Math.round(s.seenShare * 100)}>
        {t('report.streets', { length: formatLength(s.lengthMetres, lang), share: formatShare(s.seenShare) })}
      </p>
      <div class="am-bar" role="img" aria-label={COVERAGE_TIERS.map((k) => `${t(k)} ${formatShare(s.shareByTier[k])}`).join(', ')}>
        {COVERAGE_TIERS.map((k) => (
          <span key={k} style={{ width: `${100 * s.shareByTier[k]}%`, background: TIER_COLOURS[k] }} />
        ))}
      </div>
      <ul class="am-tiers">
        {COVERAGE_TIERS.map((k) => (
          <li key={k} data-field={k} data-metres={Math.round(s.seen[k])}>
            <span class="am-swatch" style={{ background: TIER_COLOURS[k] }} />
            {t(k)}: {formatMetres(s.seen[k], lang)} ({formatShare(s.shareByTier[k])})
          </li>
        ))}
        <li data-field="unseen" data-metres={Math.round(s.unseenMetres)}>
          <span class="am-swatch am-unseen" />
          {t('unseen')}: {formatMetres(s.unseenMetres, lang)}
        </li>
      </ul>
      <h4 data-field="camera-count" data-count={r.cameras.length}>
        {t('report.cameras', { n: r.cameras.length })}
      </h4>
      {kinds.length > 0 && (
        <table class="am-table">
          <thead>
            <tr>
              <th scope="col">{t('report.kind')}</th>
              {COVERAGE_TIERS.map((k) => (
                <th scope="col" key={k}>
                  {t(k)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k} data-kind={k}>
                <th scope="row">{t(`kind.${k}`)}</th>
                {COVERAGE_TIERS.map((tier) => (
                  <td key={tier}>{r.camerasByKind[k][tier]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4 data-field="blind-count" data-count={r.blindSpots.length}>
        {t('report.blind', { n: r.blindSpotMinMetres, count: r.blindSpots.length })}
      </h4>
      {r.blindSpots.length === 0 ? (
        <p class="am-muted">{t('report.noBlind')}</p>
      ) : (
        <ol class="am-blind">
          {r.blindSpots.slice(0, 30).map((b, i) => (
            <li key={i} data-metres={Math.round(b.length)}>
              <button type="button" onClick={() => props.map.fit?.(b.lines.flat())}>
                {formatMetres(b.length, lang)} — {b.streets.length ? b.streets.join(', ') : t('report.unnamed')}
              </button>
            </li>
          ))}
        </ol>
      )}
      <WaysOut report={r} t={t} lang={lang} map={props.map} />
      <div class="am-row am-wrap">
        <button
          type="button"
          onClick={() => props.download('angle-mort-area.geojson', 'application/geo+json', JSON.stringify(areaReportToGeoJson(r), null, 1))}
        >
          {t('export.geojson')}
        </button>
        <button type="button" onClick={() => props.download('angle-mort-area.html', 'text/html', areaReportToHtml(r, lang))}>
          {t('export.print')}
        </button>
      </div>
    </div>
  );
}

/**
 * The ways out, ranked by the figure that picks the star (weighted camera-metres, the router's), each with
 * its streets in walking order.
 */
function WaysOut(props: { report: AreaReport; t: T; lang: Lang; map: PlannerMap }) {
  const { t, lang } = props;
  return (
    <>
      <h4>{t('report.ways')}</h4>
      <p class="am-hint" data-testid="ways-help">
        {t('report.ways.help')}
      </p>
      <ol class="am-ways" data-testid="ways-out">
        {rankedWaysOut(props.report.waysOut).map((w) => (
          <li
            key={w.direction}
            class={w.ok && w.best ? 'am-best' : ''}
            data-direction={w.direction}
            data-best={w.ok && w.best ? 'true' : undefined}
          >
            {w.ok ? (
              <button type="button" onClick={() => props.map.fit?.(w.coordinates)}>
                {w.best && <strong>★ </strong>}
                {t('report.exit', {
                  dir: compassText(w.direction, lang),
                  weighted: formatMetres(w.weighted, lang),
                  length: formatLength(w.length, lang),
                  seen: formatMetres(w.exposedMetres, lang),
                  id: formatMetres(w.identificationMetres, lang),
                })}
                {w.best && <strong> ({t('report.best')})</strong>}
                <span class="am-exit-streets" data-field="streets">
                  {' '}
                  — {w.streets.length ? t('report.exit.streets', { streets: w.streets.join(' → ') }) : t('report.unnamed')}
                </span>
                <span hidden data-field="weighted" data-metres={Math.round(w.weighted)} />
              </button>
            ) : (
              <span class="am-muted">
                {compassText(w.direction, lang)}: {t('report.noWay')}
              </span>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}
