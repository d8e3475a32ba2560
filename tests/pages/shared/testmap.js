// Offline test map shared by the site test pages: real Leaflet (served at /vendor/leaflet/) over tiles
// drawn locally on canvases (no network). Each page wires its own address scheme around it.
(function () {
  'use strict';
  var TOULOUSE = [43.6045, 1.444];

  var CanvasTiles = L.GridLayer.extend({
    createTile: function (coords) {
      var tile = document.createElement('canvas');
      var size = this.getTileSize();
      tile.width = size.x;
      tile.height = size.y;
      var ctx = tile.getContext('2d');
      ctx.fillStyle = (coords.x + coords.y) % 2 === 0 ? '#f2efe9' : '#ebe7df';
      ctx.fillRect(0, 0, size.x, size.y);
      // A street-like grid every 64 px so pans and zooms are visible in screenshots.
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 6;
      for (var k = 32; k < size.x; k += 64) {
        ctx.beginPath();
        ctx.moveTo(k, 0);
        ctx.lineTo(k, size.y);
        ctx.stroke();
        ctx.beginPath();
        ctx.moveTo(0, k);
        ctx.lineTo(size.x, k);
        ctx.stroke();
      }
      ctx.strokeStyle = '#c9c2b6';
      ctx.lineWidth = 1;
      ctx.strokeRect(0.5, 0.5, size.x - 1, size.y - 1);
      ctx.fillStyle = '#8a8275';
      ctx.font = '11px sans-serif';
      ctx.fillText(coords.z + '/' + coords.x + '/' + coords.y, 6, 14);
      return tile;
    },
  });

  /**
   * A vector base map drawn the way MapLibre GL does inside Leaflet (leaflet-maplibre-gl, osm.org's
   * `layers=S` and other vector layers): one canvas the size of the map in the tile pane, re-rendered when
   * the map moves, and no tile images at all. Idle, it runs no script.
   */
  var VectorCanvas = L.Layer.extend({
    onAdd: function (map) {
      this._box = L.DomUtil.create('div', 'leaflet-gl-layer maplibregl-map', this.getPane('tilePane'));
      this._canvas = L.DomUtil.create('canvas', 'maplibregl-canvas', this._box);
      map.on('move zoom resize viewreset', this._render, this);
      this._render();
    },
    onRemove: function (map) {
      map.off('move zoom resize viewreset', this._render, this);
      L.DomUtil.remove(this._box);
    },
    _render: function () {
      var map = this._map;
      var size = map.getSize();
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(this._box, topLeft);
      if (this._canvas.width !== size.x || this._canvas.height !== size.y) {
        this._canvas.width = size.x;
        this._canvas.height = size.y;
        this._canvas.style.width = size.x + 'px';
        this._canvas.style.height = size.y + 'px';
      }
      var ctx = this._canvas.getContext('2d');
      var origin = map.getPixelBounds().min;
      ctx.fillStyle = '#eef0e6';
      ctx.fillRect(0, 0, size.x, size.y);
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 7;
      var step = 64;
      for (var x = -((origin.x % step) + step) % step; x < size.x; x += step) {
        ctx.beginPath();
        ctx.moveTo(x, 0);
        ctx.lineTo(x, size.y);
        ctx.stroke();
      }
      for (var y = -((origin.y % step) + step) % step; y < size.y; y += step) {
        ctx.beginPath();
        ctx.moveTo(0, y);
        ctx.lineTo(size.x, y);
        ctx.stroke();
      }
    },
  });

  /**
   * Creates the map in `el`; options: center [lat, lon], zoom, zoomSnap, vector (MapLibre-like base map
   * instead of tiles), osmControls (osm.org's control column at the top right and a scale at the bottom left).
   */
  window.createTestMap = function (el, options) {
    var o = options || {};
    var map = L.map(el, {
      zoomSnap: o.zoomSnap === undefined ? 1 : o.zoomSnap,
      zoomDelta: o.zoomSnap || 1,
      maxZoom: 20,
      minZoom: 3,
      zoomControl: !o.osmControls,
    });
    if (o.vector) new VectorCanvas({ attribution: 'Vector test map drawn locally · © OpenStreetMap contributors' }).addTo(map);
    else new CanvasTiles({ maxZoom: 20, attribution: 'Test tiles drawn locally · © OpenStreetMap contributors' }).addTo(map);
    if (o.osmControls) {
      // openstreetmap.org: zoom, locate, layers, legend, share, note and query buttons stacked at the top
      // right (40-px buttons), the scale at the bottom left, the attribution at the bottom right.
      L.control.zoom({ position: 'topright' }).addTo(map);
      var OsmButton = L.Control.extend({
        onAdd: function () {
          var div = L.DomUtil.create('div', 'leaflet-control control-' + this.options.name);
          var a = L.DomUtil.create('a', 'control-button', div);
          a.href = '#';
          a.title = this.options.title;
          a.setAttribute('role', 'button');
          a.textContent = this.options.glyph;
          L.DomEvent.disableClickPropagation(div);
          L.DomEvent.on(a, 'click', L.DomEvent.preventDefault);
          return div;
        },
      });
      [
        ['locate', 'Show my location', '◎'],
        ['layers', 'Layers', '▤'],
        ['legend', 'Map key', 'ⓘ'],
        ['share', 'Share', '⇪'],
        ['note', 'Add a note to the map', '✎'],
        ['query', 'Query features', '?'],
      ].forEach(function (b) {
        new OsmButton({ position: 'topright', name: b[0], title: b[1], glyph: b[2] }).addTo(map);
      });
      L.control.scale({ position: 'bottomleft' }).addTo(map);
    }
    var c = o.center && isFinite(o.center[0]) && isFinite(o.center[1]) ? o.center : TOULOUSE;
    map.setView(c, isFinite(o.zoom) ? o.zoom : 17, { animate: false });
    window.map = map;
    return map;
  };
})();
