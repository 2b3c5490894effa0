/* After a form comes back with mistakes, the error summary at the top takes the focus, so that a
   screen reader reads it first and the keyboard continues from it. The summary has autofocus; this
   repeats it for browsers that ignore autofocus on a box, and never moves a focus the user has
   already placed elsewhere. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex]");
  if (!summary) return;
  var active = document.activeElement;
  if (!active || active === document.body || active === document.documentElement) {
    summary.focus();
  }
})();
