/**
 * One line saying which walls the coverage and exposure figures use (lib/walls: mapped buildings, walls
 * inferred from the streets, or none), with a one-line explanation for `inferred` and `none` (with `none`
 * the figures are an upper bound). Self-contained so any card (popup, legend, route card, area report)
 * can show it.
 */
import { translator, type Lang } from '../i18n/core.ts';
import { wallsCatalog } from '../i18n/walls.ts';
import { wallSourceOf } from '../../lib/walls/index.ts';

export interface WallSourceNoteProps {
  lang: Lang;
  /** The stored wall source; anything else (older records) reads as 'none'. */
  source: unknown;
  /**
   * Why the walls shipped with the data could not be read (DatasetSummary.wallsUnreadable): shown as a
   * warning under the line, the reason itself folded away (it is the decoder's English text, shown as text).
   */
  unreadable?: string | undefined;
}

export function WallSourceNote({ lang, source, unreadable }: WallSourceNoteProps) {
  const t = translator(wallsCatalog, lang);
  const s = wallSourceOf(source);
  const line = (
    <p class="wall-source" data-testid="wall-source" data-wall-source={s}>
      <strong>{t('wallsLabel')}:</strong> {t(`wall_${s}`)}
      {s !== 'mapped' ? <span class="wall-source-explain"> — {t(`wallExplain_${s}`)}</span> : null}
    </p>
  );
  if (!unreadable) return line;
  return (
    <>
      {line}
      <div class="warning-panel" role="status" data-testid="walls-unreadable">
        <p>{t('wallsUnreadable')}</p>
        <details>
          <summary>{t('wallsUnreadableDetails')}</summary>
          <p class="error-detail">{unreadable}</p>
        </details>
      </div>
    </>
  );
}
