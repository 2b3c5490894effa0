/* The desk's service picker: the search box above the grouped list narrows the list as the
   operator types (any of the three languages, or the code), without a round trip. Without script
   the box is a plain search form and the list a plain select, and both still work.

   Keys: typing filters; Down or Enter in the box moves to the list with the first match chosen;
   in the list the arrows move and Enter continues to the application form. */
(function () {
  "use strict";
  var select = document.querySelector("select[data-service-picker]");
  var box = document.getElementById("service-q");
  var status = document.getElementById("service-found");
  if (!select || !box || !status) return;
  var form = select.form;

  function normalise(text) {
    return (text || "").toLocaleLowerCase().replace(/ё/g, "е");
  }

  // The whole list, kept to rebuild from: each group with its options.
  var groups = Array.prototype.map.call(select.querySelectorAll("optgroup"), function (group) {
    return { group: group, options: Array.prototype.slice.call(group.querySelectorAll("option")) };
  });

  box.setAttribute("aria-controls", select.id);

  function filter() {
    var words = normalise(box.value).split(/\s+/).filter(Boolean);
    var chosen = select.value;
    var found = 0;
    select.textContent = "";
    groups.forEach(function (entry) {
      entry.group.textContent = "";
      entry.options.forEach(function (option) {
        var text = option.getAttribute("data-find") || normalise(option.textContent);
        if (words.every(function (word) { return text.indexOf(word) !== -1; })) {
          entry.group.appendChild(option);
          found += 1;
        }
      });
      if (entry.group.children.length) select.appendChild(entry.group);
    });
    select.value = chosen;
    if (select.selectedIndex === -1 && found) select.selectedIndex = 0;
    status.textContent = words.length
      ? (found ? status.getAttribute("data-label") + " " + found + "." : status.getAttribute("data-none"))
      : "";
    return found;
  }

  box.addEventListener("input", filter);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === "ArrowDown") {
      event.preventDefault(); // the list answers at once: no need to ask the server
      if (filter()) {
        if (select.selectedIndex === -1) select.selectedIndex = 0;
        select.focus();
      }
    }
  });
  select.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && select.value) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  });
  select.addEventListener("dblclick", function () {
    if (select.value) form.submit();
  });
})();
