/**
 * Firefox ESR smoke test: the Firefox test build (.output-test/firefox-mv2) installed as a temporary
 * add-on over WebDriver BiDi, the OSM test page opened, the overlay drawn and aligned with Leaflet.
 * Skipped (with the reason) when Firefox ESR or the Firefox test build is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { artifactPath, ROOT, type StaticServer } from './harness.ts';
import { startTestPages } from './overlay-helpers.ts';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const EXTENSION = join(ROOT, '.output-test/firefox-mv2');
const available = existsSync(FIREFOX) && existsSync(join(EXTENSION, 'manifest.json'));

/** A minimal WebDriver BiDi client: numbered commands, answers matched by id. */
class Bidi {
  private next = 1;
  private pending = new Map<number, { ok: (v: any) => void; fail: (e: Error) => void }>();
  constructor(private ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') p.fail(new Error(`${msg.error}: ${msg.message}`));
      else p.ok(msg.result);
    });
  }
  static async connect(url: string): Promise<Bidi> {
    const ws = new WebSocket(url);
    await new Promise((ok, fail) => {
      ws.once('open', ok);
      ws.once('error', fail);
    });
    return new Bidi(ws);
  }
  send(method: string, params: unknown): Promise<any> {
    const id = this.next++;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((ok, fail) => this.pending.set(id, { ok, fail }));
  }
  close() {
    this.ws.close();
  }
}

// CI installs firefox-esr (scripts/test-all.sh), so there a missing browser is a failure, not a skip.
if (process.env.CI && !available) throw new Error(`Firefox ESR smoke test needs ${FIREFOX} and the Firefox test build`);
describe.skipIf(!available)('Firefox ESR', () => {
  let server: StaticServer;
  let firefox: ChildProcess;
  let bidi: Bidi;

  beforeAll(async () => {
    server = await startTestPages();
    const profile = mkdtempSync(join(tmpdir(), 'angle-mort-firefox-'));
    // No network beyond localhost: no updates, telemetry or remote settings.
    writeFileSync(
      join(profile, 'user.js'),
      [
        'user_pref("app.update.enabled", false);',
        'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
        'user_pref("toolkit.telemetry.enabled", false);',
        'user_pref("browser.shell.checkDefaultBrowser", false);',
        'user_pref("extensions.update.enabled", false);',
        'user_pref("network.captive-portal-service.enabled", false);',
        'user_pref("browser.safebrowsing.malware.enabled", false);',
        'user_pref("browser.safebrowsing.phishing.enabled", false);',
      ].join('\n'),
    );
    firefox = spawn(
      FIREFOX,
      ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0', '--width', '1280', '--height', '800'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('Firefox did not start WebDriver BiDi')), 60_000);
      const onData = (d: Buffer) => {
        const m = /WebDriver BiDi listening on (ws:\/\/[^\s]+)/.exec(String(d));
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      };
      firefox.stderr!.on('data', onData);
      firefox.stdout!.on('data', onData);
    });
    bidi = await Bidi.connect(`${url.replace(/\/$/, '')}/session`);
    await bidi.send('session.new', { capabilities: {} });
  }, 120_000);

  afterAll(async () => {
    try {
      await bidi?.send('session.end', {});
    } catch {
      /* already gone */
    }
    bidi?.close();
    firefox?.kill();
    await server?.close();
  });

  it('shows the overlay on the OSM test page, aligned with Leaflet', async () => {
    const installed = await bidi.send('webExtension.install', { extensionData: { type: 'path', path: EXTENSION } });
    expect(installed.extension).toBeTruthy();
    const tree = await bidi.send('browsingContext.getTree', {});
    const context = tree.contexts[0].context;
    await bidi.send('browsingContext.navigate', { context, url: `${server.origin}/osm/#map=17/43.6045/1.444`, wait: 'complete' });
    const evaluate = async (expression: string) => {
      const r = await bidi.send('script.evaluate', { expression, target: { context }, awaitPromise: true });
      if (r.type === 'exception') throw new Error(JSON.stringify(r.exceptionDetails));
      return r.result;
    };
    // Wait until the map is still and the overlay has drawn that view: the same settle rule as the Chromium
    // tests (overlay-helpers.ts, waitForSettledOverlay): two records 300 ms apart agree on the frame and the
    // draw count. The record and Leaflet's projection are then read in one evaluation, so no move can fall
    // between them (a record read before the page's last move was once 227 px "off").
    const readRecord = `document.querySelector('angle-mort-overlay')?.getAttribute('data-angle-mort') ?? ''`;
    const settled = (a: any, b: any) =>
      a?.visible && a.drawn.length > 0 && JSON.stringify(a.frame) === JSON.stringify(b?.frame) && a.stats.draws === b?.stats.draws;
    let debug: any = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const first = (await evaluate(readRecord)).value;
      await new Promise((ok) => setTimeout(ok, 300));
      const again = (await evaluate(readRecord)).value;
      debug = again ? JSON.parse(again) : null;
      if (first && again && settled(JSON.parse(first), debug)) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(debug?.visible, `overlay record: ${JSON.stringify(debug && { ...debug, drawn: debug.drawn.length })}`).toBe(true);
    const result = await evaluate(`(() => {
      const debug = JSON.parse((${readRecord}) || 'null');
      let max = 0;
      for (const [, lon, lat, x, y] of debug.drawn) {
        const p = window.map.latLngToContainerPoint([lat, lon]);
        max = Math.max(max, Math.hypot(p.x - x, p.y - y));
      }
      return JSON.stringify({ max, count: debug.drawn.length });
    })()`);
    const err = JSON.parse(result.value) as { max: number; count: number };
    expect(err.count).toBeGreaterThan(0);
    console.log(`[firefox] ${err.count} cameras drawn, worst offset ${err.max.toFixed(3)} px`);
    expect(err.max).toBeLessThanOrEqual(2);
    const shot = await bidi.send('browsingContext.captureScreenshot', { context });
    writeFileSync(artifactPath('overlay-osm-firefox-esr.png'), Buffer.from(shot.data, 'base64'));
  }, 120_000);
});
