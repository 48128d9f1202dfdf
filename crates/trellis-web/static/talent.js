// Live feedback on a coaching note while it is written: asks the server's analyzer (the same
// one the coaching-vague signal uses) and shows what the note is missing. The form works
// without this script; the feedback then appears on the saved note.
(function () {
  "use strict";
  var form = document.querySelector("form[data-analyzer]");
  if (!form) return;
  var text = form.querySelector("textarea[name=text]");
  var out = document.getElementById("note-feedback");
  var csrf = form.querySelector("input[name=csrf]").value;
  var timer = null;
  var asked = 0;
  function item(list, words) {
    var li = document.createElement("li");
    li.textContent = words;
    list.appendChild(li);
  }
  function show(r) {
    out.textContent = "";
    var head = document.createElement("p");
    head.className = r.vague ? "flag" : "ok";
    head.textContent = r.vague
      ? "This note is vague."
      : "Names a situation and a behaviour.";
    out.appendChild(head);
    var list = document.createElement("ul");
    item(list, (r.situation ? "✓ " : "✗ ") + "a concrete situation (when and where)");
    item(list, (r.behaviour ? "✓ " : "✗ ") + "a concrete behaviour (what they did or said)");
    if (r.slogans.length) {
      item(list, "✗ slogans: " + r.slogans.map(function (s) { return "“" + s + "”"; }).join(", "));
    }
    out.appendChild(list);
    if (r.vague) {
      var frame = document.createElement("p");
      frame.className = "muted";
      frame.textContent = "Try: " + r.rewrite_frame;
      out.appendChild(frame);
    }
  }
  function ask() {
    var mine = ++asked;
    fetch("/api/v1/coaching/analyze", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ text: text.value })
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (r) { if (r && mine === asked) show(r); })
      .catch(function () {});
  }
  text.addEventListener("input", function () {
    clearTimeout(timer);
    if (!text.value.trim()) return;
    timer = setTimeout(ask, 300);
  });
})();
