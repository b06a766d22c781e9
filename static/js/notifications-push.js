/* Settings: subscribe this device to Web Push (the service worker at /sw.js shows them). */
(function () {
  "use strict";
  function b64ToBytes(s) {
    var pad = "=".repeat((4 - (s.length % 4)) % 4);
    var raw = atob((s + pad).replace(/-/g, "+").replace(/_/g, "/"));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("push-device");
    if (!box) return;
    var button = box.querySelector(".js-push-subscribe");
    var status = box.querySelector(".js-push-status");
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !box.dataset.key) {
      box.querySelector(".js-push-unsupported").hidden = false;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") throw new Error(button.dataset.denied || "permission " + permission);
        return navigator.serviceWorker.register("/sw.js", { scope: "/" });
      }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: b64ToBytes(box.dataset.key)
        });
      }).then(function (subscription) {
        var json = subscription.toJSON();
        return fetch(box.dataset.endpoint, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
          body: JSON.stringify({ endpoint: json.endpoint, keys: json.keys, label: navigator.userAgent.slice(0, 100) })
        });
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.message || response.status);
          status.textContent = box.dataset.done || "OK";
          box.dataset.subscribed = "1";
        });
      }).catch(function (error) {
        status.textContent = String(error.message || error);
        button.disabled = false;
      });
    });
  });
})();
