// The app on the phone, as a progressive enhancement: registers the service worker (which
// keeps pages for offline use), says plainly when the phone is offline and since when the
// page shows what it shows, and asks the worker to keep the pages Tonight links to.
// Without JavaScript, or without service workers, every page works as it did.
(function () {
  "use strict";
  var banner = document.getElementById("offline-banner");

  function twoDigits(n) { return (n < 10 ? "0" : "") + n; }

  function showOffline(offline) {
    if (!banner) return;
    var rendered = new Date(banner.dataset.rendered);
    var time = isNaN(rendered) ? "" : twoDigits(rendered.getHours()) + ":" + twoDigits(rendered.getMinutes());
    banner.textContent = banner.dataset.text.replace("%(time)s", time);
    banner.hidden = !offline;
  }

  showOffline(navigator.onLine === false);
  window.addEventListener("offline", function () { showOffline(true); });
  window.addEventListener("online", function () { showOffline(false); });
  // Tonight's script says so when a send fails although the phone believes it is online.
  document.addEventListener("tafelrunde:offline", function () { showOffline(true); });

  // Logging out: what this account left on the phone goes (the worker drops its pages).
  document.addEventListener("submit", function (event) {
    if (!event.target.matches || !event.target.matches("form.logout")) return;
    try {
      ["tafelrunde.taps", "tafelrunde.refused", "tafelrunde.notes", "tafelrunde.notes.refused", "tafelrunde.kept"].forEach(function (key) {
        localStorage.removeItem(key);
      });
    } catch (e) { /* storage off */ }
  });

  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});

  // Tonight: keep its candidates' contact pages and the trips for later, at most every
  // half hour or when the list changes.
  var list = document.querySelector(".call-list");
  if (!list || navigator.onLine === false) return;
  var urls = Array.prototype.map.call(list.querySelectorAll("h3 a[href]"), function (a) { return a.href; });
  urls.push(new URL("/trips/", location.href).href);
  var key = "tafelrunde.kept", now = Date.now(), last = {};
  try { last = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { last = {}; }
  var same = last.urls === urls.join(" ");
  if (same && now - (last.at || 0) < 30 * 60 * 1000) return;
  navigator.serviceWorker.ready.then(function (registration) {
    if (!registration.active) return;
    registration.active.postMessage({ type: "keep", urls: urls });
    try { localStorage.setItem(key, JSON.stringify({ urls: urls.join(" "), at: now })); } catch (e) { /* full */ }
  });
})();
