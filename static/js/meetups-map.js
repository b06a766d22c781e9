/* Meet-ups near a place: one marker per city (never a venue). Data from json_script. */
(function () {
  "use strict";
  var el = document.getElementById("meetups-map");
  if (!el || !window.L || !window.Stopover || !window.Stopover.makeMap) return;
  var points = window.Stopover.readJSON(el.dataset.source) || [];
  if (!points.length) return;
  L.Icon.Default.imagePath = window.Stopover.iconPath();
  var map = window.Stopover.makeMap(el);
  if (!map) return;
  var bounds = [];
  points.forEach(function (point) {
    var box = document.createElement("div");
    var heading = document.createElement("strong");
    heading.textContent = point.city;
    box.appendChild(heading);
    var list = document.createElement("ul");
    point.meetups.forEach(function (m) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = m.url;
      a.textContent = m.title;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" " + m.when));
      list.appendChild(li);
    });
    box.appendChild(list);
    L.marker([point.lat, point.lon], { title: point.city, alt: point.city }).addTo(map).bindPopup(box);
    bounds.push([point.lat, point.lon]);
  });
  if (bounds.length === 1) map.setView(bounds[0], 10);
  else map.fitBounds(bounds, { padding: [30, 30] });
})();
