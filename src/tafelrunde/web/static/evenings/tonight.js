// Progressive enhancement for the Tonight list. Without this script every tap is an
// ordinary form post (logged as a call) and the place is typed.
//
// - Tapping SMS, WhatsApp or e-mail marks the row's outcome form with that channel.
// - No tap is lost: each outcome form carries an id made here, and the server records a
//   tap once per id (a double tap, a post sent again). Online, the tap is the form's own
//   post. Offline, it goes into a queue kept in localStorage, sent when the phone is online
//   again or a page loads; a queue sent twice records nothing twice. A tap the server
//   refuses (4xx, e.g. the evening changed) is listed, not dropped.
// - "Use my location" turns the phone's position into the nearest place and shows its list.
(function () {
  "use strict";
  var QUEUE = "tafelrunde.taps", REFUSED = "tafelrunde.refused";
  var status = document.getElementById("tap-queue");
  var sending = false;

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-channel]");
    var row = link && link.closest("li");
    var channel = row && row.querySelector("input[name=channel]");
    if (channel) channel.value = link.dataset.channel;
  });

  function read(key) {
    try {
      var value = JSON.parse(localStorage.getItem(key) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (e) { return []; }
  }

  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function show() {
    if (!status) return;
    var waiting = read(QUEUE), refused = read(REFUSED);
    var count = status.querySelector(".waiting");
    count.textContent = status.dataset.waiting.replace("%(count)s", waiting.length);
    count.hidden = waiting.length === 0;
    var list = status.querySelector(".refused");
    list.textContent = "";
    refused.forEach(function (entry, index) {
      var item = document.createElement("li");
      item.textContent = status.dataset.refused
        .replace("%(name)s", entry.tap.name).replace("%(outcome)s", entry.tap.label)
        .replace("%(reason)s", entry.error) + " ";
      var dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "secondary";
      dismiss.textContent = status.dataset.dismiss;
      dismiss.addEventListener("click", function () {
        var left = read(REFUSED);
        left.splice(index, 1);
        write(REFUSED, left);
        show();
      });
      item.appendChild(dismiss);
      list.appendChild(item);
    });
    list.hidden = refused.length === 0;
    status.hidden = waiting.length === 0 && refused.length === 0;
    waiting.forEach(function (tap) {
      var row = document.getElementById("call-" + tap.contact);
      var tried = row && row.querySelector(".queued");
      if (row && !tried) {
        tried = document.createElement("p");
        tried.className = "tried queued";
        row.querySelector("form.outcome").before(tried);
      }
      if (tried) tried.textContent = status.dataset.queued.replace("%(outcome)s", tap.label);
    });
  }

  function post(tap) {
    var body = new FormData();
    ["contact", "outcome", "channel", "date", "place", "next"].forEach(function (name) {
      body.append(name, tap[name] || "");
    });
    body.append("client_id", tap.id);
    body.append("csrfmiddlewaretoken", csrfToken() || tap.csrf);
    return fetch(tap.action, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { Accept: "application/json" },
    });
  }

  // Sends the queue in order; reloads the page when something was recorded.
  function send() {
    if (sending) return Promise.resolve();
    sending = true;
    var recorded = 0;
    function step() {
      var tap = read(QUEUE)[0];
      if (!tap) return Promise.resolve();
      return post(tap).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!json || response.status >= 500) throw new Error("not now"); // log in again, or later
        return response.json().then(function (answer) {
          var queue = read(QUEUE).filter(function (queued) { return queued.id !== tap.id; });
          write(QUEUE, queue);
          if (response.ok) {
            recorded += 1;
          } else {
            write(REFUSED, read(REFUSED).concat([{ tap: tap, error: answer.error || response.statusText }]));
          }
          show();
          return step();
        });
      }, function () {
        document.dispatchEvent(new Event("tafelrunde:offline"));
        throw new Error("offline");
      });
    }
    return step().catch(function () {}).then(function () {
      sending = false;
      show();
      if (recorded && navigator.onLine !== false) window.location.reload();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.outcome"), function (form) {
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "client_id";
    field.value = newId();
    form.appendChild(field);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.outcome")) return;
    var button = event.submitter;
    if (navigator.onLine !== false) return; // online: the form's own post, with its id
    if (!status || !button || button.name !== "outcome") return;
    var row = form.closest("li");
    var name = row && row.querySelector("h3 a");
    var tap = {
      id: form.elements.client_id ? form.elements.client_id.value : newId(),
      action: form.action,
      outcome: button.value,
      label: button.textContent.trim(),
      name: name ? name.textContent.trim() : "",
      csrf: csrfToken(),
      at: new Date().toISOString(),
    };
    ["contact", "channel", "date", "place", "next"].forEach(function (field) {
      tap[field] = form.elements[field] ? form.elements[field].value : "";
    });
    if (!write(QUEUE, read(QUEUE).concat([tap]))) return; // storage full or off: try to post
    event.preventDefault();
    if (form.elements.client_id) form.elements.client_id.value = newId(); // the next tap's
    show();
  });

  window.addEventListener("online", function () { send(); });
  show();
  if (read(QUEUE).length && navigator.onLine !== false) send();

  // "Use my location": the nearest place of the offline index, then its list.
  var locate = document.getElementById("use-location");
  if (locate && navigator.geolocation && window.fetch) {
    locate.hidden = false;
    var note = document.getElementById("use-location-note");
    var say = function (text) { note.textContent = text; note.hidden = !text; };
    locate.addEventListener("click", function () {
      say(locate.dataset.asking);
      navigator.geolocation.getCurrentPosition(function (position) {
        var query = "?lat=" + position.coords.latitude.toFixed(5) + "&lon=" + position.coords.longitude.toFixed(5);
        fetch(locate.dataset.url + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (answer) {
            if (answer.error) { say(answer.error); return; }
            var form = locate.closest("form");
            form.elements.place.value = answer.query || answer.name;
            if (form.elements.date) form.elements.date.value = "";
            say("");
            form.submit();
          })
          .catch(function () { say(locate.dataset.failed); });
      }, function () {
        say(locate.dataset.denied);
      }, { enableHighAccuracy: false, timeout: 20000, maximumAge: 300000 });
    });
  }
})();
