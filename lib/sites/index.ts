/**
 * The supported host map sites. Adding one = a file in this folder (its adapter, match patterns, test page
 * path and example addresses) and a line in `SITE_ADAPTERS`, plus its test page `tests/pages/<id>/index.html`
 * and golden addresses `tests/fixtures/sites/<id>.json`. The unit tests, the browser tests' page routes and
 * alignment loops, and the manifest's content-script matches all loop over `SITE_ADAPTERS`.
 */
import { bing } from './bing.ts';
import { google } from './google.ts';
import { mapy } from './mapy.ts';
import { opentopomap } from './opentopomap.ts';
import { osm } from './osm.ts';
import type { LocationLike, RegisteredSite, SiteAdapter } from './types.ts';
import { umap } from './umap.ts';

export type {
  SiteAdapter,
  SiteView,
  Unsupported,
  UnsupportedReason,
  LocationLike,
  CssRect,
  FollowMode,
  ExpectedView,
  SiteExample,
  TestPage,
  RegisteredSite,
} from './types.ts';
export { isUnsupported } from './types.ts';

export const SITE_ADAPTERS: readonly RegisteredSite[] = [osm, google, umap, bing, mapy, opentopomap];

/** The adapter for a page, or undefined. */
export function adapterFor(url: LocationLike): SiteAdapter | undefined {
  return SITE_ADAPTERS.find((a) => a.matches(url));
}

/** Content-script matches and release host permissions: the supported sites, nothing broader. */
export const SITE_MATCH_PATTERNS: string[] = SITE_ADAPTERS.flatMap((a) => a.matchPatterns);
