/**
 * Overlay switches in the popup: global on/off (the same switch the Alt+Shift+A command flips), one switch
 * per supported site, layers and camera filters. Each change is a small `settings/set` patch to the
 * background, which stores it and broadcasts `settings/changed` to the overlays. Owned by the overlay work;
 * the popup renders `<OverlayControls />`.
 */
import { useEffect, useState } from 'preact/hooks';
import { onBroadcast, sendToBackground } from '../runtime.ts';
import { CAMERA_KINDS, type CameraKind } from '../../lib/cameras/types.ts';
import { sendRequest } from '../../lib/messages.ts';
import type { Settings, SettingsPatch } from '../../lib/settings.ts';
import { SITE_ADAPTERS } from '../../lib/sites/index.ts';
import { resolveLang, translator } from '../i18n/core.ts';
import { overlayText, type OverlayTextKey } from '../i18n/overlay.ts';

export interface OverlayControlsProps {
  /** The supported site open in the active tab (its adapter id), if any: its switch comes first. */
  currentSite?: string | null;
  /** Transport to the background; defaults to `browser.runtime.sendMessage` (tests pass a fake). */
  send?: (message: unknown) => Promise<unknown>;
  /** Subscribe to broadcasts; defaults to `browser.runtime.onMessage`. */
  subscribe?: (listener: (message: unknown) => void) => () => void;
}

export function OverlayControls({ send = sendToBackground, subscribe = onBroadcast, currentSite = null }: OverlayControlsProps = {}) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void sendRequest(send, { type: 'settings/get' }).then((a) => (a.ok ? setSettings(a.value) : setError(a.error.message)));
    return subscribe((m) => {
      const msg = m as { type?: unknown; settings?: Settings };
      if (msg && msg.type === 'settings/changed' && msg.settings) setSettings(msg.settings);
    });
  }, []);

  const lang = resolveLang(settings?.language, typeof navigator === 'undefined' ? undefined : navigator.language);
  const t = translator(overlayText, lang);
  if (!settings)
    return error ? (
      <p class="error-panel" role="alert">
        {t('controls.error', { message: error })}
      </p>
    ) : null;

  const patch = async (p: SettingsPatch) => {
    const a = await sendRequest(send, { type: 'settings/set', patch: p });
    if (a.ok) {
      setSettings(a.value);
      setError(null);
    } else setError(a.error.message);
  };
  const off = !settings.overlayEnabled;
  const here = currentSite ? SITE_ADAPTERS.find((a) => a.id === currentSite) : undefined;

  return (
    <section class="overlay-controls" aria-labelledby="overlay-controls-title">
      <style>{CONTROLS_CSS}</style>
      <h2 id="overlay-controls-title">{t('controls.title')}</h2>
      {error ? (
        <p class="error-panel" role="alert">
          {t('controls.error', { message: error })}
        </p>
      ) : null}
      <label class="switch">
        <input
          type="checkbox"
          name="overlayEnabled"
          checked={settings.overlayEnabled}
          onChange={(e) => patch({ overlayEnabled: (e.currentTarget as HTMLInputElement).checked })}
        />
        {t('controls.enabled')}
      </label>
      <p class="hint">{t('controls.shortcut')}</p>
      {here ? (
        <label class="switch this-site">
          <input
            type="checkbox"
            name="this-site"
            disabled={off}
            checked={settings.siteEnabled[here.id] !== false}
            onChange={(e) => patch({ siteEnabled: { [here.id]: (e.currentTarget as HTMLInputElement).checked } })}
          />
          {t('controls.thisSite', { site: here.label })}
        </label>
      ) : null}
      <fieldset disabled={off}>
        {/* Every site's switch folds away: the site in the active tab has its own switch above. */}
        <details class="sites">
          <summary>{t('controls.sites')}</summary>
          {SITE_ADAPTERS.map((a) => (
            <label key={a.id}>
              <input
                type="checkbox"
                name={`site-${a.id}`}
                checked={settings.siteEnabled[a.id] !== false}
                onChange={(e) => patch({ siteEnabled: { [a.id]: (e.currentTarget as HTMLInputElement).checked } })}
              />
              {a.label}
            </label>
          ))}
        </details>
      </fieldset>
      <fieldset disabled={off} class="layers">
        <legend>{t('controls.layers')}</legend>
        {(['cameras', 'coverage', 'heat', 'routes'] as const).map((layer) => (
          <label key={layer}>
            <input
              type="checkbox"
              name={`layer-${layer}`}
              checked={settings.layers[layer]}
              onChange={(e) => patch({ layers: { [layer]: (e.currentTarget as HTMLInputElement).checked } })}
            />
            {t(`controls.layer.${layer}` as OverlayTextKey)}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={off}>
        <legend>{t('controls.filters')}</legend>
        <label>
          <input
            type="checkbox"
            name="filter-public"
            checked={settings.filters.publicCameras}
            onChange={(e) => patch({ filters: { publicCameras: (e.currentTarget as HTMLInputElement).checked } })}
          />
          {t('controls.public')}
        </label>
        <label>
          <input
            type="checkbox"
            name="filter-private"
            checked={settings.filters.privateCameras}
            onChange={(e) => patch({ filters: { privateCameras: (e.currentTarget as HTMLInputElement).checked } })}
          />
          {t('controls.private')}
        </label>
        <details class="kinds-filter">
          <summary>{t('controls.kinds')}</summary>
          {CAMERA_KINDS.map((k: CameraKind) => (
            <label key={k}>
              <input
                type="checkbox"
                name={`kind-${k}`}
                checked={settings.filters.kinds[k] !== false}
                onChange={(e) => patch({ filters: { kinds: { [k]: (e.currentTarget as HTMLInputElement).checked } } })}
              />
              {t(`kind.${k}` as OverlayTextKey)}
            </label>
          ))}
        </details>
      </fieldset>
    </section>
  );
}

const CONTROLS_CSS = `
.overlay-controls fieldset { border: 0; padding: 0; margin: 8px 0 0; }
.overlay-controls legend { font-weight: 600; padding: 0; margin-bottom: 2px; }
.overlay-controls label { display: block; margin: 1px 0; }
.overlay-controls fieldset:disabled { opacity: 0.55; }
.overlay-controls .hint { margin: 0 0 4px 24px; font-size: 0.85em; opacity: 0.8; }
.overlay-controls .this-site { font-weight: 600; }
.overlay-controls .layers { display: grid; grid-template-columns: 1fr 1fr; }
.overlay-controls .layers legend { grid-column: 1 / -1; }
.overlay-controls .sites summary { font-weight: 600; }
.overlay-controls summary { cursor: pointer; min-height: 24px; }
.overlay-controls label { min-height: 22px; }
`;
