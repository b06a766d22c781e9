// /api/docs: Swagger UI from our own static files (no CDN, no inline script: CSP).
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrf = document.body.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  // "Try it out" with the signed-in session: writes carry the CSRF token.
  settings.requestInterceptor = function (request) {
    if (csrf && request.method && request.method !== "GET") {
      request.headers["X-CSRFToken"] = csrf;
    }
    return request;
  };
  window.ui = window.SwaggerUIBundle(settings);
})();
