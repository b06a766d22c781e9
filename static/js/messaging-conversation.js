/* Conversation page: polling pauses while the tab is hidden, and the reply box clears
   only after the server accepted the message (so nothing typed is lost on an error). */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (document.hidden && elt && elt.classList && elt.classList.contains("js-poll")) {
      event.preventDefault();
    }
  });
  document.addEventListener("messageSent", function () {
    var box = document.getElementById("id_body");
    if (box) { box.value = ""; box.focus(); }
  });
  function scrollToLast() {
    var list = document.getElementById("message-list");
    if (list && list.lastElementChild) list.lastElementChild.scrollIntoView({ block: "nearest" });
  }
  if (document.readyState !== "loading") scrollToLast();
  else document.addEventListener("DOMContentLoaded", scrollToLast);
})();
