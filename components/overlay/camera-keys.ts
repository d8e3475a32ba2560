/**
 * Keyboard moves between the camera buttons on the map (one tab stop, arrow keys between neighbours): which
 * button a key leads to. Pure geometry on the buttons' positions (CSS px), so it is unit-tested.
 */

/**
 * The index of the button `key` moves to from `from`: for an arrow, the nearest button within 45° of that
 * direction (else anywhere on that side), by distance along the direction plus twice the sideways offset, so
 * a camera straight ahead beats a closer one off to the side; Home/End: the first/last in reading order (top to bottom, then left to right).
 * Returns -1 when the key is a move but no button lies that way, null when the key is not a move.
 */
export function nextCameraTarget(points: ReadonlyArray<readonly [number, number]>, from: number, key: string): number | null {
  const dirs: Record<string, [number, number]> = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
  if (key === 'Home' || key === 'End') {
    if (points.length === 0) return -1;
    let best = 0;
    for (let i = 1; i < points.length; i++) {
      const [x, y] = points[i];
      const [bx, by] = points[best];
      const before = y < by - 0.5 || (Math.abs(y - by) <= 0.5 && x < bx);
      if (key === 'Home' ? before : !before && (x !== bx || y !== by)) best = i;
    }
    return best;
  }
  const d = dirs[key];
  if (!d) return null;
  const origin = points[from];
  if (!origin) return -1;
  // Prefer cameras within 45° of the direction; else any camera on that side.
  let best = -1;
  for (const cone of [true, false]) {
    let bestScore = Infinity;
    for (let i = 0; i < points.length; i++) {
      if (i === from) continue;
      const dx = points[i][0] - origin[0];
      const dy = points[i][1] - origin[1];
      const along = dx * d[0] + dy * d[1];
      if (along <= 0.5) continue;
      const side = Math.abs(dx * d[1] - dy * d[0]);
      if (cone && side > along) continue;
      const score = along + 2 * side;
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    if (best >= 0) break;
  }
  return best;
}
