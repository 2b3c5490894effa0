/* The report form's map: tap (or click) the place of the problem and its point goes into the
   form's hidden latitude and longitude. Without this script the map stays hidden and the village
   list or the address says where. The marker can be moved by tapping again. */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  if (!el || !lat || !lon || !window.L || !window.OpenAkimatMap) return;
  var centreData = document.getElementById("report-map-centre");
  var centre = centreData ? JSON.parse(centreData.textContent) : null;
  var caption = document.getElementById("report-map-point");
  document.getElementById("report-map-figure").hidden = false;
  var map = window.OpenAkimatMap.create(el);
  var marker = null;

  function put(latlng) {
    var la = latlng.lat.toFixed(6), lo = latlng.lng.toFixed(6);
    lat.value = la;
    lon.value = lo;
    if (marker) {
      marker.setLatLng(latlng);
    } else {
      marker = L.circleMarker(latlng, {
        radius: 10, color: "#1b1f24", weight: 2, fillColor: "#b3261e", fillOpacity: 0.8, interactive: false
      }).addTo(map);
    }
    if (caption) caption.textContent = (caption.dataset.chosen || "") + " " + la + ", " + lo;
  }

  if (caption) caption.dataset.chosen = el.dataset.labelChosen || "";
  if (lat.value && lon.value) {
    var start = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
    map.setView(start, 16);
    put(start);
  } else if (centre) {
    map.setView([centre.lat, centre.lon], 13);
  } else {
    map.setView([48.0, 67.0], 5);
  }
  // The villages as labelled points, to find the way by when there is no base map; they take no
  // clicks, so a tap beside one still chooses the point.
  var placesData = document.getElementById("report-map-places");
  var places = placesData ? JSON.parse(placesData.textContent) : [];
  if (!(lat.value && lon.value) && places.length > 1) {
    map.fitBounds(places.map(function (place) { return [place.lat, place.lon]; }), { padding: [24, 24] });
  }
  places.forEach(function (place) {
    L.circleMarker([place.lat, place.lon], {
      radius: 4, color: "#4b5563", weight: 1, fillColor: "#9ca3af", fillOpacity: 1, interactive: false
    }).bindTooltip(place.name, { permanent: true, direction: "right", className: "map-label map-label-muted" })
      .addTo(map);
  });
  map.on("click", function (event) { put(event.latlng); });
  el.classList.add("map-ready");
})();
