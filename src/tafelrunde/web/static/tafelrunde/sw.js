// Tafelrunde's service worker: the app shell from the cache, and the pages a phone needs
// abroad (today's Tonight, the trips, the contact pages of Tonight's list) from the network
// while there is one, else as last kept. No other origin is ever asked.
// The server heads this file with VERSION, SHELL (the static files) and LOGOUT.
"use strict";

var SHELL_CACHE = "tafelrunde-shell-" + VERSION;
var PAGE_CACHE = "tafelrunde-pages";
var CONTACT_PAGE = /^\/contacts\/\d+\/$/;
var KEPT_PAGES = ["/tonight/", "/trips/"];

function isKeptPage(url) {
  return url.search === "" && (KEPT_PAGES.indexOf(url.pathname) >= 0 || CONTACT_PAGE.test(url.pathname));
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      // Checked with the server, not taken from the browser's HTTP cache unasked: this
      // version's files, not the last. The page has just loaded them, so the server mostly
      // answers "not modified" and nothing crosses the network twice.
      return cache.addAll(SHELL.map(function (path) { return new Request(path, { cache: "no-cache" }); }));
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("tafelrunde-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

// A page worth keeping: a whole answer of our own, not a redirect to the login.
function keep(cache, path, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    return cache.put(path, response.clone());
  }
  return Promise.resolve();
}

function networkFirst(request, url) {
  return fetch(request).then(function (response) {
    var copy = response.clone();
    caches.open(PAGE_CACHE).then(function (cache) { return keep(cache, url.pathname, copy); });
    return response;
  }).catch(function () {
    return caches.match(url.pathname, { cacheName: PAGE_CACHE, ignoreVary: true }).then(function (kept) {
      return kept || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === LOGOUT) {
    // Another person may log in on this phone next: nothing of this account stays.
    event.waitUntil(caches.delete(PAGE_CACHE));
    return;
  }
  if (request.method !== "GET") return;
  if (SHELL.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true, ignoreVary: true }).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  if (request.mode === "navigate" && isKeptPage(url)) {
    event.respondWith(networkFirst(request, url));
  }
});

// The Tonight page names the pages to keep fresh for later: its candidates' contact pages
// and the trips. Fetched one after another, in the background.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  var paths = data.urls.map(function (href) { return new URL(href, self.location.origin); })
    .filter(function (url) { return url.origin === self.location.origin && isKeptPage(url); })
    .map(function (url) { return url.pathname; })
    .slice(0, 20);
  event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) {
    return paths.reduce(function (done, path) {
      return done.then(function () {
        return fetch(path, { credentials: "same-origin" })
          .then(function (response) { return keep(cache, path, response); })
          .catch(function () {});
      });
    }, Promise.resolve());
  }));
});
