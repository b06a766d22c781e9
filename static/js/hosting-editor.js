/* Offer and spot editors: a draggable marker for the point, kept in sync with the
   latitude/longitude inputs (the keyboard-accessible way to set it). For an offer it
   also draws the circle other members see around the stored public point. */
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn); }

  ready(function () {
    var el = document.getElementById("offer-editor-map");
    if (!el || !window.Stopover || !window.Stopover.makeMap) return;
    var data = window.Stopover.readJSON(el.dataset.source) || {};
    var latInput = document.querySelector(".js-exact-lat");
    var lonInput = document.querySelector(".js-exact-lon");
    var map = window.Stopover.makeMap(el, { scrollWheelZoom: true });
    if (!map) return;
    // Leaflet puts buttons and links inside: an image role would hide them (nested-interactive).
    el.setAttribute("role", "region");
    L.Icon.Default.imagePath = window.Stopover.iconPath();

    function current() {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      return isFinite(lat) && isFinite(lon) ? [lat, lon] : null;
    }
    // A new offer opens at the member's home place; an unknown home shows Europe.
    var start = current() || data.exact || data.home || [59.91, 10.75];
    map.setView(start, current() || data.exact ? 15 : data.home ? 12 : 5);
    // Choosing the town in the place search centres the map there; the host sets the pin.
    var town = document.querySelector("input[type=hidden][name=place][data-combobox-value]");
    if (town) town.addEventListener("change", function () {
      var p = (town.dataset.point || "").split(",").map(parseFloat);
      if (p.length === 2 && isFinite(p[0]) && isFinite(p[1])) map.setView(p, 13);
    });

    if (data.public && data.radius_m) {
      var circle = L.circle(data.public, { radius: data.radius_m, color: "#0b6b50", weight: 2, fillOpacity: 0.15 })
        .addTo(map);
      var bounds = circle.getBounds();
      if (current()) bounds.extend(current());
      map.fitBounds(bounds, { padding: [16, 16] });
    }
    var marker = null;
    function place(latlng, pan) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: el.getAttribute("aria-label") }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      if (pan) map.panTo(latlng);
    }
    function write(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
    }
    if (current()) place(current(), false);
    // A street address found by the (optional) geocoder: the host picks one for the pin.
    document.addEventListener("click", function (e) {
      var b = e.target.closest && e.target.closest(".js-street-point");
      if (!b) return;
      var p = (b.dataset.point || "").split(",").map(parseFloat);
      if (p.length === 2 && isFinite(p[0]) && isFinite(p[1])) { var ll = L.latLng(p[0], p[1]); place(ll, true); write(ll); map.setZoom(17); }
    });
    map.on("click", function (e) { place(e.latlng, false); write(e.latlng); });
    function fromInputs() { var p = current(); if (p) place(p, true); }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);
  });
})();
