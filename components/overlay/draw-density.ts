/**
 * Low-zoom layers: a dot per camera, or the density of cameras per cell of the world-pixel grid.
 */
import type { MapFrame } from '../../lib/sites/projection.ts';
import type { CameraSet } from './camera-set.ts';
import { COLOURS, colourOf, type Canvas2D } from './draw-style.ts';

/** Side of a density cell, CSS px. */
export const HEAT_CELL_PX = 32;
/** Density cells with at least this many cameras show their count. */
export const HEAT_LABEL_MIN = 10;

export function drawDots(ctx: Canvas2D, set: CameraSet, drawn: Int32Array): void {
  const byColour = new Map<string, number[]>();
  for (const i of drawn) {
    const c = colourOf(set, i);
    let g = byColour.get(c);
    if (!g) byColour.set(c, (g = []));
    g.push(i);
  }
  for (const [colour, idx] of byColour) {
    ctx.beginPath();
    for (const i of idx) {
      ctx.moveTo(set.xy[2 * i] + 2.5, set.xy[2 * i + 1]);
      ctx.arc(set.xy[2 * i], set.xy[2 * i + 1], 2.5, 0, 2 * Math.PI);
    }
    ctx.fillStyle = colour;
    ctx.fill();
  }
}

/**
 * Density: cameras binned in HEAT_CELL_PX cells of the world-pixel grid (so cells do not shimmer while
 * panning), one disc per cell at the cell's mean position, sized and coloured by count.
 */
export function binDensity(frame: MapFrame, set: CameraSet, drawn: Int32Array): Array<{ x: number; y: number; count: number }> {
  const cells = new Map<number, { x: number; y: number; count: number }>();
  const offX = frame.left - Math.floor(frame.left / HEAT_CELL_PX) * HEAT_CELL_PX;
  const offY = frame.top - Math.floor(frame.top / HEAT_CELL_PX) * HEAT_CELL_PX;
  const cols = Math.ceil((frame.width + offX) / HEAT_CELL_PX) + 1;
  for (const i of drawn) {
    const x = set.xy[2 * i];
    const y = set.xy[2 * i + 1];
    const key = Math.floor((y + offY) / HEAT_CELL_PX) * cols + Math.floor((x + offX) / HEAT_CELL_PX);
    const c = cells.get(key);
    if (c) {
      c.x += x;
      c.y += y;
      c.count++;
    } else cells.set(key, { x, y, count: 1 });
  }
  return Array.from(cells.values(), (c) => ({ x: c.x / c.count, y: c.y / c.count, count: c.count }));
}

export function drawDensity(ctx: Canvas2D, frame: MapFrame, set: CameraSet, drawn: Int32Array): void {
  const cells = binDensity(frame, set, drawn);
  const buckets: Array<typeof cells> = [[], [], [], []];
  for (const c of cells) buckets[c.count === 1 ? 0 : c.count < 5 ? 1 : c.count < 16 ? 2 : 3].push(c);
  buckets.forEach((bucket, b) => {
    if (bucket.length === 0) return;
    ctx.beginPath();
    for (const c of bucket) {
      const r = Math.min(HEAT_CELL_PX * 0.7, 5 + 3 * Math.log2(c.count));
      ctx.moveTo(c.x + r, c.y);
      ctx.arc(c.x, c.y, r, 0, 2 * Math.PI);
    }
    ctx.fillStyle = COLOURS.heat[b];
    ctx.fill();
  });
  ctx.font = 'bold 10px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = '#ffffff';
  // Labels only where they matter: text is the slowest thing to rasterise on a CPU canvas.
  for (const c of cells) if (c.count >= HEAT_LABEL_MIN) ctx.fillText(String(c.count), c.x, c.y);
}
