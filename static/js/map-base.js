/* Shared Leaflet set-up. By default the basemap is drawn from our own static files
   (Natural Earth land and borders from world-atlas, towns from the gazetteer), so no
   third party learns where a member looks, and maps work offline. A collective that runs
   its own tile server sets MAP_TILE_URL; then tiles are drawn instead.
   Usage: var map = Stopover.makeMap(element); data in <script type="application/json">. */
(function () {
  "use strict";
  window.Stopover = window.Stopover || {};

  var loaded = {};
  function getJSON(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("basemap " + r.status);
        return r.json();
      });
    }
    return loaded[url];
  }

  // Which towns get a label at a zoom: the biggest first, never a crowd.
  function minPopulation(zoom) {
    if (zoom >= 9) return 0;
    if (zoom >= 7) return 20000;
    if (zoom >= 6) return 60000;
    if (zoom >= 5) return 200000;
    if (zoom >= 4) return 600000;
    return 2000000;
  }
  var MAX_LABELS = 60;

  function drawTowns(map, url) {
    var pane = map.createPane("stopover-towns");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    pane.setAttribute("aria-hidden", "true");  // context for the eye; the page's text says where
    var layer = L.layerGroup().addTo(map);
    var towns = [];
    function refresh() {
      layer.clearLayers();
      var bounds = map.getBounds().pad(0.05);
      var floor = minPopulation(map.getZoom());
      var shown = 0;
      var placed = [];
      for (var i = 0; i < towns.length && shown < MAX_LABELS; i++) {
        var t = towns[i];  // [name, lat, lon, population], biggest first
        if (t[3] < floor) break;
        if (!bounds.contains([t[1], t[2]])) continue;
        // Skip a label that would overlap a bigger town's (about 7 px a letter).
        var at = map.latLngToContainerPoint([t[1], t[2]]);
        var half = t[0].length * 3.5 + 4;
        if (placed.some(function (p) { return Math.abs(p.x - at.x) < p.half + half && Math.abs(p.y - at.y) < 16; })) continue;
        placed.push({ x: at.x, y: at.y, half: half });
        // A label, not a marker: town names are context, not something to click.
        L.tooltip({ pane: "stopover-towns", permanent: true, direction: "center", interactive: false, className: "map-town" })
          .setLatLng([t[1], t[2]]).setContent(document.createTextNode(t[0])).addTo(layer);
        shown++;
      }
    }
    getJSON(url).then(function (data) {
      towns = data.towns || [];
      refresh();
      map.on("moveend zoomend", refresh);
    }).catch(function () {});
  }

  function drawBasemap(map, el) {
    if (!window.topojson || !el.dataset.basemap) return;
    map.getContainer().classList.add("map-own-basemap");
    var renderer = L.canvas({ padding: 0.5 });
    getJSON(el.dataset.basemap).then(function (topo) {
      L.geoJSON(topojson.feature(topo, topo.objects.land), {
        renderer: renderer, interactive: false,
        style: { stroke: false, fillColor: "#f4f1e8", fillOpacity: 1 }
      }).addTo(map);
      L.geoJSON(topojson.mesh(topo, topo.objects.countries, function (a, b) { return a !== b; }), {
        renderer: renderer, interactive: false,
        style: { color: "#9a8f9e", weight: 1, dashArray: "4 3", fill: false }
      }).addTo(map);
      el.setAttribute("data-basemap-ready", "1");
    }).catch(function () {});
    if (el.dataset.towns) drawTowns(map, el.dataset.towns);
  }

  window.Stopover.makeMap = function (el, options) {
    if (!window.L) return null;
    var map = L.map(el, Object.assign({ scrollWheelZoom: false, zoomSnap: 0.5, maxZoom: 12 }, options || {}));
    var tiles = el.dataset.tileUrl;
    if (tiles) {
      map.setMaxZoom(18);
      L.tileLayer(tiles, { maxZoom: 18, attribution: el.dataset.attribution || "" }).addTo(map);
    } else {
      drawBasemap(map, el);
      if (map.attributionControl) {
        map.attributionControl.setPrefix(false);
        map.attributionControl.addAttribution(el.dataset.attribution || "");
      }
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
