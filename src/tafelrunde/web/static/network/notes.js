// The contact page's note form on a phone, as a progressive enhancement: without this
// script a note is an ordinary form post. Each note carries an id made here, and the
// server records a note once per id. Offline (the service worker keeps the contact pages
// of Tonight's list), a note is queued on the phone (tafelrunde/queue.js), shown as
// waiting, and sent when the phone is online again or a page loads. A note the server
// refuses (4xx, e.g. the contact was deleted meanwhile) is listed, not dropped.
(function () {
  "use strict";
  var Q = window.TafelrundeQueue;
  var status = document.getElementById("note-queue");
  var form = document.querySelector("form.note-add");
  if (!Q || !status || !form) return;
  var notes = new Q.Queue("tafelrunde.notes", "tafelrunde.notes.refused", ["text", "kind"]);

  function short(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    return text.length > 60 ? text.slice(0, 59) + "…" : text;
  }

  function show() {
    var waiting = notes.waiting();
    var count = status.querySelector(".waiting");
    count.textContent = status.dataset.waiting.replace("%(count)s", waiting.length);
    count.hidden = waiting.length === 0;
    var refused = notes.showRefused(status.querySelector(".refused"), function (note, reason) {
      return status.dataset.refused.replace("%(name)s", note.name || "")
        .replace("%(outcome)s", short(note.text)).replace("%(reason)s", reason);
    }, status.dataset.dismiss, show);
    var here = status.querySelector(".queued");
    here.textContent = "";
    waiting.filter(function (note) { return note.action === form.action; }).forEach(function (note) {
      var item = document.createElement("li");
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = status.dataset.queued;
      item.appendChild(tag);
      item.appendChild(document.createTextNode(" " + note.text));
      here.appendChild(item);
    });
    here.hidden = here.children.length === 0;
    status.hidden = waiting.length === 0 && refused === 0;
  }

  Q.giveIds([form]);

  form.addEventListener("submit", function (event) {
    if (navigator.onLine !== false) return; // online: the form's own post, with its id
    var button = event.submitter;
    var text = form.elements.text.value;
    if (!text.trim()) return; // the browser, or else the server, says what is missing
    var heading = document.querySelector("h1");
    var note = {
      id: form.elements.client_id.value,
      action: form.action,
      text: text,
      kind: button && button.name === "kind" ? button.value : "note",
      name: heading ? heading.textContent.trim() : "",
    };
    if (!notes.add(note)) return; // storage full or off: try to post
    event.preventDefault();
    form.elements.text.value = "";
    form.elements.client_id.value = Q.newId(); // the next note's
    show();
  });

  show();
  notes.sendWhenOnline(show);
})();
