/**
 * The standalone planner page's map: Leaflet with NO tile layer by default. Streets come from the walk
 * graph itself (`streets/inBBox`), drawn on one canvas and coloured by how much cameras see them, with the
 * cameras (`cameras/inBBox`) on top — so the page works offline and never contacts a server. OpenStreetMap
 * tiles are an explicit opt-in (`setTiles(true)`), the only network request this page can make.
 */
import L from 'leaflet';
import type { BBox, LonLat } from '../../lib/geo/index.ts';
import type { Send } from './client.ts';
import { StreetCanvas } from './street-canvas.ts';
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
