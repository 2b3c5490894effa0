// The kiosk's ticket: a "Print" button (the receipt printer prints the page with its 80 mm
// stylesheet). Without this script the browser's own print command does the same.
(function () {
  "use strict";
  var button = document.getElementById("print-ticket");
  if (!button || !window.print) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
