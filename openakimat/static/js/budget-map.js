/* Open budgets: the drill-down map of a territory's budget and the small map of a project.
   An enhancement over the tables on the same page, which hold the same data: the map reads the
   data embedded in the page, draws each territory a level down (its boundary when imported, else a
   circle whose area is proportional to the amount) coloured and outlined by execution, and the
   projects as markers with their progress. Selecting a territory (click, or Enter when focused)
   opens its page with the same year, phase and per-resident choice. */
(function () {
  "use strict";
  if (!window.L || !window.OpenAkimatMap) return;

  // Fill colours by execution status; the outline differs too, so colour is never the only cue.
  var STYLES = {
    on_plan: { fillColor: "#1a7f37", dashArray: null, weight: 2 },
    caution: { fillColor: "#a15c00", dashArray: "6 4", weight: 3 },
    overrun: { fillColor: "#b42318", dashArray: null, weight: 5 },
    none: { fillColor: "#6b7280", dashArray: "2 4", weight: 2 }
  };
  var MIN_RADIUS = 7;
  var MAX_RADIUS = 34;

  function readJson(id) {
    var node = document.getElementById(id);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  }

  function go(url) {
    window.location.assign(url);
  }

  // A shape on the map behaves as a link: focusable, named, opened with Enter.
  function makeLink(node, label, url) {
    if (!node) return;
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "link");
    node.setAttribute("aria-label", label);
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        go(url);
      }
    });
  }

  function drillDownMap() {
    var el = document.getElementById("budget-map");
    var data = readJson("budget-map-data");
    if (!el || !data) return;
    var children = data.children || [];
    var projects = data.projects || [];
    var drawable = children.filter(function (c) {
      return c.geometry || (c.lat !== null && c.lon !== null);
    });
    if (!drawable.length && !projects.length) return; // nothing to place: the tables suffice

    var figure = document.getElementById("budget-map-figure");
    figure.hidden = false;
    var map = OpenAkimatMap.create(el);
    var layers = [];
    var top = 0;
    children.forEach(function (c) {
      if (c.value > top) top = c.value;
    });

    drawable.forEach(function (c) {
      var style = STYLES[c.status] || STYLES.none;
      var options = {
        color: "#1b1f24",
        weight: style.weight,
        dashArray: style.dashArray,
        fillColor: style.fillColor,
        fillOpacity: c.geometry ? 0.45 : 0.7
      };
      var label = c.name + " — " + c.amount + " — " + el.dataset.labelExecution + " " + c.execution +
        " — " + c.status_label;
      var shape;
      if (c.geometry) {
        shape = L.geoJSON({ type: "Feature", geometry: c.geometry, properties: {} }, { style: options });
      } else {
        // Area proportional to the value: the radius grows with its square root.
        var radius = top > 0 ? MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(c.value / top) : MIN_RADIUS;
        options.radius = radius;
        shape = L.circleMarker([c.lat, c.lon], options);
      }
      shape.bindTooltip(label);
      shape.on("click", function () {
        go(c.url);
      });
      shape.addTo(map);
      layers.push({ shape: shape, label: label, url: c.url, kato: c.kato });
    });

    projects.forEach(function (p) {
      var label = el.dataset.labelProject + ": " + p.name + " — " + p.status_label + " — " +
        el.dataset.labelProgress + " " + p.progress + " %";
      var icon = L.divIcon({
        className: "project-marker",
        html: "<span>" + String(Number(p.progress) || 0) + "%</span>",
        iconSize: [40, 24],
        iconAnchor: [20, 12]
      });
      var marker = L.marker([p.lat, p.lon], { icon: icon, keyboard: false, riseOnHover: true });
      marker.bindTooltip(label);
      marker.on("click", function () {
        go(p.url);
      });
      marker.addTo(map);
      layers.push({ shape: marker, label: label, url: p.url });
    });

    var group = L.featureGroup(layers.map(function (l) { return l.shape; }));
    var bounds = group.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });
    else map.setView([48, 67], 4);

    // The shapes have elements only once the map has a view.
    layers.forEach(function (l) {
      var node = null;
      if (l.shape.getElement) node = l.shape.getElement();
      else if (l.shape.eachLayer) {
        l.shape.eachLayer(function (inner) {
          if (!node && inner.getElement) node = inner.getElement();
        });
      }
      makeLink(node, l.label, l.url);
      if (node && l.kato) node.setAttribute("data-kato", l.kato);
    });
    el.classList.add("map-ready");
  }

  function projectMap() {
    var el = document.getElementById("project-map");
    var point = readJson("project-map-data");
    if (!el || !point) return;
    document.getElementById("project-map-figure").hidden = false;
    var map = OpenAkimatMap.create(el);
    L.circleMarker([point.lat, point.lon], {
      radius: 10, color: "#1b1f24", weight: 2, fillColor: "#00557f", fillOpacity: 0.8, interactive: false
    }).addTo(map);
    map.setView([point.lat, point.lon], 12);
    el.classList.add("map-ready");
  }

  drillDownMap();
  projectMap();
})();
