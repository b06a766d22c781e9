/* Stopover's service worker, served at /sw.js so that its scope is the whole site.
 * It is only a loader: each concern lives in its own file and adds its own listeners.
 *   offline.js  the installable app and the member's offline trip sheet (P12)
 *   push.js     Web Push: showing a notification and opening its link
 */
self.importScripts("/static/sw/offline.js", "/static/sw/push.js");
