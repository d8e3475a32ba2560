/**
 * The popup: dataset status (this file and components/popup/DatasetStatus.tsx) and the overlay switches
 * (components/popup/OverlayControls.tsx), and the button that opens the standalone planner page. It asks the background for everything; it never opens IndexedDB.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { resolveLang, translator, type Lang } from '../../components/i18n/core.ts';
import { popupCatalog } from '../../components/i18n/popup.ts';
import { plannerText } from '../../components/i18n/planner.ts';
import { DatasetStatus } from '../../components/popup/DatasetStatus.tsx';
import { OverlayControls } from '../../components/popup/OverlayControls.tsx';
import { onBroadcast, sendToBackground } from '../../components/runtime.ts';
import { sendRequest } from '../../lib/messages.ts';
import type { StoreStatus } from '../../lib/store/types.ts';
import { DISTRICT_CSS, GetDistrict } from '../../components/district/GetDistrict.tsx';
import { districtText } from '../../components/i18n/district.ts';
import type { BBox } from '../../lib/geo/index.ts';
import { adapterFor } from '../../lib/sites/index.ts';
import './style.css';

/**
 * Asks the overlay's content script in the active tab (no `tabs` permission: the active tab's id is enough for
 * tabs.sendMessage). Null when the tab has no content script, i.e. shows no supported map site.
 */
async function askActiveTab(message: { type: string }): Promise<Record<string, unknown> | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined) return null;
  const answer: unknown = await browser.tabs.sendMessage(tab.id, message).catch(() => null);
  return answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : null;
}

/** The current tab's map view, for "Get this district"; null when the tab shows no supported map. */
async function activeTabView(): Promise<BBox | null> {
  return ((await askActiveTab({ type: 'district/view' }))?.bbox as BBox | null | undefined) ?? null;
}

const send = sendToBackground;

function Popup() {
  const [lang, setLang] = useState<Lang>(resolveLang('auto', navigator.language));
  const [status, setStatus] = useState<StoreStatus | null>(null);
  const [unreachable, setUnreachable] = useState<string | null>(null);
  // The supported map site in the active tab, so its own switch comes first. Without the `tabs` permission
  // the tab's address is not readable: the overlay's content script in that tab says which site it is.
  const [currentSite, setCurrentSite] = useState<string | null>(null);
  useEffect(() => {
    void (async () => {
      try {
        const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
        if (tab?.url) return setCurrentSite(adapterFor(new URL(tab.url))?.id ?? null);
        const answer = await askActiveTab({ type: 'overlay/site' });
        setCurrentSite(typeof answer?.site === 'string' ? answer.site : null);
      } catch {
        setCurrentSite(null); // no content script there: not a supported map site
      }
    })();
  }, []);

  useEffect(() => {
    const refresh = async () => {
      const answer = await sendRequest(send, { type: 'status' });
      if (answer.ok) {
        setStatus(answer.value);
        setUnreachable(null);
      } else setUnreachable(answer.error.message);
    };
    const readLanguage = async () => {
      const settings = await sendRequest(send, { type: 'settings/get' });
      if (settings.ok) setLang(resolveLang(settings.value.language, navigator.language));
    };
    void refresh();
    void readLanguage();
    return onBroadcast((message) => {
      const type = message && typeof message === 'object' ? (message as { type?: unknown }).type : undefined;
      if (type === 'dataset/changed') void refresh();
      if (type === 'settings/changed') void readLanguage();
    });
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const t = translator(popupCatalog, lang);
  const tp = translator(plannerText, lang);
  // The standalone planner page; tabs.create needs no `tabs` permission.
  const openPlanner = () => void browser.tabs.create({ url: browser.runtime.getURL('/planner.html') }).then(() => window.close());
  // The options page lists, exports and deletes datasets (components/options).
  const openDataManagement = () => void browser.runtime.openOptionsPage().then(() => window.close());
  return (
    <main>
      <div class="popup-head">
        <h1>{t('title')}</h1>
        <button type="button" class="open-planner" onClick={openPlanner}>
          {tp('open.page')}
        </button>
      </div>
      <p class="tagline">{t('tagline')}</p>
      <OverlayControls currentSite={currentSite} />
      <style>{DISTRICT_CSS}</style>
      <GetDistrict
        lang={lang}
        getView={activeTabView}
        noViewText={translator(districtText, lang)('get.noTab')}
        connect={(name) => browser.runtime.connect({ name })}
        getEndpoint={async () => {
          const a = await sendRequest(send, { type: 'settings/get' });
          return a.ok ? a.value.overpassEndpoint : undefined;
        }}
      />
      <DatasetStatus lang={lang} status={status} unreachable={unreachable} onManageData={openDataManagement} />
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
