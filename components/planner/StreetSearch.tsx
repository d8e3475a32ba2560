/** Offline street-name search: the names come from the walk graph (`streets/search`), never a geocoder. */
import { displayText } from '../../lib/text/display.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { LonLat } from '../../lib/geo/index.ts';
import type { StreetMatch } from '../../lib/planner/streets.ts';
import type { Lang } from '../i18n/core.ts';
import { ask, type Send } from './client.ts';
import { formatLength } from './format.ts';
import type { T } from './tab.ts';

export function StreetSearch(props: {
  send: Send;
  /** Accessible name of the field. */
  label: string;
  placeholder: string;
  noneText: string;
  resultsLabel: string;
  onPick(at: LonLat, name: string): void;
  testId?: string;
  /** Where to rank from (the map's centre, read at each search): nearest streets first. */
  near?(): LonLat | null;
  /** Text after a result's name (its distance and direction from `near`). */
  describe?(match: StreetMatch): string;
  /** A visible badge before the label, matching the map's marker (e.g. "A" on dark grey). */
  badge?: { text: string; colour: string };
}) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<StreetMatch[] | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults(null);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      const near = props.near?.() ?? undefined;
      ask(props.send, { type: 'streets/search', query: q.slice(0, 200), limit: 6, ...(near ? { near } : {}) })
        .then((found) => mine === seq.current && setResults(found))
        .catch(() => mine === seq.current && setResults([]));
    }, 150);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <div class="am-search" data-testid={props.testId}>
      <label class="am-search-label">
        <span class="am-search-caption">
          {props.badge && (
            <span class="am-badge" style={{ background: props.badge.colour }} aria-hidden="true">
              {props.badge.text}
            </span>
          )}
          {props.label}
        </span>
        <input
          type="search"
          aria-label={props.label}
          placeholder={props.placeholder}
          value={query}
          maxLength={200}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      {results && results.length === 0 && <p class="am-muted">{props.noneText}</p>}
      {results && results.length > 0 && (
        <ul class="am-results" aria-label={props.resultsLabel}>
          {results.map((r) => (
            <li key={r.name}>
              <button
                type="button"
                onClick={() => {
                  props.onPick([r.lon, r.lat], r.name);
                  setQuery('');
                  setResults(null);
                }}
              >
                {displayText(r.name, 200)}
                {props.describe && (
                  <small class="am-muted" data-field="where">
                    {' '}
                    — {props.describe(r)}
                  </small>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const COMPASS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** "1.2 km north-east of the map centre" for a search result ranked from the map's centre. */
export function describeMatch(m: StreetMatch, t: T, lang: Lang): string {
  if (m.distanceMetres === undefined) return formatLength(m.lengthMetres, lang);
  if (m.distanceMetres < 50) return t('search.here');
  const dir = COMPASS[Math.round((m.bearingDegrees ?? 0) / 45) % 8];
  return t('search.away', { distance: formatLength(m.distanceMetres, lang), dir: t(`search.dir.${dir}`) });
}
