// What the phone keeps to send later: Tonight's outcome taps and the contact page's notes.
// Each form posted carries an id made here, and the server records a post once per id.
// Offline, a post goes into a queue kept in localStorage, sent in order when the phone is
// online again or a page loads; a queue sent twice records nothing twice. A post the
// server refuses (4xx) is kept in a second list to be shown, not dropped.
window.TafelrundeQueue = (function () {
  "use strict";

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

  // Gives each form a client_id field holding a fresh id (or fills the empty one it has).
  function giveIds(forms) {
    Array.prototype.forEach.call(forms, function (form) {
      var field = form.elements.client_id;
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "client_id";
        form.appendChild(field);
      }
      if (!field.value) field.value = newId();
    });
  }

  // A queue under `key`, its refusals under `refusedKey`. `fields` are the entry's values
  // posted besides its id (entry.id) and the CSRF token, to entry.action.
  function Queue(key, refusedKey, fields) {
    this.key = key;
    this.refusedKey = refusedKey;
    this.fields = fields;
    this.sending = false;
  }

  Queue.prototype.waiting = function () { return read(this.key); };
  Queue.prototype.refused = function () { return read(this.refusedKey); };

  // Queues the entry; false when the phone cannot keep it (storage full or off).
  Queue.prototype.add = function (entry) {
    entry.csrf = entry.csrf || csrfToken();
    entry.at = entry.at || new Date().toISOString();
    return write(this.key, this.waiting().concat([entry]));
  };

  Queue.prototype.dismiss = function (index) {
    var left = this.refused();
    left.splice(index, 1);
    write(this.refusedKey, left);
  };

  Queue.prototype.post = function (entry) {
    var body = new FormData();
    this.fields.forEach(function (name) { body.append(name, entry[name] || ""); });
    body.append("client_id", entry.id);
    body.append("csrfmiddlewaretoken", csrfToken() || entry.csrf);
    return fetch(entry.action, {
      method: "POST", body: body, credentials: "same-origin", redirect: "manual",
      headers: { Accept: "application/json" },
    });
  };

  // Sends the queue in order, calling changed() after each answer; reloads the page when
  // something was recorded. Stops at the first post that does not get through.
  Queue.prototype.send = function (changed) {
    var queue = this;
    if (queue.sending) return Promise.resolve();
    queue.sending = true;
    var recorded = 0;
    function step() {
      var entry = queue.waiting()[0];
      if (!entry) return Promise.resolve();
      return queue.post(entry).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!json || response.status >= 500) throw new Error("not now"); // log in again, or later
        return response.json().then(function (answer) {
          write(queue.key, queue.waiting().filter(function (queued) { return queued.id !== entry.id; }));
          if (response.ok) {
            recorded += 1;
          } else {
            write(queue.refusedKey, queue.refused().concat([{ entry: entry, error: answer.error || response.statusText }]));
          }
          changed();
          return step();
        });
      }, function () {
        document.dispatchEvent(new Event("tafelrunde:offline"));
        throw new Error("offline");
      });
    }
    return step().catch(function () {}).then(function () {
      queue.sending = false;
      changed();
      if (recorded && navigator.onLine !== false) window.location.reload();
    });
  };

  // Sends now if anything waits and the phone is online, and again whenever it comes back.
  Queue.prototype.sendWhenOnline = function (changed) {
    var queue = this;
    window.addEventListener("online", function () { queue.send(changed); });
    if (queue.waiting().length && navigator.onLine !== false) queue.send(changed);
  };

  // The list of refusals, each with a button to dismiss it once seen.
  Queue.prototype.showRefused = function (list, describe, dismissLabel, changed) {
    var queue = this, refused = queue.refused();
    list.textContent = "";
    refused.forEach(function (refusal, index) {
      var item = document.createElement("li");
      item.textContent = describe(refusal.entry || {}, refusal.error) + " ";
      var dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.className = "secondary";
      dismiss.textContent = dismissLabel;
      dismiss.addEventListener("click", function () {
        queue.dismiss(index);
        changed();
      });
      item.appendChild(dismiss);
      list.appendChild(item);
    });
    list.hidden = refused.length === 0;
    return refused.length;
  };

  return { Queue: Queue, newId: newId, giveIds: giveIds, csrfToken: csrfToken };
})();
