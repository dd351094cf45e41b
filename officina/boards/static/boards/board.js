/* The board page: drag and drop (mouse and touch, SortableJS), the keyboard "Sposta…" dialog and
   shortcuts, announcements, column collapse, and the body refresh that live.js asks for.
   Everything here enhances forms and links that work without JavaScript; it does not depend on
   live.js (which only dispatches "officina:board-changed"). */
(function () {
  "use strict";

  var root = document.getElementById("board");
  if (!root) {
    return;
  }
  var boardId = root.dataset.boardId;
  var statusRegion = document.getElementById("board-status");
  var alertRegion = document.getElementById("board-alert");
  var dialog = document.getElementById("move-dialog");
  var dragging = false;
  var moving = 0; // moves sent and not answered yet: their answers bring the board forward
  var noticedWhileMoving = 0; // the latest version a notice announced during a move
  var refreshWanted = false;
  var refreshing = null;
  var etag = null;
  var sortables = [];
  var collapseKey = "officina-board-" + boardId + "-collapsed";

  function body() {
    return document.getElementById("board-body");
  }

  function editable() {
    var current = body();
    return Boolean(current && current.dataset.editable);
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function announce(text) {
    // Clearing first makes screen readers repeat an identical message.
    statusRegion.textContent = "";
    window.setTimeout(function () {
      statusRegion.textContent = text;
    }, 30);
  }

  function showError(text) {
    alertRegion.textContent = text;
  }

  function clearError() {
    alertRegion.textContent = "";
  }

  function cardOf(element) {
    return element && element.closest ? element.closest("#board-body .k") : null;
  }

  function cardByNumber(number) {
    return document.querySelector('#board-body .k[data-number="' + number + '"]');
  }

  function columnName(columnId) {
    var heading = document.getElementById("col-" + columnId);
    return heading ? heading.textContent.trim() : "";
  }

  /* The part of a split column a list is: true for "ready", false for "in progress", undefined
     for a column that is not split. */
  function partOf(list) {
    if (!list || !list.dataset.part) {
      return undefined;
    }
    return list.dataset.part === "ready";
  }

  function cellList(columnId, laneId, ready) {
    var selector = '#board-body ul.cl[data-column="' + columnId + '"][data-lane="' + laneId + '"]';
    return (
      (ready === true && document.querySelector(selector + '[data-part="ready"]')) ||
      document.querySelector(selector)
    );
  }

  function laneName(laneId) {
    var lane = document.querySelector('#board-body .ln[data-lane="' + laneId + '"] .lt');
    return lane ? lane.textContent.trim() : "";
  }

  /* --- Refreshing the body ------------------------------------------------------------------ */

  function refresh(options) {
    options = options || {};
    if (dragging) {
      refreshWanted = true;
      return Promise.resolve();
    }
    if (refreshing && !options.force) {
      refreshWanted = true;
      return refreshing;
    }
    var headers = { "X-Requested-With": "fetch" };
    if (etag && !options.force) {
      headers["If-None-Match"] = etag;
    }
    refreshing = fetch(root.dataset.bodyUrl + window.location.search, {
      headers: headers,
      credentials: "same-origin",
    })
      .then(function (response) {
        if (response.status === 304 || !response.ok) {
          return null;
        }
        etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (html) {
        if (html) {
          swapBody(html, options.focusNumber);
        }
      })
      .catch(function () {
        /* offline for a moment: the next change or reconnection catches up */
      })
      .finally(function () {
        refreshing = null;
        if (refreshWanted && !dragging) {
          refreshWanted = false;
          refresh();
        }
      });
    return refreshing;
  }

  function swapBody(html, focusNumber) {
    var active = document.activeElement;
    var card = cardOf(active);
    var number = focusNumber || (card ? card.dataset.number : null);
    var onMove = active && active.matches && active.matches("[data-move]");
    var activeId = !card && active && active.id && body().contains(active) ? active.id : null;
    // What the person is typing in the body (a quick-add title) survives the swap.
    var typed = activeId && active.matches && active.matches("input, textarea") ? active.value : null;
    var scroller = document.querySelector("#board-body .bd");
    var left = scroller ? scroller.scrollLeft : 0;
    var top = window.scrollY;
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.firstElementChild;
    if (!fresh || fresh.id !== "board-body") {
      return;
    }
    body().replaceWith(fresh);
    if (window.htmx) {
      window.htmx.process(fresh); // the quick-add forms post through HTMX again
    }
    afterSwap();
    var newScroller = document.querySelector("#board-body .bd");
    if (newScroller) {
      newScroller.scrollLeft = left;
    }
    window.scrollTo(window.scrollX, top);
    if (number) {
      focusCard(number, onMove);
    } else if (activeId) {
      var again = document.getElementById(activeId);
      if (again) {
        if (typed !== null && again.matches("input, textarea")) {
          again.value = typed;
        }
        again.focus();
      }
    }
  }

  function focusCard(number, onMove) {
    var card = cardByNumber(number);
    if (!card) {
      return;
    }
    var target = onMove ? card.querySelector("[data-move]") : card.querySelector(".kt a");
    (target || card).focus();
  }

  function afterSwap() {
    var current = body();
    if (current && current.dataset.version) {
      root.dataset.version = current.dataset.version;
    }
    applyCollapsed();
    setupSortables();
  }

  /* --- Patches: a change to a few cards, applied in place -------------------------------- */
  // A move's answer and a live notice's "cards 12 and 40 changed" bring those cards' faces and
  // places and the column counts (decision 0030); the page swaps them in place instead of
  // fetching its whole body. Filters, a change of structure or a missed version: the body.

  function filtered() {
    return window.location.search.replace(/^\?/, "") !== "";
  }

  function nextVersion(version) {
    return Number(version) === Number(root.dataset.version) + 1;
  }

  function applyPatch(patch, version) {
    var current = body();
    if (!current) {
      return;
    }
    var active = document.activeElement;
    var focusedCard = cardOf(active);
    var focusNumber = focusedCard ? focusedCard.dataset.number : null;
    var onMove = active && active.matches && active.matches("[data-move]");
    patch.gone.forEach(function (id) {
      var gone = document.getElementById("card-" + id);
      if (gone && gone.parentElement) {
        gone.parentElement.remove();
      }
    });
    patch.cards.forEach(function (card) {
      var template = document.createElement("template");
      template.innerHTML = card.html.trim();
      var face = template.content.firstElementChild;
      var old = document.getElementById("card-" + card.id);
      var item = old ? old.parentElement : document.createElement("li");
      var list = cellList(card.column, card.lane, card.ready);
      if (!list) {
        if (old) {
          item.remove();
        }
        return;
      }
      var above = card.before === null ? null : list.querySelector('.k[data-number="' + card.before + '"]');
      var anchor = above ? above.parentElement : null;
      if (item.parentElement !== list || item.nextElementSibling !== anchor) {
        list.insertBefore(item, anchor);
      }
      if (old) {
        old.replaceWith(face);
      } else {
        item.appendChild(face);
      }
    });
    var headers = document.querySelector("#board-body .bh");
    if (headers) {
      var row = document.createElement("template");
      row.innerHTML = patch.headers.trim();
      headers.replaceWith(row.content.firstElementChild);
    }
    Object.keys(patch.lanes).forEach(function (laneId) {
      var count = document.querySelector('#board-body .ln[data-lane="' + laneId + '"] .lc');
      if (count) {
        count.textContent = "(" + patch.lanes[laneId] + ")";
      }
    });
    document.querySelectorAll("#board-body .ln .lc").forEach(function (count) {
      var lane = count.closest(".ln").dataset.lane;
      if (!Object.prototype.hasOwnProperty.call(patch.lanes, lane)) {
        count.textContent = "(0)";
      }
    });
    current.dataset.version = String(version);
    root.dataset.version = String(version);
    etag = null;
    applyCollapsed();
    if (focusNumber) {
      focusCard(focusNumber, onMove);
    }
  }

  function fetchPatch(cards, version) {
    return fetch(root.dataset.patchUrl + "?cards=" + cards.join(","), {
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("patch " + response.status);
        }
        return response.json();
      })
      .then(function (patch) {
        if (Number(version) <= Number(root.dataset.version)) {
          return; // the page caught up meanwhile (a quick add's answer, say)
        }
        if (dragging || moving || !nextVersion(version)) {
          refresh(); // something else happened meanwhile: the whole body is surer
          return;
        }
        applyPatch(patch, version);
      })
      .catch(function () {
        refresh();
      });
  }

  document.addEventListener("officina:board-changed", function (event) {
    var detail = event.detail || {};
    if (moving) {
      // The move's answer decides: its own notice may well arrive first.
      noticedWhileMoving = Math.max(noticedWhileMoving, Number(detail.version) || 0);
      return;
    }
    if (!detail.reconnected && Number(detail.version) <= Number(root.dataset.version)) {
      return;
    }
    var cards = detail.cards || [];
    if (
      !detail.reconnected &&
      !detail.structure &&
      cards.length > 0 &&
      !dragging &&
      !refreshing &&
      !filtered() &&
      nextVersion(detail.version)
    ) {
      fetchPatch(cards, detail.version);
    } else {
      refresh();
    }
  });

  // HTMX swaps the body for the filters and the quick-add form.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "board-body") {
      afterSwap();
      var form = event.detail.requestConfig && event.detail.requestConfig.elt;
      if (form && form.classList && form.classList.contains("qa")) {
        // The next card goes to the same lane: keep the choice across the swap.
        var oldLane = form.querySelector("select[name=swimlane]");
        var lane = oldLane ? document.getElementById(oldLane.id) : null;
        if (lane) {
          lane.value = oldLane.value;
        }
        var input = document.getElementById(form.querySelector("input[name=title]").id);
        if (input) {
          input.focus();
        }
      }
    }
  });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status >= 400 && event.detail.target && event.detail.target.id === "board-body") {
      var type = xhr.getResponseHeader("Content-Type") || "";
      showError(type.indexOf("text/plain") === 0 ? xhr.responseText : root.dataset.errorText);
      event.detail.shouldSwap = false;
    } else {
      clearError();
    }
  });

  /* --- Moving a card ------------------------------------------------------------------------ */

  /* Where an item stands in its list, to go back there: column, lane, part, card below. */
  function placeOf(list, next) {
    var below = next ? next.querySelector(".k") : null;
    return {
      column: list.dataset.column,
      lane: list.dataset.lane,
      ready: partOf(list),
      before: below ? below.dataset.number : null,
    };
  }

  /* Move a card to a column and lane, just above card number `before` (null: the bottom of
     the part), in the "ready" part when `ready` is true. `origin`: where it was, for "Annulla"
     (default: where the page shows it now; false: offer no undo). */
  function move(card, columnId, laneId, before, ready, origin) {
    var link = card.querySelector("[data-move]");
    if (!link) {
      return Promise.resolve(false);
    }
    if (origin === undefined) {
      origin = placeOf(card.parentElement.parentElement, card.parentElement.nextElementSibling);
    }
    hideUndo();
    var data = new FormData();
    data.append("column", columnId);
    data.append("swimlane", laneId);
    if (before !== null && before !== undefined) {
      data.append("before", before);
    }
    data.append("version", card.dataset.version);
    if (ready === true || ready === false) {
      data.append("ready", ready ? "true" : "false");
    }
    var number = card.dataset.number;
    var versionBefore = root.dataset.version;
    clearError();
    moving += 1;
    return fetch(link.getAttribute("href"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken() },
    })
      .then(function (response) {
        if (response.ok) {
          return response.json().then(function (patch) {
            moving -= 1;
            var shown;
            var missed = noticedWhileMoving > Number(patch.version);
            noticedWhileMoving = moving ? noticedWhileMoving : 0;
            if (filtered() || missed || Number(patch.version) !== Number(versionBefore) + 1) {
              shown = refresh({ force: true, focusNumber: number });
            } else {
              applyPatch(patch, patch.version);
              shown = Promise.resolve();
            }
            return shown.then(function () {
              announceMove(number, columnId, laneId);
              if (origin) {
                offerUndo(number, origin);
              }
              return true;
            });
          });
        }
        moving -= 1;
        return response.text().then(function (text) {
          var type = response.headers.get("Content-Type") || "";
          showError(type.indexOf("text/plain") === 0 && text ? text : root.dataset.errorText);
          // Put the card back where the server says it is.
          return refresh({ force: true, focusNumber: number }).then(function () {
            return false;
          });
        });
      })
      .catch(function () {
        moving = Math.max(0, moving - 1);
        showError(root.dataset.errorText);
        return refresh({ force: true, focusNumber: number }).then(function () {
          return false;
        });
      });
  }

  /* "Annulla" after a move: for a while, one button puts the card back where it was. */
  var undoBox = document.getElementById("board-undo");
  var undoTimer = null;
  var undoMove = null;

  function hideUndo() {
    if (undoBox) {
      undoBox.hidden = true;
    }
    undoMove = null;
    window.clearTimeout(undoTimer);
  }

  function offerUndo(number, origin) {
    if (!undoBox) {
      return;
    }
    undoMove = { number: number, origin: origin };
    undoBox.querySelector("span").textContent = fill(undoBox.dataset.template, { number: number });
    undoBox.hidden = false;
    window.clearTimeout(undoTimer);
    undoTimer = window.setTimeout(hideUndo, 20000);
  }

  /* Ctrl+Z (Cmd+Z) takes the move back while "Annulla" is offered, except in a text box,
     where it undoes typing as usual. */
  document.addEventListener("keydown", function (event) {
    if (!undoBox || undoBox.hidden || !undoMove || event.key.toLowerCase() !== "z") {
      return;
    }
    if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey) {
      return;
    }
    if (event.target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    event.preventDefault();
    undoBox.querySelector("button").click();
  });

  if (undoBox) {
    undoBox.querySelector("button").addEventListener("click", function () {
      var wanted = undoMove;
      hideUndo();
      var card = wanted ? cardByNumber(wanted.number) : null;
      if (card) {
        var origin = wanted.origin;
        move(card, origin.column, origin.lane, origin.before, origin.ready, false).then(function () {
          focusCard(wanted.number, false);
        });
      }
    });
  }

  function announceMove(number, columnId, laneId) {
    var moved = cardByNumber(number);
    var item = moved ? moved.parentElement : null;
    var cell = item ? item.parentElement : null;
    var place = cell ? Array.prototype.indexOf.call(cell.children, item) + 1 : "";
    var column = columnName(columnId);
    if (partOf(cell) === true) {
      column += " – " + root.dataset.readyText;
    }
    announce(
      fill(root.dataset.movedText, {
        number: number,
        column: column,
        lane: laneName(laneId),
        position: place,
      })
    );
  }

  /* The number of the card an item now stands just above in its list (null: the bottom). */
  function numberBelow(item) {
    var next = item ? item.nextElementSibling : null;
    var card = next ? next.querySelector(".k") : null;
    return card ? card.dataset.number : null;
  }

  function setupSortables() {
    sortables.forEach(function (sortable) {
      sortable.destroy();
    });
    sortables = [];
    if (!editable() || typeof window.Sortable === "undefined") {
      return;
    }
    document.querySelectorAll("#board-body ul.cl").forEach(function (cell) {
      sortables.push(
        window.Sortable.create(cell, {
          group: {
            name: "board-" + boardId,
            put: function (to) {
              return !to.el.dataset.closed;
            },
          },
          draggable: "li",
          animation: 120,
          forceFallback: true,
          fallbackOnBody: true,
          fallbackTolerance: 4,
          delay: 120,
          delayOnTouchOnly: true,
          touchStartThreshold: 4,
          ghostClass: "kg",
          chosenClass: "kc",
          onStart: function () {
            dragging = true;
            clearError();
          },
          onEnd: function (event) {
            dragging = false;
            var item = event.item;
            var card = item.querySelector(".k");
            if (event.from === event.to && event.oldIndex === event.newIndex) {
              if (refreshWanted) {
                refreshWanted = false;
                refresh();
              }
              return;
            }
            // Where the card was: in its old list, above the card now at its old index (one
            // further down when it moved up within the same list).
            var shift = event.from === event.to && event.newIndex < event.oldIndex ? 1 : 0;
            move(
              card,
              event.to.dataset.column,
              event.to.dataset.lane,
              numberBelow(item),
              partOf(event.to),
              placeOf(event.from, event.from.children[event.oldIndex + shift] || null)
            );
          },
        })
      );
    });
  }

  /* --- Keyboard: shortcuts and the "Sposta…" dialog ----------------------------------------- */

  function openColumns() {
    return Array.prototype.filter.call(
      document.querySelectorAll("#board-body .bh .ch"),
      function () {
        return true;
      }
    );
  }

  function neighbourColumn(card, step) {
    var cell = card.closest("ul.cl");
    var columns = Array.prototype.map.call(openColumns(), function (header) {
      return header.dataset.column;
    });
    var index = columns.indexOf(cell.dataset.column) + step;
    while (index >= 0 && index < columns.length) {
      var candidate = document.querySelector(
        '#board-body ul.cl[data-column="' + columns[index] + '"][data-lane="' + cell.dataset.lane + '"]'
      );
      if (candidate && !candidate.dataset.closed) {
        return candidate;
      }
      index += step;
    }
    return null;
  }

  var KEYS = {
    ArrowLeft: "left",
    "[": "left",
    ArrowRight: "right",
    "]": "right",
    ArrowUp: "up",
    ",": "up",
    ArrowDown: "down",
    ".": "down",
  };

  /* --- Keyboard move mode --------------------------------------------------------------------
     Space lifts the focused card; the arrows carry it through its cell and across columns
     without a request, saying where it is; Space drops it there (one move), Esc puts it back. */
  var lifted = null; // {card, item, list, next}: the card and where it came from
  var carrying = false; // the lifted card is being put elsewhere in the page: focus comes back

  function whereText(item) {
    var list = item.parentElement;
    var column = columnName(list.dataset.column);
    if (partOf(list) === true) {
      column += " – " + root.dataset.readyText;
    }
    return fill(root.dataset.placeText, {
      column: column,
      lane: laneName(list.dataset.lane),
      position: Array.prototype.indexOf.call(list.children, item) + 1,
    });
  }

  function keepFocus(card) {
    var target = card.querySelector(".kt a") || card;
    target.focus();
    if (target.scrollIntoView) {
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }

  function lift(card) {
    var item = card.parentElement;
    lifted = { card: card, item: item, list: item.parentElement, next: item.nextElementSibling };
    dragging = true;
    item.classList.add("kup");
    announce(fill(root.dataset.liftText, { number: card.dataset.number }) + " " + whereText(item));
  }

  function endLift() {
    var done = lifted;
    lifted = null;
    dragging = false;
    done.item.classList.remove("kup");
    return done;
  }

  function carry(action) {
    var item = lifted.item;
    var list = item.parentElement;
    if (action === "up" || action === "down") {
      var sibling = action === "up" ? item.previousElementSibling : item.nextElementSibling;
      if (!sibling) {
        return;
      }
      carrying = true;
      list.insertBefore(item, action === "up" ? sibling : sibling.nextElementSibling);
    } else {
      var part = partOf(list);
      var target =
        (part === false && action === "right") || (part === true && action === "left")
          ? cellList(list.dataset.column, list.dataset.lane, action === "right")
          : neighbourColumn(lifted.card, action === "left" ? -1 : 1);
      if (!target || target === list) {
        return;
      }
      var index = Math.min(Array.prototype.indexOf.call(list.children, item), target.children.length);
      carrying = true;
      target.insertBefore(item, target.children[index] || null);
    }
    keepFocus(lifted.card);
    carrying = false;
    announce(whereText(item));
  }

  function drop() {
    var done = endLift();
    var list = done.item.parentElement;
    if (list === done.list && done.item.nextElementSibling === done.next) {
      announce(fill(root.dataset.notMovedText, { number: done.card.dataset.number }));
      return;
    }
    move(
      done.card,
      list.dataset.column,
      list.dataset.lane,
      numberBelow(done.item),
      partOf(list),
      placeOf(done.list, done.next)
    );
  }

  function cancelLift() {
    var done = endLift();
    carrying = true;
    done.list.insertBefore(done.item, done.next);
    keepFocus(done.card);
    carrying = false;
    announce(fill(root.dataset.cancelText, { number: done.card.dataset.number }));
    if (refreshWanted) {
      refreshWanted = false;
      refresh();
    }
  }

  // Leaving the lifted card (a click elsewhere) puts it back, as Esc does.
  root.addEventListener("focusout", function (event) {
    if (lifted && !carrying && !lifted.card.contains(event.relatedTarget)) {
      cancelLift();
    }
  });

  root.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (lifted) {
      var action = KEYS[event.key];
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        event.stopImmediatePropagation();
        drop();
      } else if (event.key === "Escape" || event.key === "Tab") {
        if (event.key === "Escape") {
          event.preventDefault();
        }
        event.stopImmediatePropagation();
        cancelLift();
      } else if (action) {
        event.preventDefault();
        event.stopImmediatePropagation();
        carry(action);
      }
      return;
    }
    var card = cardOf(event.target);
    if (event.key === " " && card && editable() && event.target.matches(".kt a")) {
      event.preventDefault();
      event.stopImmediatePropagation();
      lift(card);
    }
  });

  /* Direct moves by shortcut, without lifting: only the bracket and punctuation keys. The arrows
     scroll the page as everywhere else and carry a card only once Space has lifted it, so that
     nobody moves a card by accident while reading the board. */
  var SHORTCUTS = { "[": "left", "]": "right", ",": "up", ".": "down" };

  root.addEventListener("keydown", function (event) {
    var action = SHORTCUTS[event.key];
    var card = cardOf(event.target);
    if (!action || !card || !editable() || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var item = card.parentElement;
    var cell = item.parentElement;
    if (action === "left" || action === "right") {
      // In a split column, right goes from "in progress" to "ready" and left comes back.
      var part = partOf(cell);
      if ((part === false && action === "right") || (part === true && action === "left")) {
        event.preventDefault();
        move(card, cell.dataset.column, cell.dataset.lane, null, action === "right");
        return;
      }
      var target = neighbourColumn(card, action === "left" ? -1 : 1);
      if (!target) {
        return;
      }
      event.preventDefault();
      move(card, target.dataset.column, cell.dataset.lane, null);
      return;
    }
    var sibling = action === "up" ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling || !sibling.querySelector(".k")) {
      return;
    }
    event.preventDefault();
    // Up: above the card before it; down: above the one after the next (or to the bottom).
    var before = action === "up" ? sibling.querySelector(".k").dataset.number : numberBelow(sibling);
    move(card, cell.dataset.column, cell.dataset.lane, before, partOf(cell));
  });

  var dialogCard = null;

  function fillPositions() {
    var select = document.getElementById("move-position");
    var columnId = document.getElementById("move-column").value;
    var laneId = document.getElementById("move-lane").value;
    var cell = cellList(columnId, laneId, dialogReady());
    select.textContent = "";
    var bottom = document.createElement("option");
    bottom.value = "";
    bottom.textContent = select.dataset.bottom;
    select.appendChild(bottom);
    if (!cell) {
      return;
    }
    var items = Array.prototype.filter.call(cell.children, function (item) {
      return item.querySelector(".k") && item.querySelector(".k") !== dialogCard;
    });
    var from = dialogCard ? dialogCard.closest("ul.cl") : null;
    // Each place is "just above" a card of the list; the first option is the bottom.
    items.forEach(function (item, index) {
      var option = document.createElement("option");
      option.value = item.querySelector(".k").dataset.number;
      option.textContent = String(index + 1);
      select.appendChild(option);
    });
    if (from === cell) {
      var current = Array.prototype.indexOf.call(cell.children, dialogCard.parentElement);
      var options = select.options;
      if (current + 1 < options.length) {
        options[current + 1].selected = true;
      }
    }
  }

  /* The "ready" box of the dialog: shown for a split column only; null when hidden. */
  function dialogReady() {
    var box = document.getElementById("move-ready");
    if (!box) {
      return null;
    }
    var column = document.getElementById("move-column");
    var option = column.options[column.selectedIndex];
    var split = Boolean(option && option.dataset.split);
    box.closest(".move-ready").hidden = !split;
    return split ? box.checked : null;
  }

  function openDialog(card) {
    if (!dialog || typeof dialog.showModal !== "function") {
      return false;
    }
    dialogCard = card;
    var cell = card.closest("ul.cl");
    var title = document.getElementById("move-dialog-title");
    title.textContent = fill(title.dataset.template, { number: card.dataset.number });
    document.getElementById("move-column").value = cell.dataset.column;
    document.getElementById("move-lane").value = cell.dataset.lane;
    var box = document.getElementById("move-ready");
    if (box) {
      box.checked = partOf(cell) === true;
    }
    fillPositions();
    dialog.showModal();
    document.getElementById("move-column").focus();
    return true;
  }

  if (dialog) {
    document.getElementById("move-column").addEventListener("change", fillPositions);
    document.getElementById("move-lane").addEventListener("change", fillPositions);
    var readyBox = document.getElementById("move-ready");
    if (readyBox) {
      readyBox.addEventListener("change", fillPositions);
    }
    dialog.querySelector("[data-close]").addEventListener("click", function () {
      dialog.close("cancel");
    });
    dialog.addEventListener("close", function () {
      if (dialog.returnValue !== "move" && dialogCard) {
        var number = dialogCard.dataset.number;
        dialogCard = null;
        focusCard(number, true);
      }
    });
    document.getElementById("move-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var card = dialogCard;
      var before = document.getElementById("move-position").value;
      var ready = dialogReady();
      dialog.returnValue = "move";
      dialog.close("move");
      dialogCard = null;
      if (card) {
        move(
          card,
          document.getElementById("move-column").value,
          document.getElementById("move-lane").value,
          before === "" ? null : before,
          ready === null ? undefined : ready
        );
      }
    });
  }

  root.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-move]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (openDialog(cardOf(link))) {
      event.preventDefault();
    }
  });

  /* --- A card over the board ---------------------------------------------------------------- */
  // The card's title link opens its page's content in a dialog, at the card's own address:
  // Back (or Esc, or "Torna alla bacheca") closes it, and the focus and the scroll come back to
  // the card. Without JavaScript, or when the card cannot be fetched, the link opens the page.
  var overlay = document.getElementById("card-overlay");
  var overlayCard = null;
  var overlayScroll = null;
  var overlayLoading = false;

  function openCard(link) {
    var number = cardOf(link).dataset.number;
    var url = link.href;
    overlayLoading = true;
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.redirected) {
          throw new Error("card " + number + ": " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var main = new DOMParser().parseFromString(html, "text/html").getElementById("main");
        if (!main) {
          throw new Error("card " + number + ": no content");
        }
        var content = overlay.querySelector(".co-body");
        content.textContent = "";
        Array.prototype.slice.call(main.childNodes).forEach(function (node) {
          content.appendChild(document.adoptNode(node));
        });
        var board = document.querySelector("#board-body .bd");
        overlayScroll = { x: window.scrollX, y: window.scrollY, board: board ? board.scrollLeft : 0 };
        overlayCard = number;
        window.history.pushState({ officinaCard: number }, "", url);
        if (window.htmx) {
          window.htmx.process(content);
        }
        overlay.showModal();
        var title = document.getElementById("card-title");
        if (title) {
          title.setAttribute("tabindex", "-1");
          title.focus();
        }
      })
      .catch(function () {
        window.location.href = url;
      })
      .then(function () {
        overlayLoading = false;
      });
  }

  function closeCard() {
    var number = overlayCard;
    overlayCard = null;
    if (overlay.open) {
      overlay.close();
    }
    overlay.querySelector(".co-body").textContent = "";
    if (overlayScroll) {
      window.scrollTo(overlayScroll.x, overlayScroll.y);
      var board = document.querySelector("#board-body .bd");
      if (board) {
        board.scrollLeft = overlayScroll.board;
      }
      overlayScroll = null;
    }
    if (number !== null) {
      focusCard(number, false);
    }
  }

  if (overlay && typeof overlay.showModal === "function" && window.fetch && window.DOMParser) {
    root.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest(".kt a") : null;
      if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
      }
      event.preventDefault();
      if (!overlayLoading) {
        openCard(link);
      }
    });
    // Closing (the button, Esc) goes back to the board's address; leaving the card's address
    // (Back) closes the dialog: either way closeCard runs once, on "popstate".
    overlay.querySelector("[data-close-card]").addEventListener("click", function () {
      overlay.close();
    });
    overlay.addEventListener("close", function () {
      if (overlayCard !== null) {
        window.history.back();
      }
    });
    window.addEventListener("popstate", function (event) {
      if (overlayCard !== null) {
        closeCard();
      } else if (event.state && event.state.officinaCard) {
        window.location.reload(); // Forward to a card's address: show its page
      }
    });
  }

  /* --- Collapsing columns (remembered by this browser) -------------------------------------- */

  function storedCollapsed() {
    try {
      var stored = window.localStorage.getItem(collapseKey);
      return stored === null ? null : JSON.parse(stored);
    } catch (error) {
      return null;
    }
  }

  function applyCollapsed() {
    var stored = storedCollapsed();
    var grid = [];
    document.querySelectorAll("#board-body .bh .ch").forEach(function (header) {
      var id = header.dataset.column;
      var collapsed = stored ? stored.indexOf(id) !== -1 : header.classList.contains("cc");
      document.querySelectorAll('#board-body [data-column="' + id + '"]').forEach(function (part) {
        part.classList.toggle("cc", collapsed);
      });
      var button = header.querySelector(".ct");
      button.hidden = false;
      button.setAttribute("aria-expanded", collapsed ? "false" : "true");
      grid.push(collapsed ? "3.5rem" : "minmax(15rem,1fr)");
    });
    var board = document.querySelector("#board-body .bd");
    if (board) {
      board.style.setProperty("--cols", grid.join(" "));
    }
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-collapse]") : null;
    if (!button) {
      return;
    }
    var ids = Array.prototype.map.call(
      document.querySelectorAll("#board-body .bh .ch"),
      function (header) {
        var collapsed = header.classList.contains("cc");
        if (header.dataset.column === button.dataset.collapse) {
          collapsed = !collapsed;
        }
        return collapsed ? header.dataset.column : null;
      }
    ).filter(Boolean);
    try {
      window.localStorage.setItem(collapseKey, JSON.stringify(ids));
    } catch (error) {
      /* private mode: the toggle still works for this page */
    }
    applyCollapsed();
    button.focus();
  });

  /* --- Filters: the "Filtri" disclosure of narrow screens ----------------------------------- */
  // board.css folds the filters up to 991 px; wider, they are always shown, so the <details> is
  // kept open there (its summary is hidden). The count in the summary follows the form, whose
  // changes HTMX applies to the body only.
  var filterBox = document.getElementById("board-filters");
  var wideScreen = window.matchMedia ? window.matchMedia("(min-width: 992px)") : null;

  function fitFilters() {
    if (filterBox && wideScreen) {
      filterBox.open = wideScreen.matches;
    }
  }

  function countFilters() {
    var count = 0;
    Array.prototype.forEach.call(filterBox.querySelector("form").elements, function (field) {
      if (!field.name) {
        return;
      }
      if (field.type === "checkbox" ? field.checked : field.value.trim() !== "") {
        count += 1;
      }
    });
    var badge = filterBox.querySelector(".bf-count");
    badge.textContent = " " + fill(badge.dataset.template, { count: count });
    badge.hidden = count === 0;
  }

  if (filterBox) {
    fitFilters();
    if (wideScreen && wideScreen.addEventListener) {
      wideScreen.addEventListener("change", fitFilters);
    }
    filterBox.addEventListener("change", countFilters);
    filterBox.addEventListener("input", countFilters);
  }

  afterSwap();
})();
