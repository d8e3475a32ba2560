/**
 * The planner page's street layer: one canvas with the walk graph's streets coloured by how much cameras see
 * them, their names from zoom 16, and the cameras of the view on top (used by LeafletPlannerMap).
 */
import L from 'leaflet';
import type { BBox } from '../../lib/geo/index.ts';
import type { StreetPolyline } from '../../lib/planner/streets.ts';
import { ask, type Send } from './client.ts';
import { TIER_COLOURS } from './map.ts';

const MAJOR = new Set(['c', 'd', 'e', 'f', 'g', 'h', 'i', 'o']);
/** Street names are drawn from this zoom on (one name per street and view, where it fits). */
export const STREET_NAMES_MIN_ZOOM = 16;
/** At most this many names at once (a busy centre at z16 has a few hundred named edges). */
const MAX_STREET_NAMES = 160;

/** Street colour by coverage: grey unseen; yellow / orange / red as more of it is seen, and closer. */
export function streetColour(s: Pick<StreetPolyline, 'seenShare' | 'identificationShare'>): string {
  if (s.seenShare < 0.1) return '#8d99a6';
  if (s.identificationShare >= 0.3) return TIER_COLOURS.identification;
  if (s.seenShare >= 0.5) return TIER_COLOURS.recognition;
  return TIER_COLOURS.observation;
}

/** Canvas layer with the graph's streets and the cameras of the current view. */
export class StreetCanvas extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  /** Street names as text elements (layer coordinates, so pans move them with the map pane). */
  private names: HTMLDivElement | null = null;
  private streets: StreetPolyline[] = [];
  private cameras: Array<{ lon: number; lat: number }> = [];
  private seq = 0;
  private leaflet: L.Map | null = null;

  constructor(private readonly send: Send) {
    super();
  }

  override onAdd(map: L.Map): this {
    this.leaflet = map;
    this.canvas = L.DomUtil.create('canvas', 'am-streets leaflet-zoom-hide') as HTMLCanvasElement;
    this.canvas.setAttribute('aria-hidden', 'true');
    map.getPanes().overlayPane.appendChild(this.canvas);
    this.names = L.DomUtil.create('div', 'am-street-names leaflet-zoom-hide') as HTMLDivElement;
    this.names.setAttribute('aria-hidden', 'true');
    map.getPanes().overlayPane.appendChild(this.names);
    map.on('moveend zoomend resize', this.refresh, this);
    map.on('move', this.draw, this);
    this.refresh();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend resize', this.refresh, this);
    map.off('move', this.draw, this);
    this.canvas?.remove();
    this.canvas = null;
    this.names?.remove();
    this.names = null;
    return this;
  }

  /** Asks the background for the streets and cameras of the view (a little beyond it), then draws. */
  private refresh(): void {
    const map = this.leaflet;
    if (!map) return;
    const b = map.getBounds().pad(0.25);
    const bbox: BBox = { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
    // One screen pixel in degrees of longitude: finer shape detail would not show.
    const size = map.getSize();
    const tolerance = Math.min(0.01, Math.max(0, (bbox.east - bbox.west) / Math.max(1, size.x * 1.5)));
    const mine = ++this.seq;
    void Promise.all([
      ask(this.send, {
        type: 'streets/inBBox',
        bbox,
        limit: 8000,
        tolerance,
        ...(map.getZoom() >= STREET_NAMES_MIN_ZOOM ? { names: true } : {}),
      }).catch(() => null),
      ask(this.send, { type: 'cameras/inBBox', bbox, limit: 5000 }).catch(() => null),
    ]).then(([streets, cameras]) => {
      if (mine !== this.seq) return;
      if (streets) this.streets = streets.streets;
      if (cameras) this.cameras = cameras.cameras.map((c) => ({ lon: c.lon, lat: c.lat }));
      this.draw();
      this.drawNames();
      map.getContainer().dispatchEvent(new CustomEvent('am-streets-drawn', { detail: { streets: this.streets.length } }));
    });
    this.draw();
  }

  /**
   * One label per street name: on its longest on-screen segment, turned along it (never upside down),
   * only where the text fits and does not overlap a label already placed. Text from data: textContent.
   */
  private drawNames(): void {
    const map = this.leaflet;
    const box = this.names;
    if (!map || !box) return;
    box.replaceChildren();
    if (map.getZoom() < STREET_NAMES_MIN_ZOOM) return;
    const size = map.getSize();
    const best = new Map<string, { len: number; x: number; y: number; angle: number }>();
    for (const s of this.streets) {
      if (!s.name) continue;
      for (let i = 2; i < s.coords.length; i += 2) {
        const a = map.latLngToContainerPoint([s.coords[i - 1], s.coords[i - 2]]);
        const b = map.latLngToContainerPoint([s.coords[i + 1], s.coords[i]]);
        const mx = (a.x + b.x) / 2;
        const my = (a.y + b.y) / 2;
        if (mx < 0 || my < 0 || mx > size.x || my > size.y) continue;
        const len = Math.hypot(b.x - a.x, b.y - a.y);
        const known = best.get(s.name);
        if (known && known.len >= len) continue;
        let angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
        if (angle > 90) angle -= 180;
        if (angle < -90) angle += 180;
        best.set(s.name, { len, x: mx, y: my, angle });
      }
    }
    const placed: Array<[number, number, number]> = [];
    const candidates = [...best.entries()].sort((p, q) => q[1].len - p[1].len);
    for (const [name, c] of candidates) {
      if (placed.length >= MAX_STREET_NAMES) break;
      const width = name.length * 6.2;
      if (c.len < width * 0.6) continue;
      const r = width / 2;
      if (placed.some(([x, y, pr]) => Math.hypot(x - c.x, y - c.y) < Math.max(r, pr) * 0.8 + 8)) continue;
      placed.push([c.x, c.y, r]);
      const at = map.containerPointToLayerPoint([c.x, c.y]);
      const el = document.createElement('span');
      el.className = 'am-street-name';
      el.textContent = name;
      el.style.left = `${at.x}px`;
      el.style.top = `${at.y}px`;
      el.style.transform = `translate(-50%, -50%) rotate(${c.angle.toFixed(1)}deg)`;
      box.appendChild(el);
    }
  }

  private draw(): void {
    const map = this.leaflet;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const size = map.getSize();
    const dpr = globalThis.devicePixelRatio || 1;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);
    canvas.width = size.x * dpr;
    canvas.height = size.y * dpr;
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    const zoom = map.getZoom();
    const base = zoom >= 17 ? 4 : zoom >= 15 ? 2.5 : 1.2;
    // Unseen streets first, seen ones on top.
    const order = [...this.streets].sort((a, b) => a.seenShare - b.seenShare);
    for (const s of order) {
      ctx.beginPath();
      for (let i = 0; i < s.coords.length; i += 2) {
        const p = map.latLngToContainerPoint([s.coords[i + 1], s.coords[i]]);
        if (i === 0) ctx.moveTo(p.x, p.y);
        else ctx.lineTo(p.x, p.y);
      }
      ctx.strokeStyle = streetColour(s);
      ctx.lineWidth = MAJOR.has(s.roadType) ? base * 1.6 : base;
      ctx.stroke();
    }
    if (zoom >= 14) {
      ctx.fillStyle = '#263238';
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 1;
      const r = zoom >= 17 ? 4 : 2.5;
      for (const c of this.cameras) {
        const p = map.latLngToContainerPoint([c.lat, c.lon]);
        ctx.beginPath();
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
        ctx.fill();
        ctx.stroke();
      }
    }
  }
}
