/* The installable app and the member's offline trip sheet (P12); loaded by sw.js.

   Caches:
     stopover-static-v1       public static files (CSS, scripts, basemap) and /offline/
     stopover-sheet-<member>  one member's trip sheet, kept by the page (js/onroad.js)
   A page that can't load offline shows the kept sheet, or the offline page when there
   is none. Signing out drops every sheet, here too, before the request goes out. */
(function () {
  "use strict";
  var STATIC_CACHE = "stopover-static-v1";
  var SHEET_PREFIX = "stopover-sheet-";
  var OFFLINE_URL = "/offline/";
  var SHEET_URL = "/sheet/";
  var LOGOUT_PATH = "/accounts/logout/";

  self.addEventListener("install", function (event) {
    event.waitUntil(
      caches.open(STATIC_CACHE)
        .then(function (cache) { return cache.add(new Request(OFFLINE_URL, { credentials: "omit" })); })
        .catch(function () {})
        .then(function () { return self.skipWaiting(); })
    );
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(
      caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) {
          return n.indexOf("stopover-static-") === 0 && n !== STATIC_CACHE;
        }).map(function (n) { return caches.delete(n); }));
      }).then(function () { return self.clients.claim(); })
    );
  });

  function dropSheets() {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(SHEET_PREFIX) === 0; })
        .map(function (n) { return caches.delete(n); }));
    });
  }

  function keptSheet() {
    return caches.keys().then(function (names) {
      var sheets = names.filter(function (n) { return n.indexOf(SHEET_PREFIX) === 0; });
      if (sheets.length !== 1) return null;  // none, or (never expected) more than one member's
      return caches.open(sheets[0]).then(function (cache) {
        return cache.match(SHEET_URL, { ignoreVary: true, ignoreSearch: true });
      });
    });
  }

  function offlinePage() {
    return caches.open(STATIC_CACHE).then(function (cache) { return cache.match(OFFLINE_URL); })
      .then(function (hit) {
        return hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
      });
  }

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) return;

    if (request.method === "POST" && url.pathname === LOGOUT_PATH) {
      event.respondWith(dropSheets().then(function () { return fetch(request); }));
      return;
    }
    if (request.method !== "GET") return;

    if (url.pathname.indexOf("/static/") === 0) {
      // Public files only: the network first (a new release shows at once), and the
      // kept copy when there is no connection.
      event.respondWith(
        caches.open(STATIC_CACHE).then(function (cache) {
          return fetch(request).then(function (response) {
            if (response.ok) cache.put(request, response.clone());
            return response;
          }).catch(function () {
            return cache.match(request).then(function (hit) { return hit || Response.error(); });
          });
        })
      );
      return;
    }

    if (request.mode === "navigate") {
      event.respondWith(
        fetch(request).catch(function () {
          return keptSheet().then(function (sheet) { return sheet || offlinePage(); });
        })
      );
    }
  });
})();
