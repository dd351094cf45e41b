/* Live estimation: follows the board's estimation over a WebSocket and keeps the page current.
 *
 * The page works without this script (every action is a form and a reload). With it, the forms
 * of #poker-live are sent in the background, and whenever the socket says the estimation
 * changed the page's live part is fetched again through the normal, permission-checked page:
 * what a person sees (their own vote, the facilitator's buttons) is rendered for them alone.
 * Changes are announced in #poker-announce (aria-live). It never throws to the console.
 */
(function () {
  "use strict";

  var live = document.getElementById("poker-live");
  var announce = document.getElementById("poker-announce");
  if (!live || typeof window.fetch !== "function") {
    return;
  }
  var FINAL_CLOSE_CODES = [4401, 4403, 4404];
  var HEARTBEAT_MS = 25000;
  var retry = 1000;
  var last = null; // the last public state received

  function say(text) {
    if (announce && text) {
      announce.textContent = text;
    }
  }

  function focusKey(element) {
    if (!element || !live.contains(element)) {
      return null;
    }
    return { name: element.getAttribute("name"), value: element.getAttribute("value"), id: element.id };
  }

  function restoreFocus(key) {
    if (!key) {
      return;
    }
    var target = key.id ? document.getElementById(key.id) : null;
    if (!target && key.name) {
      var candidates = live.querySelectorAll("[name='" + key.name + "']");
      for (var i = 0; i < candidates.length; i++) {
        if (candidates[i].getAttribute("value") === key.value) {
          target = candidates[i];
        }
      }
    }
    if (target) {
      target.focus();
    }
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("poker-live");
    if (!fresh) {
      return;
    }
    var key = focusKey(document.activeElement);
    live.innerHTML = fresh.innerHTML;
    live.setAttribute("data-version", fresh.getAttribute("data-version") || "0");
    var messages = doc.querySelector(".alert");
    if (messages) {
      say(messages.textContent.trim());
    }
    restoreFocus(key);
  }

  function refresh() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html) { swap(html); } })
      .catch(function () {});
  }

  live.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-poker-form")) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html) { swap(html); } else { window.location.reload(); } })
      .catch(function () { form.submit(); });
  });

  function describe(state) {
    var round = state && state.round;
    var before = last && last.round;
    if (!round) {
      return "";
    }
    if (round.accepted && !(before && before.accepted && before.id === round.id)) {
      return live.getAttribute("data-text-accepted");
    }
    if (round.revealed && !(before && before.revealed && before.id === round.id)) {
      return live.getAttribute("data-text-revealed");
    }
    if (before && before.id !== round.id && round.number > 1) {
      return live.getAttribute("data-text-round");
    }
    if (!round.revealed) {
      return (live.getAttribute("data-text-voted") || "").replace("{count}", String(round.voted.length));
    }
    return "";
  }

  var path = live.getAttribute("data-live-url");
  if (!path || typeof window.WebSocket !== "function") {
    return;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    var beat = null;
    socket.onopen = function () {
      retry = 1000;
      beat = window.setInterval(function () {
        try { socket.send(JSON.stringify({ type: "ping" })); } catch (e) { /* closed */ }
      }, HEARTBEAT_MS);
    };
    socket.onmessage = function (message) {
      var data;
      try { data = JSON.parse(message.data); } catch (e) { return; }
      if (data.type !== "poker") {
        return;
      }
      var version = Number(live.getAttribute("data-version") || "0");
      var text = describe(data.state);
      last = data.state;
      if (!data.state.open || data.state.version !== version) {
        refresh().then(function () { say(text); });
      }
    };
    socket.onclose = function (event) {
      if (beat) { window.clearInterval(beat); }
      if (FINAL_CLOSE_CODES.indexOf(event.code) !== -1) {
        return;
      }
      window.setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }
  connect();
})();
