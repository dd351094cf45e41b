/* Live board: listens to the board's WebSocket and tells the page when it changed.
 *
 * The socket carries no content, only "the board is now at version V (these cards changed)".
 * This script announces it as a DOM event; board.js re-fetches the board body through the
 * normal permission-checked page. On every (re)connection it asks the current version, so a
 * view that was offline catches up. It also shows who else is looking at the board.
 *
 * Contract with the board page (templates written by the board page):
 *   <section id="board" data-version="N" data-live-url="/ws/o/<org>/boards/<id>/">
 *   <div id="board-presence" data-label="Ora sulla bacheca:"></div>
 * Event: document "officina:board-changed", detail {version, cards, structure, reconnected};
 *   reconnected=true means "changes were missed while away: cards unknown, reload the body".
 *
 * It never throws and never writes to the console: a board works without it.
 */
(function () {
  "use strict";

  var HEARTBEAT_MS = 25000; // the server forgets a view not heard from in 70 s
  var FIRST_RETRY_MS = 1000;
  var LAST_RETRY_MS = 30000;
  var PAUSE_HIDDEN_AFTER_MS = 5 * 60 * 1000;
  // Close codes after which retrying cannot help (signed out, board gone or not visible).
  var FINAL_CLOSE_CODES = [4401, 4403, 4404];

  // The board page's #board, or the card page's #card-live-link (card_live.js).
  var board = document.querySelector("#board[data-live-url], #card-live-link[data-live-url]");
  var path = board && board.getAttribute("data-live-url");
  if (!path || typeof window.WebSocket !== "function") {
    return;
  }

  var socket = null;
  var attempt = 0;
  var retryTimer = null;
  var heartbeatTimer = null;
  var hiddenTimer = null;
  var awaitingAnswer = false;
  var stopped = false; // for good: the server said no
  var paused = false; // tab hidden for long, or page being left
  var latestVersion = 0;

  function pageVersion() {
    var version = parseInt(board.getAttribute("data-version"), 10);
    return Math.max(isNaN(version) ? 0 : version, latestVersion);
  }

  function socketUrl() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + path;
  }

  function announce(version, cards, structure, reconnected) {
    latestVersion = Math.max(latestVersion, version);
    document.dispatchEvent(
      new CustomEvent("officina:board-changed", {
        detail: {
          version: version,
          cards: cards,
          structure: structure,
          reconnected: reconnected,
        },
      })
    );
  }

  // --- Presence ---

  function showPresence(people, you) {
    var element = document.getElementById("board-presence");
    if (!element) {
      return;
    }
    var names = [];
    for (var i = 0; i < people.length; i += 1) {
      if (people[i] && people[i].id !== you && typeof people[i].name === "string") {
        names.push(people[i].name);
      }
    }
    var text = "";
    if (names.length) {
      var label = element.getAttribute("data-label") || "";
      text = (label ? label + " " : "") + names.join(", ");
    }
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  // --- Messages ---

  function onMessage(event) {
    var message;
    try {
      message = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    if (!message || typeof message !== "object") {
      return;
    }
    awaitingAnswer = false;
    if (message.type === "changed" && typeof message.version === "number") {
      announce(
        message.version,
        Array.isArray(message.cards) ? message.cards : [],
        Boolean(message.structure),
        false
      );
    } else if (message.type === "state" && typeof message.version === "number") {
      attempt = 0; // a working connection: the next failure starts the back-off again
      if (message.version > pageVersion()) {
        announce(message.version, [], true, true);
      }
    } else if (message.type === "presence" && Array.isArray(message.people)) {
      showPresence(message.people, message.you);
    }
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      try {
        socket.send(JSON.stringify(message));
      } catch (error) {
        /* the close handler reconnects */
      }
    }
  }

  // --- Connection ---

  function connect() {
    if (socket || stopped || paused) {
      return;
    }
    clearTimeout(retryTimer);
    retryTimer = null;
    var opened;
    try {
      opened = new WebSocket(socketUrl());
    } catch (error) {
      scheduleRetry();
      return;
    }
    socket = opened;
    opened.onopen = function () {
      awaitingAnswer = false;
      send({ type: "hello", version: pageVersion() });
      startHeartbeat();
    };
    opened.onmessage = onMessage;
    opened.onerror = function () {
      /* followed by close: handled there */
    };
    opened.onclose = function (event) {
      if (socket !== opened) {
        return;
      }
      forget();
      if (FINAL_CLOSE_CODES.indexOf(event.code) !== -1) {
        stopped = true;
        showPresence([], null);
        return;
      }
      scheduleRetry();
    };
  }

  function forget() {
    var old = socket;
    socket = null;
    clearInterval(heartbeatTimer);
    heartbeatTimer = null;
    if (old) {
      old.onopen = old.onmessage = old.onerror = old.onclose = null;
      try {
        old.close(1000);
      } catch (error) {
        /* already closed */
      }
    }
  }

  function scheduleRetry() {
    if (stopped || paused || retryTimer) {
      return;
    }
    var ceiling = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * Math.pow(2, attempt));
    attempt += 1;
    // Jitter: after a server restart, every browser must not come back in the same second.
    var delay = ceiling / 2 + Math.random() * (ceiling / 2);
    retryTimer = setTimeout(function () {
      retryTimer = null;
      connect();
    }, delay);
  }

  function startHeartbeat() {
    clearInterval(heartbeatTimer);
    heartbeatTimer = setInterval(function () {
      if (awaitingAnswer) {
        // No answer to the last ping: the connection is dead even if the browser has not
        // noticed (sleeping laptop, lost Wi-Fi). Drop it and come back.
        forget();
        scheduleRetry();
        return;
      }
      awaitingAnswer = true;
      send({ type: "ping" });
    }, HEARTBEAT_MS);
  }

  // --- Page life ---

  function pause() {
    paused = true;
    clearTimeout(retryTimer);
    retryTimer = null;
    forget();
  }

  function resume() {
    if (!paused) {
      return;
    }
    paused = false;
    attempt = 0;
    connect();
  }

  document.addEventListener("visibilitychange", function () {
    clearTimeout(hiddenTimer);
    if (document.visibilityState === "hidden") {
      // A tab in the background for long gives the server one connection less to feed.
      hiddenTimer = setTimeout(pause, PAUSE_HIDDEN_AFTER_MS);
    } else {
      resume();
    }
  });
  window.addEventListener("pagehide", pause);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      resume();
    }
  });
  window.addEventListener("online", function () {
    if (!socket && retryTimer) {
      clearTimeout(retryTimer);
      retryTimer = null;
      attempt = 0;
      connect();
    }
  });

  try {
    connect();
  } catch (error) {
    /* a board works without live updates */
  }
})();
