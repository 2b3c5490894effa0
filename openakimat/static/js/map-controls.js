/* The base map every map page shares, with Leaflet's own texts in the page's language.
   Leaflet writes its control texts in English ("Zoom in", "Close popup", the title of its
   attribution link); the page passes their translations as data attributes of the map element
   (templates/_map_text.html), and this puts them where Leaflet would have put its own. */
(function () {
  "use strict";
  if (!window.L) return;

  function attributionPrefix(el) {
    var link = document.createElement("a");
    link.href = "https://leafletjs.com";
    link.title = el.dataset.labelLeaflet || "";
    link.textContent = "Leaflet";
    return link.outerHTML;
  }

  function create(el) {
    // No fading: a card (popup) is readable at once, and nothing moves for those who would rather not.
    var map = L.map(el, { scrollWheelZoom: false, zoomSnap: 0.25, zoomControl: false, fadeAnimation: false });
    L.control.zoom({ zoomInTitle: el.dataset.labelZoomIn, zoomOutTitle: el.dataset.labelZoomOut }).addTo(map);
    map.attributionControl.setPrefix(attributionPrefix(el));
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", el.dataset.labelClosePopup);
    });
    return map;
  }

  window.OpenAkimatMap = { create: create };
})();
