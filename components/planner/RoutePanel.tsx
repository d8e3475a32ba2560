/** The route tool: start, via points, destination, α and detour cap, three route cards, exports, share link. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LonLat } from '../../lib/geo/index.ts';
import { WallSourceNote } from '../walls/WallSourceNote.tsx';
import type { PlannedRoutes } from '../../lib/planner/service.ts';
import { encodeShareFragment, readShareLink, shareLink, type SharedRequest } from '../../lib/planner/share.ts';
import { ALTERNATIVES, routesToGeoJson, routesToGpx, type AlternativeName } from '../../lib/routing/output.ts';
import type { RouteSuccess } from '../../lib/routing/router.ts';
import { ask, PlannerRequestError } from './client.ts';
import { MARKER_COLOURS, type PlannerLayers } from './map.ts';
import { routeTrades } from '../../lib/planner/trade.ts';
import { describeMatch, StreetSearch } from './StreetSearch.tsx';
import type { TabProps } from './tab.ts';
import { cameraLabel, RouteCard, TradeSummary } from './RouteCard.tsx';
import { ALPHA_STOPS, DEFAULT_ALPHA_STOP, nearestStop, PointRow, pointLabel, type Point } from './route-form.tsx';

type Target = 'from' | 'to' | 'via';

export function RoutePanel(
  props: TabProps & {
    /** Clicks are taken only after a "Pick … on map" button (see PlannerProps.explicitPick). */
    explicitPick?: boolean;
    initial?: SharedRequest;
    onShareChange?(fragment: string): void;
    geolocation?: Pick<Geolocation, 'getCurrentPosition'> | null;
    download(fileName: string, mime: string, text: string): void;
    /** Changes when the user's cameras change: the routes are planned again so they count at once. */
    camerasVersion: number;
  },
) {
  const { t, lang, map } = props;
  const [from, setFrom] = useState<Point | null>(
    props.initial?.from ? { at: props.initial.from, label: pointLabel(props.initial.from) } : null,
  );
  const [to, setTo] = useState<Point | null>(props.initial?.to ? { at: props.initial.to, label: pointLabel(props.initial.to) } : null);
  const [via, setVia] = useState<Point[]>((props.initial?.via ?? []).map((at) => ({ at, label: pointLabel(at) })));
  const initialStop = props.initial?.alpha !== undefined ? nearestStop(props.initial.alpha) : DEFAULT_ALPHA_STOP;
  const [alphaStop, setAlphaStop] = useState(initialStop);
  const [detour, setDetour] = useState(Math.round((props.initial?.maxDetour ?? 0.3) * 100));
  const [target, setTarget] = useState<Target | null>(null);
  const [result, setResult] = useState<PlannedRoutes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [hovered, setHovered] = useState<AlternativeName | null>(null);
  const [selected, setSelected] = useState<AlternativeName>('discreet');
  const seq = useRef(0);
  const revealed = useRef('');
  const requestPointsKey = () => [from?.at, ...via.map((v) => v.at), to?.at].map((p) => (p ? p.join(',') : '')).join(';');
  const alpha = ALPHA_STOPS[alphaStop];

  const place = (which: Target, raw: LonLat, label = pointLabel(raw)) => {
    // 1e-6° (≈ 0.1 m): the share link's precision, so a shared link plans exactly the same routes.
    const at: LonLat = [Math.round(raw[0] * 1e6) / 1e6, Math.round(raw[1] * 1e6) / 1e6];
    if (which === 'from') setFrom({ at, label });
    else if (which === 'to') setTo({ at, label });
    else setVia((v) => (v.length < 25 ? [...v, { at, label }] : v));
    setTarget(null);
  };
  const nextTarget: Target = target ?? (!from ? 'from' : !to ? 'to' : 'to');

  // Armed before the paint that shows it (CamerasPanel.tsx says why).
  useLayoutEffect(() => {
    if (!props.active || (props.explicitPick && !target)) props.setClick(null);
    else
      props.setClick((at) => place(nextTarget, at), {
        prompt: t('pick.armed', { what: describeTarget(nextTarget) }),
        cancel: () => setTarget(null),
      });
  }, [props.active, nextTarget, target, props.explicitPick, lang, via.length]);

  // Plan whenever the request (or the user's cameras) changes.
  useEffect(() => {
    if (!from || !to) {
      setResult(null);
      return;
    }
    const mine = ++seq.current;
    setBusy(true);
    setError(null);
    ask(props.send, {
      type: 'route',
      from: from.at,
      to: to.at,
      ...(via.length ? { via: via.map((v) => v.at) } : {}),
      alpha,
      maxDetour: detour / 100,
    })
      .then((r) => {
        if (mine !== seq.current) return;
        setResult(r);
        setBusy(false);
        // New points: show the whole of the three routes (the destination may be off-screen). A changed
        // slider or detour cap keeps the user's view.
        const key = requestPointsKey();
        if (key !== revealed.current) {
          revealed.current = key;
          map.reveal?.(ALTERNATIVES.flatMap((n) => r[n].coordinates));
        }
      })
      .catch((e) => {
        if (mine !== seq.current) return;
        setResult(null);
        setBusy(false);
        const code = e instanceof PlannerRequestError ? e.code : 'internal';
        const key = `error.${code}` as const;
        setError(
          key in ERROR_KEYS
            ? t(key as keyof typeof ERROR_KEYS)
            : t('error.generic', { message: e instanceof Error ? e.message : String(e) }),
        );
      });
  }, [from?.at[0], from?.at[1], to?.at[0], to?.at[1], via.map((v) => v.at.join(',')).join(';'), alpha, detour, props.camerasVersion]);

  const request: SharedRequest = { from: from?.at, to: to?.at, via: via.map((v) => v.at), alpha, maxDetour: detour / 100 };
  const fragment = encodeShareFragment(request);
  useEffect(() => {
    if (from || to) props.onShareChange?.(fragment);
  }, [fragment]);

  // Map layers: routes (emphasis on the hovered card, else the selected one) and markers.
  useEffect(() => {
    const emphasis = hovered ?? selected;
    const routes = result
      ? ALTERNATIVES.filter((n) => n !== emphasis)
          .concat([emphasis])
          .map((name) => ({ name, coordinates: result[name].coordinates, emphasis: name === emphasis, label: t(`route.${name}`) }))
      : [];
    // The placed points and where the walk graph starts or ends the routes (snaps are in request order).
    const placed = [from?.at, ...via.map((v) => v.at), to?.at];
    const connectors: Array<[LonLat, LonLat]> = [];
    if (result && result.snaps.length === placed.length) {
      result.snaps.forEach((s, i) => {
        const p = placed[i];
        if (p && (Math.abs(p[0] - s.lon) > 1e-6 || Math.abs(p[1] - s.lat) > 1e-6)) connectors.push([p, [s.lon, s.lat]]);
      });
    }
    const markers: PlannerLayers['markers'] = [];
    if (from) markers.push({ role: 'from', at: from.at, label: t('from') });
    via.forEach((v, i) => {
      markers.push({ role: 'via', at: v.at, label: t('via', { n: i + 1 }) });
    });
    if (to) markers.push({ role: 'to', at: to.at, label: t('to') });
    props.setLayers({ routes, markers, connectors });
  }, [result, hovered, selected, from, to, via, lang]);

  const geolocate = () => {
    const geo = props.geolocation;
    if (!geo) {
      setError(t('geolocate.denied', { message: 'not supported' }));
      return;
    }
    geo.getCurrentPosition(
      (pos) => place('from', [pos.coords.longitude, pos.coords.latitude]),
      (err) => setError(t('geolocate.denied', { message: err.message || String(err.code) })),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const success = result as unknown as RouteSuccess | null;
  const trades = result ? routeTrades(result) : null;
  const shareUrl = shareLink(request);
  const [openText, setOpenText] = useState('');
  const [openError, setOpenError] = useState<string | null>(null);
  /** Opens a pasted share link: its points, avoidance and detour cap replace the current request. */
  const openShared = () => {
    const r = readShareLink(openText);
    if (!r) {
      setOpenError(t('share.bad'));
      return;
    }
    setOpenError(null);
    setOpenText('');
    setFrom(r.from ? { at: r.from, label: pointLabel(r.from) } : null);
    setTo(r.to ? { at: r.to, label: pointLabel(r.to) } : null);
    setVia(r.via.map((at) => ({ at, label: pointLabel(at) })));
    if (r.alpha !== undefined) setAlphaStop(nearestStop(r.alpha));
    if (r.maxDetour !== undefined) setDetour(Math.round(r.maxDetour * 100));
  };
  const describeTarget = (w: Target) => (w === 'from' ? t('from') : w === 'to' ? t('to') : t('via', { n: via.length + 1 }));

  return (
    <section class="am-panel" aria-label={t('tab.route')} hidden={!props.active}>
      <div class="am-points">
        <PointRow
          label={t('from')}
          point={from}
          unset={t('unset')}
          testId="point-from"
          onClear={() => setFrom(null)}
          clearLabel={`${t('clear')}: ${t('from')}`}
        />
        {via.map((v, i) => (
          <PointRow
            key={i}
            label={t('via', { n: i + 1 })}
            point={v}
            unset=""
            testId={`point-via-${i}`}
            onClear={() => setVia(via.filter((_, k) => k !== i))}
            clearLabel={t('via.remove', { n: i + 1 })}
          />
        ))}
        <PointRow
          label={t('to')}
          point={to}
          unset={t('unset')}
          testId="point-to"
          onClear={() => setTo(null)}
          clearLabel={`${t('clear')}: ${t('to')}`}
        />
      </div>
      <p class="am-hint" aria-live="polite">
        {props.explicitPick
          ? target
            ? t('pick.armed', { what: describeTarget(target) })
            : t('pick.explicit')
          : t('pick.next', { what: describeTarget(nextTarget) })}
      </p>
      <div class="am-row am-wrap">
        <button type="button" onClick={() => setTarget(target === 'from' ? null : 'from')} aria-pressed={target === 'from'}>
          {t('pick.from')}
        </button>
        <button type="button" onClick={() => setTarget(target === 'to' ? null : 'to')} aria-pressed={target === 'to'}>
          {t('pick.to')}
        </button>
        <button type="button" onClick={() => setTarget(target === 'via' ? null : 'via')} aria-pressed={target === 'via'}>
          {t('pick.via')}
        </button>
      </div>
      <div class="am-row am-wrap">
        <button type="button" onClick={() => place('from', map.centre())}>
          {t('centre.from')}
        </button>
        <button type="button" onClick={() => place('to', map.centre())}>
          {t('centre.to')}
        </button>
        <button type="button" onClick={() => place('via', map.centre())}>
          {t('centre.via')}
        </button>
      </div>
      <StreetSearch
        send={props.send}
        label={t('search.label', { what: t('from') })}
        placeholder={t('search.placeholder')}
        noneText={t('search.none')}
        resultsLabel={t('search.results')}
        onPick={(at, name) => place('from', at, name)}
        testId="search-from"
        near={() => map.centre()}
        describe={(m) => describeMatch(m, t, lang)}
        badge={{ text: 'A', colour: MARKER_COLOURS.from }}
      />
      <StreetSearch
        send={props.send}
        label={t('search.label', { what: t('to') })}
        placeholder={t('search.placeholder')}
        noneText={t('search.none')}
        resultsLabel={t('search.results')}
        onPick={(at, name) => place('to', at, name)}
        testId="search-to"
        near={() => map.centre()}
        describe={(m) => describeMatch(m, t, lang)}
        badge={{ text: 'B', colour: MARKER_COLOURS.to }}
      />
      <div class="am-row am-wrap">
        <button
          type="button"
          onClick={() => {
            setFrom(to);
            setTo(from);
            setVia([...via].reverse());
          }}
          disabled={!from && !to}
        >
          ⇅ {t('swap')}
        </button>
        <button type="button" onClick={geolocate}>
          {t('geolocate')}
        </button>
      </div>
      <form
        class="am-field"
        data-testid="open-shared"
        onSubmit={(e) => {
          e.preventDefault();
          openShared();
        }}
      >
        <label class="am-field">
          <span>{t('share.open')}</span>
          <input
            type="text"
            value={openText}
            placeholder="angle-mort:#from=…"
            onInput={(e) => setOpenText((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={!openText.trim()}>
          {t('share.openButton')}
        </button>
        {openError && (
          <p class="am-error" role="alert">
            {openError}
          </p>
        )}
      </form>
      <label class="am-field">
        <span>{t('alpha', { value: alpha })}</span>
        <input
          type="range"
          min={0}
          max={ALPHA_STOPS.length - 1}
          step={1}
          value={alphaStop}
          aria-valuetext={String(alpha)}
          onChange={(e) => setAlphaStop(Number((e.currentTarget as HTMLInputElement).value))}
        />
        <small class="am-muted">{t('alpha.help')}</small>
      </label>
      <label class="am-field am-inline">
        <span>{t('detour')}</span>
        <input
          type="number"
          min={0}
          max={200}
          step={5}
          value={detour}
          onChange={(e) => {
            const v = Number((e.currentTarget as HTMLInputElement).value);
            if (Number.isFinite(v) && v >= 0 && v <= 200) setDetour(v);
          }}
        />
      </label>
      {busy && (
        <p class="am-hint" role="status">
          {t('planning')}
        </p>
      )}
      {error && (
        <p class="am-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div class="am-cards" data-testid="route-cards">
          <TradeSummary trades={trades!} t={t} lang={lang} detour={detour} />
          <WallSourceNote lang={lang} source={result.wallSource} />
          {ALTERNATIVES.map((name) => (
            <RouteCard
              key={name}
              name={name}
              route={result[name]}
              trade={trades!.trades[name]}
              t={t}
              lang={lang}
              selected={selected === name}
              onSelect={() => setSelected(name)}
              onHover={(on) => setHovered(on ? name : null)}
              onShowCamera={(c) => map.showCamera({ id: c.id, at: [c.lon, c.lat], label: cameraLabel(c, t) })}
            />
          ))}
          <div class="am-row am-wrap">
            <button
              type="button"
              onClick={() => success && props.download('angle-mort-routes.gpx', 'application/gpx+xml', routesToGpx(success))}
            >
              {t('export.gpx')}
            </button>
            <button
              type="button"
              onClick={() =>
                success &&
                props.download('angle-mort-routes.geojson', 'application/geo+json', JSON.stringify(routesToGeoJson(success), null, 1))
              }
            >
              {t('export.geojson')}
            </button>
          </div>
          <label class="am-field">
            <span>{t('share.portable')}</span>
            <input
              type="text"
              readOnly
              value={shareUrl}
              data-testid="share-link"
              onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
            />
          </label>
        </div>
      )}
    </section>
  );
}

const ERROR_KEYS = { 'error.outside-area': 1, 'error.too-far-from-street': 1, 'error.no-route': 1, 'error.no-graph': 1 } as const;
