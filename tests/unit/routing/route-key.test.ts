import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routeKey } from '../../../lib/routing/router.ts';
import type { RoutePiece } from '../../../lib/routing/search.ts';

const piece = fc.record({
  edge: fc.integer({ min: 0, max: 600_000 }),
  from: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
  to: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
});

describe('routeKey (hashed identity of a route)', () => {
  it('is a safe integer, equal for equal pieces and different when an edge, a centimetre or the order changes', () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 60 }), fc.nat(), (pieces: RoutePiece[], pick) => {
        const key = routeKey(pieces);
        expect(Number.isSafeInteger(key)).toBe(true);
        expect(routeKey(pieces.map((p) => ({ ...p })))).toBe(key);
        const i = pick % pieces.length;
        const otherEdge = pieces.map((p, k) => (k === i ? { ...p, edge: p.edge + 1 } : p));
        const otherOffset = pieces.map((p, k) => (k === i ? { ...p, to: p.to + 0.01 } : p));
        expect(routeKey(otherEdge)).not.toBe(key);
        expect(routeKey(otherOffset)).not.toBe(key);
        if (pieces.length > 1 && JSON.stringify(pieces[0]) !== JSON.stringify(pieces[1])) {
          expect(routeKey([pieces[1], pieces[0], ...pieces.slice(2)])).not.toBe(key);
        }
        expect(routeKey([...pieces, pieces[0]])).not.toBe(key);
      }),
      { seed: 14, numRuns: 3000 },
    );
  });
});
