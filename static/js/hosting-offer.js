/* A read-only map: an offer's public circle, or a spot's point. */
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }

  ready(function () {
    var el = document.getElementById("offer-map");
    if (!el || !window.Stopover || !window.Stopover.makeMap) return;
    var data = window.Stopover.readJSON(el.dataset.source) || {};
    var map = window.Stopover.makeMap(el);
    if (!map) return;
    // Leaflet puts buttons and links inside: an image role would hide them (nested-interactive).
    el.setAttribute("role", "region");
    L.Icon.Default.imagePath = window.Stopover.iconPath();
    if (data.public) {
      map.setView(data.public, 14);
      var circle = L.circle(data.public, { radius: data.radius_m || 1000, color: "#0b6b50", weight: 2, fillOpacity: 0.15 }).addTo(map);
      map.fitBounds(circle.getBounds(), { padding: [20, 20] });
    } else if (data.point) {
      L.marker(data.point, { keyboard: false }).addTo(map);
      map.setView(data.point, 14);
    }
  });
})();
