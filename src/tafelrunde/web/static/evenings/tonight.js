// Progressive enhancement for the Tonight list. Without this script every tap is an
// ordinary form post (logged as a call) and the place is typed.
//
// - Tapping SMS, WhatsApp or e-mail marks the row's outcome form with that channel.
// - No tap is lost: each outcome form carries an id, and the server records a tap once per
//   id (a double tap, a post sent again). Online, the tap is the form's own post. Offline,
//   it is queued on the phone (tafelrunde/queue.js) and sent when the phone is online again
//   or a page loads. A tap the server refuses (4xx, e.g. the evening changed) is listed.
// - "Use my location" turns the phone's position into the nearest place and shows its list.
(function () {
  "use strict";
  var Q = window.TafelrundeQueue;
  var taps = Q && new Q.Queue("tafelrunde.taps", "tafelrunde.refused", ["contact", "outcome", "channel", "date", "place", "next"]);
  var status = document.getElementById("tap-queue");

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-channel]");
    var row = link && link.closest("li");
    var channel = row && row.querySelector("input[name=channel]");
    if (channel) channel.value = link.dataset.channel;
  });

  function show() {
    if (!status) return;
    var waiting = taps.waiting();
    var count = status.querySelector(".waiting");
    count.textContent = status.dataset.waiting.replace("%(count)s", waiting.length);
    count.hidden = waiting.length === 0;
    var refused = taps.showRefused(status.querySelector(".refused"), function (tap, reason) {
      return status.dataset.refused.replace("%(name)s", tap.name || "")
        .replace("%(outcome)s", tap.label || "").replace("%(reason)s", reason);
    }, status.dataset.dismiss, show);
    status.hidden = waiting.length === 0 && refused === 0;
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

  if (taps) {
    Q.giveIds(document.querySelectorAll("form.outcome"));

    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("form.outcome")) return;
      var button = event.submitter;
      if (navigator.onLine !== false) return; // online: the form's own post, with its id
      if (!status || !button || button.name !== "outcome") return;
      var row = form.closest("li");
      var name = row && row.querySelector("h3 a");
      var tap = {
        id: form.elements.client_id ? form.elements.client_id.value : Q.newId(),
        action: form.action,
        outcome: button.value,
        label: button.textContent.trim(),
        name: name ? name.textContent.trim() : "",
      };
      ["contact", "channel", "date", "place", "next"].forEach(function (field) {
        tap[field] = form.elements[field] ? form.elements[field].value : "";
      });
      if (!taps.add(tap)) return; // storage full or off: try to post
      event.preventDefault();
      if (form.elements.client_id) form.elements.client_id.value = Q.newId(); // the next tap's
      show();
    });

    show();
    taps.sendWhenOnline(show);
  }

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
