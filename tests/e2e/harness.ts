/**
 * Shared browser-test harness: Debian Chromium with the built extension loaded (TOOLCHAIN.md flags),
 * a static server for the offline test pages, and a recorder for every network request.
 */
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, existsSync, statSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, extname, normalize } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const CHROME_EXTENSION_DIR = join(ROOT, '.output-test/chrome-mv3');
export const ARTIFACTS_DIR = join(ROOT, 'tests/artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  profileDir: string;
  close(): Promise<void>;
}

/**
 * Launches Chromium with the test build of the extension. Reuse `profileDir` to simulate a browser
 * restart (a second start with the same IndexedDB).
 */
export async function launchWithExtension(
  opts: { profileDir?: string; extensionDir?: string; viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
): Promise<ExtensionSession> {
  const extensionDir = opts.extensionDir ?? CHROME_EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npm run build:test\` first.`);
  }
  const profileDir = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'angle-mort-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: opts.deviceScaleFactor ?? 1,
    args: [
      '--headless=new',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return { context, extensionId, worker, profileDir, close: () => context.close() };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  origin: string;
  server: Server;
  /** Every path requested, in order (to prove which requests happened). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `tests/pages/` at `/`, Leaflet's dist at `/vendor/leaflet/`, and lets tests add dynamic routes.
 * `fallback(pathname)` may map site URL schemes (e.g. `/maps/@43.6,1.44,15z`) to a page file.
 */
export async function startStaticServer(
  opts: {
    fallback?: (pathname: string) => string | undefined;
    routes?: Record<string, (url: URL) => { status?: number; type?: string; body: string | Buffer }>;
  } = {},
): Promise<StaticServer> {
  const mounts: Array<[prefix: string, dir: string]> = [
    ['/vendor/leaflet/', join(ROOT, 'node_modules/leaflet/dist')],
    ['/', join(ROOT, 'tests/pages')],
  ];
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const route = opts.routes?.[url.pathname];
    if (route) {
      const r = route(url);
      res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'application/json' });
      res.end(r.body);
      return;
    }
    const pathname = decodeURIComponent(url.pathname);
    for (const [prefix, dir] of mounts) {
      if (!pathname.startsWith(prefix)) continue;
      let rel = pathname.slice(prefix.length);
      let file = normalize(join(dir, rel));
      if (!file.startsWith(dir)) break;
      if (!existsSync(file) || statSync(file).isDirectory()) {
        const mapped = opts.fallback?.(pathname);
        if (!mapped) continue;
        rel = mapped;
        file = join(join(ROOT, 'tests/pages'), rel);
        if (!existsSync(file)) continue;
      }
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    origin: `http://localhost:${port}`,
    server,
    requests,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Records every request any page or the extension's service worker makes in this context. */
export function recordRequests(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('request', (r) => seen.push(r.url()));
  return seen;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}
