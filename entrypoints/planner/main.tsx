/**
 * The standalone planner page (planner.html, opened from the popup): the planner panel on the extension's
 * own map. Offline by design: the streets are drawn from the walk graph, and nothing is fetched from the
 * network unless the user switches the OpenStreetMap tiles on. A share link's fragment
 * (#from=lat,lon&to=lat,lon&alpha=…) is read at start and kept up to date in the address bar.
 */
import 'leaflet/dist/leaflet.css';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { onBroadcast, sendToBackground } from '../../components/runtime.ts';
import { resolveLang, translator, type Lang } from '../../components/i18n/core.ts';
import { plannerText } from '../../components/i18n/planner.ts';
import { ask, overpassEndpoint } from '../../components/planner/client.ts';
import { createLocalPlanner, type WorkerLike } from '../../components/planner/local-planner.ts';
import { LeafletPlannerMap } from '../../components/planner/LeafletPlannerMap.ts';
import { Planner, plannerStyles } from '../../components/planner/Planner.tsx';
import type { LonLat } from '../../lib/geo/index.ts';
import { decodeShareFragment } from '../../lib/planner/share.ts';
import { TIER_COLOURS } from '../../components/planner/map.ts';
import { saveTextFile } from '../../components/save-file.ts';
import { DISTRICT_CSS, GetDistrict } from '../../components/district/GetDistrict.tsx';
import { StoredAreas } from '../../components/district/StoredAreas.tsx';
import { DataQualityNote, QUALITY_CSS } from '../../components/district/DataQualityNote.tsx';
import './style.css';

/**
 * Routes, area reports and the street layer come from the page's own engine worker (it outlives the service
 * worker's idle stops); everything else, and whatever the worker cannot answer, from the background.
 */
const local = createLocalPlanner(sendToBackground, () => new Worker('/planner-engine.js') as unknown as WorkerLike);
const send = local.send;
// Registered before any component's listener: the worker hears of a change before the planner re-plans.
onBroadcast((message) => {
  if (message && typeof message === 'object' && (message as { type?: unknown }).type === 'dataset/changed') local.changed();
});
if (__ANGLE_MORT_TEST__) {
  // Test builds only: browser tests and the cold-start benchmark send through the page's own path and read
  // how many requests its engine worker answered.
  (globalThis as unknown as { __angleMortPlanner: unknown }).__angleMortPlanner = { served: () => local.served, send };
}
/** Capitole, Toulouse: the default view. */
const DEFAULT_CENTRE: LonLat = [1.444, 43.6045];

const connect = (name: string) => browser.runtime.connect({ name });
const getEndpoint = () => overpassEndpoint(send);

/**
 * Camera and dataset changes made in another tab or on the options page: the background broadcasts
 * `dataset/changed` to every extension page (entrypoints/background.ts), and the planner plans again.
 */
function onDatasetChanged(listener: () => void): () => void {
  return onBroadcast((message) => {
    if (message && typeof message === 'object' && (message as { type?: unknown }).type === 'dataset/changed') listener();
  });
}

function download(fileName: string, mime: string, text: string): void {
  saveTextFile(document.body, fileName, text, mime);
}

/** `map=zoom/lat/lon` in the fragment (as on openstreetmap.org) sets the first view. */
function readMapView(hash: string): { zoom: number; centre: LonLat } | null {
  const m = /(?:^|[#&])map=(\d{1,2})\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)/.exec(hash);
  if (!m) return null;
  const zoom = Number(m[1]);
  const lat = Number(m[2]);
  const lon = Number(m[3]);
  return zoom >= 12 && zoom <= 19 && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { zoom, centre: [lon, lat] } : null;
}

function Page() {
  const [lang, setLang] = useState<Lang>(resolveLang('auto', navigator.language));
  const [map, setMap] = useState<LeafletPlannerMap | null>(null);
  const [tiles, setTiles] = useState(false);
  const [loading, setLoading] = useState(true);
  const mapEl = useRef<HTMLDivElement>(null);
  const initial = useRef(decodeShareFragment(location.hash));
  const t = translator(plannerText, lang);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const settings = await ask(send, { type: 'settings/get' }).catch(() => null);
      if (cancelled || !mapEl.current) return;
      if (settings) setLang(resolveLang(settings.language, navigator.language));
      const from = initial.current.from;
      const to = initial.current.to;
      const view = readMapView(location.hash);
      const centre: LonLat = view?.centre ?? (from && to ? [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2] : (from ?? to ?? DEFAULT_CENTRE));
      // Never clamped to one dataset's box: downloaded and imported areas anywhere must be reachable.
      const m = new LeafletPlannerMap(mapEl.current, send, { centre, zoom: view?.zoom ?? 16 });
      if (from && to) m.fit([from, to]);
      m.map.getContainer().addEventListener('am-streets-drawn', () => setLoading(false));
      setMap(m);
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('title');
  }, [lang]);
  useEffect(() => map?.setTiles(tiles), [map, tiles]);
  // The data-quality note follows the view (and a finished download, which fires moveend too).
  const [viewKey, setViewKey] = useState(0);
  useEffect(() => {
    if (!map) return;
    const bump = () => setViewKey((k) => k + 1);
    map.map.on('moveend', bump);
    bump();
    return () => void map.map.off('moveend', bump);
  }, [map]);
  const viewOf = () => {
    const b = map!.map.getBounds();
    return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
  };
  useEffect(() => {
    map?.map.getContainer().setAttribute('aria-label', t('map.label'));
    // The map's attribution in the page's language (LeafletPlannerMap adds the English one).
    const ac = map?.map.attributionControl;
    if (ac) {
      for (const l of ['en', 'fr'] as const) ac.removeAttribution(translator(plannerText, l)('map.attribution'));
      ac.addAttribution(t('map.attribution'));
    }
    // Leaflet's zoom buttons say "Zoom in"/"Zoom out" in English whatever the page's language.
    for (const [sel, key] of [
      ['.leaflet-control-zoom-in', 'map.zoomIn'],
      ['.leaflet-control-zoom-out', 'map.zoomOut'],
    ] as const) {
      const b = map?.map.getContainer().querySelector(sel);
      b?.setAttribute('title', t(key));
      b?.setAttribute('aria-label', t(key));
    }
  }, [map, lang]);

  // One <main> landmark holds the map, its tools and the panel (axe: landmark-one-main, region).
  return (
    <main class="am-layout">
      <div class="am-map-wrap">
        <div id="am-map" ref={mapEl} role="application" />
        <div class="am-map-tools">
          <label>
            <input type="checkbox" checked={tiles} onChange={(e) => setTiles((e.currentTarget as HTMLInputElement).checked)} />
            {t('map.tiles')}
          </label>
          <div class="am-legend" aria-hidden="true">
            <span>
              <span class="sw" style={{ background: '#8d99a6' }} />
              {t('map.legend.unseen')}
            </span>
            <span>
              <span class="sw" style={{ background: TIER_COLOURS.identification }} />
              <span class="sw" style={{ background: TIER_COLOURS.recognition }} />
              <span class="sw" style={{ background: TIER_COLOURS.observation }} />
              {t('map.legend.seen')}
            </span>
          </div>
        </div>
        {loading && (
          <div class="am-loading" role="status">
            {t('map.loading')}
          </div>
        )}
      </div>
      <aside class="am-side">
        <style>{plannerStyles + DISTRICT_CSS + QUALITY_CSS}</style>
        {map && (
          <div class="am-district-box">
            <GetDistrict lang={lang} connect={connect} getEndpoint={getEndpoint} getView={viewOf} onDone={() => map.map.fire('moveend')} />
            <DataQualityNote lang={lang} send={send} getView={viewOf} connect={connect} getEndpoint={getEndpoint} viewKey={viewKey} />
            <StoredAreas
              lang={lang}
              send={send}
              connect={connect}
              onBroadcast={onBroadcast}
              onShow={(b) =>
                map.map.fitBounds([
                  [b.south, b.west],
                  [b.north, b.east],
                ])
              }
            />
          </div>
        )}
        {map && (
          <Planner
            map={map}
            send={send}
            lang={lang}
            initial={initial.current}
            onShareChange={(fragment) => history.replaceState(null, '', `#${fragment}`)}
            geolocation={navigator.geolocation}
            download={download}
            onDatasetChanged={onDatasetChanged}
          />
        )}
      </aside>
    </main>
  );
}

render(<Page />, document.getElementById('app')!);
