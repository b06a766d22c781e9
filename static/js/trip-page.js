// The trip page on a phone: suggestion groups start folded (their headings stay, with
// counts), so the plan of each stop and the jump links come first. Groups swapped in
// by HTMX fold too; a group someone opened stays open.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 40em)");
  function fold(root) {
    if (!phone.matches) return;
    var groups = (root || document).querySelectorAll("details[data-fold-on-phone]");
    for (var i = 0; i < groups.length; i++) {
      if (!groups[i].dataset.folded) {
        groups[i].open = false;
        groups[i].dataset.folded = "1";
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () { fold(document); });
  document.addEventListener("htmx:afterSettle", function (event) { fold(event.target); });
})();
