/* The trip form's stop editor. HTMX swaps the editor after add/remove/move; this puts
   the keyboard focus where the member expects it, and moves focus to the error summary
   when a save failed. Everything works without it. */
(function () {
  "use strict";

  function focusFrom(root) {
    var editor = root && root.id === "stop-editor" ? root : document.getElementById("stop-editor");
    if (!editor) return;
    var target = editor.dataset.focus && document.getElementById(editor.dataset.focus);
    if (target) target.focus();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "stop-editor") {
      focusFrom(document.getElementById("stop-editor"));
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); return; }
    focusFrom(document.getElementById("stop-editor"));
  });
})();
