import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The dataset pipeline (`npm run data`) writes the bundle here (git-ignored); it ships as `bundle/*`. */
const BUNDLE_DIR = resolve(__dirname, 'data/generated/bundle');

/**
 * Test builds (ANGLE_MORT_TEST=1) additionally match the offline test pages served on localhost by
 * tests/e2e; release builds never do. Host permissions are limited to the supported map sites.
 */
const TEST_BUILD = process.env.ANGLE_MORT_TEST === '1';

export default defineConfig({
  // Test builds go to their own folder so a release build is never mistaken for one.
  outDir: TEST_BUILD ? '.output-test' : '.output',
  // __ANGLE_MORT_TEST__ is true in test builds only: test-only diagnostics are compiled out of release builds.
  vite: () => ({ plugins: [preact()], define: { __ANGLE_MORT_TEST__: JSON.stringify(TEST_BUILD) } }),
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
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!TEST_BUILD) return;
      for (const cs of manifest.content_scripts ?? []) {
        cs.matches = [...(cs.matches ?? []), 'http://localhost/*', 'http://127.0.0.1/*'];
      }
    },
  },
});
