import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/** The dataset pipeline (`npm run data`) writes the bundle here (git-ignored); it ships as `bundle/*`. */
const BUNDLE_DIR = resolve(__dirname, 'data/generated/bundle');

/**
 * Test builds (ANGLE_MORT_TEST=1) additionally match the offline test pages served on localhost by
 * tests/e2e; release builds never do. Host permissions are limited to the supported map sites.
 */
const TEST_BUILD = process.env.ANGLE_MORT_TEST === '1';

/**
 * @turf/jsts (≈ 270 kB: the JTS subset behind @turf/buffer, which only a march-path area report uses) is
 * bundled behind a lazy stand-in, so its code is evaluated on the first buffer instead of at every script
 * start: half of background.js, and of a woken service worker's script evaluation (issue #14, docs/routing.md
 * "The service worker's wake-up path"). The stand-in forwards exactly what @turf/buffer 7.4 takes from it
 * (`BufferOp.bufferOp`, `new GeoJSONReader()`, `new GeoJSONWriter()`); Node (tests, CLI) loads the real one.
 * Tested in Chromium: tests/e2e/cold-start.e2e.test.ts (a woken worker's route leaves it unloaded; a march-path
 * area report through the built background equals Node's, polygon included).
 */
const LAZY_JSTS = '\0angle-mort:lazy-jsts';
function lazyJsts(): Plugin {
  return {
    name: 'angle-mort:lazy-jsts',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== '@turf/jsts') return null;
      if (importer === LAZY_JSTS) return this.resolve(source, resolve(__dirname, 'package.json'), { skipSelf: true });
      return LAZY_JSTS;
    },
    load(id) {
      if (id !== LAZY_JSTS) return null;
      // The stand-in forwards only what @turf/buffer 7.4 uses: a turf update that uses more fails the build here.
      const buffer = readFileSync(resolve(__dirname, 'node_modules/@turf/buffer/dist/esm/index.js'), 'utf8');
      const uses = [...buffer.matchAll(/\b(BufferOp|GeoJSONReader|GeoJSONWriter)\b(\.\w+)?/g)].map((m) => m[0]);
      if (
        !buffer.includes('var { BufferOp, GeoJSONReader, GeoJSONWriter } = jsts;') ||
        uses.some((u) => u.includes('.') && u !== 'BufferOp.bufferOp')
      )
        throw new Error(`@turf/buffer no longer uses @turf/jsts as the lazy stand-in in wxt.config.ts expects (${uses.join(', ')})`);
      return [
        'let real;',
        // Test builds record the load, so a browser test can see that a woken worker's route never needs it.
        `const jsts = () => (real ??= (${TEST_BUILD ? 'globalThis.__angleMortJstsLoaded = true, ' : ''}require('@turf/jsts')));`,
        'module.exports = {',
        '  BufferOp: { bufferOp: (...args) => jsts().BufferOp.bufferOp(...args) },',
        '  GeoJSONReader: function GeoJSONReader() { return new (jsts().GeoJSONReader)(); },',
        '  GeoJSONWriter: function GeoJSONWriter() { return new (jsts().GeoJSONWriter)(); },',
        '};',
      ].join('\n');
    },
  };
}

export default defineConfig({
  // Test builds go to their own folder so a release build is never mistaken for one.
  outDir: TEST_BUILD ? '.output-test' : '.output',
  // __ANGLE_MORT_TEST__ is true in test builds only: test-only diagnostics are compiled out of release builds.
  vite: () => ({ plugins: [preact(), lazyJsts()], define: { __ANGLE_MORT_TEST__: JSON.stringify(TEST_BUILD) } }),
  // The Firefox sources zip (for add-on review) leaves out test output; the generated bundle stays in, since
  // the review build needs it and ../shared/data is not part of the project.
  zip: { excludeSources: ['tests/artifacts/**', 'tests/.tmp/**', '.output-test/**'] },
  manifest: ({ browser }) => ({
    name: 'Angle Mort',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage'],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'angle-mort@example.org',
              // 140 (the older supported ESR) is the first to know data_collection_permissions.
              strict_min_version: '140.0',
              // Firefox's data-collection declaration: the extension collects and transmits nothing.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
    commands: {
      'toggle-overlay': {
        suggested_key: { default: 'Alt+Shift+A' },
        description: '__MSG_cmdToggleOverlay__',
      },
    },
  }),
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      if (!existsSync(BUNDLE_DIR)) throw new Error('No dataset bundle: run `npm run data` first.');
      for (const name of readdirSync(BUNDLE_DIR)) {
        files.push({ absoluteSrc: resolve(BUNDLE_DIR, name), relativeDest: `bundle/${name}` });
      }
    },
    'build:manifestGenerated': (wxt, manifest) => {
      if (TEST_BUILD) {
        for (const cs of manifest.content_scripts ?? []) {
          cs.matches = [...(cs.matches ?? []), 'http://localhost/*', 'http://127.0.0.1/*'];
        }
      }
      // The overlay's engine frame (components/overlay/engine-frame.ts, D96): the one web-accessible page, only
      // to the pages the overlay runs on, at a per-session address (`use_dynamic_url`: a page cannot probe for
      // the extension with a fixed URL). Chromium only: Firefox builds keep the service worker path.
      if (wxt.config.browser !== 'firefox') {
        // Chromium takes only whole origins here (a path other than /* is an invalid pattern).
        const origins = (manifest.content_scripts ?? [])
          .flatMap((cs) => cs.matches ?? [])
          .map((m) => m.replace(/^([^:]+:\/\/[^/]+)\/.*$/, '$1/*'));
        const matches = [...new Set(origins)];
        manifest.web_accessible_resources = [{ resources: ['engine-frame.html'], matches, use_dynamic_url: true }];
      }
    },
  },
});
