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

  function save() {
    var data = new FormData(form);
    apply(classesFor(data));
    status.textContent = "";
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      status.textContent = response.ok ? form.dataset.saved : form.dataset.failed;
    }, function () {
      status.textContent = form.dataset.failed;
    });
  }

  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save();
  });
})();
