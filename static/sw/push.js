/* Web Push (issue 17): show what the server pushed, open its link when tapped.
 * The payload is {title, url, tag, body?}: encrypted end to end (RFC 8291); the body is
 * there only when the member turned on previews. */
(function () {
  "use strict";

  self.addEventListener("push", function (event) {
    var data = {};
    try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
    var title = data.title || "Stopover";
    var options = {
      body: data.body || "",
      tag: data.tag || undefined,
      renotify: !!data.tag,
      icon: "/static/img/favicon.svg",
      data: { url: data.url || "/notifications/" }
    };
    event.waitUntil(
      self.registration.showNotification(title, options).then(function () {
        // Open pages refresh their badges now rather than at the next poll.
        return self.clients.matchAll({ type: "window", includeUncontrolled: true });
      }).then(function (pages) {
        pages.forEach(function (page) { page.postMessage({ type: "stopover:push" }); });
      })
    );
  });

  self.addEventListener("notificationclick", function (event) {
    event.notification.close();
    var target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
    if (target.origin !== self.location.origin) target = new URL("/notifications/", self.location.origin);
    event.waitUntil(
      self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (pages) {
        for (var i = 0; i < pages.length; i++) {
          if (pages[i].url === target.href && "focus" in pages[i]) return pages[i].focus();
        }
        return self.clients.openWindow(target.href);
      })
    );
  });
})();
