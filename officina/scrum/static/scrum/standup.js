/* The stand-up's timer: one for the team, 15 minutes by default, counted down in the page.
   Without JavaScript the section stays hidden (the rest of the page works as it is). */
(function () {
  "use strict";
  var box = document.querySelector(".scrum-timer");
  if (!box) {
    return;
  }
  var total = Number(box.dataset.seconds) || 900;
  var left = total;
  var ticking = null;
  var shown = document.getElementById("timer-time");
  var status = document.getElementById("timer-status");

  function draw() {
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    shown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    box.classList.toggle("scrum-timer-ended", left === 0);
  }

  function say(key) {
    status.textContent = status.dataset[key] || "";
  }

  function stop() {
    if (ticking !== null) {
      window.clearInterval(ticking);
      ticking = null;
    }
  }

  function tick() {
    left = Math.max(left - 1, 0);
    draw();
    if (left === 0) {
      stop();
      say("ended");
    }
  }

  box.addEventListener("click", function (event) {
    var action = event.target.closest("[data-timer]");
    if (!action) {
      return;
    }
    var what = action.dataset.timer;
    if (what === "start" && ticking === null && left > 0) {
      ticking = window.setInterval(tick, 1000);
      say("started");
    } else if (what === "pause") {
      stop();
      say("paused");
    } else if (what === "reset") {
      stop();
      left = total;
      status.textContent = "";
      draw();
    }
  });
  box.hidden = false;
  draw();
})();
