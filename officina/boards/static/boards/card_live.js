/* A live card page: when someone else changes the card, the page shows it.
 *
 * live.js listens to the card's board (the element #card-live-link, outside #main, carries its
 * socket address and version) and dispatches "officina:board-changed" with the ids of the cards that
 * changed. When this card is among them, the page fetches itself again and swaps #main, unless
 * the person is writing in a form: then a notice offers to show the changes, and nothing typed
 * is lost. Without JavaScript, or without the socket, the page simply stays as it was.
 */
(function () {
  "use strict";

  var anchor = document.getElementById("card-live-link");
  if (!anchor || !anchor.dataset.cardId || !window.fetch || !window.DOMParser) {
    return;
  }
  var cardId = Number(anchor.dataset.cardId);

  // What each field of the page held when it was shown: "writing" is any field changed since.
  var shown = new WeakMap();

  function fields() {
    return document.querySelectorAll("#main input, #main textarea, #main select");
  }

  function valueOf(field) {
    return field.type === "checkbox" || field.type === "radio" ? field.checked : field.value;
  }

  function remember() {
    Array.prototype.forEach.call(fields(), function (field) {
      shown.set(field, valueOf(field));
    });
  }

  function typing() {
    return Array.prototype.some.call(fields(), function (field) {
      return shown.has(field) && shown.get(field) !== valueOf(field);
    });
  }

  function say(text) {
    var status = document.getElementById("card-status");
    if (status) {
      status.textContent = text;
    }
  }

  function showChanges() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok && !response.redirected ? response.text() : null;
      })
      .then(function (html) {
        if (!html) {
          return;
        }
        if (typing()) {
          // the person started writing while the page was fetched: keep what they wrote
          var notice = document.getElementById("card-live");
          if (notice) {
            notice.hidden = false;
          }
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var main = fresh.getElementById("main");
        var freshAnchor = fresh.getElementById("card-live-link");
        if (!main) {
          return;
        }
        var focused = document.activeElement && document.activeElement.id;
        var adopted = document.adoptNode(main);
        document.getElementById("main").replaceWith(adopted);
        if (window.htmx) {
          window.htmx.process(adopted);
        }
        remember();
        if (freshAnchor) {
          anchor.dataset.version = freshAnchor.dataset.version;
        }
        if (focused && document.getElementById(focused)) {
          document.getElementById(focused).focus();
        }
        say(anchor.dataset.updatedText);
      })
      .catch(function () {
        /* offline for a moment: the next change or a reload shows it */
      });
  }

  remember();
  // A section HTMX swapped (a comment sent, a checklist item ticked) starts afresh.
  document.body.addEventListener("htmx:afterSwap", remember);

  // The person's own change comes back as a live notice too, before or just after the answer
  // that already swapped it in: while a request of this page is out, and for a moment after,
  // a notice only moves the version on, so the page neither reloads itself nor announces the
  // person's own change as someone else's. A colleague's change in that same moment shows with
  // the next change or a reload.
  var pending = 0;
  var ownUntil = 0;
  document.body.addEventListener("htmx:beforeRequest", function () {
    pending += 1;
  });
  document.body.addEventListener("htmx:afterRequest", function () {
    pending = Math.max(0, pending - 1);
    ownUntil = Date.now() + 3000;
  });

  document.addEventListener("officina:board-changed", function (event) {
    var detail = event.detail || {};
    if (!detail.reconnected) {
      if ((detail.cards || []).indexOf(cardId) === -1) {
        return;
      }
      if (Number(detail.version) <= Number(anchor.dataset.version)) {
        return; // this page already shows it (the person's own change, say)
      }
      if (pending > 0 || Date.now() < ownUntil) {
        anchor.dataset.version = String(detail.version);
        return; // the echo of this page's own change
      }
    }
    if (typing()) {
      var notice = document.getElementById("card-live");
      if (notice) {
        notice.hidden = false;
      }
      return;
    }
    showChanges();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-show-changes]")) {
      window.location.reload();
    }
  });
})();
