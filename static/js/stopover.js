/* Stopover's own behaviour. No inline scripts (the CSP forbids them). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function onReady(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  // Selects marked js-autosubmit submit their form on change (the language switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.classList && el.classList.contains("js-autosubmit") && el.form) el.form.submit();
  });

  // Accessible place picker: an ARIA 1.2 combobox whose options come from HTMX.
  function setupCombobox(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    var input = box.querySelector("[role=combobox]");
    var list = box.querySelector("[role=listbox]");
    var hidden = box.querySelector("input[type=hidden]");
    var active = -1;

    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]:not([aria-disabled=true])")); }
    function open(yes) { input.setAttribute("aria-expanded", yes ? "true" : "false"); if (!yes) { list.innerHTML = ""; active = -1; input.removeAttribute("aria-activedescendant"); } }
    function highlight(i) {
      var opts = options();
      opts.forEach(function (o) { o.setAttribute("aria-selected", "false"); });
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function choose(opt) {
      if (!opt || opt.getAttribute("aria-disabled") === "true") return;
      hidden.value = opt.dataset.value;
      input.value = opt.dataset.label;
      open(false);
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }
    input.addEventListener("input", function () { hidden.value = ""; });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active - 1); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(options()[active]); }
      else if (e.key === "Escape") { open(false); }
    });
    input.addEventListener("blur", function () { setTimeout(function () { open(false); }, 150); });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) { choose(e.target.closest("[role=option]")); });
    list.addEventListener("htmx:afterSwap", function () { active = -1; open(options().length > 0 || list.children.length > 0); });
    box.addEventListener("htmx:afterSwap", function () { open(list.children.length > 0); });
  }

  function setupAll(root) {
    (root || document).querySelectorAll(".combobox").forEach(setupCombobox);
  }
  // The navigation menu (a <details>): open on wide screens where CSS cannot show a
  // closed <details>' content (no ::details-content), and Escape closes it on phones.
  function setupMenu() {
    var menu = document.querySelector(".nav-menu");
    if (!menu || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 70.01rem)");
    var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    function sync() { if (!styled) menu.open = wide.matches; else if (!wide.matches) menu.open = false; }
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  onReady(function () { setupAll(document); setupMenu(); });
  document.addEventListener("htmx:load", function (e) { setupAll(e.target); });
  window.Stopover = Object.assign(window.Stopover || {}, { setupAll: setupAll });

  // A push arrived while a page is open (static/sw/push.js): refresh the badges now.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "stopover:push") document.body.dispatchEvent(new Event("stopover:badges"));
    });
  }
})();
