/* The problem-report map: an enhancement over the list, which holds the same reports. It reads
   the GeoJSON endpoint for the visible box (bounded there to the newest few hundred) and colours
   each report by its status; the status is also written out in each marker's label and popup. */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  if (!el || !window.L || !window.OpenAkimatMap || !window.fetch) return;
  var figure = document.getElementById("report-map-figure");
  var note = document.getElementById("report-map-note");
  var colours = { reported: "#b42318", working: "#a15c00", fixed: "#1a7f37", other: "#6b7280" };
  var map = null;
  var layer = null;
  var first = true;

  function label(props) {
    return "#" + props.id + " " + props.category + " — " + props.status_label;
  }

  function popup(props) {
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = label(props);
    box.appendChild(title);
    var where = [props.territory, props.address].filter(Boolean).join(", ");
    if (where) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(where));
    }
    box.appendChild(document.createElement("br"));
    var link = document.createElement("a");
    link.textContent = el.dataset.labelPage;
    link.href = props.url;
    box.appendChild(link);
    return box;
  }

  function url(bbox) {
    var src = el.dataset.src;
    if (!bbox) return src;
    return src + (src.indexOf("?") >= 0 ? "&" : "?") + "bbox=" + encodeURIComponent(bbox);
  }

  function show(data) {
    if (layer) layer.remove();
    layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 8, color: "#1b1f24", weight: 1, fillOpacity: 0.85,
          fillColor: colours[feature.properties.colour] || colours.other
        });
      },
      onEachFeature: function (feature, shape) {
        shape.bindTooltip(label(feature.properties));
        shape.bindPopup(popup(feature.properties));
      }
    }).addTo(map);
    layer.eachLayer(function (shape) {
      var node = shape.getElement && shape.getElement();
      if (!node) return;
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", label(shape.feature.properties));
    });
    note.hidden = !data.truncated;
    note.textContent = data.truncated ? el.dataset.labelMore : "";
  }

  function load(bbox) {
    return fetch(url(bbox), { headers: { Accept: "application/geo+json" } }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }

  load(null)
    .then(function (data) {
      figure.hidden = false;
      map = OpenAkimatMap.create(el);
      show(data);
      var bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 15 });
      else map.setView([48, 67], 4);
      map.on("moveend", function () {
        if (first) { first = false; return; }
        load(map.getBounds().toBBoxString()).then(show).catch(function () {});
      });
      el.classList.add("map-ready");
    })
    .catch(function () {
      /* The list stays the way in; the map simply does not appear. */
    });
})();
