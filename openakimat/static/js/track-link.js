// The tracking page opened from the SMS link or the receipt's QR code: /track/<number>/#<code>.
// The code is in the fragment, which the browser never sends to the server. Take it, clear it from
// the address bar (and so from the history), put it in the form and send the form. Without this
// script the page asks for the code.
(function () {
  "use strict";
  var form = document.getElementById("track-form");
  var hash = window.location.hash;
  if (!form || !form.hasAttribute("data-from-link") || hash.length < 2) return;
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  var code = "";
  try {
    code = decodeURIComponent(hash.slice(1));
  } catch (e) {
    return;
  }
  // 13 letters and digits, perhaps grouped with dashes; anything else (a link to a field) is left.
  if (!/^[0-9A-Za-z-]{13,20}$/.test(code)) return;
  var field = form.querySelector("[name=tracking_code]");
  var number = form.querySelector("[name=number]");
  if (!field || !number || !number.value) return;
  field.value = code;
  form.submit();
})();
