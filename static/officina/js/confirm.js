/* Officina: ask before a form that destroys something is sent.
   A form with data-confirm="Question?" is sent only if the person answers yes in the browser's
   own dialog (keyboard and screen readers handle it natively). Listening in the capture phase
   on the document stops the submit before HTMX or any other handler sees it. */
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var question = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
})();
