// Tonight's open invitation round, live: a light poll of the round's state every few
// seconds; when an answer came in, the page reloads and shows it. Without this script a
// plain reload shows the same.
(function () {
  var section = document.querySelector("section.round[data-state-url]");
  if (!section) return;
  var url = section.dataset.stateUrl;
  var signature = section.dataset.signature;
  var delay = 5000;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (state) {
        if (state.signature !== signature) {
          window.location.reload();
          return;
        }
        if (state.status === "open") setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 60000); // offline for a moment: try less often
        setTimeout(poll, delay);
      });
  }
  setTimeout(poll, delay);

  // A tap on WhatsApp, SMS or e-mail: the guest's try is logged as sent that way.
  section.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-channel]");
    var guest = link && link.closest("li[data-guest]");
    var token = section.querySelector("input[name=csrfmiddlewaretoken]");
    if (!guest || !token || !navigator.sendBeacon) return;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    data.append("invitee", guest.dataset.guest);
    data.append("channel", link.dataset.channel);
    navigator.sendBeacon(section.dataset.sentUrl, data);
  });
})();
