// A Print button on the review in the web app. Without JavaScript the browser's own print
// command does the same, so the button only appears where it works.
(function () {
  "use strict";
  var bar = document.querySelector("nav.bar-top");
  if (!bar || !window.print) return;
  var b = document.createElement("button");
  b.type = "button";
  b.textContent = "Print";
  b.addEventListener("click", function () { window.print(); });
  var after = bar.querySelector("form");
  bar.insertBefore(b, after ? after.nextSibling : null);
})();
