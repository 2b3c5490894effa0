/* Open budgets: the drill-down map of a territory's budget and the small map of a project.
   An enhancement over the tables on the same page, which hold the same data. The map reads the
   data embedded in the page and draws:
   - the territory's own outline and the other territories a level down (grey), for context;
   - each territory a level down with a budget: its boundary where imported, else a circle whose
     area is proportional to the amount; filled by the class of its amount (the legend states the
     classes and the colours come from the legend's swatches), outlined by its execution;
   - the projects as markers with their progress.
   Every territory is labelled. Selecting a shape (a tap or click, or Enter when it has the focus)
   opens a card with its figures and a link to its page; Leaflet keeps the card inside the map. */
(function () {
  "use strict";
  if (!window.L || !window.OpenAkimatMap) return;

  // Outlines by execution status, so the fill can carry the amount: dashes and thickness, never
  // colour alone.
  var OUTLINES = {
    on_plan: { dashArray: null, weight: 2 },
    caution: { dashArray: "6 4", weight: 3 },
    overrun: { dashArray: null, weight: 5 },
    none: { dashArray: "2 4", weight: 2 }
  };
  var INK = "#1b1f24";
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

  // The fill of a class, as the legend's swatch shows it.
  function classColour(cls) {
    var swatch = document.querySelector(".map-class-" + (cls === null || cls === undefined ? "none" : cls));
    return swatch ? getComputedStyle(swatch).backgroundColor : "#e5e7eb";
  }

  // A card: a name, lines of text and a link, built as elements (the texts are never parsed as HTML).
  function card(title, lines, linkText, url) {
    var box = document.createElement("div");
    box.className = "map-card";
    var name = document.createElement("strong");
    name.textContent = title;
    box.appendChild(name);
    lines.forEach(function (text) {
      if (!text) return;
      var p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
    });
    var link = document.createElement("a");
    link.href = url;
    link.textContent = linkText;
    box.appendChild(link);
    return box;
  }

  // A shape behaves as a button that opens its card: focusable, named, opened with Enter or Space.
  function makeSelectable(node, label, open) {
    if (!node) return;
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "button");
    node.setAttribute("aria-label", label);
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open();
      }
    });
  }

  function drillDownMap() {
    var el = document.getElementById("budget-map");
    var data = readJson("budget-map-data");
    if (!el || !data) return;
    var children = data.children || [];
    var context = data.context || [];
    var projects = data.projects || [];
    var placed = function (c) { return c.geometry || (c.lat !== null && c.lon !== null); };
    var drawable = children.filter(placed);
    if (!drawable.length && !projects.length) return; // nothing to place: the tables suffice

    var figure = document.getElementById("budget-map-figure");
    figure.hidden = false;
    var map = OpenAkimatMap.create(el);
    var items = [];
    var top = 0;
    children.forEach(function (c) {
      if (c.value > top) top = c.value;
    });

    function openCard(layer, content, latlng) {
      var popup = L.popup({ autoPanPadding: [16, 16], maxWidth: 260 }).setContent(content);
      popup.setLatLng(latlng || (layer.getBounds ? layer.getBounds().getCenter() : layer.getLatLng()));
      popup.openOn(map);
      var link = popup.getElement() && popup.getElement().querySelector(".map-card a");
      if (link) link.focus();
    }

    function place(shape, name, content, kato, permanentLabel, muted) {
      if (permanentLabel) {
        shape.bindTooltip(permanentLabel, {
          permanent: true, direction: shape.getBounds ? "center" : "right",
          className: "map-label" + (muted ? " map-label-muted" : ""),
          offset: shape.getBounds ? [0, 0] : [8, 0], interactive: false
        });
      }
      shape.on("click", function (event) {
        openCard(shape, content(), event.latlng);
      });
      shape.addTo(map);
      items.push({ shape: shape, name: name, open: function () { openCard(shape, content()); }, kato: kato });
    }

    context.forEach(function (c) {
      var options = { color: "#6b7280", weight: 1, dashArray: "2 4", fillColor: classColour(null), fillOpacity: 0.6 };
      var shape = c.geometry
        ? L.geoJSON({ type: "Feature", geometry: c.geometry, properties: {} }, { style: options })
        : L.circleMarker([c.lat, c.lon], Object.assign({ radius: MIN_RADIUS }, options));
      place(shape, c.name, function () {
        return card(c.name, [el.dataset.labelNoBudget], el.dataset.labelOpenBudget, c.url);
      }, c.kato, c.label, true);
    });

    drawable.forEach(function (c) {
      var outline = OUTLINES[c.status] || OUTLINES.none;
      var options = {
        color: INK,
        weight: outline.weight,
        dashArray: outline.dashArray,
        fillColor: classColour(c["class"]),
        fillOpacity: 0.85
      };
      var shape;
      if (c.geometry) {
        shape = L.geoJSON({ type: "Feature", geometry: c.geometry, properties: {} }, { style: options });
      } else {
        // Area proportional to the value: the radius grows with its square root.
        options.radius = top > 0 ? MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(c.value / top) : MIN_RADIUS;
        shape = L.circleMarker([c.lat, c.lon], options);
      }
      place(shape, c.name, function () {
        return card(c.name, [c.amount, el.dataset.labelExecution + " " + c.execution + " — " + c.status_label],
          el.dataset.labelOpenBudget, c.url);
      }, c.kato, c.label);
    });

    projects.forEach(function (p) {
      var icon = L.divIcon({
        className: "project-marker" + (p.overdue ? " project-marker-overdue" : ""),
        html: "<span>" + String(Number(p.progress) || 0) + "%</span>",
        iconSize: [40, 24],
        iconAnchor: [20, 12]
      });
      var marker = L.marker([p.lat, p.lon], { icon: icon, keyboard: false, riseOnHover: true });
      place(marker, el.dataset.labelProject + ": " + p.name, function () {
        return card(p.name, [p.status_label + (p.overdue ? " — " + el.dataset.labelOverdue : ""),
          el.dataset.labelProgress + " " + p.progress + " %"], el.dataset.labelOpenProject, p.url);
      }, null, null);
    });

    var group = L.featureGroup(items.map(function (i) { return i.shape; }));
    var bounds = group.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 12 });
    else map.setView([48, 67], 4);
    // The territory's own outline, for context: drawn once the map has a view, under everything.
    if (data.outline) {
      var outline = L.geoJSON({ type: "Feature", geometry: data.outline, properties: {} }, {
        style: { color: INK, weight: 3, fill: false }, interactive: false
      }).addTo(map);
      outline.bringToBack();
    }

    // The shapes have elements only once the map has a view.
    items.forEach(function (i) {
      var node = null;
      if (i.shape.getElement) node = i.shape.getElement();
      else if (i.shape.eachLayer) {
        i.shape.eachLayer(function (inner) {
          if (!node && inner.getElement) node = inner.getElement();
        });
      }
      makeSelectable(node, i.name, i.open);
      if (node && i.kato) node.setAttribute("data-kato", i.kato);
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
      radius: 10, color: INK, weight: 2, fillColor: "#00557f", fillOpacity: 0.8, interactive: false
    }).addTo(map);
    map.setView([point.lat, point.lon], 12);
    el.classList.add("map-ready");
  }

  drillDownMap();
  projectMap();
})();
