/* A problem report's page: its point on a small map. The page states the point in figures with a
   link to OpenStreetMap, so nothing is lost without this script. */
(function () {
  "use strict";
  var el = document.getElementById("report-point-map");
  var data = document.getElementById("report-point-data");
  if (!el || !data || !window.L || !window.OpenAkimatMap) return;
  var point = JSON.parse(data.textContent);
  if (!point) return;
  document.getElementById("report-point-figure").hidden = false;
  var map = window.OpenAkimatMap.create(el);
  L.circleMarker([point.lat, point.lon], {
    radius: 10, color: "#1b1f24", weight: 2, fillColor: "#b3261e", fillOpacity: 0.8, interactive: false
  }).addTo(map);
  map.setView([point.lat, point.lon], 16);
  el.classList.add("map-ready");
})();
