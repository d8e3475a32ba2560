import { describe, expect, it } from 'vitest';
import { compassText, formatTimestamp } from '../../../../components/planner/area-printable.ts';

describe('printable report text in French', () => {
  it('writes west as O (ouest) in compass labels', () => {
    expect(['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'].map((d) => compassText(d, 'fr'))).toEqual([
      'N',
      'NE',
      'E',
      'SE',
      'S',
      'SO',
      'O',
      'NO',
    ]);
    expect(compassText('NW', 'en')).toBe('NW');
  });
  it('shows a timestamp as a date a person reads, not ISO', () => {
    expect(formatTimestamp('2026-11-29T15:04:00.000Z', 'fr')).toBe('29 novembre 2026 à 15:04 UTC');
    expect(formatTimestamp('2026-11-29T15:04:00.000Z', 'en')).toBe('29 November 2026 at 15:04 UTC');
    expect(formatTimestamp('garbage', 'en')).toBe('garbage');
  });
});
