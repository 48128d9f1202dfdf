// Interview practice: a timer and a live count of words and speaking time beside the answer.
// Without JavaScript the page works the same; the time is typed by hand or left empty.
(function () {
  "use strict";
  // The packet: a Print button where printing works (without JavaScript, the browser's own).
  var here = document.querySelector("[data-print-here]");
  if (here && window.print) {
    var print = document.createElement("button");
    print.type = "button";
    print.textContent = "Print or save as PDF";
    print.addEventListener("click", function () { window.print(); });
    here.appendChild(document.createTextNode(" "));
    here.appendChild(print);
  }
})();
(function () {
  "use strict";
  var form = document.querySelector("form[data-timer]");
  if (!form) return;
  var text = form.querySelector("textarea[name=text]");
  var seconds = form.querySelector("input[name=seconds]");
  if (!text || !seconds) return;
  var status = document.createElement("p");
  status.className = "muted";
  status.setAttribute("aria-live", "polite");
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "Start the timer";
  var started = null;
  var tick = null;
  function words() {
    var t = text.value.trim();
    return t ? t.split(/\s+/).length : 0;
  }
  function clock(s) {
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  function show() {
    var n = words();
    var say = Math.ceil((n * 60) / 150);
    var line = n + (n === 1 ? " word" : " words") + ", about " + clock(say) + " to say";
    if (n > 300) line += " — over two minutes";
    if (started !== null) line += "; timer " + clock(Math.round((Date.now() - started) / 1000));
    status.textContent = line + ".";
  }
  button.addEventListener("click", function () {
    if (started === null) {
      started = Date.now();
      button.textContent = "Stop the timer";
      tick = window.setInterval(show, 1000);
      text.focus();
    } else {
      seconds.value = String(Math.round((Date.now() - started) / 1000));
      window.clearInterval(tick);
      started = null;
      button.textContent = "Start the timer";
    }
    show();
  });
  form.addEventListener("submit", function () {
    if (started !== null) seconds.value = String(Math.round((Date.now() - started) / 1000));
  });
  text.addEventListener("input", show);
  text.parentNode.insertBefore(status, text.nextSibling);
  text.parentNode.insertBefore(button, status.nextSibling);
  show();
})();
