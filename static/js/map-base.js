/* Shared Leaflet set-up. Tiles come from the MAP_TILE_URL setting; with no URL (offline,
   tests) the map still draws markers and lines on a plain background.
   Usage: var map = Stopover.makeMap(element); data in <script type="application/json">. */
(function () {
  "use strict";
  window.Stopover = window.Stopover || {};

  window.Stopover.makeMap = function (el, options) {
    if (!window.L) return null;
    var map = L.map(el, Object.assign({ scrollWheelZoom: false, zoomSnap: 0.5 }, options || {}));
    var tiles = el.dataset.tileUrl;
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    el.setAttribute("data-map-ready", "1");
    return map;
  };

  window.Stopover.readJSON = function (id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  };

  // Leaflet's default marker images live beside leaflet.css in our vendored copy.
  window.Stopover.iconPath = function () {
    var link = document.querySelector('link[href*="leaflet.css"]');
    return link ? link.href.replace(/leaflet\.css.*$/, "images/") : "";
  };
})();
