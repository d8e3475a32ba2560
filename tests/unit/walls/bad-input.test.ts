/**
 * Bad street input in the pipeline's wall step: a network with no closed block gives no walls — wall source
 * `none`, a warning and "upper bound" in the summary the pipeline prints — and duplicate or self-crossing
 * streets still give the grid's walls, with a warning; never a throw.
 */
import { describe, expect, it } from 'vitest';
import { encodeGraphWithInferredWalls } from '../../../lib/walls/pipeline.ts';
import { decodeWalls } from '../../../lib/walls/index.ts';
import { graphFromLines, type StreetLine } from './helpers.ts';

const LON = 1.44;
const LAT = 43.6;
const DX = 0.0012; // ≈ 97 m
const DY = 0.0009; // ≈ 100 m

/** A 4 × 4 lattice of residential streets: 9 blocks of about 100 m. */
function grid(): StreetLine[] {
  const lines: StreetLine[] = [];
  for (let i = 0; i < 4; i++) {
    lines.push({
      coords: [
        [LON, LAT + i * DY],
        [LON + 3 * DX, LAT + i * DY],
      ],
      roadType: 'j',
    });
    lines.push({
      coords: [
        [LON + i * DX, LAT],
        [LON + i * DX, LAT + 3 * DY],
      ],
      roadType: 'j',
    });
  }
  return lines;
}

describe('wall step on bad input', () => {
  it('no closed block: wall source none, with the warning and the upper-bound line in the summary', () => {
    const tree: StreetLine[] = [
      {
        coords: [
          [LON, LAT],
          [LON + 3 * DX, LAT],
        ],
        roadType: 'j',
      },
      {
        coords: [
          [LON + DX, LAT],
          [LON + DX, LAT + 2 * DY],
        ],
        roadType: 'j',
      },
      {
        coords: [
          [LON + 2 * DX, LAT],
          [LON + 2 * DX, LAT - DY],
        ],
        roadType: 'p',
      },
    ];
    const built = encodeGraphWithInferredWalls(graphFromLines(tree), []);
    expect(built.wallSource).toBe('none');
    expect(decodeWalls(built.walls)).toEqual([]);
    expect(built.summary.some((l) => l.startsWith('walls: warning: '))).toBe(true);
    expect(built.summary).toContain('walls: none (no solid block could be inferred from these streets): exposure is an upper bound');
    expect(built.summary.some((l) => l.startsWith('exposure (no walls)'))).toBe(true);
  });

  it('a grid gives inferred walls; the same grid with duplicated and self-crossing streets gives walls and a warning', () => {
    const clean = encodeGraphWithInferredWalls(graphFromLines(grid()), []);
    expect(clean.wallSource).toBe('inferred');
    expect(decodeWalls(clean.walls).length).toBeGreaterThanOrEqual(4);
    const messy = [
      ...grid(),
      ...grid().map((l) => ({ ...l, coords: [...l.coords].reverse() })), // every street twice, reversed
      // A street that folds back over itself.
      {
        coords: [
          [LON + 0.5 * DX, LAT + 0.5 * DY],
          [LON + 0.6 * DX, LAT + 0.5 * DY],
          [LON + 0.55 * DX, LAT + 0.5 * DY],
        ],
        roadType: 'j',
      },
    ] as StreetLine[];
    const built = encodeGraphWithInferredWalls(graphFromLines(messy), []);
    expect(built.wallSource).toBe('inferred');
    expect(decodeWalls(built.walls).length).toBeGreaterThanOrEqual(3);
    expect(built.summary.some((l) => /^walls: warning: .*duplicate/.test(l))).toBe(true);
  });
});
