/* Display settings applied in place: a change of text size, colours or images restyles the page at
   once and is saved in the background by the same form post the page makes without script. No
   reload, so nothing typed into another form on the page is lost. Other scripts (the maps) listen
   for the "display-change" event to resize what they drew. */
(function () {
  "use strict";
  var form = document.querySelector("form.display-form");
  if (!form || !window.fetch || !window.FormData) return;
  var root = document.documentElement;
  var status = form.querySelector(".display-status");
  var OURS = /^(text-[0-9]|scheme-[a-z]+|no-images)$/;

  function classesFor(data) {
    var classes = [];
    if (data.get("text") && data.get("text") !== "1") classes.push("text-" + data.get("text"));
    if (data.get("scheme") && data.get("scheme") !== "default") classes.push("scheme-" + data.get("scheme"));
    if (data.get("images") === "off") classes.push("no-images");
    return classes;
  }

  function apply(classes) {
    root.className.split(/\s+/).forEach(function (name) {
      if (OURS.test(name)) root.classList.remove(name);
    });
    classes.forEach(function (name) { root.classList.add(name); });
    document.dispatchEvent(new CustomEvent("display-change"));
  }

  // One save at a time: the answer to each sets the cookie, so two posts in flight could land in
  // the wrong order and keep the older choice. A change made while one is on its way is sent after
  // it, with the form as it is then.
  var sending = false;
  var again = false;

  function send() {
    sending = true;
    again = false;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.ok;
    }, function () {
      return false;
    }).then(function (ok) {
      sending = false;
      if (again) {
        send();
      } else {
        status.textContent = ok ? form.dataset.saved : form.dataset.failed;
      }
    });
  }

  function save() {
    apply(classesFor(new FormData(form)));
    status.textContent = "";
    if (sending) {
      again = true;
    } else {
      send();
    }
  }

  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
  });
})();
