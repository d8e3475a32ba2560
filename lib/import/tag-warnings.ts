/**
 * The tag values a camera import drops as unreadable, so the dry run can list them ("node/123: direction=999
 * ignored") instead of dropping them silently. Uses the very parsers that read the tags (lib/cameras/tags.ts):
 * a value is reported exactly when the parser gives nothing for it (or for one of its `;` parts).
 */
import { isCameraTagged, parseDirection, parseFieldOfView, parseHeightMetres } from '../cameras/tags.ts';
import type { OsmData, OsmTags } from '../sources/osm-model.ts';

export interface TagWarning {
  /** The feature: `node/123`, `way/45`. */
  ref: string;
  tag: string;
  /** The value as found (capped at 100 characters). */
  value: string;
}

/** At most this many warnings are kept (a broken file would otherwise list thousands). */
export const MAX_TAG_WARNINGS = 500;

/** The unreadable camera values of one tag set. */
export function invalidCameraTagValues(tags: OsmTags): Array<{ tag: string; value: string }> {
  const out: Array<{ tag: string; value: string }> = [];
  const has = (k: string) => Object.hasOwn(tags, k) && typeof tags[k] === 'string';
  for (const tag of ['camera:direction', 'direction']) {
    if (!has(tag)) continue;
    const value = tags[tag];
    const parts = value.split(/[;,]/).filter((p) => p.trim() !== '');
    const bad = parts.some((p) => {
      const r = parseDirection(p);
      return r.directions.length === 0 && r.rangeSpan === undefined;
    });
    if (bad || parts.length === 0) out.push({ tag, value });
  }
  if (has('camera:angle') && parseFieldOfView(tags['camera:angle']) === undefined)
    out.push({ tag: 'camera:angle', value: tags['camera:angle'] });
  for (const tag of ['camera:height', 'height']) {
    if (has(tag) && parseHeightMetres(tags[tag]) === undefined) out.push({ tag, value: tags[tag] });
  }
  return out;
}

/** Every unreadable camera value of an OSM file's camera nodes and ways, in file order. */
export function osmTagWarnings(osm: OsmData): TagWarning[] {
  const warnings: TagWarning[] = [];
  const visit = (ref: string, tags: OsmTags | undefined) => {
    if (!tags || !isCameraTagged(tags) || warnings.length >= MAX_TAG_WARNINGS) return;
    for (const w of invalidCameraTagValues(tags)) warnings.push({ ref, tag: w.tag, value: w.value.slice(0, 100) });
  };
  for (const n of osm.nodes.values()) visit(`node/${n.id}`, n.tags);
  for (const w of osm.ways) visit(`way/${w.id}`, w.tags);
  return warnings.slice(0, MAX_TAG_WARNINGS);
}
