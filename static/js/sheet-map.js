/* The trip sheet's map: stops, stays and spots on our own basemap (works offline). */
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("sheet-map");
    if (!el || !window.L || !window.Stopover || !window.Stopover.makeMap) return;
    var points = window.Stopover.readJSON(el.dataset.source) || [];
    if (!points.length) { el.hidden = true; return; }
    var map = window.Stopover.makeMap(el);
    if (!map) return;
    var latlngs = [];
    var routes = {};  // one line per trip, through its stops in date order
    points.forEach(function (p) {
      var at = [p.lat, p.lon];
      latlngs.push(at);
      var style = { stop: { radius: 8, color: "#0b6b50" }, stay: { radius: 6, color: "#7a3e9d" }, spot: { radius: 5, color: "#b35900" } }[p.kind];
      L.circleMarker(at, Object.assign({ weight: 2, fillOpacity: 0.6 }, style)).bindTooltip(p.name).addTo(map);
      if (p.kind === "stop") (routes[p.trip] = routes[p.trip] || []).push(at);
    });
    Object.keys(routes).forEach(function (trip) {
      if (routes[trip].length > 1) L.polyline(routes[trip], { weight: 3, opacity: 0.6, dashArray: "6 6" }).addTo(map);
    });
    if (latlngs.length > 1) map.fitBounds(L.latLngBounds(latlngs).pad(0.2));
    else map.setView(latlngs[0], 9);
  }
  if (document.readyState !== "loading") draw(); else document.addEventListener("DOMContentLoaded", draw);
})();
