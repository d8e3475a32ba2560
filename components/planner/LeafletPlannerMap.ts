/**
 * The standalone planner page's map: Leaflet with NO tile layer by default. Streets come from the walk
 * graph itself (`streets/inBBox`), drawn on one canvas and coloured by how much cameras see them, with the
 * cameras (`cameras/inBBox`) on top — so the page works offline and never contacts a server. OpenStreetMap
 * tiles are an explicit opt-in (`setTiles(true)`), the only network request this page can make.
 */
import L from 'leaflet';
import type { BBox, LonLat } from '../../lib/geo/index.ts';
import type { StreetPolyline } from '../../lib/planner/streets.ts';
import { ask, type Send } from './client.ts';
import {
  BEST_EXIT_COLOUR,
  MARKER_COLOURS,
  pointAlong,
  ROUTE_COLOURS,
  ROUTE_DASHES,
  ROUTE_LABEL_AT,
  TIER_COLOURS,
  waysOutForDrawing,
  type PlannerLayers,
  type PlannerMap,
} from './map.ts';

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
class StreetCanvas extends L.Layer {
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

function markerIcon(text: string, colour: string): L.DivIcon {
  const el = document.createElement('div');
  el.className = 'am-marker';
  el.textContent = text;
  el.style.background = colour;
  return L.divIcon({ html: el, className: '', iconSize: [24, 24], iconAnchor: [12, 12] });
}

/** A small text label on the map (text from the catalogs or data: set as text, never HTML). */
function mapLabel(at: LonLat, text: string, className: string, colour?: string): L.Marker {
  const el = document.createElement('span');
  el.className = className;
  el.textContent = text;
  if (colour) el.style.borderColor = colour;
  return L.marker([at[1], at[0]], {
    icon: L.divIcon({ html: el, className: 'am-label-anchor', iconSize: [0, 0], iconAnchor: [0, 0] }),
    keyboard: false,
    interactive: false,
  });
}

export class LeafletPlannerMap implements PlannerMap {
  readonly map: L.Map;
  private readonly drawn: L.LayerGroup;
  private readonly highlight: L.LayerGroup;
  private tiles: L.TileLayer | null = null;

  constructor(container: HTMLElement, send: Send, view: { centre: LonLat; zoom: number; maxBounds?: BBox }) {
    this.map = L.map(container, {
      center: [view.centre[1], view.centre[0]],
      zoom: view.zoom,
      minZoom: 12,
      maxZoom: 19,
      keyboard: true,
      attributionControl: true,
      ...(view.maxBounds
        ? {
            maxBounds: L.latLngBounds(
              [view.maxBounds.south - 0.02, view.maxBounds.west - 0.02],
              [view.maxBounds.north + 0.02, view.maxBounds.east + 0.02],
            ),
          }
        : {}),
    });
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution('© OpenStreetMap contributors, ODbL');
    // The "…at map centre" buttons (always in the panel on this page) place points here: show where that is.
    L.DomUtil.create('div', 'am-crosshair', container).setAttribute('aria-hidden', 'true');
    new StreetCanvas(send).addTo(this.map);
    this.drawn = L.layerGroup().addTo(this.map);
    this.highlight = L.layerGroup().addTo(this.map);
  }

  /** Shows or hides OpenStreetMap tiles: a network request to tile.openstreetmap.org, only when the user asks. */
  setTiles(on: boolean): void {
    if (on && !this.tiles) {
      this.tiles = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 19, opacity: 0.55 });
      this.tiles.addTo(this.map);
      this.tiles.bringToBack();
    } else if (!on && this.tiles) {
      this.tiles.remove();
      this.tiles = null;
    }
  }

  project(lon: number, lat: number): [number, number] {
    const p = this.map.latLngToContainerPoint([lat, lon]);
    return [p.x, p.y];
  }

  centre(): LonLat {
    const c = this.map.getCenter();
    return [Math.round(c.lng * 1e6) / 1e6, Math.round(c.lat * 1e6) / 1e6];
  }

  onClick(handler: (at: LonLat) => void): () => void {
    // Rounded to 1e-6° (≈ 0.1 m) so the share link, which keeps 6 decimals, reproduces the same request.
    const listener = (e: L.LeafletMouseEvent) => handler([Math.round(e.latlng.lng * 1e6) / 1e6, Math.round(e.latlng.lat * 1e6) / 1e6]);
    this.map.on('click', listener);
    return () => this.map.off('click', listener);
  }

  setLayers(layers: PlannerLayers): void {
    const g = this.drawn;
    g.clearLayers();
    const ll = (p: LonLat): L.LatLngExpression => [p[1], p[0]];
    const a = layers.area;
    if (a) {
      if (a.polygon)
        for (const ring of a.polygon)
          L.polygon(ring.map(ll), { color: '#1565c0', weight: 2, fillOpacity: 0.08, interactive: false }).addTo(g);
      else if (a.kind === 'circle' && a.points[0])
        L.circle(ll(a.points[0]), {
          radius: a.radiusMetres ?? 200,
          color: '#1565c0',
          weight: 2,
          fillOpacity: 0.08,
          interactive: false,
        }).addTo(g);
      else if (a.kind === 'polygon' && a.points.length >= 3)
        L.polygon(a.points.map(ll), { color: '#1565c0', weight: 2, dashArray: '6 4', fillOpacity: 0.05, interactive: false }).addTo(g);
      else if (a.points.length >= 2)
        L.polyline(a.points.map(ll), { color: '#1565c0', weight: 3, dashArray: '6 4', interactive: false }).addTo(g);
      for (const p of a.points) L.circleMarker(ll(p), { radius: 4, color: '#1565c0', fillOpacity: 1, interactive: false }).addTo(g);
    }
    // The best way out last, on top of the others.
    for (const w of waysOutForDrawing(layers.waysOut)) {
      L.polyline(w.coordinates.map(ll), { color: '#fff', weight: w.best ? 10 : 7, opacity: 0.9, interactive: false }).addTo(g);
      L.polyline(w.coordinates.map(ll), {
        color: w.best ? BEST_EXIT_COLOUR : '#263238',
        weight: w.best ? 6 : 3,
        opacity: 0.95,
        dashArray: w.best ? undefined : '6 5',
        interactive: false,
      }).addTo(g);
      const end = w.coordinates[w.coordinates.length - 1];
      if (w.label && end)
        mapLabel(
          end,
          w.best ? `★ ${w.label}` : w.label,
          w.best ? 'am-map-label am-exit-label am-best-exit' : 'am-map-label am-exit-label',
        ).addTo(g);
    }
    for (const line of layers.blindSpots) {
      L.polyline(line.map(ll), { color: '#fff', weight: 9, opacity: 0.9, interactive: false }).addTo(g);
      L.polyline(line.map(ll), { color: '#0d47a1', weight: 5, dashArray: '8 5', interactive: false }).addTo(g);
    }
    for (const c of layers.cameras)
      L.circleMarker(ll(c.at), {
        radius: 6,
        color: '#000',
        weight: 1,
        fillColor: TIER_COLOURS[c.tier],
        fillOpacity: 1,
        interactive: false,
      }).addTo(g);
    for (const r of layers.routes) {
      if (r.emphasis) L.polyline(r.coordinates.map(ll), { color: '#fff', weight: 11, opacity: 0.9, interactive: false }).addTo(g);
      const dash = ROUTE_DASHES[r.name].join(' ') || undefined;
      L.polyline(r.coordinates.map(ll), {
        color: ROUTE_COLOURS[r.name],
        weight: r.emphasis ? 7 : 4,
        opacity: r.emphasis ? 1 : 0.55,
        dashArray: dash,
        interactive: false,
        className: `am-route am-route-${r.name}`,
      }).addTo(g);
    }
    // Labels after every line, so no route covers another's name.
    for (const r of layers.routes) {
      const at = r.label ? pointAlong(r.coordinates, ROUTE_LABEL_AT[r.name]) : null;
      if (at && r.label) mapLabel(at, r.label, `am-map-label am-route-label am-route-label-${r.name}`, ROUTE_COLOURS[r.name]).addTo(g);
    }
    for (const [a, b] of layers.connectors ?? []) {
      L.polyline([ll(a), ll(b)], {
        color: '#263238',
        weight: 2,
        dashArray: '2 5',
        opacity: 0.9,
        interactive: false,
        className: 'am-connector',
      }).addTo(g);
    }
    for (const c of layers.userCameras) {
      L.circleMarker(ll(c.at), { radius: 7, color: '#fff', weight: 2, fillColor: '#6a1b9a', fillOpacity: 1, interactive: false }).addTo(g);
      for (const d of c.directions) {
        const rad = (d * Math.PI) / 180;
        const tip: LonLat = [
          c.at[0] + (Math.sin(rad) * 25) / (111_195 * Math.cos((c.at[1] * Math.PI) / 180)),
          c.at[1] + (Math.cos(rad) * 25) / 111_195,
        ];
        L.polyline([ll(c.at), ll(tip)], { color: '#6a1b9a', weight: 3, interactive: false }).addTo(g);
      }
    }
    const colours = MARKER_COLOURS;
    let viaN = 0;
    for (const m of layers.markers) {
      const text = m.role === 'from' ? 'A' : m.role === 'to' ? 'B' : String(++viaN);
      L.marker(ll(m.at), {
        icon: markerIcon(text, colours[m.role]),
        title: m.label,
        alt: m.label,
        keyboard: false,
        interactive: false,
      }).addTo(g);
    }
  }

  showCamera(camera: { id: string; at: LonLat; label: string }): void {
    this.highlight.clearLayers();
    const at: L.LatLngExpression = [camera.at[1], camera.at[0]];
    this.map.setView(at, Math.max(this.map.getZoom(), 17));
    const ring = L.circleMarker(at, { radius: 14, color: '#6a1b9a', weight: 4, fill: false, className: 'am-camera-highlight' }).addTo(
      this.highlight,
    );
    const label = document.createElement('span');
    label.textContent = camera.label; // text from data: never HTML
    ring.bindTooltip(label, { permanent: true, direction: 'top', offset: [0, -14] }).openTooltip();
  }

  reveal(points: LonLat[]): void {
    if (!points.length) return;
    const bounds = L.latLngBounds(points.map((p) => [p[1], p[0]] as L.LatLngTuple));
    // A margin inside the visible map, so a route does not run along its very edge.
    if (this.map.getBounds().pad(-0.04).contains(bounds)) return;
    this.fit(points);
  }

  fit(points: LonLat[]): void {
    if (!points.length) return;
    // More room at the top: the tiles switch and the legend sit over the map's top-left corner.
    this.map.fitBounds(L.latLngBounds(points.map((p) => [p[1], p[0]] as L.LatLngTuple)), {
      paddingTopLeft: [40, 80],
      paddingBottomRight: [40, 40],
      maxZoom: 18,
    });
  }
}
