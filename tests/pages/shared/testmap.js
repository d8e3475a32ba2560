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
        ctx.beginPath(); ctx.moveTo(k, 0); ctx.lineTo(k, size.y); ctx.stroke();
        ctx.beginPath(); ctx.moveTo(0, k); ctx.lineTo(size.x, k); ctx.stroke();
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

  /** Creates the map in `el`; options: center [lat, lon], zoom, zoomSnap. */
  window.createTestMap = function (el, options) {
    var o = options || {};
    var map = L.map(el, { zoomSnap: o.zoomSnap === undefined ? 1 : o.zoomSnap, zoomDelta: o.zoomSnap || 1, maxZoom: 20, minZoom: 3 });
    new CanvasTiles({ maxZoom: 20, attribution: 'Test tiles drawn locally · © OpenStreetMap contributors' }).addTo(map);
    var c = o.center && isFinite(o.center[0]) && isFinite(o.center[1]) ? o.center : TOULOUSE;
    map.setView(c, isFinite(o.zoom) ? o.zoom : 17, { animate: false });
    window.map = map;
    return map;
  };
})();
