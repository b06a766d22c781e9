/* Members' map of hosts (public circles, never exact points) and free spots.
   Loads what is inside the visible box from the JSON API whenever the map moves. */
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }

  ready(function () {
    var el = document.getElementById("hosting-map");
    if (!el || !window.Stopover || !window.Stopover.makeMap) return;
    var data = window.Stopover.readJSON(el.dataset.source) || {};
    var status = document.getElementById("hosting-map-status");
    var map = window.Stopover.makeMap(el, { scrollWheelZoom: true });
    if (!map) return;
    // Leaflet puts buttons and links inside: an image role would hide them (nested-interactive).
    el.setAttribute("role", "region");
    L.Icon.Default.imagePath = window.Stopover.iconPath();
    map.setView(data.center || [57.7, 11.97], data.center ? 11 : 5);
    var layer = L.layerGroup().addTo(map);
    var seq = 0;

    function link(url, text) {
      var a = document.createElement("a");
      a.href = url;
      a.textContent = text;
      return a;
    }
    function get(url) {
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : r.json().then(function (e) { throw new Error(e.message || r.status); }); });
    }
    function load() {
      var b = map.getBounds();
      var box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(4); }).join(",");
      var mine = ++seq;
      Promise.all([get("/api/offers?bbox=" + box), get("/api/spots?bbox=" + box)]).then(function (res) {
        if (mine !== seq) return;
        layer.clearLayers();
        res[0].forEach(function (o) {
          L.circle([o.lat, o.lon], { radius: o.fuzz_radius_m, color: "#0b6b50", weight: 2, fillOpacity: 0.15 })
            .bindPopup(link(o.url, o.title + " (" + o.city.name + ")")).addTo(layer);
        });
        res[1].forEach(function (s) {
          L.circleMarker([s.lat, s.lon], { radius: 7, color: "#8a4b00", weight: 2, fillOpacity: 0.6 })
            .bindPopup(link(s.url, s.name)).addTo(layer);
        });
        if (status) status.textContent = (status.dataset.template || "%o / %s")
          .replace("%o", res[0].length).replace("%s", res[1].length);
      }).catch(function (err) {
        if (mine !== seq) return;
        layer.clearLayers();
        if (status) status.textContent = err.message;
      });
    }
    map.on("moveend", load);
    load();
  });
})();
