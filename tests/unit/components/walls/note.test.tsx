// @vitest-environment happy-dom
/** WallSourceNote: names the wall source in EN and FR, explains `inferred` and `none` (an upper bound). */
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { WallSourceNote } from '../../../../components/walls/WallSourceNote.tsx';
import { wallsCatalog } from '../../../../components/i18n/walls.ts';

function text(source: unknown, lang: 'en' | 'fr'): { text: string; source: string | null } {
  const host = document.createElement('div');
  render(<WallSourceNote lang={lang} source={source} />, host);
  const p = host.querySelector('[data-testid="wall-source"]')!;
  return { text: p.textContent ?? '', source: p.getAttribute('data-wall-source') };
}

describe('WallSourceNote', () => {
  it('says which walls apply, with the one-line explanation for inferred and none', () => {
    expect(text('mapped', 'en')).toEqual({ text: 'Walls: mapped buildings', source: 'mapped' });
    expect(text('inferred', 'en').text).toContain('inferred from the streets — No buildings are mapped here');
    expect(text('none', 'en').text).toContain('upper bound');
    expect(text('none', 'fr').text).toContain('un maximum');
    expect(text('inferred', 'fr').text).toContain('déduits des rues');
  });

  it('reads a missing or unknown source (older records) as none', () => {
    expect(text(undefined, 'en').source).toBe('none');
    expect(text('<img src=x onerror=alert(1)>', 'en').source).toBe('none');
  });

  it('has every string in English and French', () => {
    for (const [key, v] of Object.entries(wallsCatalog)) {
      expect(v.en, key).not.toBe('');
      expect(v.fr, key).not.toBe('');
    }
  });
});
