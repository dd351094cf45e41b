/* @mention autocomplete for the comment boxes of the card page (ARIA 1.2 combobox pattern).
 *
 * A textarea with data-mention-url becomes a combobox: typing "@" and a few letters of a name
 * lists the board's people (from the board's permission-checked suggestions endpoint); the
 * arrows move through them, Enter or Tab inserts "@handle ", Escape closes the list, and a
 * click or a tap chooses too. A status line tells screen readers how many people match.
 * Listeners sit on the document, so the boxes HTMX swaps in work the same. Without
 * JavaScript, the handles listed under the box are still there to copy.
 */
(function () {
  "use strict";

  if (!window.fetch) {
    return;
  }
  var SELECTOR = "textarea[data-mention-url]";
  var TRIGGER = /(?:^|[^\w@])@([\w.\-]{1,40})$/u;
  var state = null; // {box, list, status, items, active, start, seq}
  var sequence = 0;
  var timer = null;

  function parts(box) {
    if (!box.id) {
      return null;
    }
    var listId = box.id + "-mentions";
    var list = document.getElementById(listId);
    if (!list) {
      list = document.createElement("ul");
      list.id = listId;
      list.className = "officina-mention-list";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", box.dataset.mentionLabel || "");
      list.hidden = true;
      var status = document.createElement("div");
      status.id = box.id + "-mention-status";
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      box.parentNode.classList.add("officina-mention-host");
      box.parentNode.appendChild(list);
      box.parentNode.appendChild(status);
      box.setAttribute("role", "combobox");
      box.setAttribute("aria-autocomplete", "list");
      box.setAttribute("aria-controls", listId);
      box.setAttribute("aria-expanded", "false");
    }
    return { list: list, status: document.getElementById(box.id + "-mention-status") };
  }

  function say(box, text) {
    var found = parts(box);
    if (found && found.status) {
      found.status.textContent = text;
    }
  }

  function close() {
    if (!state) {
      return;
    }
    state.list.hidden = true;
    state.list.textContent = "";
    state.box.setAttribute("aria-expanded", "false");
    state.box.removeAttribute("aria-activedescendant");
    state = null;
  }

  function highlight(index) {
    if (!state || !state.items.length) {
      return;
    }
    var count = state.items.length;
    state.active = (index + count) % count;
    Array.prototype.forEach.call(state.list.children, function (option, i) {
      var chosen = i === state.active;
      option.setAttribute("aria-selected", chosen ? "true" : "false");
      option.classList.toggle("active", chosen);
      if (chosen && option.scrollIntoView) {
        option.scrollIntoView({ block: "nearest" });
      }
    });
    state.box.setAttribute("aria-activedescendant", state.list.children[state.active].id);
  }

  function choose(index) {
    if (!state || !state.items[index]) {
      return;
    }
    var box = state.box;
    var handle = state.items[index].handle;
    var caret = box.selectionStart;
    var before = box.value.slice(0, state.start) + "@" + handle + " ";
    box.value = before + box.value.slice(caret);
    box.setSelectionRange(before.length, before.length);
    box.dispatchEvent(new Event("input", { bubbles: true }));
    close();
    say(box, (box.dataset.mentionInserted || "@{handle}").replace("{handle}", handle));
    box.focus();
  }

  function show(box, start, items) {
    var found = parts(box);
    if (!found) {
      return;
    }
    close();
    if (!items.length) {
      say(box, box.dataset.mentionNone || "");
      return;
    }
    state = { box: box, list: found.list, items: items, active: 0, start: start };
    items.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = box.id + "-mention-" + i;
      option.setAttribute("role", "option");
      option.dataset.index = String(i);
      var name = document.createElement("span");
      name.className = "officina-mention-name";
      name.textContent = item.name;
      var handle = document.createElement("span");
      handle.className = "officina-mention-handle";
      handle.textContent = "@" + item.handle;
      option.appendChild(name);
      option.appendChild(document.createTextNode(" "));
      option.appendChild(handle);
      found.list.appendChild(option);
    });
    found.list.hidden = false;
    box.setAttribute("aria-expanded", "true");
    highlight(0);
    var count = items.length === 1 ? box.dataset.mentionOne : box.dataset.mentionMany;
    say(box, (count || "{n}").replace("{n}", String(items.length)));
  }

  function lookup(box) {
    var caret = box.selectionStart;
    if (caret !== box.selectionEnd) {
      close();
      return;
    }
    var match = TRIGGER.exec(box.value.slice(0, caret));
    if (!match) {
      close();
      return;
    }
    var start = caret - match[1].length - 1;
    var seq = ++sequence;
    var url = box.dataset.mentionUrl + "?q=" + encodeURIComponent(match[1]);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        // only the answer to the latest keystroke, and only while the box still has the focus
        if (seq === sequence && document.activeElement === box) {
          show(box, start, data.results || []);
        }
      })
      .catch(function () {
        close();
      });
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.matches(SELECTOR)) {
      return;
    }
    if (event.isTrusted === false && state === null) {
      return; // our own event after an insertion
    }
    parts(box);
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      lookup(box);
    }, 120);
  });

  document.addEventListener("focusin", function (event) {
    if (event.target instanceof HTMLTextAreaElement && event.target.matches(SELECTOR)) {
      parts(event.target); // the combobox roles are there before the first key
    }
  });

  document.addEventListener(
    "keydown",
    function (event) {
      if (!state || event.target !== state.box) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(state.active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (event.shiftKey || event.ctrlKey || event.metaKey || event.altKey) {
          return;
        }
        event.preventDefault();
        choose(state.active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation(); // the list closes, not the dialog around the card
        close();
      }
    },
    true
  );

  document.addEventListener("mousedown", function (event) {
    if (state && state.list.contains(event.target)) {
      event.preventDefault(); // keep the focus (and the caret) in the box
    }
  });

  document.addEventListener("click", function (event) {
    if (!state) {
      return;
    }
    var option = event.target.closest && event.target.closest("[role=option]");
    if (option && state.list.contains(option)) {
      choose(Number(option.dataset.index));
    } else if (event.target !== state.box) {
      close();
    }
  });

  document.addEventListener("focusout", function (event) {
    if (state && event.target === state.box) {
      window.setTimeout(function () {
        if (state && document.activeElement !== state.box) {
          close();
        }
      }, 150);
    }
  });

  // HTMX replaces the comments: a list left open belongs to a box that is gone
  document.addEventListener("htmx:beforeSwap", close);

  function enhance(root) {
    if (root && root.querySelectorAll) {
      Array.prototype.forEach.call(root.querySelectorAll(SELECTOR), parts);
    }
  }
  // the boxes on the page now (the script is deferred), and those HTMX brings in
  enhance(document);
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });
})();
