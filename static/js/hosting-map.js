/* Find a host on the map: searches the map's own box as it is panned and zoomed, with
   the filters of the form (nights, guests, kinds, a leg of my route). The server sends
   the points and the list from one search, so the map and the list always agree.
   Hosts are public circles, never exact points (P2). */
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }

  ready(function () {
    var el = document.getElementById("hosting-map");
    var form = document.getElementById("host-search");
    var list = document.getElementById("hosting-map-results");
    if (!el || !form || !list || !window.Stopover || !window.Stopover.makeMap) return;
    var data = window.Stopover.readJSON(el.dataset.source) || {};
    var map = window.Stopover.makeMap(el, { scrollWheelZoom: true });
    if (!map) return;
    // Leaflet puts buttons and links inside: an image role would hide them (nested-interactive).
    el.setAttribute("role", "region");
    map.setView(data.center || [57.7, 11.97], data.center ? 9 : 5);
    var layer = L.layerGroup().addTo(map);
    var seq = 0;
    var fitting = false;

    function link(url, text) {
      var a = document.createElement("a");
      a.href = url;
      a.textContent = text;
      return a;
    }
    function kinds() {
      var chosen = [];
      form.querySelectorAll("input[name=kind]:checked").forEach(function (box) { chosen.push(box.value); });
      return chosen.join(",");
    }
    function params() {
      var q = new URLSearchParams();
      ["start", "end", "guests", "leg", "within_km"].forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value) q.set(name, field.value);
      });
      var place = form.querySelector("input[type=hidden][name=place]");
      if (place && place.value) q.set("place", place.value);
      var k = kinds();
      if (k) q.set("kinds", k);
      document.getElementById("hs-kinds").value = k;
      var b = map.getBounds();
      q.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(4); }).join(","));
      return q;
    }
    function showError(message) {
      list.innerHTML = "";
      var p = document.createElement("p");
      p.className = "message message-error";
      p.setAttribute("role", "alert");
      p.textContent = message;
      list.appendChild(p);
    }
    function load() {
      if (fitting) return;
      var mine = ++seq;
      var q = params();
      fetch(data.results + "?" + q.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (mine !== seq) return;
          layer.clearLayers();
          el.setAttribute("data-searched", q.get("bbox"));
          if (!res.ok) { showError(res.body.message || "Error"); return; }
          res.body.offers.forEach(function (o) {
            L.circle([o.lat, o.lon], { radius: o.fuzz_radius_m, color: "#0b6b50", weight: 2, fillOpacity: 0.15, className: "map-offer" })
              .bindPopup(link(o.url, o.title + " (" + o.city + ")")).addTo(layer);
          });
          res.body.spots.forEach(function (s) {
            L.circleMarker([s.lat, s.lon], { radius: 7, color: "#8a4b00", weight: 2, fillOpacity: 0.6, className: "map-spot" })
              .bindPopup(link(s.url, s.name)).addTo(layer);
          });
          list.innerHTML = res.body.html;
          el.setAttribute("data-results", String(res.body.offers.length) + "," + String(res.body.spots.length));
          // Along a route the box is the route's: show all of it once.
          if (q.get("leg") && res.body.bbox) {
            var bb = res.body.bbox;
            fitting = true;
            map.fitBounds([[bb[1], bb[0]], [bb[3], bb[2]]]);
            setTimeout(function () { fitting = false; }, 400);
          }
        })
        .catch(function () { if (mine === seq) showError(list.dataset.offline || "Offline"); });
    }
    form.addEventListener("submit", function (e) {
      var place = form.querySelector("input[type=hidden][name=place]");
      if (place && place.value && place.dataset.searched !== place.value) {
        place.dataset.searched = place.value;  // a new city: let the page move there
        return;
      }
      e.preventDefault();
      load();
    });
    form.addEventListener("change", function (e) {
      if (e.target.name === "kind" || e.target.name === "guests" || e.target.name === "leg" ||
          e.target.name === "start" || e.target.name === "end" || e.target.name === "within_km") load();
    });
    map.on("moveend", load);
    load();
  });
})();
