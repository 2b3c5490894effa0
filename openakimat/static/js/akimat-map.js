/* The akimat page's small map: one point on the address, which the page states in words and
   links to OpenStreetMap without JavaScript. */
(function () {
  "use strict";
  var el = document.getElementById("akimat-map");
  var data = document.getElementById("akimat-map-data");
  if (!el || !data || !window.L) return;
  var point = JSON.parse(data.textContent);
  if (!point) return;
  document.getElementById("akimat-map-figure").hidden = false;
  var map = L.map(el, { scrollWheelZoom: false });
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  }
  L.circleMarker([point.lat, point.lon], {
    radius: 10, color: "#1b1f24", weight: 2, fillColor: "#00557f", fillOpacity: 0.8, interactive: false
  }).addTo(map);
  map.setView([point.lat, point.lon], point.approximate ? 11 : 15);
  el.classList.add("map-ready");
})();
