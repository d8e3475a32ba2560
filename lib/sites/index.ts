/**
 * The supported host map sites. Adding one = a file in this folder, a line here, a test page in
 * tests/pages/<id>/ and its URL examples in tests/unit/sites/.
 */
import { bing } from './bing.ts';
import { google } from './google.ts';
import { mapy } from './mapy.ts';
import { osm } from './osm.ts';
import type { LocationLike, SiteAdapter } from './types.ts';
import { umap } from './umap.ts';

export type { SiteAdapter, SiteView, Unsupported, UnsupportedReason, LocationLike, CssRect, FollowMode } from './types.ts';
export { isUnsupported } from './types.ts';

export const SITE_ADAPTERS: readonly SiteAdapter[] = [osm, google, umap, bing, mapy];

/** The adapter for a page, or undefined. */
export function adapterFor(url: LocationLike): SiteAdapter | undefined {
  return SITE_ADAPTERS.find((a) => a.matches(url));
}

/** Content-script matches and release host permissions: the supported sites, nothing broader. */
export const SITE_MATCH_PATTERNS: string[] = SITE_ADAPTERS.flatMap((a) => a.matchPatterns);
