/**
 * The options page: datasets (list, refresh, export, delete), export of everything, OpenStreetMap area
 * download, file import, settings (language, Overpass endpoint) and wipe. It reads and writes the database
 * directly (same origin as the background; lib/store functions, one transaction per write) and then sends
 * `datasets/reload` so the background rebuilds its camera index and tells every overlay. Wipe and delete go
 * through the background (`store/wipe`, `datasets/delete`), which owns re-seeding.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { resolveLang, translator, type Lang } from '../i18n/core.ts';
import { optionsCatalog } from '../i18n/options.ts';
import { DEFAULT_SETTINGS, MAX_OVERPASS_TIMEOUT_S, MIN_OVERPASS_TIMEOUT_S, type Settings } from '../../lib/settings.ts';
import { DEFAULT_OVERPASS_ENDPOINT } from '../../lib/sources/overpass-query.ts';
import type { DatasetListing } from '../../lib/store/datasets.ts';
import { allCameras, camerasToGeoJson, datasetCameras, listDatasets, placesToGeoJson, USER_DATASET_ID } from '../../lib/store/datasets.ts';
import { ConfirmStep } from './ConfirmStep.tsx';
import { ask, errorText, type OptionsDeps, type PanelProps } from './context.ts';
import { DatasetList } from './DatasetList.tsx';
import { DownloadPanel, useOverpassRunner } from './DownloadPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { exportFileName } from '../save-file.ts';

export interface OptionsAppProps {
  deps: OptionsDeps;
  navigatorLanguage: string;
  /** Subscribes to the background's broadcasts; returns the unsubscribe function. */
  onBroadcast?(listener: (message: unknown) => void): () => void;
}

export function OptionsApp({ deps, navigatorLanguage, onBroadcast }: OptionsAppProps) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [datasets, setDatasets] = useState<DatasetListing[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const lang: Lang = resolveLang(settings?.language ?? 'auto', navigatorLanguage);
  const t = translator(optionsCatalog, lang);

  const reloadList = useCallback(async () => {
    try {
      // Read directly (same origin): the list shows even when the background is asleep or broken.
      setDatasets(await listDatasets(deps.db));
      setListError(null);
    } catch (e) {
      setListError(errorText(e));
    }
  }, [deps]);
  const reloadSettings = useCallback(async () => {
    try {
      setSettings(await ask(deps, { type: 'settings/get' }));
    } catch {
      /* the list shows the background's error */
    }
  }, [deps]);
  const changed = useCallback(async () => {
    await ask(deps, { type: 'datasets/reload' }).catch(() => undefined);
    await reloadList();
  }, [deps, reloadList]);

  useEffect(() => {
    void reloadSettings();
    void reloadList();
    return onBroadcast?.((m) => {
      const type = m && typeof m === 'object' ? (m as { type?: unknown }).type : undefined;
      if (type === 'settings/changed') void reloadSettings();
      if (type === 'dataset/changed') void reloadList();
    });
  }, [reloadList, reloadSettings, onBroadcast]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('title');
  }, [lang]);

  const panel: PanelProps = { deps, lang, t, changed };
  const endpoint = settings?.overpassEndpoint ?? DEFAULT_OVERPASS_ENDPOINT;
  const runner = useOverpassRunner(panel, endpoint, settings?.overpassTimeoutSeconds ?? DEFAULT_SETTINGS.overpassTimeoutSeconds);

  return (
    <main>
      <h1>{t('title')}</h1>
      <p class="intro">{t('intro')}</p>
      {listError && (
        <p class="error" role="alert">
          {t('dbError', { message: listError })}
        </p>
      )}
      <DatasetList
        {...panel}
        datasets={datasets}
        busy={runner.busy}
        onRefreshArea={(d) => d.bbox && void runner.download(d.bbox, { cameras: true, walkways: d.hasGraph, buildings: d.hasGraph })}
        onRefreshDetails={(d) => void runner.details(d.id, d.cameraCount)}
      />
      <ExportPanel {...panel} downloadedAreas={datasets?.filter((d) => d.origin === 'overpass').length ?? 0} />
      <DownloadPanel {...panel} runner={runner} endpoint={endpoint} />
      <ImportPanel {...panel} />
      <SettingsPanel {...panel} settings={settings} onSaved={setSettings} />
      <WipePanel {...panel} onWiped={async () => (await reloadSettings(), await reloadList())} />
      <p class="attribution">{t('osmAttribution')}</p>
    </main>
  );
}

/**
 * Exports. The `places` store holds only the records of downloaded areas (nothing else saves places,
 * routes or areas yet), so that export is named for what it holds and offered only when there is one.
 */
function ExportPanel({ deps, t, downloadedAreas }: PanelProps & { downloadedAreas: number }) {
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const save = async (what: 'all' | 'user' | 'places') => {
    try {
      let text: string;
      let count: number;
      let file: string;
      if (what === 'places') {
        const fc = placesToGeoJson(await deps.db.getAll('places'));
        [text, count, file] = [JSON.stringify(fc), fc.features.length, exportFileName('places')];
      } else {
        const cameras = what === 'all' ? await allCameras(deps.db) : await datasetCameras(deps.db, USER_DATASET_ID);
        const fc = camerasToGeoJson(cameras, {
          attribution: '© OpenStreetMap contributors, ODbL (OSM-derived cameras)',
          exportedAt: new Date().toISOString(),
        });
        [text, count, file] = [JSON.stringify(fc), fc.features.length, exportFileName(what === 'all' ? 'all-cameras' : 'my-cameras')];
      }
      deps.saveFile(file, text);
      setNote({ text: t('exported', { file, count }) });
    } catch (e) {
      setNote({ text: errorText(e), error: true });
    }
  };
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">{t('exportHeading')}</h2>
      <div class="actions">
        <button type="button" onClick={() => void save('all')}>
          {t('exportAll')}
        </button>
        <button type="button" onClick={() => void save('user')}>
          {t('exportUser')}
        </button>
        {downloadedAreas > 0 && (
          <button type="button" onClick={() => void save('places')}>
            {t('exportAreas')}
          </button>
        )}
      </div>
      {note && (
        <p class={note.error ? 'note error' : 'note'} role={note.error ? 'alert' : 'status'} id="export-note">
          {note.text}
        </p>
      )}
    </section>
  );
}

function SettingsPanel({ deps, t, settings, onSaved }: PanelProps & { settings: Settings | null; onSaved(s: Settings): void }) {
  const [endpoint, setEndpoint] = useState<string | null>(null);
  const [timeout, setTimeoutText] = useState<string | null>(null);
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const shown = endpoint ?? settings?.overpassEndpoint ?? '';
  const shownTimeout = timeout ?? String(settings?.overpassTimeoutSeconds ?? '');
  const save = async (patch: Partial<Settings>) => {
    try {
      const next = await ask(deps, { type: 'settings/set', patch });
      onSaved(next);
      setEndpoint(null);
      setTimeoutText(null);
      setNote({ text: t('saved') });
    } catch (e) {
      setNote({ text: errorText(e), error: true });
    }
  };
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settingsHeading')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save({ overpassEndpoint: shown, overpassTimeoutSeconds: Number(shownTimeout) });
        }}
      >
        <label class="wide">
          <span>{t('endpoint')}</span>
          <input
            type="url"
            name="overpass-endpoint"
            value={shown}
            onInput={(e) => setEndpoint((e.currentTarget as HTMLInputElement).value)}
            aria-describedby="endpoint-hint"
          />
        </label>
        <p class="hint" id="endpoint-hint">
          {t('endpointHint', { url: DEFAULT_OVERPASS_ENDPOINT })}
        </p>
        <label>
          <span>{t('timeout')} </span>
          <input
            type="number"
            name="overpass-timeout"
            min={MIN_OVERPASS_TIMEOUT_S}
            max={MAX_OVERPASS_TIMEOUT_S}
            step={1}
            value={shownTimeout}
            onInput={(e) => setTimeoutText((e.currentTarget as HTMLInputElement).value)}
          />
        </label>{' '}
        <button type="submit">{t('save')}</button>
      </form>
      <label>
        <span>{t('language')} </span>
        <select
          name="language"
          value={settings?.language ?? 'auto'}
          onChange={(e) => void save({ language: (e.currentTarget as HTMLSelectElement).value as Settings['language'] })}
        >
          <option value="auto">{t('lang_auto')}</option>
          <option value="en">{t('lang_en')}</option>
          <option value="fr">{t('lang_fr')}</option>
        </select>
      </label>
      {note && (
        <p class={note.error ? 'note error' : 'note'} role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </section>
  );
}

function WipePanel({ deps, t, lang, onWiped }: PanelProps & { onWiped(): Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null);
  const wipe = async () => {
    setConfirming(false);
    try {
      const status = await ask(deps, { type: 'store/wipe' });
      await onWiped();
      setNote({ text: t('wiped', { count: (status.dataset?.cameraCount ?? 0).toLocaleString(lang) }) });
    } catch (e) {
      setNote({ text: t('wipeFailed', { message: errorText(e) }), error: true });
    }
  };
  return (
    <section aria-labelledby="wipe-heading" class="wipe">
      <h2 id="wipe-heading">{t('wipeHeading')}</h2>
      <p class="hint">{t('wipeHint')}</p>
      {!confirming ? (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          {t('wipe')}
        </button>
      ) : (
        <ConfirmStep
          label={t('wipeConfirm')}
          message={t('wipeConfirm')}
          yes={t('wipeYes')}
          cancel={t('cancel')}
          onYes={() => void wipe()}
          onCancel={() => setConfirming(false)}
        />
      )}
      {note && (
        <p class={note.error ? 'note error' : 'note'} role={note.error ? 'alert' : 'status'} id="wipe-note">
          {note.text}
        </p>
      )}
    </section>
  );
}
