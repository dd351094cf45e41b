/*
 * The product backlog's order by drag and drop and by keyboard (the Top / Bottom buttons and
 * the bulk bar work without this script).
 *
 * Keyboard: on an item's ↕ button, Space (or Enter) picks the item up, the arrow keys carry it,
 * Space puts it down where it is, Escape puts it back; each step is announced. A mouse drags
 * the item by its ↕ button. Putting an item down sends one POST to the item's move endpoint:
 * "above card N" (or its position when it ends up last on the page). A refusal reloads the
 * page, which shows the order as it is.
 */
(function () {
  "use strict";

  function init() {
    var list = document.querySelector("ol.scrum-backlog");
    var status = document.getElementById("reorder-status");
    var bulk = document.getElementById("bulk-form");
    if (!list || !status || !bulk || typeof window.fetch !== "function") {
      return;
    }
    var token = bulk.querySelector("input[name=csrfmiddlewaretoken]").value;
    var start = parseInt(list.getAttribute("start") || "1", 10);
    var lifted = null; // {row, before}: the item carried by keyboard, and where it was
    var dragged = null;
    var fromHandle = false;
    var texts = list.dataset;

    function rows() {
      return Array.prototype.slice.call(list.children);
    }

    function say(text) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 30);
    }

    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, function (_m, key) { return values[key]; });
    }

    function placeOf(row) {
      return { number: row.querySelector(".scrum-grab").dataset.number,
               position: start + rows().indexOf(row), total: start + rows().length - 1 };
    }

    function renumber() {
      rows().forEach(function (row, index) {
        var rank = row.querySelector(".scrum-rank");
        if (rank) { rank.textContent = String(start + index); }
      });
    }

    function send(row) {
      var form = row.querySelector("form[action$='move/']");
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token);
      var next = row.nextElementSibling;
      if (next) {
        data.append("before", next.querySelector(".scrum-grab").dataset.number);
      } else {
        data.append("position", String(start - 1 + rows().indexOf(row)));
      }
      renumber();
      return fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        if (!response.ok) {
          return response.text().then(function (text) {
            say(text);
            window.setTimeout(function () { window.location.reload(); }, 1500);
          });
        }
        say(fill(texts.dropped, placeOf(row)));
      });
    }

    rows().forEach(function (row) {
      var handle = row.querySelector(".scrum-grab");
      if (!handle) { return; }
      handle.hidden = false;
      row.setAttribute("draggable", "true");
      handle.addEventListener("mousedown", function () { fromHandle = true; });
      handle.addEventListener("keydown", function (event) {
        var key = event.key;
        if (key === " " || key === "Enter") {
          event.preventDefault();
          if (lifted && lifted.row === row) {
            var moved = row.nextElementSibling !== lifted.before;
            row.classList.remove("scrum-lifted");
            handle.setAttribute("aria-pressed", "false");
            lifted = null;
            if (moved) { send(row); } else { say(fill(texts.dropped, placeOf(row))); }
          } else if (!lifted) {
            lifted = { row: row, before: row.nextElementSibling };
            row.classList.add("scrum-lifted");
            handle.setAttribute("aria-pressed", "true");
            say(fill(texts.lifted, placeOf(row)));
          }
        } else if (lifted && lifted.row === row && (key === "ArrowUp" || key === "ArrowDown")) {
          event.preventDefault();
          if (key === "ArrowUp" && row.previousElementSibling) {
            list.insertBefore(row, row.previousElementSibling);
          } else if (key === "ArrowDown" && row.nextElementSibling) {
            list.insertBefore(row, row.nextElementSibling.nextElementSibling);
          }
          handle.focus();
          say(fill(texts.carried, placeOf(row)));
        } else if (lifted && lifted.row === row && key === "Escape") {
          event.preventDefault();
          list.insertBefore(row, lifted.before);
          row.classList.remove("scrum-lifted");
          handle.setAttribute("aria-pressed", "false");
          lifted = null;
          handle.focus();
          say(fill(texts.cancelled, placeOf(row)));
        }
      });
      row.addEventListener("dragstart", function (event) {
        if (!fromHandle) { event.preventDefault(); return; }
        dragged = { row: row, before: row.nextElementSibling };
        row.classList.add("scrum-lifted");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", handle.dataset.number);
      });
      row.addEventListener("dragover", function (event) {
        if (!dragged || dragged.row === row) { return; }
        event.preventDefault();
        var box = row.getBoundingClientRect();
        var below = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged.row, below ? row.nextElementSibling : row);
      });
      row.addEventListener("drop", function (event) { event.preventDefault(); });
      row.addEventListener("dragend", function () {
        fromHandle = false;
        if (!dragged) { return; }
        var moved = dragged.row.nextElementSibling !== dragged.before;
        dragged.row.classList.remove("scrum-lifted");
        if (moved) { send(dragged.row); }
        dragged = null;
      });
    });
    document.addEventListener("mouseup", function () { fromHandle = false; });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
