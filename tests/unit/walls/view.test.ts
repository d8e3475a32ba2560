/**
 * The `walls/inBBox` answer: every answer from a stored layer names it (a new id per decoded layer, so the
 * overlay keeps its line-of-sight polygons only while the walls stay the same), and parseWallsInBBox
 * accepts exactly the documented shape, with an error naming the bad field otherwise.
 */
import { describe, expect, it } from 'vitest';
import { parseWallsInBBox, wallLayer, wallsInBBox } from '../../../lib/walls/view.ts';
import { ValidationError } from '../../../lib/validate.ts';

const square = (x: number): Array<[number, number]> => [
  [x, 43.6],
  [x + 0.001, 43.6],
  [x + 0.001, 43.601],
  [x, 43.601],
  [x, 43.6],
];
const box = { west: 1.39, south: 43.59, east: 1.5, north: 43.61 };

describe('walls/inBBox answers', () => {
  it('carry the id of the layer they come from; a new layer gets a new id', () => {
    const a = wallLayer('inferred', [square(1.4), square(1.41)]);
    const b = wallLayer('inferred', [square(1.4), square(1.41)]);
    const answer = wallsInBBox(a, box);
    expect(answer).toMatchObject({ source: 'inferred', truncated: false, layer: a.id });
    expect(answer.rings).toHaveLength(2);
    expect(wallsInBBox(a, { ...box, east: 1.405 }).layer).toBe(a.id);
    expect(b.id).not.toBe(a.id);
    expect(wallsInBBox(null, box)).toEqual({ source: 'none', rings: [], truncated: false });
  });

  it('parseWallsInBBox keeps a good answer and rejects a bad one with the field named', () => {
    const good = wallsInBBox(wallLayer('mapped', [square(1.4)]), box);
    expect(parseWallsInBBox(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(parseWallsInBBox({ source: 'none', rings: [], truncated: false })).toEqual({ source: 'none', rings: [], truncated: false });
    const bad: Array<[unknown, string]> = [
      [null, 'walls'],
      [{ ...good, source: 'guessed' }, 'walls.source'],
      [{ ...good, rings: 'x' }, 'walls.rings'],
      [{ ...good, rings: [[1, 2, 3, 4]] }, 'walls.rings[0]'],
      [{ ...good, rings: [[1, 2, 3, 4, 5, Number.NaN]] }, 'walls.rings[0]'],
      [{ ...good, truncated: 'no' }, 'walls.truncated'],
      [{ ...good, layer: 3 }, 'walls.layer'],
    ];
    for (const [value, path] of bad) {
      let error: unknown;
      try {
        parseWallsInBBox(value);
      } catch (e) {
        error = e;
      }
      expect(error, path).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toContain(path);
    }
  });
});
