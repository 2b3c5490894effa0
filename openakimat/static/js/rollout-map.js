/* The service-akimat map: an enhancement over the table, which holds the same data. */
(function () {
  "use strict";
  var el = document.getElementById("rollout-map");
  if (!el || !window.L || !window.OpenAkimatMap || !window.fetch) return;
  var figure = document.getElementById("rollout-map-figure");
  var colours = { open: "#1a7f37", planned: "#a15c00", none: "#6b7280" };

  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }

  function popup(props) {
    var box = document.createElement("div");
    box.appendChild(text("strong", props.name));
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(props.status_label));
    if (props.opened_on) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(el.dataset.labelOpen + ": " + (props.opened_on_label || props.opened_on)));
    }
    if (props.url) {
      box.appendChild(document.createElement("br"));
      var link = text("a", el.dataset.labelPage);
      link.href = props.url;
      box.appendChild(link);
    }
    return box;
  }

  fetch(el.dataset.src, { headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (data) {
      figure.hidden = false;
      var map = OpenAkimatMap.create(el);
      var layer = L.geoJSON(data, {
        style: function (feature) {
          return { color: "#1b1f24", weight: 1, fillColor: colours[feature.properties.status], fillOpacity: 0.7 };
        },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 11 });
        },
        onEachFeature: function (feature, shape) {
          shape.bindTooltip(feature.properties.name + " — " + feature.properties.status_label);
          shape.bindPopup(popup(feature.properties));
        }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
      else map.setView([48, 67], 4);
      // Keyboard and screen-reader users: each shape is a named button (Enter opens its popup);
      // the shapes exist only once the map has a view.
      layer.eachLayer(function (shape) {
        var node = shape.getElement && shape.getElement();
        if (!node) return;
        node.setAttribute("tabindex", "0");
        node.setAttribute("role", "button");
        node.setAttribute("aria-label", shape.feature.properties.name + " — " + shape.feature.properties.status_label);
      });
      el.classList.add("map-ready");
    })
    .catch(function () {
      /* The table stays the way in; the map simply does not appear. */
    });
})();
