/* The trip page's route map: stops as markers in date order, joined by a line.
   Whole-country stops sit near the middle of the country, drawn as a dashed circle.
   Data comes from a json_script block; without Leaflet the list of stops remains. */
(function () {
  "use strict";

  function draw() {
    var el = document.getElementById("trip-map");
    if (!el || !window.Stopover || !window.Stopover.makeMap || !window.L) return;
    var stops = window.Stopover.readJSON(el.dataset.source) || [];
    var points = stops.filter(function (s) { return s.lat !== null && s.lon !== null; });
    if (!points.length) { el.hidden = true; return; }
    var map = window.Stopover.makeMap(el);
    if (!map) return;
    L.Icon.Default.imagePath = window.Stopover.iconPath();
    var line = [];
    points.forEach(function (stop, i) {
      var latlng = [stop.lat, stop.lon];
      line.push(latlng);
      var title = (i + 1) + ". " + stop.name + " (" + stop.dates + ")";
      var popup = document.createElement("div");
      var strong = document.createElement("strong");
      strong.textContent = stop.name;
      popup.appendChild(strong);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(stop.place + " · " + stop.dates));
      if (stop.country) {
        L.circleMarker(latlng, { radius: 14, dashArray: "4 4", weight: 2, fillOpacity: 0.15, className: "trip-map-country" })
          .bindTooltip(title, { permanent: false }).bindPopup(popup).addTo(map);
      } else {
        L.marker(latlng, { title: title, alt: title, opacity: stop.tentative ? 0.6 : 1 })
          .bindPopup(popup).addTo(map);
        if (stop.radius_km) {
          L.circle(latlng, { radius: stop.radius_km * 1000, weight: 1, fillOpacity: 0.05, interactive: false }).addTo(map);
        }
      }
    });
    if (line.length > 1) {
      L.polyline(line, { weight: 3, opacity: 0.7, className: "trip-map-route" }).addTo(map);
      map.fitBounds(L.latLngBounds(line).pad(0.15));
    } else {
      map.setView(line[0], 8);
    }
  }

  if (document.readyState !== "loading") draw(); else document.addEventListener("DOMContentLoaded", draw);
})();
