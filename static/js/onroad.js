/* The installable app, from the page's side: registers the service worker and keeps the
   signed-in member's offline trip sheet (P12).

   The sheet lives in a cache named after the member ("stopover-sheet-<key>", an opaque
   key the server puts on every page). Each page drops every sheet that isn't the current
   member's, so after sign-out (no key) or with another member signed in on the same
   browser, nothing of the first one's sheet is left. Signing out removes it before the
   form is even sent. Static files (public) go to their own cache; nothing private does. */
(function () {
  "use strict";
  var SHEET_PREFIX = "stopover-sheet-";
  var STATIC_CACHE = "stopover-static-v1";
  var REFRESH_MS = 5 * 60 * 1000;
  var LAST_KEY = "stopover-sheet-refreshed";

  function config() {
    var node = document.getElementById("stopover-app");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
  }
  var app = config();
  var root = document.documentElement;

  function dropOtherSheets(keep) {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf(SHEET_PREFIX) === 0 && n !== keep;
      }).map(function (n) { return caches.delete(n); }));
    });
  }

  // The static files a page needs (CSS, scripts, the basemap's data), for reading offline.
  function assetsOf(doc) {
    var urls = [];
    doc.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (el) {
      urls.push(el.getAttribute("href") || el.getAttribute("src"));
    });
    doc.querySelectorAll("[data-basemap], [data-towns]").forEach(function (el) {
      if (el.dataset.basemap) urls.push(el.dataset.basemap);
      if (el.dataset.towns) urls.push(el.dataset.towns);
    });
    return urls.filter(function (u) { return u && u.indexOf("/") === 0 && u.indexOf("//") !== 0; });
  }

  function cacheStatic(urls) {
    return caches.open(STATIC_CACHE).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return cache.match(url).then(function (hit) { return hit || cache.add(url).catch(function () {}); });
      }));
    });
  }

  function refreshSheet(force) {
    var name = SHEET_PREFIX + app.member;
    var last = 0;
    try { last = parseInt(sessionStorage.getItem(LAST_KEY + app.member) || "0", 10); } catch (e) {}
    return caches.open(name).then(function (cache) {
      return cache.match(app.sheet).then(function (kept) {
        if (kept && !force && Date.now() - last < REFRESH_MS) return null;
        return fetch(app.sheet, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
          // A redirect (to sign-in) or an error is no sheet: keep the last good one.
          if (!response.ok || response.redirected) return null;
          return response.clone().text().then(function (html) {
            var doc = new DOMParser().parseFromString(html, "text/html");
            if (!doc.querySelector("[data-trip-sheet]")) return null;
            return cache.put(app.sheet, response).then(function () {
              try { sessionStorage.setItem(LAST_KEY + app.member, String(Date.now())); } catch (e) {}
              return cacheStatic(assetsOf(doc).concat(assetsOf(document)));
            });
          });
        });
      });
    });
  }

  function guardSignOut() {
    if (!app.logout) return;
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form || form.getAttribute("action") !== app.logout || form.dataset.sheetCleared) return;
      if (!window.caches) return;
      event.preventDefault();
      dropOtherSheets(null).then(function () {
        try { sessionStorage.clear(); } catch (e) {}
        form.dataset.sheetCleared = "1";
        form.submit();
      });
    }, true);
  }

  function setupSheetPage() {
    var sheet = document.querySelector("[data-trip-sheet]");
    if (!sheet) return;
    var note = sheet.querySelector(".sheet-offline-note");
    function sync() { if (note) note.hidden = navigator.onLine; }
    sync();
    window.addEventListener("online", sync);
    window.addEventListener("offline", sync);
    var print = sheet.querySelector(".js-print");
    if (print) print.addEventListener("click", function () { window.print(); });
  }

  // Phones show tables as stacked cards (see the CSS): each cell says its column.
  function labelTableCells(root) {
    root.querySelectorAll("table:not(.calendar)").forEach(function (table) {
      var heads = table.querySelectorAll("thead th");
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          var label = heads[i] && heads[i].textContent.trim();
          if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
        });
      });
    });
  }
  document.addEventListener("htmx:load", function (e) { labelTableCells(e.target); });

  function start() {
    labelTableCells(document);
    setupSheetPage();
    guardSignOut();
    if (!window.caches) return;
    var keep = app.member ? SHEET_PREFIX + app.member : null;
    var done = dropOtherSheets(keep);
    if (app.member && navigator.onLine) {
      // Pages where the sheet's facts change (trips, stays, meet-ups) refresh it at once;
      // elsewhere at most every few minutes.
      var force = /^\/(trips|dashboard|hosting\/requests|meetups)\//.test(location.pathname);
      done = done.then(function () { return refreshSheet(force); });
    }
    done.catch(function () {}).then(function () { root.setAttribute("data-sheet-synced", "1"); });
    if ("serviceWorker" in navigator && app.sw) {
      navigator.serviceWorker.register(app.sw, { scope: "/" }).catch(function () {});
    }
  }

  if (document.readyState !== "loading") start(); else document.addEventListener("DOMContentLoaded", start);
})();
